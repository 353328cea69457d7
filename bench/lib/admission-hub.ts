// The hub side of the admissions benchmark, run as a child process with a large heap: founds a hub
// on disk, fills its record with background operations through hub.submit (signed commands,
// group commit), measures the rebuild (replay, index build, Hub.open as `deconflict serve` does it),
// measures the conflict check on the live hub, admits in-process, then serves HTTP to the load
// generator and reports per phase. Driven by messages from bench/admissions.ts.
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { FastifyInstance } from 'fastify';
import { HubMetrics } from '../../src/api/metrics.js';
import { buildServer } from '../../src/api/server.js';
import { type DataDir, openHubFiles } from '../../src/cli/data-dir.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import type { Candidate } from '../../src/deconfliction/deconfliction-state.js';
import { readDeclaration } from '../../src/deconfliction/read-declaration.js';
import { type BatchReport, Hub } from '../../src/hub/hub.js';
import { replayRecord } from '../../src/hub/replay.js';
import type { SignedCommand } from '../../src/hub/signed-command.js';
import { TrackWatch } from '../../src/hub/track-watch.js';
import type { SqliteStore } from '../../src/store/sqlite-store.js';
import type { AdmissionSpec } from './admission-load.js';
import { BACKGROUND_CHUNK, BACKGROUND_PARTY, operationBody } from './admission-workload.js';
import type { BackgroundJob } from './background-worker.js';
import {
  BENCH_ORIGIN,
  type BenchAdmin,
  benchAdmin,
  foundBenchHub,
  LIFTED_COMMAND_LIMITS,
} from './hub-fixture.js';
import { cpuTimes, machineCoresBusy, waitForQuiet } from './machine-load.js';
import { type Latency, latency, rounded } from './report.js';
import { stageCosts } from './submit-stage-costs.js';
import { WorkerPool } from './worker-pool.js';

export type HubRequest =
  | {
      type: 'start';
      background: number;
      t0: number;
      /** Public keys of the client parties' first administrators, by party id. */
      clients: { party: string; publicKey: string }[];
    }
  | { type: 'check'; specs: AdmissionSpec[]; pems: string[] }
  | { type: 'in-process'; specs: AdmissionSpec[]; pems: string[]; window: number }
  | { type: 'serve' }
  | { type: 'mark' }
  | { type: 'profile-start'; intervalUs: number }
  | { type: 'profile-stop'; path: string }
  | { type: 'conflicts' }
  | { type: 'stop' };

export interface PopulationReport {
  operations: number;
  volumes: number;
  entries: number;
  seconds: number;
  /** Time inside hub.submit (from the first submit of a chunk to the last answer), summed. */
  submitSeconds: number;
  /** Rate in each tenth of the population, as the index grows. */
  tenths: { liveVolumes: number; perSecond: number }[];
  batches: number;
  meanBatch: number;
  storeBytes: number;
  heapMiB: number;
  /** Cores the hub process kept busy, and the whole machine (others included), over the population. */
  coresBusy: number;
  machineCoresBusy: number | null;
}

export interface RebuildReport {
  entries: number;
  replaySeconds: number;
  buildIndexSeconds: number;
  heapAfterReplayMiB: number;
  heapAfterIndexMiB: number;
  /** Hub.open as runHub calls it: replay with the nonce window, index build, record frontier. */
  openSeconds: number;
  /** buildServer and listen. */
  listenSeconds: number;
  /** One saveStateDigest, which `deconflict serve` runs every minute on the writer's thread. */
  digestSeconds: number;
  heapOpenMiB: number;
  liveVolumes: number;
  /** Cores the whole machine kept busy while the rebuild was measured (this process takes one). */
  machineCoresBusy: number | null;
  /** Seconds waited for other work on the machine to calm down before the timings. */
  waitedForQuietSeconds: number;
}

export interface CheckReport {
  operations: number;
  /** Main-thread cost per command of the steps that can be timed alone, µs (the verify runs on a worker). */
  stageCostsUs: Record<string, number>;
  latencyMs: Latency;
  meanConflicts: number;
  /** Operations whose conflicts differ from the key computed beforehand. */
  differingFromKey: number;
}

export interface PhaseStats {
  seconds: number;
  batches: number;
  commands: number;
  accepted: number;
  meanBatch: number;
  /** CPU of the whole hub process (all threads) over wall time. */
  coresBusy: number;
  /** Share of wall time the hub's main thread (event loop) was busy. */
  mainThreadBusy: number;
}

export interface InProcessReport {
  count: number;
  seconds: number;
  perSecond: number;
  latencyMs: Latency;
  refused: number;
  stats: PhaseStats;
}

