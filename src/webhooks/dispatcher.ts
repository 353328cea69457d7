// Webhooks for machine recipients: every endpoint a party registered is POSTed the hotline entries
// the party may read, signed by the hub (RFC 9421, Ed25519), retried with backoff, each outcome
// recorded. This is I/O at the hub's edge: it reads the committed record and writes only through
// the hub's own entries, so it can stop and resume at any point.
import type { KeyObject } from 'node:crypto';
import { webhookEndpoints } from '../hub/commands/webhook-endpoints.js';
import { webhookRemove } from '../hub/commands/webhook-remove.js';
import { webhookSet } from '../hub/commands/webhook-set.js';
import type { Hub } from '../hub/hub.js';
import { parseVerifierKey } from '../record/index.js';
import { EndpointAddressPolicy } from './endpoint-address.js';
import { type DispatchContext, EndpointWorker } from './endpoint-worker.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { webhookAgent } from './webhook-request.js';

export interface WebhookOptions {
  /** The hub's key: it signs every POST. */
  hubKey: KeyObject;
  /** A CA certificate (PEM file) trusted besides the system's, for endpoints on a private PKI. */
  caFile?: string;
  /** Which addresses the hub posts to; by default public ones only. */
  addresses?: EndpointAddressPolicy;
  policy?: RetryPolicy;
  /** A worker met something it cannot go on from (the store failing): it has stopped. */
  onError(error: Error, endpoint: string): void;
}

const REGISTRATIONS: ReadonlySet<string> = new Set([webhookSet.type, webhookRemove.type]);

export class WebhookDispatcher {
  /** By endpoint id and registration, so that an endpoint removed and registered again starts afresh. */
  private readonly workers = new Map<string, EndpointWorker>();
  private readonly context: DispatchContext;
  private readonly unsubscribe: () => void;
  private syncing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly hub: Hub,
    private readonly options: WebhookOptions,
  ) {
    const addresses = options.addresses ?? new EndpointAddressPolicy();
    this.context = {
      hub,
      agent: webhookAgent(addresses, options.caFile),
      addresses,
      policy: options.policy ?? DEFAULT_RETRY_POLICY,
      key: options.hubKey,
      keyId: parseVerifierKey(hub.verifierKey).keyId.toString(16).padStart(8, '0'),
      onError: options.onError,
    };
    // Called in the hub's writer: quick, and never throws.
    this.unsubscribe = hub.subscribe({
      name: 'webhooks',
      entries: (entries) => {
        if (entries.some(({ entry }) => REGISTRATIONS.has(entry.kind))) this.sync();
        for (const worker of this.workers.values()) worker.notify();
      },
    });
    this.sync();
  }

  /** Starts a worker for each endpoint registered and stops those removed, one sync at a time. */
  private sync(): void {
    this.syncing = this.syncing
      .then(async () => {
        if (this.stopped) return;
        const endpoints = await this.hub.read((state) =>
          [...webhookEndpoints(state).values()].map((endpoint) => ({ ...endpoint })),
        );
        const registered = new Map(
          endpoints.map((endpoint) => [`${endpoint.id}@${endpoint.registered}`, endpoint]),
        );
        for (const [key, worker] of this.workers) {
          if (registered.has(key)) continue;
          this.workers.delete(key);
          void worker.stop();
        }
        for (const [key, endpoint] of registered) {
          if (!this.workers.has(key)) this.workers.set(key, new EndpointWorker(this.context, endpoint));
        }
      })
      .catch((error: Error) => this.options.onError(error, '*'));
  }

  /** Stops every worker; attempts under way are abandoned and made again after a restart. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    await this.syncing;
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
    this.context.agent.destroy();
  }
}
