import { problems } from '../problem.js';
import { requirePartyAdministrator } from './authority.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';
import { webhookEndpoints, webhookId } from './webhook-endpoints.js';
import { WebhookName } from './webhook-set.js';

export const webhookRemove = defineCommand({
  type: 'webhook.remove',
  schema: commandSchema(
    'webhook.remove',
    { webhook: WebhookName },
    'Removes an endpoint of the author’s party: the hub stops POSTing to it at once. Administrators.',
  ),
  decide({ state, author }, command) {
    requirePartyAdministrator(author);
    if (!webhookEndpoints(state).has(webhookId(author.party, command.webhook))) {
      throw problems.notFound(`your party has no webhook ${command.webhook}`, '/command/webhook');
    }
    return { visibility: [author.party] };
  },
  apply(state, command, entry) {
    const party = (entry.author as { party: string }).party;
    webhookEndpoints(state).delete(webhookId(party, command.webhook));
  },
});
