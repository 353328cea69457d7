// The HTTPS endpoints parties have registered for their machines, and how far each has been given
// the record. Changed only by the webhook entries, so a replay rebuilds where each one resumes.
import type { HubState } from '../state.js';

export interface WebhookEndpoint {
  /** "<party>/<name>". */
  id: string;
  party: string;
  name: string;
  url: string;
  description?: string;
  /** The index of the webhook.set that first registered it: a later registration is another endpoint. */
  registered: number;
  /** The last entry it acknowledged or was given up on; it is sent what follows. */
  done: number;
}

/** A few per party (a primary and a standby system, say), not one per operator. */
export const MAX_WEBHOOKS_PER_PARTY = 4;

export const webhookId = (party: string, name: string) => `${party}/${name}`;

export function webhookEndpoints(state: HubState): Map<string, WebhookEndpoint> {
  return state.webhooks;
}

/** Moves an endpoint past an entry, whether it acknowledged it or was given up on. */
export function passEntry(state: HubState, webhook: string, index: number): void {
  const endpoint = webhookEndpoints(state).get(webhook);
  if (!endpoint) throw new Error(`a webhook outcome for unknown endpoint ${webhook}`);
  endpoint.done = Math.max(endpoint.done, index);
}
