// How many messages of one kind one party may send to one recipient (a party, or a party's roster)
// within a sliding window: from the agreements in force between the two (the strictest, when several
// set one), else the hub's defaults. A real hotline needs a handful of urgent requests a minute from
// one party to one roster at most; more only buries the request that matters under copies, each of
// which would ring and escalate through the recipient's officers. Pure: decided from the times of
// the messages already recorded, so the record alone says why a message was refused.
import type { Agreement } from '../deconfliction/agreement.js';
import type { MessageKind } from './message-schema.js';

export interface SendLimit {
  /** The most messages within the window. */
  count: number;
  windowS: number;
}

export const HUB_SEND_LIMITS: Readonly<Record<MessageKind, SendLimit>> = {
  'urgent-request': { count: 5, windowS: 60 },
  'coordination-request': { count: 30, windowS: 60 },
  notification: { count: 30, windowS: 60 },
  reply: { count: 30, windowS: 60 },
};

/** The longest window an agreement may set: also how long the hub remembers when messages were sent. */
export const MAX_SEND_WINDOW_S = 3600;

export function sendLimit(
  agreements: Iterable<Agreement>,
  kind: MessageKind,
  sender: string,
  recipient: string,
): SendLimit {
  let agreed: SendLimit | null = null;
  for (const agreement of agreements) {
    if (agreement.status !== 'in-force') continue;
    if (!agreement.parties.includes(sender) || !agreement.parties.includes(recipient)) continue;
    const limit = agreement.sendLimits?.[kind];
    // The strictest: the fewest messages per second of window.
    if (limit && (agreed === null || limit.count * agreed.windowS < agreed.count * limit.windowS))
      agreed = limit;
  }
  return agreed ?? HUB_SEND_LIMITS[kind];
}

/**
 * Milliseconds until one more message is within the limit, given the times (ms, ascending) of those
 * already sent; 0 when it is within it now.
 */
export function waitForRoom(sentAt: readonly number[], limit: SendLimit, now: number): number {
  const windowMs = limit.windowS * 1000;
  let inWindow = 0;
  for (let i = sentAt.length - 1; i >= 0 && (sentAt[i] as number) > now - windowMs; i--) inWindow++;
  if (inWindow < limit.count) return 0;
  // Room comes when the window slides past all but count - 1 of them: the count-th newest leaves.
  return (sentAt[sentAt.length - limit.count] as number) + windowMs - now;
}
