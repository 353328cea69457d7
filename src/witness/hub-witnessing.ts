// The hub's witnessing: after commits, the newest checkpoint goes to each witness of the policy in
// force, with a consistency proof from the size that witness last cosigned (learnt from its 409).
// Once a quorum has cosigned, the hub's checkpoint with their cosignature lines is kept as the
// cosigned checkpoint, apart from the checkpoint written with every batch. Nothing here is on the
// command path: the writer only marks that there is something new, and a witness that is down or
// slow delays cosigning, never a command. Checkpoints coalesce: a round always sends the newest.
import { parseCheckpoint, verifyCosignatures } from '../record/index.js';
import type { StoredCheckpoint } from '../store/store.js';
import { requestCosignature } from './witness-client.js';
import type { Witness, WitnessPolicy } from './witness-policy.js';

/** What witnessing needs of the hub: its newest checkpoint, proofs, the policy, and to be told of commits. */
export interface HubLog {
  verifierKey: string;
  checkpoint(): string;
  consistencyProof(from: number, to: number): Promise<Uint8Array[]>;
  policy(): Promise<WitnessPolicy | null>;
  onCommit(listener: () => void): () => void;
}

export interface CosignedCheckpoints {
  saveCosignedCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
  latestCosignedCheckpoint(): Promise<StoredCheckpoint | null>;
}

/** Told what witnessing does, for metrics and logs. */
export interface WitnessingEvents {
  cosigned?(size: number): void;
  /** How far the cosigned checkpoint trails the newest, in entries, after each round. */
  lag?(entries: number): void;
  failed?(witness: string, reason: string): void;
}

export interface WitnessingOptions {
  /** Tries per witness and checkpoint when it cannot be reached. */
  attempts?: number;
  /** The first wait between tries; each next one doubles. */
  backoffMs?: number;
  timeoutMs?: number;
  /** The least time between two checkpoints sent, so that a busy hub sends a few a second, not one a commit. */
  minIntervalMs?: number;
  events?: WitnessingEvents;
}

const DEFAULT_MIN_INTERVAL_MS = 200;

export class HubWitnessing {
  /** The size each witness (by key) last cosigned, as far as the hub knows. */
  private readonly witnessed = new Map<string, number>();
  private cosignedSize = 0;
  private dirty = false;
  /** When the last round began (performance.now()). */
  private lastRound = Number.NEGATIVE_INFINITY;
  private round: Promise<void> | null = null;
  private stopped = false;
  /** Requests under way, by witness key: a witness is asked about one checkpoint at a time. */
  private readonly asking = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private readonly unsubscribe: () => void;

  private constructor(
    private readonly log: HubLog,
    private readonly store: CosignedCheckpoints,
    private readonly options: WitnessingOptions,
  ) {
    this.unsubscribe = log.onCommit(() => this.kick());
  }

  /** Starts witnessing, and sends the current checkpoint at once (a restart may have left it unwitnessed). */
  static async start(log: HubLog, store: CosignedCheckpoints, options: WitnessingOptions = {}) {
    const witnessing = new HubWitnessing(log, store, options);
    witnessing.cosignedSize = (await store.latestCosignedCheckpoint())?.size ?? 0;
    witnessing.kick();
    return witnessing;
  }

