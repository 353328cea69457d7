// The party's side of a delivery: which of its deliveries await it, and the signed receipts it sends.
import type { HubApi } from '../hub/hub-api.js';
import type { DeliveryView, MessageView } from '../hub/views.js';

const AWAITING = new Set<DeliveryView['state']>(['sent', 'delivered', 'read', 'expired']);

/** This party's delivery of a message, if it is one of the recipients. */
export function ownDelivery(message: MessageView, party: string): DeliveryView | undefined {
  return message.deliveries.find((delivery) => delivery.party === party);
}

/**
 * Whether the party still owes an acknowledgment (an expired delivery may still be acknowledged). A
 * repeat is owed through the request it repeats, so it neither counts nor rings on its own.
 */
export function awaitsUs(message: MessageView, party: string): boolean {
  const delivery = ownDelivery(message, party);
  return (
    delivery !== undefined &&
    !message.withdrawn &&
    delivery.grouped_with === undefined &&
    AWAITING.has(delivery.state)
  );
}

type ReceiptState = 'delivered' | 'read' | 'acknowledged' | 'passed-on';

/** The fields of a `delivery.receipt` for the party's own delivery of a message. */
export function receiptFields(
  message: MessageView,
  delivery: DeliveryView,
  state: ReceiptState,
  note?: string,
): Record<string, unknown> {
  return { message: message.id, recipient: delivery.recipient, state, ...(note ? { note } : {}) };
}

export function sendReceipt(api: HubApi, message: MessageView, delivery: DeliveryView, state: ReceiptState) {
  return api.submit('delivery.receipt', receiptFields(message, delivery, state));
}
