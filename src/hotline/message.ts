// A message as the hub holds it, with one delivery per recipient.
import type { Delivery } from './delivery.js';
import type { MessageBody } from './message-schema.js';

export interface Message {
  id: string;
  /** The sending party; null for the hub's own notices. */
  party: string | null;
  operator: string | null;
  body: MessageBody;
  time: string;
  entry: number;
  deliveries: Delivery[];
  withdrawn?: string;
  /** What it says, to find repeats (a party's messages only). */
  subject?: string;
}

/** The parties of a delivery: who may read its entries. */
export function deliveryParties(message: Pick<Message, 'party'>, recipientParty: string): string[] {
  return [...new Set([...(message.party === null ? [] : [message.party]), recipientParty])].sort();
}

export const recipientId = (r: { party: string; duty?: string }) =>
  r.duty ? `${r.party}/${r.duty}` : r.party;
