import { Type } from '@sinclair/typebox';
import { OWNED_ID_PATTERN } from '../../deconfliction/declaration-schema.js';
import { MAX_SEPARATION } from '../../deconfliction/separation-minima.js';
import { MESSAGE_KINDS } from '../../hotline/message-schema.js';
import { HUB_OFFLINE_GRACE_S, MAX_OFFLINE_GRACE_S } from '../../hotline/offline-grace.js';
import { MAX_SEND_WINDOW_S } from '../../hotline/send-limits.js';
import { problems } from '../problem.js';
import { agreementReaders } from '../who-may-see.js';
import { requirePartyAdministrator } from './authority.js';
import { commandSchema, PartyId } from './fields.js';
import { defineCommand } from './handler.js';

export const AgreementId = Type.String({
  pattern: OWNED_ID_PATTERN,
  description: 'The proposing party’s id, a slash, then a name of its choosing.',
});

/** Why a party ends or suspends an agreement, for the other parties and the record. */
export const AgreementReason = Type.String({ minLength: 1, maxLength: 2000 });

export const agreementPropose = defineCommand({
  type: 'agreement.propose',
  schema: commandSchema(
    'agreement.propose',
    {
      agreement: Type.Object(
        {
          id: AgreementId,
          title: Type.String({ minLength: 1, maxLength: 200 }),
          parties: Type.Array(PartyId, { minItems: 2, maxItems: 50, uniqueItems: true }),
          terms: Type.String({ minLength: 1, maxLength: 20_000 }),
          separation: Type.Optional(
            Type.Object(
              {
                horizontal_m: Type.Number({ minimum: 0, maximum: MAX_SEPARATION.horizontalM }),
                vertical_m: Type.Number({ minimum: 0, maximum: MAX_SEPARATION.verticalM }),
                time_s: Type.Number({ minimum: 0, maximum: MAX_SEPARATION.timeS }),
              },
              { additionalProperties: false, description: 'Minima between any two of its parties.' },
            ),
          ),
          ack_deadlines_s: Type.Optional(
            Type.Object(
              Object.fromEntries(
                MESSAGE_KINDS.map((kind) => [
                  kind,
                  Type.Optional(Type.Integer({ minimum: 1, maximum: 7 * 86_400 })),
                ]),
              ),
              {
                additionalProperties: false,
                description:
                  'Seconds to acknowledge each kind of message between its parties (e.g. urgent-request: 60).',
              },
            ),
          ),
          offline_grace_s: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: MAX_OFFLINE_GRACE_S,
              description:
                'Seconds an officer asked to act on a message between its parties may be off line before it ' +
                `moves on to the next on the roster (0: at once); by default ${HUB_OFFLINE_GRACE_S}.`,
            }),
          ),
          send_limits: Type.Optional(
            Type.Object(
              Object.fromEntries(
                MESSAGE_KINDS.map((kind) => [
                  kind,
                  Type.Optional(
                    Type.Object(
                      {
                        count: Type.Integer({ minimum: 1, maximum: 10_000 }),
                        window_s: Type.Integer({ minimum: 1, maximum: MAX_SEND_WINDOW_S }),
                      },
                      { additionalProperties: false },
                    ),
                  ),
                ]),
              ),
              {
                additionalProperties: false,
                description:
                  'How many messages of each kind one of its parties may send another (a party or a roster) ' +
                  'within a sliding window (e.g. urgent-request: {count: 10, window_s: 60}).',
              },
            ),
          ),
          next_contact: Type.Optional(
            Type.Object(
              {
                party: PartyId,
                duty: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
              },
              {
                additionalProperties: false,
                description:
                  'One of its parties (and its roster), told when an urgent request between its parties ' +
                  'expires with nobody of the recipient’s roster acknowledging it; by default the hub’s custodians.',
              },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    },
    'Proposes an agreement, signed by the proposer’s party; in force once every party has signed. Administrators.',
  ),
  decide({ state, author }, { agreement }) {
    requirePartyAdministrator(author);
    const found = [];
    if (!agreement.id.startsWith(`${author.party}/`)) {
      found.push({
        field: '/command/agreement/id',
        reason: `must begin with your party’s id: ${author.party}/`,
      });
    }
    if (!agreement.parties.includes(author.party)) {
      found.push({ field: '/command/agreement/parties', reason: `must include your party, ${author.party}` });
    }
    agreement.parties.forEach((party, i) => {
      if (!state.parties.has(party))
        found.push({ field: `/command/agreement/parties/${i}`, reason: `no party ${party}` });
    });
    if (agreement.next_contact && !agreement.parties.includes(agreement.next_contact.party)) {
      found.push({
        field: '/command/agreement/next_contact/party',
        reason: 'must be one of the agreement’s parties',
      });
    }
    if (found.length > 0) throw problems.badRequest('the agreement is not valid', found);
    if (state.deconfliction.agreements.has(agreement.id)) {
      throw problems.conflict(`agreement ${agreement.id} already exists`, '/command/agreement/id');
    }
    return { visibility: agreementReaders(agreement) };
  },
  apply(state, { agreement }, entry) {
    const author = entry.author as { party: string; operator: string };
    const separation = agreement.separation
      ? {
          horizontalM: agreement.separation.horizontal_m,
          verticalM: agreement.separation.vertical_m,
          timeS: agreement.separation.time_s,
        }
      : null;
    state.deconfliction.agreements.set(agreement.id, {
      id: agreement.id,
      title: agreement.title,
      parties: [...agreement.parties],
      terms: agreement.terms,
      separation,
      ...(agreement.ack_deadlines_s ? { ackDeadlinesS: { ...agreement.ack_deadlines_s } } : {}),
      ...(agreement.offline_grace_s !== undefined ? { offlineGraceS: agreement.offline_grace_s } : {}),
      ...(agreement.send_limits
        ? {
            sendLimits: Object.fromEntries(
              Object.entries(agreement.send_limits).flatMap(([kind, limit]) =>
                limit ? [[kind, { count: limit.count, windowS: limit.window_s }]] : [],
              ),
            ),
          }
        : {}),
      ...(agreement.next_contact ? { nextContact: { ...agreement.next_contact } } : {}),
      signatures: [{ party: author.party, operator: author.operator, time: entry.time, entry: state.size }],
      status: 'proposed',
      proposed: entry.time,
    });
  },
});
