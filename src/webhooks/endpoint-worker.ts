import type { KeyObject } from 'node:crypto';
import type { Agent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { type WebhookEndpoint, webhookEndpoints } from '../hub/commands/webhook-endpoints.js';
import type { Hub } from '../hub/hub.js';
import type { HubState } from '../hub/state.js';
import type { HubWork } from '../hub/time-passing.js';
import { type Entry, parseTrustedEntry } from '../record/index.js';
import type { EndpointAddressPolicy } from './endpoint-address.js';
import { signedHeaders } from './message-signature.js';
import { deliveredWork, failedWork } from './outcome-work.js';
import { type RetryPolicy, waitBeforeRetry } from './retry-policy.js';
import { carries, deliveriesTo, mayCarry, webhookBody } from './webhook-feed.js';
import { postWebhook } from './webhook-request.js';

export interface DispatchContext {
  hub: Hub;
  agent: Agent;
  addresses: EndpointAddressPolicy;
  policy: RetryPolicy;
  /** The hub's key, and its C2SP key ID in hex. */
  key: KeyObject;
  keyId: string;
  onError(error: Error, endpoint: string): void;
}

/** Entries read from the store at a time. */
const PAGE = 256;

/**
 * One endpoint's feed: the entries it is sent, in record order and one at a time, each retried
 * until the endpoint takes it or is given up on, and the outcome recorded before the next is sent.
 * The record thus says exactly how far the endpoint got, and a restart resumes there: the store is
 * the queue, so nothing is held in memory and a backlog is read at the endpoint's pace.
 */
export class EndpointWorker {
  private next: number;
  private wake: (() => void) | null = null;
  private readonly stopping = new AbortController();
  private readonly running: Promise<void>;

  constructor(
    private readonly context: DispatchContext,
    private readonly endpoint: Pick<WebhookEndpoint, 'id' | 'party' | 'registered' | 'done'>,
  ) {
    this.next = endpoint.done + 1;
    this.running = this.run();
  }

  /** New entries were committed. */
  notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Abandons any attempt under way (it is made again after a restart) and waits for the worker to end. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.notify();
    await this.running;
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async run(): Promise<void> {
    const { hub, policy } = this.context;
    try {
      // After a restart every endpoint may have a backlog: their first requests are spread out.
      await this.pause(Math.random() * policy.baseMs);
      while (!this.stopped) {
        const size = hub.record.size;
        if (this.next >= size) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        const page = await hub.store.entries(this.next, Math.min(size, this.next + PAGE));
        for (const stored of page) {
          if (this.stopped) return;
          if (mayCarry(stored, this.endpoint.party)) {
            const entry = parseTrustedEntry(stored.bytes);
            if (carries(entry, this.endpoint.party) && !(await this.deliver(stored.index, entry))) return;
          }
          this.next = stored.index + 1;
        }
      }
    } catch (error) {
      this.context.onError(error as Error, this.endpoint.id);
    }
  }

  /** POSTs one entry until it is taken or given up on; false if the endpoint is gone or stopping. */
  private async deliver(index: number, entry: Entry): Promise<boolean> {
    const { agent, addresses, policy, key, keyId } = this.context;
    const body = webhookBody(this.context.hub.origin, index, entry);
    for (let attempt = 1; ; attempt++) {
      // Read afresh each time: a party that fixes its URL is retried at the new one.
      const endpoint = await this.current();
      if (!endpoint || this.stopped) return false;
      const url = new URL(endpoint.url).href;
      const headers = signedHeaders({ url, index, body, created: Date.now(), keyId, key });
      const outcome = await postWebhook(url, headers, body, {
        agent,
        addresses,
        timeoutMs: policy.timeoutMs,
        signal: this.stopping.signal,
      });
      if (outcome.ok) {
        // Recorded even if stopping meanwhile: the endpoint has it and should not be sent it again.
        const deliveries = deliveriesTo(entry, endpoint.party);
        await this.record((state) =>
          deliveredWork(state, endpoint, index, { status: outcome.status, attempts: attempt }, deliveries),
        );
        return true;
      }
      if (this.stopped) return false;
      if (attempt >= policy.attempts || outcome.permanent) {
        await this.record(() => failedWork(endpoint, index, { attempts: attempt, reason: outcome.reason }));
        return true;
      }
      await this.pause(waitBeforeRetry(policy, attempt, outcome.retryAfterMs));
    }
  }

  /** The endpoint as registered now; null once removed, or replaced by a later registration. */
  private current(): Promise<WebhookEndpoint | null> {
    return this.context.hub.read((state) => {
      const endpoint = webhookEndpoints(state).get(this.endpoint.id);
      return endpoint && endpoint.registered === this.endpoint.registered ? { ...endpoint } : null;
    });
  }

  private async record(work: (state: HubState) => HubWork): Promise<void> {
    const { hub } = this.context;
    await hub.recordWork([await hub.read(work)]);
  }

  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.stopping.signal }).catch(() => {});
  }
}
