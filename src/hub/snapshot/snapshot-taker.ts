// When the hub takes snapshots of its state: after a batch, once enough entries or enough time have
// passed since the last one, and at a clean stop; one at a time. While the hub serves, a snapshot is
// made beside the writer, which goes on meanwhile; at a clean stop one being made beside is stopped
// and the writer's own state, which nothing changes any more, is kept.
import type { SnapshotBeingMade } from './snapshot-beside.js';

export interface SnapshotPolicy {
  /** Take one once this many entries were added since the last… */
  everyEntries: number;
  /** …or once this many milliseconds passed since the last and the record grew. */
  everyMs: number;
}

/** A start replays at most about this many entries, or a quarter of an hour's. */
export const DEFAULT_SNAPSHOT_POLICY: SnapshotPolicy = { everyEntries: 100_000, everyMs: 15 * 60_000 };

export class SnapshotTaker {
  private beside: SnapshotBeingMade | null = null;
  private taking: Promise<void> | null = null;
  private lastAt: number;
  private stopping = false;

  constructor(
    private readonly policy: SnapshotPolicy | null,
    private readonly clock: () => number,
    private lastSize: number,
    private readonly makeBeside: () => SnapshotBeingMade,
    /** Keeps a snapshot of the writer's own state; resolves with its size. */
    private readonly keepHere: () => Promise<number>,
    private readonly warn: (message: string) => void,
  ) {
    this.lastAt = clock();
  }

  /** The record reached `size`: starts a snapshot beside the writer if one is due and none is being made. */
  afterBatch(size: number): void {
    if (!this.policy || this.taking || this.stopping || size <= this.lastSize) return;
    if (size - this.lastSize >= this.policy.everyEntries || this.clock() - this.lastAt >= this.policy.everyMs)
      this.startBeside();
  }

  /** Makes one beside the writer now, after any being made; resolves with its size. */
  async takeBeside(): Promise<number> {
    await this.taking;
    return this.startBeside();
  }

  /**
   * At a clean stop: stops one being made beside, then keeps the writer's state here if the record
   * grew since; `size` null when this hub is not the writer, or its writer failed.
   */
  async finish(size: number | null): Promise<void> {
    this.stopping = true;
    await this.beside?.stop();
    await this.taking;
    if (this.policy && size !== null && size > this.lastSize) await this.record(this.keepHere());
  }

  private startBeside(): Promise<number> {
    this.lastAt = this.clock();
    const beside = this.makeBeside();
    this.beside = beside;
    const size = beside.made.then(({ size, warnings }) => {
      for (const warning of warnings) this.warn(warning);
      return size;
    });
    this.taking = this.record(size).finally(() => {
      this.beside = null;
      this.taking = null;
    });
    return size;
  }

  private record(taken: Promise<number>): Promise<void> {
    return taken.then(
      (size) => {
        this.lastSize = Math.max(this.lastSize, size);
      },
      (error: Error) => {
        if (!this.stopping) this.warn(`a snapshot of the state could not be kept: ${error.message}`);
      },
    );
  }
}