export type HubMessage =
  | { type: 'log'; text: string }
  | { type: 'populated'; population: PopulationReport; rebuild: RebuildReport }
  | { type: 'checked'; check: CheckReport }
  | { type: 'in-process-done'; report: InProcessReport }
  | { type: 'serving'; url: string }
  | { type: 'marked'; stats: PhaseStats }
  | { type: 'profile-started' }
  | { type: 'profile-stopped'; path: string }
  | { type: 'conflicts'; pairs: [string, string][] }
  | { type: 'stopped' };

const send = (message: HubMessage) => process.send?.(message);
const say = (text: string) => send({ type: 'log', text });

function heapMiB(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Batch and CPU figures between two marks. */
class Meter {
  private started = performance.now();
  private cpu = process.cpuUsage();
  private elu = performance.eventLoopUtilization();
  private batches = 0;
  private commands = 0;
  private accepted = 0;
  private entries = 0;

  observe = (batch: BatchReport): void => {
    this.batches++;
    this.commands += batch.commands;
    this.accepted += batch.accepted;
    this.entries += batch.entries;
  };

  mark(): PhaseStats {
    const seconds = (performance.now() - this.started) / 1000;
    const used = process.cpuUsage(this.cpu);
    const stats = {
      seconds,
      batches: this.batches,
      commands: this.commands,
      accepted: this.accepted,
      meanBatch: this.batches ? this.commands / this.batches : 0,
      coresBusy: (used.user + used.system) / 1e6 / seconds,
      mainThreadBusy: performance.eventLoopUtilization(this.elu).utilization,
    };
    this.started = performance.now();
    this.cpu = process.cpuUsage();
    this.elu = performance.eventLoopUtilization();
    this.batches = this.commands = this.accepted = this.entries = 0;
    return stats;
  }

  get entryCount(): number {
    return this.entries;
  }
}

/** Keeps `window` submits outstanding; resolves with every latency (ms) and how many were refused. */
async function drive(
  hub: Hub,
  commands: readonly SignedCommand[],
  window: number,
  tolerateRefusals: boolean,
): Promise<{ latencies: Float64Array; refused: number }> {
  const latencies = new Float64Array(commands.length);
  let next = 0;
  let settled = 0;
  let refused = 0;
  await new Promise<void>((finish, fail) => {
    const launch = (): void => {
      const i = next++;
      const sent = performance.now();
      const done = () => {
        latencies[i] = performance.now() - sent;
        settled++;
        if (next < commands.length) launch();
        else if (settled === commands.length) finish();
      };
      hub.submit(commands[i] as SignedCommand).then(done, (error: Error) => {
        refused++;
        if (tolerateRefusals) done();
        else fail(error);
      });
    };
    for (let k = 0; k < Math.min(window, commands.length); k++) launch();
  });
  return { latencies, refused };
}

interface RunningHub {
  hub: Hub;
  app: FastifyInstance;
  watch: TrackWatch;
  url: string;
  store: SqliteStore;
}

let running: RunningHub | null = null;

/** Replays the record and builds the index, timing each; the state is dropped afterwards. */
async function replayAndBuild(dir: DataDir) {
  const { store } = openHubFiles(dir);
  try {
    let t = performance.now();
    const replayed = await replayRecord(store, { audit: false });
    const replaySeconds = (performance.now() - t) / 1000;
    const heapAfterReplayMiB = heapMiB();
    t = performance.now();
    replayed.state.deconfliction.buildIndex();
    const buildIndexSeconds = (performance.now() - t) / 1000;
    const heapAfterIndexMiB = heapMiB();
    return {
      replaySeconds,
      buildIndexSeconds,
      heapAfterReplayMiB,
      heapAfterIndexMiB,
      rebuiltEntries: replayed.frontier.size,
    };
  } finally {
    await store.close();
  }
}

let remove = () => {};
const meter = new Meter();
let profiler: Session | null = null;

/** Founds the hub and fills it; returns once the hub is closed, so its state can be collected. */
async function populate(
  request: Extract<HubRequest, { type: 'start' }>,
  dir: DataDir,
  admin: BenchAdmin,
): Promise<PopulationReport> {
  const { hubKey, origin, store } = openHubFiles(dir);
  const hub = await Hub.open({ store, hubKey, origin, onBatch: meter.observe });

  // The parties: one background party, and one per client, each with its first administrator.
  const backgroundKey = generateKeyPairSync('ed25519').privateKey;
  const background = new OperatorSigner(backgroundKey);
  const pem = backgroundKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const parties = [
    { party: BACKGROUND_PARTY, publicKey: background.publicKey },
    ...request.clients.map((c) => ({ party: c.party, publicKey: c.publicKey })),
  ];
  await Promise.all(
    parties.map(({ party, publicKey }) =>
      hub.submit(
        admin.signer.command(origin, 'party.create', {
          party: { id: party, name: `Party ${party}` },
          administrator: { id: `${party}.admin`, name: `Administrator of ${party}`, public_key: publicKey },
        }),
      ),
    ),
  );

  // Background operations: made and signed by a worker a chunk or two ahead, submitted with 1024
  // outstanding. Same-party pairs never conflict, so none of them records a conflict.
  const chunks = Math.ceil(request.background / BACKGROUND_CHUNK);
  const pool = new WorkerPool<BackgroundJob, SignedCommand[]>(
    new URL('./background-worker.ts', import.meta.url),
    1,
  );
  const job = (chunk: number): Promise<SignedCommand[]> =>
    pool.run({ chunk, total: request.background, t0: request.t0, pem, origin: BENCH_ORIGIN });
  const began = performance.now();
  const machineBefore = cpuTimes();
  let submitMs = 0;
  const tenths: PopulationReport['tenths'] = [];
  let tenthStarted = performance.now();
  let tenthDone = 0;
  const ahead = [job(0), ...(chunks > 1 ? [job(1)] : [])];
  meter.mark();
  for (let c = 0; c < chunks; c++) {
    const commands = await (ahead.shift() as Promise<SignedCommand[]>);
    if (c + 2 < chunks) ahead.push(job(c + 2));
    const submitted = performance.now();
    await drive(hub, commands, 1024, false);
    submitMs += performance.now() - submitted;
    tenthDone += commands.length;
    const done = Math.min(request.background, (c + 1) * BACKGROUND_CHUNK);
    if (done * 10 >= (tenths.length + 1) * request.background) {
      tenths.push({
        liveVolumes: hub.live((state) => state.deconfliction.liveVolumes),
        perSecond: tenthDone / ((performance.now() - tenthStarted) / 1000),
      });
      say(
        `  populated ${done.toLocaleString('en-US')} operations (${hub.live((state) => state.deconfliction.liveVolumes).toLocaleString('en-US')} live volumes), ${Math.round(tenths.at(-1)?.perSecond ?? 0)}/s in the last tenth, ${((performance.now() - began) / 1000).toFixed(0)} s`,
      );
      tenthStarted = performance.now();
      tenthDone = 0;
    }
  }
  await pool.close();
  const seconds = (performance.now() - began) / 1000;
  const fill = meter.mark();
  const machineBusy = machineCoresBusy(machineBefore);
  const populationHeap = heapMiB();
  const entries = hub.record.size;
  await hub.close();
  await store.close();
  const storeBytes = ['', '-wal'].reduce((sum, suffix) => {
    try {
      return sum + statSync(`${dir.dbPath}${suffix}`).size;
    } catch {
      return sum;
    }
  }, 0);
  return {
    operations: request.background,
    volumes: request.background * 4,
    entries,
    seconds,
    submitSeconds: submitMs / 1000,
    tenths,
    batches: fill.batches,
    meanBatch: fill.meanBatch,
    storeBytes,
    heapMiB: populationHeap,
    coresBusy: fill.coresBusy,
    machineCoresBusy: machineBusy,
  };
}

async function start(request: Extract<HubRequest, { type: 'start' }>): Promise<void> {
  const admin = benchAdmin();
  const founded = await foundBenchHub(admin);
  remove = founded.remove;
  const population = await populate(request, founded.dir, admin);

  // The rebuild, in its two parts, as Hub.open does them (replay here without the nonce window),
  // each timed on a quiet machine where it can be.
  heapMiB();
  const quietReplay = await waitForQuiet();
  const rebuildBefore = cpuTimes();
  const { replaySeconds, buildIndexSeconds, heapAfterReplayMiB, heapAfterIndexMiB, rebuiltEntries } =
    await replayAndBuild(founded.dir);
  heapMiB();

  // Then as `deconflict serve` starts (runHub), with the batch meter attached: Hub.open replays with
  // the nonce window and builds the index, then the Fastify server listens.
  const quietOpen = await waitForQuiet();
  const files = openHubFiles(founded.dir);
  let t = performance.now();
  const opened = await Hub.open({ ...files, onBatch: meter.observe });
  const openSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const watch = new TrackWatch(opened, {
    onArchiveError: (error) => {
      throw error;
    },
    onFailure: (_what, error) => {
      throw error;
    },
  });
  const app = await buildServer({
    hub: opened,
    metrics: new HubMetrics(),
    logger: false,
    watch,
    limits: LIFTED_COMMAND_LIMITS,
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const listenSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  await opened.saveStateDigest();
  const digestSeconds = (performance.now() - t) / 1000;
  const rebuildMachine = machineCoresBusy(rebuildBefore);
  running = { hub: opened, app, watch, url, store: files.store };
  const heapOpenMiB = heapMiB();
  send({
    type: 'populated',
    population,
    rebuild: {
      entries: rebuiltEntries,
      replaySeconds,
      buildIndexSeconds,
      heapAfterReplayMiB,
      heapAfterIndexMiB,
      openSeconds,
      listenSeconds,
      digestSeconds,
      heapOpenMiB,
      liveVolumes: running.hub.live((state) => state.deconfliction.liveVolumes),
      machineCoresBusy: rebuildMachine,
      waitedForQuietSeconds: quietReplay.waitedSeconds + quietOpen.waitedSeconds,
    },
  });
}

/** The conflict check alone, on the live hub's state: what decide() asks of the index for a submit. */
function check(specs: AdmissionSpec[]): Omit<CheckReport, 'stageCostsUs'> {
  const hub = (running as RunningHub).hub;
  const candidates: { candidate: Candidate; key: Set<string> }[] = specs.map((spec) => {
    const reading = readDeclaration(operationBody(spec.operation));
    if (!reading.ok) throw new Error(`invalid operation ${spec.operation.id}`);
    return {
      candidate: {
        id: spec.operation.id,
        version: 1,
        party: spec.operation.party,
        kind: 'operation',
        activity: reading.read.activity,
        volumes: reading.read.volumes,
      },
      key: new Set(spec.background),
    };
  });
  const d = hub.live((state) => state.deconfliction);
  for (const { candidate } of candidates.slice(0, 100)) d.conflictsOf(candidate);
  const ms = new Float64Array(candidates.length);
  let conflicts = 0;
  let differing = 0;
  candidates.forEach(({ candidate, key }, i) => {
    const t = performance.now();
    const found = d.conflictsOf(candidate);
    ms[i] = performance.now() - t;
    conflicts += found.length;
    if (found.length !== key.size || found.some((g) => !key.has(g.key.declaration))) differing++;
  });
  return {
    operations: candidates.length,
    latencyMs: rounded(latency(ms)),
    meanConflicts: conflicts / candidates.length,
    differingFromKey: differing,
  };
}

async function inProcess(request: Extract<HubRequest, { type: 'in-process' }>): Promise<InProcessReport> {
  const hub = (running as RunningHub).hub;
  const signers = request.pems.map((pem) => new OperatorSigner(createPrivateKey(pem)));
  const commands = request.specs.map((spec) =>
    (signers[spec.client] as OperatorSigner).command(hub.origin, 'declaration.submit', {
      declaration: operationBody(spec.operation),
      known_conflicts: spec.key.map((declaration) => ({ declaration, version: 1 })),
    }),
  );
  meter.mark();
  const started = performance.now();
  const { latencies, refused } = await drive(hub, commands, request.window, true);
  const seconds = (performance.now() - started) / 1000;
  return {
    count: commands.length,
    seconds,
    perSecond: (commands.length - refused) / seconds,
    latencyMs: rounded(latency(latencies)),
    refused,
    stats: meter.mark(),
  };
}

async function handle(request: HubRequest): Promise<void> {
  switch (request.type) {
    case 'start':
      await start(request);
      return;
    case 'check':
      send({
        type: 'checked',
        check: { ...check(request.specs), stageCostsUs: stageCosts((running as RunningHub).hub, request) },
      });
      return;
    case 'in-process':
      send({ type: 'in-process-done', report: await inProcess(request) });
      return;
    case 'serve':
      send({ type: 'serving', url: (running as RunningHub).url });
      return;
    case 'mark':
      send({ type: 'marked', stats: meter.mark() });
      return;
    case 'profile-start': {
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: request.intervalUs });
      await profiler.post('Profiler.start');
      send({ type: 'profile-started' });
      return;
    }
    case 'profile-stop': {
      const session = profiler as Session;
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      writeFileSync(request.path, JSON.stringify(profile));
      send({ type: 'profile-stopped', path: request.path });
      return;
    }
    case 'conflicts': {
      const pairs: [string, string][] = (running as RunningHub).hub
        .live((state) => state.deconfliction.conflicts)
        .map((c) => [c.found.declaration, c.against.declaration]);
      send({ type: 'conflicts', pairs });
      return;
    }
    case 'stop':
      if (running) {
        await running.app.close();
        await running.watch.close();
        await running.hub.close();
        await running.store.close();
      }
      remove();
      send({ type: 'stopped' });
      process.disconnect?.();
      return;
  }
}

// Requests are handled one at a time, in order.
let queue = Promise.resolve();
process.on('message', (request: HubRequest) => {
  queue = queue
    .then(() => handle(request))
    .catch((error: Error) => {
      console.error(`admission hub: ${error.stack ?? error.message}`);
      remove();
      process.exit(1);
    });
});
