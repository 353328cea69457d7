// Where a new message goes: for each recipient, its roster for the duty named (or the whole party),
// the first one to ask, and the deadline agreed between the two parties for this kind of message;
// or, for a party's repeat of a request the recipient has not acknowledged yet, that request.
import { ackDeadlineS, HUB_ACK_DEADLINES_S } from '../../hotline/ack-deadlines.js';
import { firstStep } from '../../hotline/escalation.js';
import { deliveryParties, recipientId } from '../../hotline/message.js';
import type { MessageBody } from '../../hotline/message-schema.js';
import { subjectOf } from '../../hotline/repeats.js';
import type { HubState } from '../state.js';
import { deliveryGroupedCommand } from './delivery-grouped.js';
import { deliveryStepCommand } from './delivery-step.js';
import type { HubConsequence } from './handler.js';

export function routeMessage(
  state: HubState,
  body: MessageBody,
  /** Null for the hub's own notices. */
  senderParty: string | null,
  now: number,
  online: (operator: string) => boolean,
): HubConsequence[] {
  const subject = senderParty === null ? null : subjectOf(body);
  return body.recipients.map((recipient) => {
    const visibility = deliveryParties({ party: senderParty }, recipient.party);
    const first =
      senderParty !== null && subject !== null
        ? state.hotline.openFirst(senderParty, recipientId(recipient), subject)
        : null;
    if (first) {
      return deliveryGroupedCommand(
        { message: body.id, recipient: recipientId(recipient), with: first.message.id },
        visibility,
      );
    }
    const roster = state.hotline.rosterFor(recipient.party, recipient.duty);
    const deadlineS =
      senderParty === null
        ? HUB_ACK_DEADLINES_S[body.kind]
        : ackDeadlineS(state.deconfliction.agreements.values(), body.kind, senderParty, recipient.party);
    return deliveryStepCommand(
      {
        message: body.id,
        recipient: recipientId(recipient),
        step: firstStep(roster, now, online),
        deadline: now + deadlineS * 1000,
        deadlineS,
        reason: 'sent',
      },
      visibility,
    );
  });
}

/** The message's parties: who may read it and its deliveries. */
export function messageVisibility(body: MessageBody, senderParty: string): string[] {
  return [...new Set([senderParty, ...body.recipients.map((r) => r.party)])].sort();
}
