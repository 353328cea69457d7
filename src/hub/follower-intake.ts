// How a follower keeps up with the hub that writes: it takes in what the writer committed, each batch
// checked against the checkpoint the writer signed, one taking-in at a time; and a command it passed
// on is answered once its own record holds the entry, so that the client's next read here sees it.
import type { NoteVerifier } from '../record/index.js';
import type { RecordStore } from '../store/store.js';
import { nextCommittedBatch } from './committed-batch.js';
import type { GroupCommitWriter } from './group-commit-writer.js';

/** How long a follower waits to see a command it passed on in the record before answering anyway. */
const RELAYED_VISIBLE_WITHIN_MS = 10_000;

export class FollowerIntake {
  /** Takings-in of committed entries, one at a time. */
  private following: Promise<void> = Promise.resolve();
  /** Relayed commands waiting for the record to reach their size. */
  private readonly sizeWaiters = new Set<{ size: number; reached: () => void }>();

  constructor(
    private readonly store: RecordStore,
    private readonly writer: GroupCommitWriter,
    private readonly verifier: NoteVerifier,
    /** Whether the hub follows now: a hub that became the writer takes nothing in. */
    private readonly isFollowing: () => boolean,
    private readonly onFollowed?: (size: number) => void,
  ) {}

  /** Takes in what the writer committed since; does nothing unless the hub follows. */
  follow(): Promise<void> {
    const taking = this.following.then(() => this.takeIn());
    this.following = taking.catch(() => {});
    return taking;
  }

  /** Resolves once the record holds `size` entries, or, the entry being durable at the writer, soon after. */
  reached(size: number): Promise<void> {
    if (this.writer.record.size >= size) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const waiter = {
        size,
        reached: () => {
          clearTimeout(timer);
          this.sizeWaiters.delete(waiter);
          resolve();
        },
      };
      // The entry is durable at the writer either way: answer, if late, rather than hide that.
      const timer = setTimeout(waiter.reached, RELAYED_VISIBLE_WITHIN_MS);
      this.sizeWaiters.add(waiter);
      void this.follow().catch(() => {});
    });
  }

  private async takeIn(): Promise<void> {
    while (this.isFollowing() && !this.writer.failed) {
      const batch = await nextCommittedBatch(this.store, this.writer.record, this.verifier);
      // Became the writer meanwhile (which takes in everything first), or nothing new.
      if (!batch || !this.isFollowing() || batch.next.size <= this.writer.record.size) return;
      this.writer.takeIn(batch);
      for (const waiter of this.sizeWaiters) if (waiter.size <= this.writer.record.size) waiter.reached();
      this.onFollowed?.(this.writer.record.size);
    }
  }
}
