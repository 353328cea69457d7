import { Type } from '@sinclair/typebox';
import { isTimeZone } from '../../hotline/roster.js';
import { problems } from '../problem.js';
import { requirePartyAdministrator } from './authority.js';
import { commandSchema, PartyId } from './fields.js';
import { defineCommand } from './handler.js';
import { FEED_KINDS, feedId, MAX_FEEDS_PER_PARTY, trackFeeds } from './track-feeds.js';

export const FeedName = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,39}$',
  description: 'The feed’s name within the party, e.g. tak-main or adsb-north.',
});

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256, lower-case hex.' });

export const feedSet = defineCommand({
  type: 'feed.set',
  schema: commandSchema(
    'feed.set',
    {
      feed: Type.Object(
        {
          name: FeedName,
          kind: Type.Union(
            FEED_KINDS.map((kind) => Type.Literal(kind)),
            { description: 'api (HTTP or WebSocket posts), cot (TAK), sbs (an ADS-B receiver)' },
          ),
          description: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          share_with: Type.Optional(
            Type.Union([Type.Literal('*'), Type.Array(PartyId, { maxItems: 100 })], {
              description: 'Parties that may see its tracks live besides the owner, or "*".',
            }),
          ),
          roster: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
          certificate_sha256: Type.Optional(Sha256),
          secret_sha256: Type.Optional(Sha256),
          aircraft: Type.Optional(
            Type.Array(Type.String({ pattern: '^[0-9a-f]{6}$' }), {
              minItems: 1,
              maxItems: 5000,
              description:
                'sbs: the ICAO addresses (hex) of the party’s own aircraft; others the receiver hears are not taken.',
            }),
          ),
          address: Type.Optional(
            Type.String({ pattern: '^[A-Za-z0-9.-]{1,253}:[0-9]{1,5}$|^\\[[0-9a-fA-F:.]+\\]:[0-9]{1,5}$' }),
          ),
          time_zone: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 64,
              description:
                'sbs: the time zone the receiver writes its times in, an IANA name such as Asia/Damascus, or ' +
                'UTC (dump1090 writes local time, readsb UTC). Without it the hub times each message when it ' +
                'receives it.',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    },
    'Registers (or changes) a source of the author’s party’s own tracks: every report through it is taken ' +
      'as the party’s. cot feeds authenticate by client certificate or secret; sbs feeds name the ' +
      'receiver the hub connects to. Administrators.',
  ),
  decide({ state, author }, { feed }) {
    requirePartyAdministrator(author);
    const found: { field: string; reason: string }[] = [];
    const at = (field: string, reason: string) => found.push({ field: `/command/feed/${field}`, reason });
    if (feed.kind === 'cot' && !feed.certificate_sha256 && !feed.secret_sha256)
      at('kind', 'a cot feed needs certificate_sha256 or secret_sha256, so that the hub knows its clients');
    if (feed.kind !== 'cot' && (feed.certificate_sha256 || feed.secret_sha256))
      at('kind', 'only cot feeds sign in with a certificate or a secret');
    if (feed.kind === 'sbs' && !feed.address) at('address', 'an sbs feed names its receiver, host:port');
    if (feed.kind !== 'sbs' && feed.address) at('address', 'only sbs feeds name an address');
    if (feed.kind !== 'sbs' && feed.aircraft) at('aircraft', 'only sbs feeds list aircraft');
    if (feed.kind !== 'sbs' && feed.time_zone) at('time_zone', 'only sbs feeds have a receiver clock');
    if (feed.time_zone && !isTimeZone(feed.time_zone))
      at('time_zone', `${feed.time_zone} is not an IANA time zone, such as Asia/Damascus or UTC`);
    const port = feed.address ? Number(feed.address.slice(feed.address.lastIndexOf(':') + 1)) : 1;
    if (!(port >= 1 && port <= 65535)) at('address', 'the port must be 1 to 65535');
    if (Array.isArray(feed.share_with))
      for (const [i, party] of feed.share_with.entries())
        if (!state.parties.has(party)) at(`share_with/${i}`, `no party ${party}`);
    if (feed.roster && !state.hotline.rosterFor(author.party, feed.roster))
      at('roster', `your party has no roster ${feed.roster}`);
    // A certificate names one feed, so that a connection maps to one party.
    const id = feedId(author.party, feed.name);
    if (
      feed.certificate_sha256 &&
      [...trackFeeds(state).values()].some(
        (other) => other.id !== id && other.certificateSha256 === feed.certificate_sha256,
      )
    )
      at('certificate_sha256', 'another feed already signs in with this certificate');
    if (found.length > 0) throw problems.badRequest('the feed is not valid', found);
    const feeds = trackFeeds(state);
    const own = [...feeds.values()].filter((f) => f.party === author.party);
    if (!feeds.has(id) && own.length >= MAX_FEEDS_PER_PARTY) {
      throw problems.conflict(
        `a party may register ${MAX_FEEDS_PER_PARTY} feeds; remove one first`,
        '/command/feed/name',
      );
    }
    // How a party's systems connect is its own business.
    return { visibility: [author.party] };
  },
  apply(state, { feed }, entry) {
    const party = (entry.author as { party: string }).party;
    const id = feedId(party, feed.name);
    trackFeeds(state).set(id, {
      id,
      party,
      name: feed.name,
      kind: feed.kind,
      ...(feed.description ? { description: feed.description } : {}),
      shareWith: feed.share_with === undefined ? [] : feed.share_with === '*' ? ['*'] : [...feed.share_with],
      ...(feed.roster ? { roster: feed.roster } : {}),
      ...(feed.certificate_sha256 ? { certificateSha256: feed.certificate_sha256 } : {}),
      ...(feed.secret_sha256 ? { secretSha256: feed.secret_sha256 } : {}),
      ...(feed.address ? { address: feed.address } : {}),
      ...(feed.aircraft ? { aircraft: [...feed.aircraft] } : {}),
      ...(feed.time_zone ? { timeZone: feed.time_zone } : {}),
    });
  },
});
