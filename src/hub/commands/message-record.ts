// A message entry (an operator's, or the hub's own notice) as the state holds it: one delivery per
// recipient, sent, waiting for its first step.

import { type Message, recipientId } from '../../hotline/message.js';
import type { MessageBody } from '../../hotline/message-schema.js';
import { subjectOf } from '../../hotline/repeats.js';
import type { Entry } from '../../record/index.js';
import type { HubState } from '../state.js';

export function recordMessage(
  state: HubState,
  body: MessageBody,
  party: string | null,
  operator: string | null,
  entry: Entry,
): void {
  const message: Message = {
    id: body.id,
    party,
    operator,
    body,
    time: entry.time,
    entry: state.size,
    deliveries: body.recipients.map((recipient) => ({
      message: body.id,
      recipient: recipientId(recipient),
      party: recipient.party,
      roster: recipient.duty ?? null,
      state: 'sent',
      step: { kind: 'party' },
      deadline: Number.POSITIVE_INFINITY,
      deadlineS: 0,
      history: [{ state: 'sent', time: entry.time, entry: state.size }],
    })),
    ...(party === null ? {} : { subject: subjectOf(body) }),
  };
  state.hotline.messages.set(message.id, message);
  if (party !== null) {
    const at = Date.parse(entry.time);
    for (const delivery of message.deliveries)
      state.hotline.recordSent(party, delivery.recipient, body.kind, at);
  }
}
