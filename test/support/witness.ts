// For witness tests: a log held in memory that signs its checkpoints like any
// C2SP log, and a witness served over real HTTP from a temp dir that can be
// restarted over the same files.
import { join } from 'node:path';
import {
  consistencyProof,
  formatCheckpoint,
  hashLeaf,
  type NoteSigner,
  noteSigner,
  privateKeyFromSeed,
  rootFromLeafHashes,
  signNote,
  verifierKeyString,
} from '../../src/record/index.js';
import { CosignedStore, type RefusedCheckpoint, WITNESS_DB_FILE } from '../../src/witness/cosigned-store.js';
import { Witness } from '../../src/witness/witness.js';
import { loadOrCreateWitnessKey } from '../../src/witness/witness-key.js';
import { type RunningWitness, serveWitness } from '../../src/witness/witness-server.js';
import { type WitnessedLog, witnessedLogs } from '../../src/witness/witnessed-logs.js';
import { spawnCli } from './cli.js';
import { tempDir } from './temp-dir.js';
import { until } from './until.js';

/** A log of leaves `${history}-${i}`: two histories of one origin and key are a fork. */
export class TestLog {
  readonly leaves: Uint8Array[] = [];
  readonly verifierKey: string;
  /** The log's own signer, for notes a test makes up. */
  readonly signer: NoteSigner;

  constructor(
    readonly origin: string,
    private readonly seedByte: number,
    private readonly history = 'a',
  ) {
    const seed = new Uint8Array(32).fill(seedByte);
    this.signer = noteSigner(origin, seed);
    this.verifierKey = verifierKeyString(origin, privateKeyFromSeed(seed));
  }

  /** The same origin and key, another history. */
  fork(history: string): TestLog {
    return new TestLog(this.origin, this.seedByte, history);
  }

  grow(size: number): this {
    while (this.leaves.length < size) {
      this.leaves.push(hashLeaf(new TextEncoder().encode(`${this.history}-${this.leaves.length}`)));
    }
    return this;
  }

  checkpointRoot(size: number): Uint8Array {
    return rootFromLeafHashes(this.grow(size).leaves.slice(0, size));
  }

  text(size: number): string {
    return formatCheckpoint({ origin: this.origin, size, root: this.checkpointRoot(size) });
  }

  checkpoint(size: number): string {
    return signNote(this.text(size), this.signer);
  }

  proof(from: number, to: number): Uint8Array[] {
    return from === 0 ? [] : consistencyProof(from, to, this.grow(to).leaves);
  }

  /** What to send to a witness that has cosigned `from`, to cosign `to`. */
  request(from: number, to: number): { oldSize: number; proof: Uint8Array[]; checkpoint: string } {
    return { oldSize: from, proof: this.proof(from, to), checkpoint: this.checkpoint(to) };
  }
}

/** A witness over HTTP on a free port, over files in a temp dir that outlive restarts. */
export class WitnessUnderTest {
  private readonly temp = tempDir('deconflict-witness-');
  private running!: RunningWitness;
  private store!: CosignedStore;
  verifierKey = '';

  private constructor(
    private readonly logs: readonly WitnessedLog[],
    private readonly now?: () => number,
  ) {}

  /** What the witness raised the alarm about, in order, across restarts. */
  readonly alarms: string[] = [];

  static async start(logs: readonly WitnessedLog[], now?: () => number): Promise<WitnessUnderTest> {
    const under = new WitnessUnderTest(logs, now);
    await under.open();
    return under;
  }

  get url(): string {
    return this.running.url;
  }

  get dir(): string {
    return this.temp.path;
  }

  private async open(): Promise<void> {
    const key = loadOrCreateWitnessKey(this.temp.path, 'witness.test/w1');
    this.verifierKey = key.verifierKey;
    this.store = new CosignedStore(join(this.temp.path, WITNESS_DB_FILE));
    this.running = await serveWitness(
      new Witness(key, witnessedLogs(this.logs), this.store, {
        ...(this.now ? { now: this.now } : {}),
        alarm: (message) => this.alarms.push(message),
      }),
      {
        host: '127.0.0.1',
        port: 0,
      },
    );
  }

  /** The latest cosigned size and root for `origin`, read from the files. */
  latest(origin: string): { size: number; root: Uint8Array } | undefined {
    const latest = this.store.latest(origin);
    return latest && { size: latest.size, root: latest.root };
  }

  /** The refused checkpoints the witness keeps as evidence, read from its files. */
  refusals(): RefusedCheckpoint[] {
    return this.store.refusals();
  }

  async restart(): Promise<void> {
    await this.close();
    await this.open();
  }

  private async close(): Promise<void> {
    await this.running.close();
    this.store.close();
  }

  async stop(): Promise<void> {
    await this.close();
    this.temp.remove();
  }
}

/** `deconflict witness` as a child process on a free port: its URL and the verifier key it printed. */
export async function startWitnessProcess(
  args: readonly string[],
): Promise<{ url: string; verifierKey: string; stop(): Promise<void> }> {
  const child = spawnCli(['witness', '--port', '0', ...args]);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const found = /serving at (http:\/\/\S+)/.exec(stderr)?.[1];
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`witness exited (${code}) before serving:\n${stderr}`)));
  });
  await until('the witness printed its key', () => stdout.includes('\n'));
  return {
    url,
    verifierKey: stdout.split('\n')[0] as string,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
