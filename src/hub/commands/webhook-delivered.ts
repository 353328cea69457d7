// The hub's entry for an endpoint that answered 2xx: proof that the party's machine was given the
// entry, and when. A message to the party that it brought is then delivered, as if the party's
// client had sent the receipt.
import { Type } from '@sinclair/typebox';
import { movesForward } from '../../hotline/delivery.js';
import { MessageId } from '../../hotline/message-schema.js';
import { problems } from '../problem.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';
import { passEntry } from './webhook-endpoints.js';

export const WebhookId = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{1,39}/[a-z0-9][a-z0-9-]{0,39}$',
  description: '"<party>/<name>".',
});

export const webhookDelivered = defineCommand({
  type: 'webhook.delivered',
  schema: commandSchema(
    'webhook.delivered',
    {
      webhook: WebhookId,
      entry: Type.Integer({ minimum: 0, description: 'The index of the entry POSTed.' }),
      status: Type.Integer({ minimum: 200, maximum: 299 }),
      attempts: Type.Integer({ minimum: 1 }),
      message: Type.Optional(MessageId),
      recipients: Type.Optional(
        Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
          minItems: 1,
          maxItems: 50,
          description: 'The deliveries of `message` to the party that the entry brought.',
        }),
      ),
    },
    'Written by the hub when a party’s endpoint answered 2xx to an entry POSTed to it.',
  ),
  decide() {
    throw problems.forbidden('only the hub records what its webhooks delivered');
  },
  apply(state, command, entry) {
    passEntry(state, command.webhook, command.entry);
    for (const recipient of command.recipients ?? []) {
      const found = state.hotline.delivery(command.message ?? '', recipient);
      if (!found) throw new Error(`webhook.delivered for unknown delivery ${command.message} → ${recipient}`);
      // Already read, acknowledged or withdrawn: the webhook adds nothing to its state.
      if (!movesForward(found.delivery, 'delivered')) continue;
      found.delivery.state = 'delivered';
      found.delivery.history.push({ state: 'delivered', time: entry.time, entry: state.size });
    }
  },
});
