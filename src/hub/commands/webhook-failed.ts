// The hub's entry for an endpoint it gave up on for one entry, after every retry. The endpoint then
// moves on to the next entry, so that one bad entry or outage does not hold back the rest; the
// deliveries it carried keep escalating to people as usual.
import { Type } from '@sinclair/typebox';
import { problems } from '../problem.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';
import { WebhookId } from './webhook-delivered.js';
import { passEntry } from './webhook-endpoints.js';

export const webhookFailed = defineCommand({
  type: 'webhook.failed',
  schema: commandSchema(
    'webhook.failed',
    {
      webhook: WebhookId,
      entry: Type.Integer({ minimum: 0, description: 'The index of the entry given up on.' }),
      attempts: Type.Integer({ minimum: 1 }),
      reason: Type.String({ minLength: 1, maxLength: 300, description: 'What the last attempt met.' }),
    },
    'Written by the hub when a party’s endpoint did not take an entry after every retry.',
  ),
  decide() {
    throw problems.forbidden('only the hub records what its webhooks failed to deliver');
  },
  apply(state, command) {
    passEntry(state, command.webhook, command.entry);
  },
});