  /** Resolves once no round and no request is under way (tests and benchmarks wait on it). */
  async settled(): Promise<void> {
    while (this.round || this.asking.size > 0) await Promise.all([this.round, ...this.asking.values()]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    this.abort.abort();
    await this.settled();
  }

  private kick(): void {
    this.dirty = true;
    if (this.round || this.stopped) return;
    this.round = this.rounds().finally(() => {
      this.round = null;
    });
  }

  private async rounds(): Promise<void> {
    const every = this.options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
    while (this.dirty && !this.stopped) {
      // Under a stream of commits, one checkpoint per interval: witnesses (and the hub's cores) are
      // not asked after every group commit, and the newest checkpoint is the one sent.
      const wait = this.lastRound + every - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait).unref());
      if (this.stopped) return;
      this.lastRound = performance.now();
      this.dirty = false;
      try {
        await this.witnessNewest();
      } catch (error) {
        // A round that fails (the store, the hub closing) is reported; the next commit tries again.
        this.options.events?.failed?.('(witnessing)', (error as Error).message);
      }
    }
  }

  private async witnessNewest(): Promise<void> {
    const text = this.log.checkpoint();
    const size = this.sizeOf(text);
    const policy = await this.log.policy();
    if (!policy || policy.witnesses.length === 0 || size <= this.cosignedSize) return;
    const lines = await this.quorumOf(policy, text, size);
    if (lines && !this.stopped && size > this.cosignedSize) {
      await this.store.saveCosignedCheckpoint({ size, text: text + lines.join('') });
      this.cosignedSize = size;
      this.options.events?.cosigned?.(size);
    }
    this.options.events?.lag?.(this.sizeOf(this.log.checkpoint()) - this.cosignedSize);
  }

  /**
   * Asks every witness not already busy with an earlier checkpoint; resolves with the cosignature
   * lines as soon as a quorum has cosigned (a slow witness does not hold up the others), or null
   * once every answer is in without one. A witness answering after the quorum is left to finish.
   */
  private quorumOf(policy: WitnessPolicy, text: string, size: number): Promise<string[] | null> {
    const free = policy.witnesses.filter((w) => !this.asking.has(w.key));
    const lines: string[] = [];
    let cosigners = 0;
    let waiting = free.length;
    return new Promise((resolve) => {
      if (waiting === 0) resolve(null);
      for (const witness of free) {
        const asked = this.cosign(witness, text, size)
          .then((got) => {
            this.asking.delete(witness.key);
            if (got.length > 0) {
              lines.push(...got);
              cosigners++;
            }
            waiting--;
            if (cosigners >= policy.quorum) resolve([...lines]);
            else if (waiting === 0) resolve(null);
            // A witness that was busy while newer checkpoints came is sent the newest now.
            if (got.length > 0 && this.sizeOf(this.log.checkpoint()) > size) this.kick();
          })
          .catch((error: Error) => this.options.events?.failed?.('(witnessing)', error.message));
        this.asking.set(witness.key, asked);
      }
    });
  }

  /** The size of one of the hub's own checkpoints: its signature needs no checking here. */
  private sizeOf(checkpoint: string): number {
    return parseCheckpoint(checkpoint.slice(0, checkpoint.indexOf('\n\n') + 1)).size;
  }

  /** The witness's verified cosignature lines on `text`, or none if it did not cosign it. */
  private async cosign(witness: Witness, text: string, size: number): Promise<string[]> {
    const attempts = this.options.attempts ?? 4;
    let wait = this.options.backoffMs ?? 500;
    let resized = false;
    for (let attempt = 1; attempt <= attempts && !this.stopped; ) {
      const oldSize = Math.min(this.witnessed.get(witness.key) ?? 0, size);
      try {
        const proof = oldSize === 0 ? [] : await this.log.consistencyProof(oldSize, size);
        const answer = await requestCosignature(
          witness.url,
          { oldSize, proof, checkpoint: text },
          { signal: this.abort.signal, timeoutMs: this.options.timeoutMs ?? 10_000 },
        );
        if (answer.kind === 'cosigned') {
          const lines = this.verified(witness, text, answer.signatures);
          if (lines.length === 0) this.failed(witness, 'its answer holds no valid cosignature');
          else this.witnessed.set(witness.key, size);
          return lines;
        }
        if (answer.kind === 'size-mismatch') {
          this.witnessed.set(witness.key, answer.size);
          // Told its size once, the hub retries with a proof from it; a witness ahead of the hub
          // has cosigned a history this hub does not have.
          if (answer.size > size || resized) {
            this.failed(witness, `it has cosigned size ${answer.size}, not consistent with ${size}`);
            return [];
          }
          resized = true;
          continue;
        }
        this.failed(witness, `refused (${answer.status}): ${answer.reason}`);
        return [];
      } catch (error) {
        if (this.stopped) return [];
        this.failed(witness, `unreachable: ${(error as Error).message}`);
      }
      attempt++;
      // A newer checkpoint supersedes this one: give up on it, the next round sends the newer.
      if (attempt > attempts || this.dirty) return [];
      await new Promise((resolve) => setTimeout(resolve, wait).unref());
      wait *= 2;
    }
    return [];
  }

  private verified(witness: Witness, text: string, signatures: readonly string[]): string[] {
    return signatures
      .map((line) => (line.endsWith('\n') ? line : `${line}\n`))
      .filter((line) => {
        try {
          return verifyCosignatures(text + line, {
            logVerifier: this.log.verifierKey,
            witnesses: [witness.key],
            quorum: 1,
          }).quorumMet;
        } catch {
          return false;
        }
      });
  }

  private failed(witness: Witness, reason: string): void {
    this.options.events?.failed?.(witness.name, reason);
  }
}
