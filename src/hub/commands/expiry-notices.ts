// When an urgent request expires after its whole roster — every officer on duty, the duty chief,
// every operator of the party — let it pass unacknowledged, nobody on that side is answering: the
// sender must know at once that its stop or hold reached nobody, and someone able to act on it must
// be told — whoever the agreements in force between the two parties name as next contact, else the
// hub's custodians. A hub notice to each, routed and escalated like any message; it names the
// request, who was asked, and when it expired, and not what the request says.
import { randomUUID } from 'node:crypto';
import type { Delivery } from '../../hotline/delivery.js';
import { stepLabel } from '../../hotline/escalation.js';
import type { Message } from '../../hotline/message.js';
import type { MessageBody } from '../../hotline/message-schema.js';
import type { HubState } from '../state.js';
import type { HubConsequence } from './handler.js';
import { messageNotice } from './message-notice.js';
import { routeMessage } from './message-routing.js';

type Contact = { party: string; duty?: string };

/** The next contacts the agreements in force between the two parties name, else the hub's custodians. */
function nextContacts(state: HubState, sender: string | null, recipient: string): Contact[] {
  const named: Contact[] = [];
  for (const agreement of state.deconfliction.agreements.values()) {
    if (agreement.status !== 'in-force' || !agreement.nextContact) continue;
    if (sender !== null && agreement.parties.includes(sender) && agreement.parties.includes(recipient))
      named.push(agreement.nextContact);
  }
  const custodians = state.identity?.party;
  return named.length > 0 ? named : custodians ? [{ party: custodians }] : [];
}

export function expiryNotices(
  state: HubState,
  message: Message,
  delivery: Delivery,
  now: number,
  online: (operator: string) => boolean,
): HubConsequence[] {
  if (message.body.kind !== 'urgent-request') return [];
  const recipients = new Map<string, Contact>();
  for (const contact of [
    ...(message.party === null ? [] : [{ party: message.party }]),
    ...nextContacts(state, message.party, delivery.party),
  ]) {
    const key = `${contact.party}/${contact.duty ?? ''}`;
    if (!recipients.has(key)) recipients.set(key, contact.duty ? { ...contact } : { party: contact.party });
  }
  if (recipients.size === 0) return [];
  const asked = delivery.history.flatMap((event) => (event.step ? [stepLabel(event.step)] : []));
  const body: MessageBody = {
    id: `${state.identity?.party ?? 'hub'}/expired-${randomUUID()}`,
    kind: 'notification',
    recipients: [...recipients.values()],
    template: {
      name: 'request-expired',
      fields: {
        message: message.id,
        sender: message.party ?? 'hub',
        recipient: delivery.recipient,
        asked: asked.join(', '),
        expired: new Date(now).toISOString(),
      },
    },
    references: [{ type: 'message', id: message.id }],
  };
  return [
    {
      command: { type: messageNotice.type, message: body },
      visibility: [...new Set(body.recipients.map((r) => r.party))].sort(),
    },
    ...routeMessage(state, body, null, now, online),
  ];
}
