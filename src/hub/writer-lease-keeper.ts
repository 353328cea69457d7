// Keeps this hub the writer of a database several hubs share: takes the writer's lease before the
// record is replayed (so that nobody else can extend it meanwhile) and renews it well within its
// time. The store fences every commit by the lease's epoch, so a renewal that comes too late (a
// paused process, a partition) costs availability, never a second writer.
import { LeaseLost, type WriterLease, type WriterLeaseStore } from '../store/store.js';

/** How long the lease lasts unless renewed, by the database's clock: how long a takeover waits. */
export const WRITER_LEASE_TTL_MS = 8_000;
/** How often the writer renews it: three tries before it lapses. */
export const WRITER_LEASE_RENEW_MS = 2_000;

export interface WriterLeaseEvents {
  /** The lease lapsed or another hub took it: this hub must write no more. */
  lost(error: LeaseLost): void;
  /** A renewal failed for another reason (the database unreachable); the next one retries. */
  renewalFailed(error: Error): void;
}

export class WriterLeaseKeeper {
  private readonly timer: NodeJS.Timeout;
  private renewing: Promise<void> = Promise.resolve();
  private lost = false;

  private constructor(
    private readonly store: WriterLeaseStore,
    readonly lease: WriterLease,
    private readonly events: WriterLeaseEvents,
  ) {
    this.timer = setInterval(() => this.renew(), WRITER_LEASE_RENEW_MS);
    this.timer.unref();
  }

  /** Becomes the writer, or refuses (WriterLeaseHeld) naming the hub that is. */
  static async acquire(
    store: WriterLeaseStore,
    holder: string,
    address: string,
    events: WriterLeaseEvents,
  ): Promise<WriterLeaseKeeper> {
    const lease = await store.acquireWriterLease(holder, address, WRITER_LEASE_TTL_MS);
    return new WriterLeaseKeeper(store, lease, events);
  }

  /** Renews now, stating where this hub serves (known only once it listens). */
  announce(address: string): Promise<void> {
    return this.renew(address);
  }

  private renew(address?: string): Promise<void> {
    this.renewing = this.renewing.then(async () => {
      if (this.lost) return;
      try {
        await this.store.renewWriterLease(WRITER_LEASE_TTL_MS, address);
      } catch (error) {
        if (!(error instanceof LeaseLost)) return this.events.renewalFailed(error as Error);
        this.lost = true;
        clearInterval(this.timer);
        this.events.lost(error);
      }
    });
    return this.renewing;
  }

  /** Stops renewing and gives the lease up, so that a standby may take over at once. */
  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.renewing;
    if (!this.lost) await this.store.releaseWriterLease();
    this.lost = true;
  }
}
