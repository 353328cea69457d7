// Holding a party to what it may send each recipient: a message that would go over the limit for
// any of its recipients is refused whole with 429 and the time until there is room, and the hub
// records the refusal, readable by both sides: the first of an episode at once, later ones within
// the limit's window counted and written together (see RefusalTallies).
import { recipientId } from '../../hotline/message.js';
import type { MessageBody } from '../../hotline/message-schema.js';
import { refusalRecordedNow } from '../../hotline/refused-senders.js';
import { sendLimit, waitForRoom } from '../../hotline/send-limits.js';
import { Problem } from '../problem.js';
import { RecordedRefusal } from '../recorded-refusal.js';
import type { RefusalTallies } from '../refusal-tallies.js';
import type { HubState, Operator } from '../state.js';
import { type Refused, refusalKey } from './message-refused.js';

export function holdToSendLimits(
  state: HubState,
  refusals: RefusalTallies,
  author: Operator,
  body: MessageBody,
  now: number,
): void {
  const over: { index: number; refused: Refused }[] = [];
  body.recipients.forEach((recipient, index) => {
    const to = recipientId(recipient);
    const limit = sendLimit(
      state.deconfliction.agreements.values(),
      body.kind,
      author.party,
      recipient.party,
    );
    const waitMs = waitForRoom(state.hotline.sentTimes(author.party, to, body.kind), limit, now);
    if (waitMs <= 0) return;
    over.push({
      index,
      refused: {
        message: body.id,
        kind: body.kind,
        by: { party: author.party, operator: author.id },
        recipient: to,
        recipientParty: recipient.party,
        limit,
        retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)),
      },
    });
  });
  if (over.length === 0) return;
  const retryAfterS = Math.max(...over.map(({ refused }) => refused.retryAfterS));
  const written = over.flatMap(({ refused }) => {
    const known = state.hotline.refusedSenders.get(refusalKey(refused));
    if (refusalRecordedNow(known, refused.limit.windowS, now)) return [refusals.entryNow(refused, now)];
    refusals.count(refused, now);
    return [];
  });
  throw new RecordedRefusal(
    new Problem(
      429,
      'too-many-messages',
      'Too many messages to this recipient',
      `over what your party may send: ${over
        .map(
          ({ refused: r }) =>
            `${r.limit.count} ${body.kind} messages in ${r.limit.windowS} s to ${r.recipient}`,
        )
        .join('; ')}; send again in ${retryAfterS} s`,
      over.map(({ index, refused }) => ({
        field: `/command/message/recipients/${index}`,
        reason: `over the limit of ${refused.limit.count} ${body.kind} messages in ${refused.limit.windowS} s; room again in ${refused.retryAfterS} s`,
      })),
      { retry_after_s: retryAfterS },
    ),
    written,
  );
}
