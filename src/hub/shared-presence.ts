// Who is on line on any of the hubs sharing one database. Each hub restates its own connected
// operators in the store every second and reads everyone's back, so that the hub deciding whom a
// delivery goes to (the writer) counts an operator whose socket is open on another hub, and learns
// when one has left every hub: then, as when a socket on the writer closes, nobody waits on them.
// A hub that stops restating (crashed, cut off) counts for the grace after its last word, no more.
// The hubs' clocks are compared: the grace must stay well above the skew between their machines.
import { randomUUID } from 'node:crypto';
import type { PresenceStore } from '../store/store.js';
import { type OperatorPresence, Presence } from './presence.js';

/** How often a hub restates its operators and reads the others'. */
export const PRESENCE_REFRESH_MS = 1_000;
/** How long after a hub's last statement its operators still count as on line. */
export const PRESENCE_GRACE_MS = 5_000;
/** Statements older than this are deleted by whichever hub looks: long past any grace. */
const FORGET_AFTER_MS = 60_000;

export interface SharedPresenceOptions {
  /** This running hub among those sharing the store; by default a fresh id for each process. */
  hub?: string;
  clock?: () => number;
  graceMs?: number;
  /** A refresh failed (the database unreachable); the next one retries, the view meanwhile kept. */
  onError?: (error: Error) => void;
}

export class SharedPresence implements OperatorPresence {
  private readonly local = new Presence();
  /** Operators other hubs said were connected to them, as of the last refresh. */
  private elsewhere = new Set<string>();
  private readonly hub: string;
  private readonly clock: () => number;
  private readonly graceMs: number;
  private gone: ((operator: string) => Promise<void>) | null = null;
  /** Seen leaving before anyone watched (the hub still opening): reported once someone does. */
  private readonly unreported = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly store: PresenceStore,
    private readonly options: SharedPresenceOptions = {},
  ) {
    this.hub = options.hub ?? randomUUID();
    this.clock = options.clock ?? Date.now;
    this.graceMs = options.graceMs ?? PRESENCE_GRACE_MS;
  }

  /** Refreshes now, then every PRESENCE_REFRESH_MS until closed. */
  async start(): Promise<this> {
    await this.refresh();
    this.timer = setInterval(() => void this.tick(), PRESENCE_REFRESH_MS);
    this.timer.unref();
    return this;
  }

  connect(operator: string): void {
    this.local.connect(operator);
  }

  disconnect(operator: string): boolean {
    return this.local.disconnect(operator) && !this.elsewhere.has(operator);
  }

  online(operator: string): boolean {
    return this.local.online(operator) || this.elsewhere.has(operator);
  }

  watchGone(gone: (operator: string) => Promise<void>): void {
    this.gone = gone;
  }

  /**
   * States this hub's operators, reads every hub's, and has each operator who was on line only
   * elsewhere and now is nowhere reported gone (once the report's consequences are recorded).
   */
  async refresh(): Promise<void> {
    const now = this.clock();
    await this.store.recordPresence(this.hub, this.local.operators(), now);
    const present = await this.store.presentOperators(now - this.graceMs);
    const elsewhere = new Set(present.filter((row) => row.hub !== this.hub).map((row) => row.operator));
    for (const operator of this.elsewhere) if (!elsewhere.has(operator)) this.unreported.add(operator);
    this.elsewhere = elsewhere;
    await this.store.forgetPresence(now - FORGET_AFTER_MS);
    const gone = this.gone;
    if (!gone) return;
    const left = [...this.unreported].filter((operator) => !this.online(operator));
    this.unreported.clear();
    await Promise.all(left.map((operator) => gone(operator)));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.refreshing;
    // The other hubs need not wait out the grace: this hub's operators leave with it.
    await this.store.recordPresence(this.hub, [], this.clock()).catch((error: Error) => this.failed(error));
  }

  /** One refresh at a time: a slow database skips rounds rather than stacking them. */
  private async tick(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = this.refresh().catch((error: Error) => this.failed(error));
    await this.refreshing;
    this.refreshing = null;
  }

  private failed(error: Error): void {
    this.options.onError?.(error);
  }
}
