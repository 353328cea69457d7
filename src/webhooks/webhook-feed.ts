// What a party's endpoint is sent: every hotline entry the party may read, in record order, each as
// the whole entry so that the receiver can hash it into the record's leaf and check its inclusion.

import { recipientId } from '../hotline/message.js';
import type { MessageBody } from '../hotline/message-schema.js';
import { deliveryExpire } from '../hub/commands/delivery-expire.js';
import { deliveryReceipt } from '../hub/commands/delivery-receipt.js';
import { deliveryStep } from '../hub/commands/delivery-step.js';
import { messageNotice } from '../hub/commands/message-notice.js';
import { messageSend } from '../hub/commands/message-send.js';
import { messageWithdraw } from '../hub/commands/message-withdraw.js';
import { webhookDelivered } from '../hub/commands/webhook-delivered.js';
import { maySeeEntry } from '../hub/who-may-see.js';
import { canonicalBytes, type Entry } from '../record/index.js';
import type { StoredEntry } from '../store/store.js';

const MESSAGES: ReadonlySet<string> = new Set([messageSend.type, messageNotice.type]);

const HOTLINE_KINDS: ReadonlySet<string> = new Set([
  ...MESSAGES,
  messageWithdraw.type,
  deliveryStep.type,
  deliveryReceipt.type,
  deliveryExpire.type,
  // A sender's machine learns that the recipient's machine has its message.
  webhookDelivered.type,
]);

/** Whether the stored columns rule an entry out for a party, sparing the parse. */
export function mayCarry(stored: StoredEntry, party: string): boolean {
  return HOTLINE_KINDS.has(stored.kind) && maySeeEntry(stored, party);
}

/** Whether an endpoint of `party` is sent this entry. The entry's own visibility has the last word. */
export function carries(entry: Entry, party: string): boolean {
  if (!HOTLINE_KINDS.has(entry.kind) || !maySeeEntry(entry, party)) return false;
  // A party is not told of its own endpoints' acknowledgments: each would be acknowledged in turn.
  return entry.kind !== webhookDelivered.type || !String(entry.command.webhook).startsWith(`${party}/`);
}

/** The deliveries to `party` an entry brings: a message's to it, which an acknowledgment delivers. */
export function deliveriesTo(entry: Entry, party: string): { message: string; recipients: string[] } | null {
  if (!MESSAGES.has(entry.kind)) return null;
  const message = entry.command.message as MessageBody;
  const recipients = message.recipients.filter((r) => r.party === party).map(recipientId);
  return recipients.length > 0 ? { message: message.id, recipients } : null;
}

/** The POSTed body, RFC 8785 canonical JSON: `entry` is then byte for byte the record's leaf data. */
export function webhookBody(origin: string, index: number, entry: Entry): Uint8Array {
  return canonicalBytes({ hub: origin, index, entry });
}
