// What the hub records of one entry POSTed to an endpoint: that the endpoint took it, or that it was
// given up on. Either moves the endpoint past the entry, so a restart resumes after it.
import { deliveryParties } from '../hotline/message.js';
import { webhookDelivered } from '../hub/commands/webhook-delivered.js';
import { type WebhookEndpoint, webhookEndpoints } from '../hub/commands/webhook-endpoints.js';
import { webhookFailed } from '../hub/commands/webhook-failed.js';
import type { HubState } from '../hub/state.js';
import type { HubWork } from '../hub/time-passing.js';

/** Still to be written only while the endpoint is registered and not yet past the entry. */
function stillDue(endpoint: WebhookEndpoint, index: number): (state: HubState) => boolean {
  return (state) => {
    const now = webhookEndpoints(state).get(endpoint.id);
    return now !== undefined && now.registered === endpoint.registered && now.done < index;
  };
}

export function deliveredWork(
  state: HubState,
  endpoint: WebhookEndpoint,
  index: number,
  outcome: { status: number; attempts: number },
  deliveries: { message: string; recipients: string[] } | null,
): HubWork {
  const message = deliveries ? state.hotline.messages.get(deliveries.message) : undefined;
  return {
    consequence: {
      command: {
        type: webhookDelivered.type,
        webhook: endpoint.id,
        entry: index,
        status: outcome.status,
        attempts: outcome.attempts,
        ...(deliveries ?? {}),
      },
      // The sender sees its message delivered, as with a receipt; the rest is the party's own.
      visibility: message ? deliveryParties(message, endpoint.party) : [endpoint.party],
    },
    stillDue: stillDue(endpoint, index),
  };
}

export function failedWork(
  endpoint: WebhookEndpoint,
  index: number,
  outcome: { attempts: number; reason: string },
): HubWork {
  return {
    consequence: {
      command: {
        type: webhookFailed.type,
        webhook: endpoint.id,
        entry: index,
        attempts: outcome.attempts,
        reason: outcome.reason.slice(0, 300),
      },
      // Why a party's endpoint fails is its own business; the sender sees only no delivery.
      visibility: [endpoint.party],
    },
    stillDue: stillDue(endpoint, index),
  };
}
