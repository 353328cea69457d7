// How long a recipient has to acknowledge, per kind of message: from the agreements in force
// between sender and recipient (the shortest, when several apply: the most urgent reading), else
// the hub's defaults.
import type { Agreement } from '../deconfliction/agreement.js';
import { shortestAgreed } from './agreed-between.js';
import type { MessageKind } from './message-schema.js';

export const HUB_ACK_DEADLINES_S: Readonly<Record<MessageKind, number>> = {
  'urgent-request': 60,
  'coordination-request': 1800,
  notification: 3600,
  reply: 1800,
};

export function ackDeadlineS(
  agreements: Iterable<Agreement>,
  kind: MessageKind,
  sender: string,
  recipient: string,
): number {
  const agreed = shortestAgreed(
    agreements,
    sender,
    recipient,
    (agreement) => agreement.ackDeadlinesS?.[kind],
  );
  return agreed ?? HUB_ACK_DEADLINES_S[kind];
}
