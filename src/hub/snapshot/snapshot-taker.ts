// When the hub takes snapshots of its state: after a batch, once enough entries or enough time have
// passed since the last one, and at a clean stop; one at a time. Taking one holds the writer only
// while the state is encoded (a read of committed state); signing and storing it do not.
import type { UsedNonce } from '../../store/store.js';
import type { HubState } from '../state.js';
import type { SnapshotHeader } from './snapshot-file.js';
import { type EncodedPart, encodeState } from './state-codec.js';

export interface SnapshotPolicy {
  /** Take one once this many entries were added since the last… */
  everyEntries: number;
  /** …or once this many milliseconds passed since the last and the record grew. */
  everyMs: number;
}

/** A start replays at most about this many entries, or a quarter of an hour's. */
export const DEFAULT_SNAPSHOT_POLICY: SnapshotPolicy = { everyEntries: 100_000, everyMs: 15 * 60_000 };

/**
 * A committed state encoded for a snapshot, to be signed (writeSnapshot) after: to be called while
 * no batch is applied but not yet durable. The parts are copies, which the writer may not change.
 */
export function encodeSnapshot(
  state: HubState,
  record: { root: Uint8Array; origin: string },
  nonces: UsedNonce[],
): { header: SnapshotHeader; parts: EncodedPart[] } {
  const header = {
    origin: record.origin,
    size: state.size,
    root: Buffer.from(record.root).toString('base64'),
    digest: state.digest(),
    nonces,
  };
  return { header, parts: encodeState(state) };
}

export class SnapshotTaker {
  private taking: Promise<void> | null = null;
  private lastAt: number;

  constructor(
    private readonly policy: SnapshotPolicy | null,
    private readonly clock: () => number,
    private lastSize: number,
    /** Takes and stores one; resolves with the size it was taken at. */
    private readonly take: () => Promise<number>,
    private readonly warn: (message: string) => void,
  ) {
    this.lastAt = clock();
  }

  /** The record reached `size`: takes a snapshot if one is due and none is being taken. */
  afterBatch(size: number): void {
    if (!this.policy || this.taking || size <= this.lastSize) return;
    if (size - this.lastSize >= this.policy.everyEntries || this.clock() - this.lastAt >= this.policy.everyMs)
      this.start();
  }

  /** At a clean stop: waits for one being taken, then takes one if the record grew since. */
  async finish(size: number): Promise<void> {
    await this.taking;
    if (this.policy && size > this.lastSize) {
      this.start();
      await this.taking;
    }
  }

  private start(): void {
    this.lastAt = this.clock();
    this.taking = this.take()
      .then(
        (size) => {
          this.lastSize = Math.max(this.lastSize, size);
        },
        (error: Error) => this.warn(`a snapshot of the state could not be kept: ${error.message}`),
      )
      .finally(() => {
        this.taking = null;
      });
  }
}
