import { Type } from '@sinclair/typebox';
import { problems } from '../problem.js';
import { requirePartyAdministrator } from './authority.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';
import { MAX_WEBHOOKS_PER_PARTY, webhookEndpoints, webhookId } from './webhook-endpoints.js';
import { webhookUrlProblems } from './webhook-url.js';

export const WebhookName = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,39}$',
  description: 'The endpoint’s name within the party, e.g. ops-bridge.',
});

export const webhookSet = defineCommand({
  type: 'webhook.set',
  schema: commandSchema(
    'webhook.set',
    {
      webhook: Type.Object(
        {
          name: WebhookName,
          url: Type.String({
            pattern: '^\\S+$',
            maxLength: 2000,
            description: 'An https URL without credentials or fragment.',
          }),
          description: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
    },
    'Registers (or changes the URL of) an HTTPS endpoint of the author’s party: the hub POSTs it every hotline ' +
      'entry the party may read from now on, signed with the hub’s key (RFC 9421). Administrators.',
  ),
  decide({ state, author }, { webhook }) {
    requirePartyAdministrator(author);
    const found = webhookUrlProblems(webhook.url);
    if (found.length > 0) {
      throw problems.badRequest(
        'the webhook URL is not valid',
        found.map((reason) => ({ field: '/command/webhook/url', reason })),
      );
    }
    const endpoints = webhookEndpoints(state);
    const own = [...endpoints.values()].filter((endpoint) => endpoint.party === author.party);
    if (!endpoints.has(webhookId(author.party, webhook.name)) && own.length >= MAX_WEBHOOKS_PER_PARTY) {
      throw problems.conflict(
        `a party may register ${MAX_WEBHOOKS_PER_PARTY} webhooks; remove one first`,
        '/command/webhook/name',
      );
    }
    // Where a party's machines listen is its own business.
    return { visibility: [author.party] };
  },
  apply(state, { webhook }, entry) {
    const party = (entry.author as { party: string }).party;
    const id = webhookId(party, webhook.name);
    const endpoints = webhookEndpoints(state);
    const existing = endpoints.get(id);
    endpoints.set(id, {
      id,
      party,
      name: webhook.name,
      url: webhook.url,
      ...(webhook.description ? { description: webhook.description } : {}),
      // A new URL for the same endpoint carries on where the old one was; a new endpoint starts now.
      registered: existing?.registered ?? state.size,
      done: existing?.done ?? state.size,
    });
  },
});
