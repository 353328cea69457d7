// The single writer of the hub's record, and the one thing that changes what the hub holds of it in
// memory. Commands are queued; the writer takes everything queued, decides each against the state as
// left by the ones before it, writes the batch in one durable transaction with a freshly signed
// checkpoint (group commit), and only then answers and publishes. The state is reached through two
// doors: `read` (committed: waits while a batch is applied but not yet durable) and `live` (at once).
import {
  type Entry,
  encodeEntry,
  formatCheckpoint,
  hashLeaf,
  type NoteSigner,
  signNote,
} from '../record/index.js';
import type { LeaseLost, RecordStore, UsedNonce } from '../store/store.js';
import { applyEntry } from './apply-entry.js';
import type { CommittedBatch } from './committed-batch.js';
import type { HubEntries } from './hub-entries.js';
import type { NonceWindow } from './nonce-window.js';
import type { Problem } from './problem.js';
import { RecordedRefusal } from './recorded-refusal.js';
import type { HubState } from './state.js';
import type { StoredRecord } from './stored-record.js';
import type { CommittedEntry, Subscribers } from './subscribers.js';
import { writerFailed } from './writer-unavailable.js';

/** What the hub holds of its record in memory; replaced as a whole when rebuilt from the store. */
export interface RecordInMemory {
  /** The fold of every entry. */
  state: HubState;
  record: StoredRecord;
  /** Nonces of commands and logins recent enough to be replayed. */
  nonces: NonceWindow;
  /** The latest signed checkpoint, C2SP tlog-checkpoint text. */
  checkpoint: string;
}

/** The answer to an accepted command: where its entry is and the checkpoint that covers it. */
export interface Accepted {
  index: number;
  size: number;
  checkpoint: string;
}

export interface BatchReport {
  commands: number;
  accepted: number;
  entries: number;
  size: number;
  commitMs: number;
}

/**
 * A command for the writer: `decide` turns it into entries against the state of its turn, at the
 * batch's time `now` (the time its entries carry), the command's own first, then the hub's
 * consequences of it; it refuses by throwing (a RecordedRefusal to have consequences written all
 * the same). An operator's `nonce` is remembered once its entries are decided.
 */
export interface WriterCommand {
  decide(state: HubState, now: number): Entry[];
  nonce?: UsedNonce;
}

interface Pending extends WriterCommand {
  resolve(accepted: Accepted): void;
  reject(error: Error): void;
}

export interface GroupCommitWriterOptions {
  store: Pick<RecordStore, 'commit'>;
  /** The record's origin line and the hub's key, for the checkpoint each batch is written with. */
  origin: string;
  signer: NoteSigner;
  /** Makes the entries of recorded refusals' consequences. */
  entries: HubEntries;
  subscribers: Subscribers;
  clock: () => number;
  /** The most commands written in one transaction. */
  maxBatch?: number;
  onBatch?: (batch: BatchReport) => void;
  /** Called when the store fails to commit (or the lease is lost); the writer then refuses everything. */
  onFatal?: (error: Error) => void;
}

const DEFAULT_MAX_BATCH = 4096;

export class GroupCommitWriter {
  private readonly queue: Pending[] = [];
  private scheduled = false;
  private writing = false;
  /** Set while a batch is applied to the state but not yet durable: reads wait for it. */
  private uncommitted: { settled: Promise<void>; settle: () => void } | null = null;
  private failure: Error | null = null;
  /** The state took in a batch that was never committed: it must be rebuilt from the record. */
  private divergedFromRecord = false;

  constructor(
    private readonly options: GroupCommitWriterOptions,
    private memory: RecordInMemory,
  ) {}

  /** Runs a read against committed state only; refused once the writer has failed. */
  async read<T>(reader: (state: HubState) => T): Promise<T> {
    while (this.uncommitted) await this.uncommitted.settled;
    if (this.failure) throw this.unavailable();
    return reader(this.memory.state);
  }

  /**
   * Runs a read against the state as the writer decides against it now, a batch being committed
   * included: for intake that must not wait on a commit, never for an answer that claims something
   * is recorded.
   */
  live<T>(reader: (state: HubState) => T): T {
    return reader(this.memory.state);
  }

  /** The record as committed (or taken in): its size, proofs and tiles. */
  get record(): StoredRecord {
    return this.memory.record;
  }

  checkpoint(): string {
    return this.memory.checkpoint;
  }

  get nonces(): NonceWindow {
    return this.memory.nonces;
  }

  /** A commit failed or the lease was lost: nothing is written or served until `resume`. */
  get failed(): boolean {
    return this.failure !== null;
  }

  /** The state is ahead of the record (it took in a batch never committed): `resume` with a rebuilt one. */
  get diverged(): boolean {
    return this.divergedFromRecord;
  }

