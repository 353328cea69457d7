// Durable signed commands per second through the hub's command path: Ed25519 check, schema, rules,
// one SQLite transaction per batch (WAL, synchronous=FULL, so fsync), checkpoint signed per batch.
// In-process with N commands outstanding, over HTTP from a separate process, and against a
// one-transaction-per-command peer run the same way.
import { fork } from 'node:child_process';
import { createPublicKey, randomBytes } from 'node:crypto';
import { HubMetrics } from '../src/api/metrics.js';
import { buildServer } from '../src/api/server.js';
import { openHubFiles } from '../src/cli/data-dir.js';
import { type BatchReport, Hub } from '../src/hub/hub.js';
import { verifySignature } from '../src/hub/operator-key.js';
import type { SignedCommand } from '../src/hub/signed-command.js';
import { TrackWatch } from '../src/hub/track-watch.js';
import { validateCommand } from '../src/hub/validate-command.js';
import { canonicalBytes, type Entry, encodeEntry, hashLeaf, rawPublicKey } from '../src/record/index.js';
import type { HttpLoadMessage, HttpLoadReport, HttpLoadRequest } from './lib/http-load.js';
import {
  ADMIN_ID,
  BENCH_ORIGIN,
  type BenchAdmin,
  benchAdmin,
  foundBenchHub,
  HUB_PARTY,
  LIFTED_COMMAND_LIMITS,
  tempFileSystem,
} from './lib/hub-fixture.js';
import {
  type BenchResult,
  elapsedSince,
  formatNumber,
  type Latency,
  latency,
  log,
  machine,
  machineLine,
  rounded,
  type SummaryRow,
  saveResult,
  table,
} from './lib/report.js';
import { SignPool } from './lib/sign-pool.js';

export interface CommandsOptions {
  quick: boolean;
}

const PUBLISHED = {
  trillianMySql: 'Trillian on MySQL: about 400–500 entries/s (published)',
  tesseraNvme: 'Tessera on NVMe: about 10,000 entries/s (published)',
};
const AIM_PER_SECOND = 10_000;

interface Sizes {
  warmup: number;
  perWindow: number;
  /** In-process runs: commands outstanding, and the hub's maxBatch where not its default. */
  inProcess: { window: number; maxBatch?: number }[];
  naiveCount: number;
  naiveWindow: number;
  httpCount: number;
  httpConcurrency: number[];
}

/**
 * Windows of 256, 1024 and 4096 outstanding commands with the hub's default maxBatch; the last run
 * keeps more outstanding than one batch holds, so the next batch's signatures could be verified
 * while this one is written.
 */
const IN_PROCESS: Sizes['inProcess'] = [
  { window: 256 },
  { window: 1024 },
  { window: 4096 },
  { window: 4096, maxBatch: 1024 },
];

const FULL: Sizes = {
  warmup: 3000,
  perWindow: 30_000,
  inProcess: IN_PROCESS,
  naiveCount: 1500,
  naiveWindow: 256,
  httpCount: 15_000,
  httpConcurrency: [64, 256],
};
const QUICK: Sizes = {
  warmup: 1000,
  perWindow: 5000,
  inProcess: IN_PROCESS,
  naiveCount: 300,
  naiveWindow: 256,
  httpCount: 3000,
  httpConcurrency: [64, 256],
};

/** Batch statistics from the hub's onBatch hook. */
class BatchStats {
  batches = 0;
  commands = 0;
  entries = 0;
  commitMs = 0;
  maxEntries = 0;

  observe = (batch: BatchReport): void => {
    this.batches++;
    this.commands += batch.commands;
    this.entries += batch.entries;
    this.commitMs += batch.commitMs;
    this.maxEntries = Math.max(this.maxEntries, batch.entries);
  };

  reset(): void {
    this.batches = this.commands = this.entries = this.commitMs = this.maxEntries = 0;
  }

  report() {
    return {
      batches: this.batches,
      meanBatch: this.batches ? this.entries / this.batches : 0,
      largestBatch: this.maxEntries,
      meanWriteMs: this.batches ? this.commitMs / this.batches : 0,
    };
  }
}

interface Drive {
  done: number;
  refused: number;
  seconds: number;
  perSecond: number;
  latencyMs: Latency;
  /** CPU time of the whole process (all its threads) over wall time: how many cores were busy. */
  coresBusy: number;
}

/** Cores busy in this process (all threads) since `since`, over `seconds` of wall time. */
function coresBusy(since: NodeJS.CpuUsage, seconds: number): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6 / seconds;
}

