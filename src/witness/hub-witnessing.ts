// The hub's witnessing: after commits, the newest checkpoint goes to each witness of the policy in
// force, with a consistency proof from the size that witness last cosigned (learnt from its 409).
// Once a quorum has cosigned, the hub's checkpoint with their cosignature lines is kept as the
// cosigned checkpoint, apart from the checkpoint written with every batch. Nothing here is on the
// command path: the writer only marks that there is something new, and a witness that is down or
// slow delays cosigning, never a command. Checkpoints coalesce: a round always sends the newest.
import { noteVerifier, openCheckpoint, verifyCosignatures } from '../record/index.js';
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
  events?: WitnessingEvents;
}

export class HubWitnessing {
  /** The size each witness (by key) last cosigned, as far as the hub knows. */
  private readonly witnessed = new Map<string, number>();
  private cosignedSize = 0;
  private dirty = false;
  private round: Promise<void> | null = null;
  private stopped = false;
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

  /** Resolves once no round is under way and nothing is left to send (tests and benchmarks wait on it). */
  async settled(): Promise<void> {
    while (this.round) await this.round;
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
    while (this.dirty && !this.stopped) {
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
    const answers = await Promise.all(policy.witnesses.map((w) => this.cosign(w, text, size)));
    if (answers.filter((a) => a.length > 0).length >= policy.quorum && !this.stopped) {
      await this.store.saveCosignedCheckpoint({ size, text: text + answers.flat().join('') });
      this.cosignedSize = size;
      this.options.events?.cosigned?.(size);
    }
    this.options.events?.lag?.(this.sizeOf(this.log.checkpoint()) - this.cosignedSize);
  }

  private sizeOf(checkpoint: string): number {
    return openCheckpoint(checkpoint, [noteVerifier(this.log.verifierKey)]).size;
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
