// Which of the hubs sharing a database writes, as this hub sees it: it writes while it holds the
// writer's lease, and follows otherwise. A follower watches the lease and takes it once it lapses
// or is given up, catches up with the record and becomes the writer in place, starting what only
// the writer runs; a writer that lost its lease, or whose commit failed, stops those and goes on
// as a follower. The store fences every commit by the lease's epoch: never two writers committing.
import type { Hub } from '../hub/hub.js';
import { WriterLeaseKeeper } from '../hub/writer-lease-keeper.js';
import { LeaseLost, WriterLeaseHeld, type WriterLeaseStore } from '../store/store.js';

/** How often a follower looks at the lease: a lapsed one is taken within this. */
export const LEASE_WATCH_MS = 250;

/** How long a hub that could not rebuild its state waits before it tries again. */
const REBUILD_RETRY_MS = 1_000;

/** What only the writer runs: housekeeping, webhooks, witnessing, feed listeners. */
export interface WriterDuties {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface RoleEvents {
  changed(message: string): void;
  failed(message: string, error: Error): void;
}

export class HubRoles {
  private keeper: WriterLeaseKeeper | null = null;
  private hub: Hub | null = null;
  private duties: WriterDuties | null = null;
  private address: string;
  /** Role changes, one at a time. */
  private switching: Promise<void> = Promise.resolve();
  private busy = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly leases: WriterLeaseStore,
    private readonly holder: string,
    address: string,
    private readonly events: RoleEvents,
  ) {
    this.address = address;
  }

  /** Takes the lease unless another hub holds it (false then). Before the hub opens, at start. */
  async tryAcquire(): Promise<boolean> {
    try {
      this.keeper = await WriterLeaseKeeper.acquire(this.leases, this.holder, this.address, {
        lost: (error) => this.demote(error),
        renewalFailed: (error) => this.events.failed("the writer's lease could not be renewed", error),
      });
      return true;
    } catch (error) {
      if (error instanceof WriterLeaseHeld) return false;
      throw error;
    }
  }

  /** Once the hub serves at `address`: the writer starts its duties, a follower watches the lease. */
  async start(hub: Hub, duties: WriterDuties, address: string): Promise<void> {
    this.hub = hub;
    this.duties = duties;
    this.address = address;
    // The lease may have been lost while the record was replayed.
    await this.switching;
    if (this.keeper) {
      await this.keeper.announce(address);
      await duties.start();
    } else await hub.becomeFollower();
    this.timer = setInterval(() => this.watchLease(), LEASE_WATCH_MS);
    this.timer.unref();
  }

  /** Where the writer serves, by the lease in force. */
  async writerAddress(): Promise<string | null> {
    return (await this.leases.writerLease())?.address ?? null;
  }

  private watchLease(): void {
    const hub = this.hub;
    if (!hub || this.stopped || this.busy || hub.role === 'writer') return;
    this.switch(async () => {
      if (this.stopped || hub.role === 'writer' || (await this.leases.writerLease())) return;
      if (!(await this.tryAcquire())) return;
      try {
        const started = performance.now();
        await hub.becomeWriter();
        await this.keeper?.announce(this.address);
        await this.duties?.start();
        this.events.changed(
          `took over as the writer at size ${hub.record.size} in ${Math.round(performance.now() - started)} ms`,
        );
      } catch (error) {
        this.events.failed('taking over as the writer failed; following again', error as Error);
        await this.stepDown();
      }
    });
  }

  /**
   * The lease was lost or a commit failed: the hub writes nothing more at once, then stops the
   * writer's duties, gives the lease up and goes on as a follower.
   */
  demote(error: Error): void {
    if (error instanceof LeaseLost) this.hub?.loseWriterLease(error);
    this.switch(async () => {
      if (this.stopped) return;
      this.events.changed(`no longer the writer (${error.message}); following the writer`);
      await this.stepDown();
    });
  }

  private async stepDown(): Promise<void> {
    await this.duties
      ?.stop()
      .catch((error: Error) => this.events.failed("stopping the writer's duties", error));
    await this.keeper?.release().catch(() => {});
    this.keeper = null;
    // Rebuilding reads the whole record: while the database cannot be read, try again.
    while (this.hub && !this.stopped) {
      try {
        return await this.hub.becomeFollower();
      } catch (error) {
        this.events.failed('rebuilding the state from the record failed; trying again', error as Error);
        await new Promise((resolve) => setTimeout(resolve, REBUILD_RETRY_MS));
      }
    }
  }

  private switch(change: () => Promise<void>): void {
    this.busy = true;
    this.switching = this.switching
      .then(change)
      .catch((error: Error) => this.events.failed('changing role', error))
      .finally(() => {
        this.busy = false;
      });
  }

  /** Stops watching the lease and the writer's duties; the lease is kept until `release`. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.switching;
    if (this.hub?.role === 'writer') await this.duties?.stop();
  }

  /** Gives the lease up (once the hub wrote its last), so that another hub may take over at once. */
  async release(): Promise<void> {
    await this.keeper?.release();
    this.keeper = null;
  }
}