  /** Queues a command; resolves once its entries are durable, rejects with why it was refused. */
  enqueue(command: WriterCommand): Promise<Accepted> {
    return new Promise<Accepted>((resolve, reject) => {
      // A command authenticated while the writer failed (its lease lost meanwhile) is refused here:
      // the writer takes nothing more from the queue.
      if (this.failure) return reject(this.unavailable());
      this.queue.push({ ...command, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // Wait for the I/O that is already ready, so that concurrent commands share one commit.
        setImmediate(() => void this.drain());
      }
    });
  }

  /**
   * Entries another hub committed, checked against its signed checkpoint: applied to the state and
   * told to the subscribers as if this writer had written them.
   */
  takeIn(batch: CommittedBatch): void {
    const now = this.options.clock();
    for (const { entry } of batch.committed) {
      applyEntry(this.memory.state, entry);
      this.memory.nonces.addFromEntry(entry, now);
    }
    this.memory.record.accept(batch.next, batch.nodes);
    this.memory.checkpoint = batch.checkpoint;
    this.options.subscribers.publish(batch.committed);
  }

  /** Resolves once no batch is being written or waiting to be. */
  async idle(): Promise<void> {
    while (this.writing || this.scheduled) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  /**
   * Writes and serves again after a failure, over `rebuilt` if the state had diverged from the
   * record (the subscribers are told, to derive again what they derived from it).
   */
  resume(rebuilt?: RecordInMemory): void {
    if (rebuilt) {
      this.memory = rebuilt;
      this.divergedFromRecord = false;
      this.options.subscribers.rebuilt();
    }
    this.failure = null;
  }

  /** Another hub may write the shared database now: this one writes nothing more. */
  loseLease(error: LeaseLost): void {
    if (!this.failure) this.fail(error, []);
  }

  /** Why nothing is written or served: the store failed, or the lease was lost (retry elsewhere). */
  unavailable(): Problem {
    return writerFailed(this.failure);
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0 && !this.failure) {
        await this.writeBatch(this.queue.splice(0, this.options.maxBatch ?? DEFAULT_MAX_BATCH));
      }
    } finally {
      this.writing = false;
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    const started = performance.now();
    const now = this.options.clock();
    const { state, record } = this.memory;
    const base = record.size;
    const committed: CommittedEntry[] = [];
    const answered: { pending: Pending; index: number }[] = [];
    const refused: { pending: Pending; problem: Problem }[] = [];
    for (const pending of batch) {
      let entries: Entry[];
      let refusal: Problem | null = null;
      try {
        entries = pending.decide(state, now);
      } catch (error) {
        // A refusal with nothing to record is answered at once, like any other.
        if (!(error instanceof RecordedRefusal) || error.consequences.length === 0) {
          pending.reject(error instanceof RecordedRefusal ? error.problem : (error as Error));
          continue;
        }
        refusal = error.problem;
        entries = error.consequences.map((c) => this.options.entries.signedByHub(c, now));
      }
      if (entries.length > 0) this.holdReads();
      if (refusal) {
        // The submitter is told where what it was refused for is recorded.
        refusal.extensions.recorded_at = base + committed.length;
        refused.push({ pending, problem: refusal });
      } else {
        answered.push({ pending, index: base + committed.length });
      }
      for (const entry of entries) {
        // Applying as we go lets later commands of the batch see earlier ones. A failure here means
        // the state no longer matches the record, so the writer stops rather than diverge.
        try {
          applyEntry(state, entry);
        } catch (error) {
          this.fail(error as Error, batch);
          return;
        }
        committed.push({ index: base + committed.length, entry, bytes: encodeEntry(entry) });
      }
      if (pending.nonce && !refusal) this.memory.nonces.add(pending.nonce);
    }
    if (committed.length === 0) return;
    const { next, nodes } = record.prepare(committed.map((item) => hashLeaf(item.bytes)));
    const checkpoint = signNote(
      formatCheckpoint({ origin: this.options.origin, size: next.size, root: next.root() }),
      this.options.signer,
    );
    try {
      await this.options.store.commit({
        entries: committed.map((item) => ({
          index: item.index,
          kind: item.entry.kind,
          time: item.entry.time,
          visibility: item.entry.visibility,
          bytes: item.bytes,
        })),
        nodes,
        checkpoint: { size: next.size, text: checkpoint },
      });
    } catch (error) {
      this.fail(error as Error, batch);
      return;
    }
    record.accept(next, nodes);
    this.memory.checkpoint = checkpoint;
    this.releaseReads();
    for (const { pending, index } of answered) pending.resolve({ index, size: next.size, checkpoint });
    for (const { pending, problem } of refused) pending.reject(problem);
    this.options.subscribers.publish(committed);
    this.options.onBatch?.({
      commands: batch.length,
      accepted: answered.length,
      entries: committed.length,
      size: next.size,
      commitMs: performance.now() - started,
    });
  }

  /**
   * Reads wait from the first entry of a batch applied until the batch is durable: one hold per
   * batch, so a command that adds no entry cannot leave a reader waiting on one never released.
   */
  private holdReads(): void {
    if (this.uncommitted) return;
    let settle = () => {};
    const settled = new Promise<void>((resolve) => (settle = resolve));
    this.uncommitted = { settled, settle };
  }

  private releaseReads(): void {
    const held = this.uncommitted;
    this.uncommitted = null;
    held?.settle();
  }

  /** The state may now be ahead of the record: refuse everything until it is rebuilt. */
  private fail(error: Error, batch: Pending[]): void {
    this.failure = error;
    // A batch applied to the state is not in the record: the state is ahead of it.
    if (this.uncommitted) this.divergedFromRecord = true;
    // Readers held by a batch whose commit may never end (a lost lease, a dead connection) are
    // let go, to be refused like everything else.
    this.releaseReads();
    const unavailable = this.unavailable();
    for (const pending of [...batch, ...this.queue.splice(0)]) pending.reject(unavailable);
    this.options.onFatal?.(error);
  }
}
