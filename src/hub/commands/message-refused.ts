// The hub's record that a party's message was refused for going over what it may send one recipient
// within a window: the sender's party and the recipient's may read it, so the recipient sees who is
// flooding its roster and how often, and an inquiry sees who tried. One entry may stand for many
// attempts (`attempts`: how many, the first and the last), so that a flood grows the record with
// time, not with attempts; without it, an entry stands for one attempt at its own time.
import { Type } from '@sinclair/typebox';
import { MESSAGE_KINDS, MessageId } from '../../hotline/message-schema.js';
import { refusedSenderKey } from '../../hotline/refused-senders.js';
import { problems } from '../problem.js';
import { commandSchema, OperatorId, PartyId, Rfc3339 } from './fields.js';
import { defineCommand, type HubConsequence } from './handler.js';

export interface Refused {
  message: string;
  kind: string;
  by: { party: string; operator: string };
  recipient: string;
  recipientParty: string;
  limit: { count: number; windowS: number };
  retryAfterS: number;
}

/** Whose refusals these are: the sender's operator, the recipient and the kind (see RefusedSender). */
export const refusalKey = (refused: Refused) =>
  refusedSenderKey({
    party: refused.by.party,
    operator: refused.by.operator,
    recipient: refused.recipient,
    kind: refused.kind,
  });

/** Several refused attempts written as one: how many, and when the first and the last came (ms). */
export interface Attempts {
  count: number;
  first: number;
  last: number;
}

/** The entry of a refusal: of the latest attempt, standing for `attempts` when given. */
export function messageRefusedCommand(refused: Refused, attempts?: Attempts): HubConsequence {
  return {
    command: {
      type: messageRefused.type,
      message: refused.message,
      kind: refused.kind,
      by: refused.by,
      recipient: refused.recipient,
      limit: { count: refused.limit.count, window_s: refused.limit.windowS },
      retry_after_s: refused.retryAfterS,
      ...(attempts
        ? {
            attempts: {
              count: attempts.count,
              first: new Date(attempts.first).toISOString(),
              last: new Date(attempts.last).toISOString(),
            },
          }
        : {}),
    },
    visibility: [...new Set([refused.by.party, refused.recipientParty])].sort(),
  };
}

export const messageRefused = defineCommand({
  type: 'message.refused',
  schema: commandSchema(
    'message.refused',
    {
      message: MessageId,
      kind: Type.Union(MESSAGE_KINDS.map((k) => Type.Literal(k))),
      by: Type.Object({ party: PartyId, operator: OperatorId }, { additionalProperties: false }),
      recipient: Type.String({ minLength: 1, maxLength: 200 }),
      limit: Type.Object(
        { count: Type.Integer({ minimum: 1 }), window_s: Type.Integer({ minimum: 1 }) },
        { additionalProperties: false },
      ),
      retry_after_s: Type.Integer({ minimum: 1 }),
      attempts: Type.Optional(
        Type.Object(
          {
            count: Type.Integer({ minimum: 1 }),
            first: Rfc3339,
            last: Rfc3339,
          },
          { additionalProperties: false },
        ),
      ),
    },
    'Written by the hub when it refuses a message for going over the sender’s limit to a recipient; ' +
      '`attempts` when it stands for several refused attempts within the limit’s window.',
  ),
  decide() {
    throw problems.forbidden('only the hub records refusals');
  },
  apply(state, command, entry) {
    const recipientParty = command.recipient.split('/')[0] as string;
    const who = { party: command.by.party, operator: command.by.operator, recipient: command.recipient };
    const key = refusedSenderKey({ ...who, kind: command.kind });
    const attempts = command.attempts ?? { count: 1, first: entry.time, last: entry.time };
    const recordedAt = Date.parse(entry.time);
    const known = state.hotline.refusedSenders.get(key);
    if (known) {
      known.count += attempts.count;
      known.last = attempts.last;
      known.entry = state.size;
      known.recordedAt = recordedAt;
    } else {
      state.hotline.refusedSenders.set(key, {
        ...who,
        recipientParty,
        kind: command.kind,
        count: attempts.count,
        first: attempts.first,
        last: attempts.last,
        entry: state.size,
        recordedAt,
      });
    }
  },
});
