import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { archiveBatchHash } from '../../hub/archive-batch.js';
import type { Hub } from '../../hub/hub.js';
import { problems } from '../../hub/problem.js';
import { entriesOfDeclaration, entriesOfMessage } from '../../hub/related-entries.js';
import { maySeeEntry } from '../../hub/who-may-see.js';
import { decodeEntry } from '../../record/index.js';
import { trackFixValues } from '../../store/store.js';
import { BEARER_SECURITY, requireSession, sessionOperator } from '../authenticated.js';
import { ProblemSchema } from '../schemas.js';
import type { Sessions } from '../sessions.js';

const MAX_KEYS = 1000;
const KEY_ID = /^[0-9a-f]{16}$/;

/**
 * What evidence is made of: which entries of the record bear on a message or a declaration, for the
 * signed-in party, and the entries that registered, rotated and revoked operators' keys. The entries
 * themselves and their proofs are read through the record's routes.
 */
export const evidenceRoutes: FastifyPluginAsyncTypebox<{ hub: Hub; sessions: Sessions }> = async (
  app,
  { hub, sessions },
) => {
  const common = { preHandler: requireSession(sessions) };
  const tags = ['evidence'];

  app.get(
    '/v1/evidence/related',
    {
      ...common,
      schema: {
        summary: 'The entries that bear on one message or one declaration, as the party may know of them',
        description:
          'Give exactly one of `message` or `declaration`. A message: its entry, every step of the deliveries ' +
          'the party sees, and the replies to it. A declaration: every version and its end, the conflicts ' +
          'recorded about it and the notices naming it, with their deliveries. Indices, ascending; some ' +
          '(earlier versions shown to fewer parties) may be entries the party cannot read, proven by their ' +
          'leaf hash alone.',
        tags,
        security: BEARER_SECURITY,
        querystring: Type.Object(
          {
            message: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            declaration: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ size: Type.Integer(), entries: Type.Array(Type.Integer()) }),
          '4xx': ProblemSchema,
        },
      },
    },
    async (request) => {
      const party = sessionOperator(request).party;
      const { message, declaration } = request.query;
      if ((message === undefined) === (declaration === undefined)) {
        throw problems.badRequest('name one message or one declaration', [
          { field: 'query:message', reason: 'give exactly one of message or declaration' },
        ]);
      }
      return hub.read((state) => {
        const entries =
          message !== undefined
            ? entriesOfMessage(state, message, party)
            : entriesOfDeclaration(state, declaration as string, party);
        // What the party may not see is as absent as what was never there.
        if (entries === null)
          throw problems.notFound(
            message !== undefined ? `no message ${message}` : `no declaration ${declaration}`,
            message !== undefined ? 'query:message' : 'query:declaration',
          );
        return { size: state.size, entries };
      });
    },
  );

  app.get(
    '/v1/evidence/keys',
    {
      ...common,
      schema: {
        summary: 'Operators’ keys, each with the entries that registered, rotated and revoked it',
        description: `Key ids, comma-separated, at most ${MAX_KEYS}. The directory is shared with every party.`,
        tags,
        security: BEARER_SECURITY,
        querystring: Type.Object(
          { ids: Type.String({ minLength: 16, maxLength: MAX_KEYS * 17 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            keys: Type.Array(
              Type.Object({
                id: Type.String(),
                operator: Type.String(),
                party: Type.String(),
                public_key: Type.String(),
                entries: Type.Array(Type.Integer()),
              }),
            ),
          }),
          '4xx': ProblemSchema,
        },
      },
    },
    async (request) => {
      const ids = [...new Set(request.query.ids.split(','))];
      const bad = ids.findIndex((id) => !KEY_ID.test(id));
      if (bad >= 0 || ids.length > MAX_KEYS) {
        throw problems.badRequest('key ids are 16 hex digits, comma-separated', [
          { field: 'query:ids', reason: bad >= 0 ? `${ids[bad]} is not a key id` : `more than ${MAX_KEYS}` },
        ]);
      }
      return hub.read((state) => ({
        keys: ids.map((id) => {
          const holder = state.keyHolder(id);
          if (!holder) throw problems.notFound(`no key ${id}`, 'query:ids');
          return {
            id,
            operator: holder.operator.id,
            party: holder.operator.party,
            public_key: holder.key.publicKey,
            entries: [...state.entriesOfKey(id)],
          };
        }),
      }));
    },
  );

  app.get(
    '/v1/evidence/kept-positions',
    {
      ...common,
      schema: {
        summary:
          'The kept track positions a `tracks.archived` entry commits to, for a party that may read it',
        description:
          'Each position as [feed, track, time (ms), lon, lat, alt_m, ground_speed_ms, track_deg, vertical_rate_ms], ' +
          'in the order written: SHA-256 of their RFC 8785 canonical JSON is the batch id in the entry.',
        tags,
        security: BEARER_SECURITY,
        querystring: Type.Object(
          { entry: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ batch: Type.String(), positions: Type.Array(Type.Array(Type.Unknown())) }),
          '4xx': ProblemSchema,
        },
      },
    },
    async (request) => {
      const party = sessionOperator(request).party;
      const index = request.query.entry;
      const absent = () =>
        problems.notFound(`no kept positions at entry ${index} for your party`, 'query:entry');
      if (!Number.isSafeInteger(index) || index >= hub.record.size) throw absent();
      const [stored] = await hub.store.entries(index, index + 1);
      const entry = stored ? decodeEntry(stored.bytes) : null;
      if (entry?.kind !== 'tracks.archived' || !maySeeEntry(entry, party)) throw absent();
      const batch = String(entry.command.batch);
      const fixes = await hub.store.trackFixBatch(batch);
      // Deleted by policy (a tracks.pruned entry says so), or not what was committed: nothing to give.
      if (fixes.length === 0 || archiveBatchHash(fixes) !== batch) throw absent();
      return { batch, positions: fixes.map(trackFixValues) };
    },
  );
};