/** Keeps `window` commands outstanding until all are answered; latency is submit → resolve. */
async function drive(hub: Hub, commands: readonly SignedCommand[], window: number): Promise<Drive> {
  const latencies = new Float64Array(commands.length);
  let next = 0;
  let settled = 0;
  let refused = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await new Promise<void>((finish, fail) => {
    const launch = (): void => {
      const i = next++;
      const sent = performance.now();
      hub.submit(commands[i] as SignedCommand).then(
        () => {
          latencies[i] = performance.now() - sent;
          settled++;
          if (next < commands.length) launch();
          else if (settled === commands.length) finish();
        },
        (error: Error) => {
          refused++;
          fail(error);
        },
      );
    };
    for (let k = 0; k < Math.min(window, commands.length); k++) launch();
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    done: settled,
    refused,
    seconds,
    perSecond: settled / seconds,
    latencyMs: rounded(latency(latencies)),
    coresBusy: coresBusy(cpu, seconds),
  };
}

/**
 * What the main thread spends per command on the steps that can be timed alone, with the hub's own
 * functions: a guide to the profile, not a substitute for it (the SQLite write and the
 * state changes are inside the batch write time).
 */
function stageCosts(admin: BenchAdmin, commands: readonly SignedCommand[]): Record<string, number> {
  const sample = commands.slice(0, 2000);
  const publicKey = rawPublicKey(createPublicKey(Buffer.from(admin.pem)));
  const time = new Date().toISOString();
  const entry = (signed: SignedCommand): Entry => ({
    v: 1,
    kind: signed.command.type,
    time,
    author: { party: HUB_PARTY, operator: ADMIN_ID, key: signed.key },
    command: signed.command,
    signature: signed.signature,
    visibility: ['*'],
    salt: randomBytes(16).toString('base64'),
  });
  const entries = sample.map(entry);
  const messages = sample.map((signed) => canonicalBytes(signed.command));
  const encoded = entries.map((e) => encodeEntry(e));
  const steps: [string, (i: number) => unknown][] = [
    ['schema check (validateCommand)', (i) => validateCommand((sample[i] as SignedCommand).command)],
    ['JCS of the command (signed bytes)', (i) => canonicalBytes((sample[i] as SignedCommand).command)],
    [
      'Ed25519 verify (on a worker thread in the hub)',
      (i) => verifySignature(publicKey, messages[i] as Uint8Array, (sample[i] as SignedCommand).signature),
    ],
    ['entry encoding (encodeEntry: check + JCS)', (i) => encodeEntry(entries[i] as Entry)],
    ['salt (randomBytes(16))', () => randomBytes(16).toString('base64')],
    ['leaf hash (hashLeaf)', (i) => hashLeaf(encoded[i] as Uint8Array)],
  ];
  const costs: Record<string, number> = {};
  for (const [name, step] of steps) {
    for (let i = 0; i < sample.length; i++) step(i); // warm-up
    const started = performance.now();
    for (let i = 0; i < sample.length; i++) step(i);
    costs[name] = ((performance.now() - started) * 1000) / sample.length;
  }
  return costs;
}

function configName(run: { window: number; maxBatch: number | string }): string {
  return `window ${run.window}${typeof run.maxBatch === 'number' ? `, maxBatch ${run.maxBatch}` : ''}`;
}

async function inProcess(
  admin: BenchAdmin,
  commands: readonly SignedCommand[],
  sizes: Sizes,
  window: number,
  maxBatch?: number,
  count = sizes.perWindow,
) {
  const founded = await foundBenchHub(admin);
  const { hubKey, origin, store } = openHubFiles(founded.dir);
  const stats = new BatchStats();
  const hub = await Hub.open({
    store,
    hubKey,
    origin,
    onBatch: stats.observe,
    ...(maxBatch === undefined ? {} : { maxBatch }),
  });
  try {
    await drive(hub, commands.slice(0, sizes.warmup), Math.min(window, 256));
    stats.reset();
    const measured = await drive(hub, commands.slice(sizes.warmup, sizes.warmup + count), window);
    return { window, maxBatch: maxBatch ?? 'default (4096)', ...measured, ...stats.report() };
  } finally {
    await hub.close();
    await store.close();
    founded.remove();
  }
}

async function overHttp(admin: BenchAdmin, sizes: Sizes) {
  const founded = await foundBenchHub(admin);
  const { hubKey, origin, store } = openHubFiles(founded.dir);
  const stats = new BatchStats();
  const metrics = new HubMetrics();
  const hub = await Hub.open({
    store,
    hubKey,
    origin,
    onBatch: (batch) => {
      metrics.observeBatch(batch);
      stats.observe(batch);
    },
  });
  const watch = new TrackWatch(hub, {
    onArchiveError: (error) => {
      throw error;
    },
    onFailure: (_what, error) => {
      throw error;
    },
  });
  const app = await buildServer({ hub, metrics, logger: false, watch, limits: LIFTED_COMMAND_LIMITS });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const child = fork(new URL('./lib/http-load.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const phases: (HttpLoadReport & ReturnType<BatchStats['report']> & { hubCoresBusy: number })[] = [];
  let phaseCpu = process.cpuUsage();
  let phaseStarted = performance.now();
  try {
    await new Promise<void>((finish, fail) => {
      child.on('error', fail);
      child.on('exit', (code) =>
        code === 0 ? finish() : fail(new Error(`load generator exited with ${code}`)),
      );
      child.on('message', (message: HttpLoadMessage) => {
        if (message.type === 'phase-start') {
          stats.reset();
          phaseCpu = process.cpuUsage();
          phaseStarted = performance.now();
          child.send({ type: 'go' });
        } else if (message.type === 'phase-done') {
          const hubCoresBusy = coresBusy(phaseCpu, (performance.now() - phaseStarted) / 1000);
          phases.push({ ...message.report, ...stats.report(), hubCoresBusy });
        }
      });
      const request: HttpLoadRequest = {
        type: 'start',
        url,
        adminPem: admin.pem,
        origin: BENCH_ORIGIN,
        warmup: Math.min(sizes.warmup, 2000),
        phases: sizes.httpConcurrency.map((concurrency) => ({ concurrency, count: sizes.httpCount })),
      };
      child.send(request);
    });
  } finally {
    await app.close();
    await watch.close();
    await hub.close();
    await store.close();
    founded.remove();
  }
  return phases;
}

export async function run(options: CommandsOptions): Promise<BenchResult> {
  const sizes = options.quick ? QUICK : FULL;
  const started = performance.now();
  const info = await machine();
  log(`# commands: durable signed commands per second (${options.quick ? 'quick' : 'full'})`);
  log(machineLine(info));
  log(`store: SqliteStore (WAL, synchronous=FULL) on ${tempFileSystem()}`);
  log('command: operator.add with a fresh Ed25519 key, signed by the party administrator before timing');

  const admin = benchAdmin();
  const pool = new SignPool();
  const needed = sizes.warmup + sizes.perWindow;
  log(`pre-signing ${needed.toLocaleString('en-US')} commands on ${pool.size} worker threads…`);
  const signingStarted = performance.now();
  const commands = await pool.operatorAdds(
    { adminPem: admin.pem, origin: BENCH_ORIGIN, time: Date.now() },
    0,
    needed,
  );
  await pool.close();
  log(`  signed in ${elapsedSince(signingStarted)} (not timed)`);
  const costs = stageCosts(admin, commands);
  const verifiesPerSecond = 1e6 / (costs['Ed25519 verify (on a worker thread in the hub)'] as number);
  log('cost per command of the steps that can be timed alone (µs, one thread):');
  for (const [name, micros] of Object.entries(costs)) log(`  ${name.padEnd(48)} ${formatNumber(micros)}`);

  // a. In-process, group commit, by window.
  const grouped = [];
  for (const { window, maxBatch } of sizes.inProcess) {
    const result = await inProcess(admin, commands, sizes, window, maxBatch);
    grouped.push(result);
    log(
      `  in-process ${configName(result)}: ${formatNumber(result.perSecond)}/s, p50 ${formatNumber(result.latencyMs.p50)} ms, p99 ${formatNumber(result.latencyMs.p99)} ms, mean batch ${formatNumber(result.meanBatch)} (write ${formatNumber(result.meanWriteMs)} ms/batch), ${formatNumber(result.coresBusy)} of ${info.cores} cores busy`,
    );
  }
  // c. The naive peer: one transaction (and fsync, and checkpoint) per command.
  const naive = await inProcess(admin, commands, sizes, sizes.naiveWindow, 1, sizes.naiveCount);
  log(
    `  in-process one-commit-per-command (maxBatch 1, window ${naive.window}): ${formatNumber(naive.perSecond)}/s, p50 ${formatNumber(naive.latencyMs.p50)} ms, p99 ${formatNumber(naive.latencyMs.p99)} ms, ${formatNumber(naive.meanWriteMs)} ms per commit`,
  );
  // b. Over HTTP, load from a separate process.
  log(
    `over HTTP: Fastify on 127.0.0.1, load from a child process (keep-alive); it shares the ${info.cores} cores with the hub`,
  );
  const http = await overHttp(admin, sizes);
  for (const phase of http) {
    log(
      `  HTTP concurrency ${phase.concurrency}: ${formatNumber(phase.perSecond)}/s, p50 ${formatNumber(phase.latencyMs.p50)} ms, p99 ${formatNumber(phase.latencyMs.p99)} ms, mean batch ${formatNumber(phase.meanBatch)}, hub process ${formatNumber(phase.hubCoresBusy)} of ${info.cores} cores busy`,
    );
  }

  const best = grouped.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  const summary: SummaryRow[] = [
    ...grouped.map((g) => ({
      benchmark: 'commands',
      metric: `in-process ${configName(g)}`,
      value: g.perSecond,
      unit: 'cmd/s',
      against: `aim ≥ ${AIM_PER_SECOND.toLocaleString('en-US')}/s; p50 ${formatNumber(g.latencyMs.p50)} ms, p99 ${formatNumber(g.latencyMs.p99)} ms, batch ${formatNumber(g.meanBatch)}, ${formatNumber(g.coresBusy)} cores busy`,
    })),
    {
      benchmark: 'commands',
      metric: 'in-process 1 txn/command (peer)',
      value: naive.perSecond,
      unit: 'cmd/s',
      against: `group commit ×${formatNumber(best.perSecond / naive.perSecond)}; p99 ${formatNumber(naive.latencyMs.p99)} ms`,
    },
    ...http.map((h) => ({
      benchmark: 'commands',
      metric: `HTTP concurrency ${h.concurrency}`,
      value: h.perSecond,
      unit: 'cmd/s',
      against: `p50 ${formatNumber(h.latencyMs.p50)} ms, p99 ${formatNumber(h.latencyMs.p99)} ms, batch ${formatNumber(h.meanBatch)}`,
    })),
    {
      benchmark: 'commands',
      metric: 'Ed25519 verify, one core',
      value: verifiesPerSecond,
      unit: 'verify/s',
      against: "the hub's verifySignature; one per command, on worker threads",
    },
  ];

  log('');
  log(
    table(
      ['path', 'cmd/s', 'p50 ms', 'p99 ms', 'mean batch', 'ms/batch write', 'hub cores busy'],
      [
        ...grouped.map((g) => inProcessRow(`in-process, ${configName(g)}`, g)),
        inProcessRow(`in-process, 1 txn per command, window ${naive.window}`, naive),
        ...http.map((h) => [
          `HTTP, concurrency ${h.concurrency}`,
          formatNumber(h.perSecond),
          formatNumber(h.latencyMs.p50),
          formatNumber(h.latencyMs.p99),
          formatNumber(h.meanBatch),
          formatNumber(h.meanWriteMs),
          formatNumber(h.hubCoresBusy),
        ]),
      ],
    ),
  );
  log(
    `context: ${PUBLISHED.trillianMySql}; ${PUBLISHED.tesseraNvme}; aim here ≥ ${AIM_PER_SECOND.toLocaleString('en-US')}/s in-process on ${info.cores} cores`,
  );
  log(
    `best in-process: ${formatNumber(best.perSecond)}/s (${best.perSecond >= AIM_PER_SECOND ? 'meets' : 'below'} the aim)`,
  );

  const result: BenchResult = {
    name: 'commands',
    quick: options.quick,
    machine: info,
    store: `SqliteStore, WAL, synchronous=FULL, ${tempFileSystem()}`,
    command: 'operator.add (fresh Ed25519 key), signed by a party administrator before timing',
    sizes,
    ed25519VerifyPerSecondOneCore: Math.round(verifiesPerSecond),
    stageCostsMicroseconds: costs,
    inProcess: grouped,
    naiveOneTransactionPerCommand: naive,
    http: { note: `load from a child process on the same ${info.cores}-core machine`, phases: http },
    published: PUBLISHED,
    aimPerSecond: AIM_PER_SECOND,
    seconds: (performance.now() - started) / 1000,
    summary,
  };
  log(`saved ${saveResult(result)} (${elapsedSince(started)})`);
  return result;
}

function inProcessRow(name: string, phase: Awaited<ReturnType<typeof inProcess>>): string[] {
  return [
    name,
    formatNumber(phase.perSecond),
    formatNumber(phase.latencyMs.p50),
    formatNumber(phase.latencyMs.p99),
    formatNumber(phase.meanBatch),
    formatNumber(phase.meanWriteMs),
    formatNumber(phase.coresBusy),
  ];
}
