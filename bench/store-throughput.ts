// The hub's record on PostgreSQL beside SQLite, in one run: durable signed commands per second over
// HTTP at 64 and 256 clients, and admissions per second over HTTP (declarations admitted with their
// conflict check and known-conflicts key) in a quiet theatre (nothing live) and a dense one (the
// theatre of bench/admissions.ts filled with background operations first). Each round founds fresh
// hubs and serves them with `deconflict serve`, the way operators run it; the stores take turns
// (A B A B …) with the same warm-up, the machine's load is recorded beside each figure, and the
// hub's peak resident memory beside each hub. PostgreSQL is a local cluster with fsync and
// synchronous_commit on (a durable server, as the hub requires), alone and with a synchronous
// standby that applies each commit before it is answered. With STORE_BENCH_BASELINE=<commit>
// the PostgreSQL store as that commit wrote it takes its turn too, served from a checkout of it.
// One more PostgreSQL hub is profiled (--cpu-prof) at 256 clients, to say where its time goes.
import { fork } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictIndex } from '../src/deconfliction/conflict-index.js';
import { HUB_DEFAULT_SEPARATION } from '../src/deconfliction/separation-minima.js';
import { REPO } from '../test/support/cli.js';
import { postgresUnavailable } from '../test/support/postgis.js';
import { keyedSpecs } from './lib/admission-keys.js';
import type { AdmissionSpec, LoadMessage, LoadRequest } from './lib/admission-load.js';
import {
  BACKGROUND_CHUNK,
  backgroundChunk,
  newOperations,
  operationVolumes,
  ownerOf,
  theatreStart,
} from './lib/admission-workload.js';
import { baselineCheckout } from './lib/baseline-checkout.js';
import { Child } from './lib/child-process.js';
import { breakdown, type CpuProfile, type ProfileBreakdown, profileWindow } from './lib/cpu-profile.js';
import type { HttpLoadMessage, HttpLoadReport, HttpLoadRequest } from './lib/http-load.js';
import { BENCH_ORIGIN, tempFileSystem } from './lib/hub-fixture.js';
import { cpuTimes, machineCoresBusy, waitForQuiet } from './lib/machine-load.js';
import { DURABLE, type PostgisCluster, startPostgisCluster } from './lib/postgis-cluster.js';
import { processCpuSeconds } from './lib/process-cpu.js';
import {
  type BenchResult,
  formatNumber,
  type Latency,
  log,
  machine,
  machineLine,
  type SummaryRow,
  saveResult,
  table,
} from './lib/report.js';
import { createParties, type ServedHub, type StoreVariant, serveHub } from './lib/served-hub.js';

interface Sizes {
  repeats: number;
  commands: { warmup: number; count: number; clients: number[] };
  admissions: { parties: number; clients: number; warmup: number; count: number; background: number };
  profileCount: number;
}

const FULL: Sizes = {
  repeats: 3,
  commands: { warmup: 1000, count: 4000, clients: [64, 256] },
  admissions: { parties: 256, clients: 64, warmup: 100, count: 800, background: 3000 },
  profileCount: 8000,
};
const QUICK: Sizes = {
  repeats: 1,
  commands: { warmup: 500, count: 1500, clients: [64, 256] },
  admissions: { parties: 256, clients: 64, warmup: 50, count: 300, background: 1000 },
  profileCount: 3000,
};

/** One timed phase against one hub. */
interface Figure {
  workload: string;
  variant: string;
  repeat: number;
  perSecond: number;
  latencyMs: Pick<Latency, 'p50' | 'p99'>;
  seconds: number;
  /** Cores the hub's process kept busy, the load generator's, and the rest of the machine's. */
  hubCores: number;
  loadCores: number;
  othersCores: number | null;
  /** The hub process's peak resident memory when the round ended. */
  peakRssMiB: number | null;
  commits: Cost['commits'];
}

interface Cost {
  hubCores: number;
  loadCores: number;
  othersCores: number | null;
  commits: { count: number; meanEntries: number; meanMs: number; writerBusy: number };
}

/**
 * What a phase cost: cores kept busy by the hub's process, the load generator's and the rest of the
 * machine; and the hub's group commits (from its /metrics), how large, how long, and the share of
 * the phase the writer spent in them (near 1: the commits are what limits the rate).
 */
async function meter(hub: ServedHub, loadPid: number) {
  const machineBefore = cpuTimes();
  const hubBefore = hub.cpuSeconds();
  const loadBefore = processCpuSeconds(loadPid) ?? Number.NaN;
  const commitsBefore = await hub.commits();
  const started = performance.now();
  return async (): Promise<Cost> => {
    const seconds = (performance.now() - started) / 1000;
    const machineCores = machineCoresBusy(machineBefore);
    const hubCores = (hub.cpuSeconds() - hubBefore) / seconds;
    const loadCores = ((processCpuSeconds(loadPid) ?? Number.NaN) - loadBefore) / seconds;
    const commits = await hub.commits();
    const count = commits.count - commitsBefore.count;
    const commitSeconds = commits.seconds - commitsBefore.seconds;
    return {
      hubCores,
      loadCores,
      othersCores: machineCores === null ? null : Math.max(0, machineCores - hubCores - loadCores),
      commits: {
        count,
        meanEntries: (commits.entries - commitsBefore.entries) / count,
        meanMs: (commitSeconds * 1000) / count,
        writerBusy: commitSeconds / seconds,
      },
    };
  };
}

/**
 * Signed commands over HTTP against one fresh hub: the load generator of bench/commands.ts signs
 * them all first, warms the hub up at 64 clients, then runs each phase when told to. With `profile`
 * the hub runs under --cpu-prof, and the phase's window of the profile is returned.
 */
async function commandsRound(
  variant: StoreVariant,
  cluster: PostgisCluster | null,
  sizes: Sizes['commands'],
  repeat: number,
  profileDir?: string,
): Promise<{ figures: Figure[]; profile?: ProfileBreakdown }> {
  const hub = await serveHub(
    variant,
    cluster,
    profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=500'] : [],
  );
  const child = fork(new URL('./lib/http-load.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const figures: Figure[] = [];
  const window: [number, number] = [0, 0];
  try {
    let measure: Promise<() => Promise<Cost>> | null = null;
    const done: Promise<void>[] = [];
    await new Promise<void>((finish, fail) => {
      child.on('error', fail);
      child.on('exit', (code) =>
        code === 0 ? finish() : fail(new Error(`load generator exited with ${code}`)),
      );
      child.on('message', (message: HttpLoadMessage) => {
        if (message.type === 'phase-start') {
          measure = meter(hub, child.pid as number);
          measure.then(() => {
            window[0] = Number(process.hrtime.bigint() / 1000n);
            child.send({ type: 'go' });
          }, fail);
        } else if (message.type === 'phase-done') {
          window[1] = Number(process.hrtime.bigint() / 1000n);
          const report = message.report;
          const measured = (measure as Promise<() => Promise<Cost>>).then(async (end) => {
            figures.push(
              figureOf(`commands, ${report.concurrency} clients`, variant, repeat, report, await end()),
            );
          });
          done.push(measured);
          measured.catch(fail);
        }
      });
      const request: HttpLoadRequest = {
        type: 'start',
        url: hub.url,
        adminPem: hub.admin.pem,
        origin: BENCH_ORIGIN,
        warmup: sizes.warmup,
        phases: sizes.clients.map((concurrency) => ({ concurrency, count: sizes.count })),
      };
      child.send(request);
    });
    await Promise.all(done);
    const peak = hub.peakRssMiB();
    for (const figure of figures) figure.peakRssMiB = peak;
  } finally {
    child.kill();
    await hub.stop();
  }
  if (!profileDir) return { figures };
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`the hub wrote no profile in ${profileDir}`);
  const whole = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile;
  return { figures, profile: breakdown(profileWindow(whole, window[0], window[1])) };
}

function figureOf(
  workload: string,
  variant: StoreVariant,
  repeat: number,
  report: Pick<HttpLoadReport, 'perSecond' | 'seconds' | 'latencyMs'>,
  cost: Cost,
): Figure {
  return {
    workload,
    variant: variant.name,
    repeat,
    perSecond: report.perSecond,
    latencyMs: { p50: report.latencyMs.p50, p99: report.latencyMs.p99 },
    seconds: report.seconds,
    ...cost,
    peakRssMiB: null,
  };
}

interface Theatre {
  name: 'quiet' | 'dense';
  /** Background operations admitted (untimed) before the new ones. */
  background: AdmissionSpec[];
  warmup: AdmissionSpec[];
  timed: AdmissionSpec[];
}

/** Admissions over HTTP against one fresh hub: parties, background (if any), warm-up, timed phase. */
async function admissionsRound(
  variant: StoreVariant,
  cluster: PostgisCluster | null,
  sizes: Sizes['admissions'],
  theatre: Theatre,
  repeat: number,
): Promise<{ figure: Figure; backgroundPerSecond: number | null }> {
  const hub = await serveHub(variant, cluster);
  const load = new Child<LoadRequest, LoadMessage>(
    new URL('./lib/admission-load.ts', import.meta.url).pathname,
    [],
  );
  try {
    const { pems } = await createParties(hub, sizes.parties);
    load.send({ type: 'start', url: hub.url, origin: BENCH_ORIGIN, pems });
    const phase = async (name: string, specs: AdmissionSpec[]) => {
      load.send({ type: 'phase', name, mode: 'known-key', concurrency: sizes.clients, specs });
      await load.next('ready');
      const measure = await meter(hub, load.pid);
      load.send({ type: 'go' });
      const { report } = await load.next('done');
      const cost = await measure();
      if (report.admitted !== specs.length)
        throw new Error(
          `${variant.name}, ${name}: ${report.admitted} of ${specs.length} admitted; ${JSON.stringify(report.failures.slice(0, 3))}`,
        );
      return { report, cost };
    };
    const background =
      theatre.background.length > 0 ? (await phase('background', theatre.background)).report : null;
    await phase('warm-up', theatre.warmup);
    const { report, cost } = await phase(`${theatre.name} theatre`, theatre.timed);
    const figure = figureOf(
      `admissions, ${theatre.name} theatre, ${sizes.clients} clients`,
      variant,
      repeat,
      report,
      cost,
    );
    figure.peakRssMiB = hub.peakRssMiB();
    return { figure, backgroundPerSecond: background?.perSecond ?? null };
  } finally {
    load.kill();
    await hub.stop();
  }
}

/** The quiet and the dense theatre, with every new operation's key computed beforehand. */
function theatres(sizes: Sizes['admissions']): { theatres: Theatre[]; meanKey: Record<string, number> } {
  const t0 = theatreStart();
  const operations = newOperations(sizes.warmup + sizes.count, sizes.parties, t0);
  const background = Array.from({ length: Math.ceil(sizes.background / BACKGROUND_CHUNK) }, (_, c) =>
    backgroundChunk(c, sizes.background, t0),
  ).flat();
  const live = new ConflictIndex({ maxSeparation: HUB_DEFAULT_SEPARATION });
  const quiet = keyedSpecs(live, operations, sizes.parties).specs;
  live.load(
    background.map((operation) => ({ owner: ownerOf(operation), volumes: operationVolumes(operation) })),
  );
  const dense = keyedSpecs(live, operations, sizes.parties).specs;
  // The background party signs last in the list of client keys.
  const backgroundSpecs = background.map((operation) => ({
    client: sizes.parties,
    operation,
    key: [],
    background: [],
  }));
  const mean = (specs: AdmissionSpec[]) => specs.reduce((sum, s) => sum + s.key.length, 0) / specs.length;
  const split = (name: Theatre['name'], specs: AdmissionSpec[], bg: AdmissionSpec[]): Theatre => ({
    name,
    background: bg,
    warmup: specs.slice(0, sizes.warmup),
    timed: specs.slice(sizes.warmup),
  });
  return {
    theatres: [split('quiet', quiet, []), split('dense', dense, backgroundSpecs)],
    meanKey: { quiet: mean(quiet), dense: mean(dense) },
  };
}

const median = (values: number[]) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length / 2;
  return sorted.length % 2
    ? (sorted[Math.floor(mid)] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export async function run(options: { quick: boolean }): Promise<BenchResult> {
  const sizes = options.quick ? QUICK : FULL;
  const started = performance.now();
  const info = await machine();
  log(
    `# store-throughput: PostgreSQL beside SQLite, commands and admissions over HTTP (${options.quick ? 'quick' : 'full'})`,
  );
  log(machineLine(info));
  const unavailable = postgresUnavailable();
  if (unavailable !== null) throw new Error(`store-throughput needs PostgreSQL: ${unavailable}`);
  const here = info.git?.commit ?? 'working tree';
  // What a deployment that must lose nothing when a machine is lost runs: every commit also applied
  // on a standby before it is answered.
  const withStandby: StoreVariant = {
    name: 'PostgreSQL, synchronous standby',
    store: 'postgresql',
    tree: REPO,
    commit: here,
  };
  const variants: StoreVariant[] = [
    { name: 'SQLite', store: 'sqlite', tree: REPO, commit: here },
    { name: 'PostgreSQL', store: 'postgresql', tree: REPO, commit: here },
    withStandby,
  ];
  const baselineCommit = process.env.STORE_BENCH_BASELINE;
  const baseline = baselineCommit ? baselineCheckout(baselineCommit) : null;
  if (baseline)
    variants.push({
      name: `PostgreSQL at ${baseline.commit}`,
      store: 'postgresql',
      tree: baseline.tree,
      commit: baseline.commit,
    });
  const cluster = await startPostgisCluster(DURABLE, { postgis: false });
  const pair = await startPostgisCluster(DURABLE, { postgis: false, synchronousStandby: true }).catch(
    async (error: Error) => {
      await cluster.stop();
      throw error;
    },
  );
  const clusterOf = (variant: StoreVariant) => (variant === withStandby ? pair : cluster);
  const profileDir = mkdtempSync(join(tmpdir(), 'deconflict-store-profile-'));
  log(`SQLite: the data directory's file (WAL, synchronous=FULL) on ${tempFileSystem()}`);
  log(
    `PostgreSQL 15: a local cluster on the same disk, over its unix socket, ${cluster.settings.join(', ')}; no standby`,
  );
  log(
    `${withStandby.name}: another such cluster, ${pair.settings.join(', ')}, its standby streaming over a unix socket on the same machine and disk`,
  );
  log(
    `hubs: \`deconflict serve\` (request log on), command rates lifted; clients in a child process on the same ${info.cores} cores`,
  );
  const { theatres: scenes, meanKey } = theatres(sizes.admissions);
  log(
    `admissions: ${sizes.admissions.parties} client parties, ${sizes.admissions.clients} clients, ${sizes.admissions.warmup} warm-up + ${sizes.admissions.count} timed operations of 4 volumes (bench/admissions.ts's theatre); quiet: nothing else live, ${formatNumber(meanKey.quiet ?? 0)} conflicts each; dense: ${sizes.admissions.background.toLocaleString('en-US')} background operations admitted first, ${formatNumber(meanKey.dense ?? 0)} conflicts each`,
  );
  log(
    `commands: operator.add signed by the hub's administrator, ${sizes.commands.warmup} warm-up at 64 clients, then ${sizes.commands.count} at each of ${sizes.commands.clients.join(' and ')} clients`,
  );
  log(`order: ${variants.map((v) => v.name).join(', ')} in turn, ${sizes.repeats} time(s)`);

  const figures: Figure[] = [];
  const backgroundRates: { variant: string; perSecond: number }[] = [];
  let profile: ProfileBreakdown | undefined;
  try {
    for (let repeat = 1; repeat <= sizes.repeats; repeat++) {
      for (const variant of variants) {
        const waited = await waitForQuiet(0.3, 5000);
        const round: Figure[] = (await commandsRound(variant, clusterOf(variant), sizes.commands, repeat))
          .figures;
        for (const scene of scenes) {
          const { figure, backgroundPerSecond } = await admissionsRound(
            variant,
            clusterOf(variant),
            sizes.admissions,
            scene,
            repeat,
          );
          round.push(figure);
          if (backgroundPerSecond !== null)
            backgroundRates.push({ variant: variant.name, perSecond: backgroundPerSecond });
        }
        figures.push(...round);
        log(
          `  repeat ${repeat}, ${variant.name}${waited.waitedSeconds > 3 ? ` (waited ${waited.waitedSeconds.toFixed(0)} s for a quieter machine)` : ''}: ${round.map((f) => `${f.workload} ${formatNumber(f.perSecond)}/s (others ${formatNumber(f.othersCores ?? Number.NaN)} cores)`).join('; ')}`,
        );
      }
    }
    log(`profiling PostgreSQL at ${sizes.commands.clients.at(-1)} clients (--cpu-prof on the hub)…`);
    const profiled = await commandsRound(
      variants[1] as StoreVariant,
      cluster,
      {
        warmup: sizes.commands.warmup,
        count: sizes.profileCount,
        clients: [sizes.commands.clients.at(-1) as number],
      },
      0,
      profileDir,
    );
    profile = profiled.profile;
  } finally {
    await cluster.stop();
    await pair.stop();
    baseline?.remove();
    rmSync(profileDir, { recursive: true, force: true });
  }

  const workloads = [...new Set(figures.map((f) => f.workload))];
  const rows = workloads.flatMap((workload) =>
    variants.map((variant) => {
      const mine = figures.filter((f) => f.workload === workload && f.variant === variant.name);
      return {
        workload,
        variant: variant.name,
        commit: variant.commit,
        medianPerSecond: median(mine.map((f) => f.perSecond)),
        perSecond: mine.map((f) => Math.round(f.perSecond)),
        medianP99Ms: median(mine.map((f) => f.latencyMs.p99)),
        medianPeakRssMiB: median(mine.map((f) => f.peakRssMiB ?? Number.NaN)),
        medianBatch: median(mine.map((f) => f.commits.meanEntries)),
        medianCommitMs: median(mine.map((f) => f.commits.meanMs)),
        medianWriterBusy: median(mine.map((f) => f.commits.writerBusy)),
        medianHubCores: median(mine.map((f) => f.hubCores)),
        othersCores: mine.map((f) => Math.round((f.othersCores ?? Number.NaN) * 100) / 100),
      };
    }),
  );
  const sqliteOf = (workload: string) =>
    rows.find((r) => r.workload === workload && r.variant === 'SQLite')?.medianPerSecond ?? Number.NaN;
  log('');
  log(
    table(
      [
        'workload',
        'store',
        '/s (median)',
        'each repeat',
        'vs SQLite',
        'p99 ms',
        'entries/commit',
        'ms/commit',
        'writer in commits',
        'hub cores',
        'hub peak RSS MiB',
        'others’ cores',
      ],
      rows.map((r) => [
        r.workload,
        r.variant,
        formatNumber(r.medianPerSecond),
        r.perSecond.join(' '),
        formatNumber(r.medianPerSecond / sqliteOf(r.workload)),
        formatNumber(r.medianP99Ms),
        formatNumber(r.medianBatch),
        formatNumber(r.medianCommitMs),
        `${Math.round(r.medianWriterBusy * 100)}%`,
        formatNumber(r.medianHubCores),
        formatNumber(r.medianPeakRssMiB),
        r.othersCores.join(' '),
      ]),
    ),
  );
  if (profile) {
    log(
      `\nwhere the PostgreSQL hub's time goes at ${sizes.commands.clients.at(-1)} clients (${formatNumber(profile.profiledMs / 1000)} s profiled):`,
    );
    for (const stage of profile.stages.slice(0, 14))
      log(`  ${stage.stage.padEnd(60)} ${formatNumber(stage.ms)} ms  ${(stage.share * 100).toFixed(1)}%`);
    log('  top self time:');
    for (const top of profile.topSelf.slice(0, 12))
      log(`    ${top.function.padEnd(70)} ${formatNumber(top.ms)} ms (${top.stage})`);
  }
  const summary: SummaryRow[] = rows
    .filter((r) => r.variant !== 'SQLite')
    .map((r) => ({
      benchmark: 'store-throughput',
      metric: `${r.workload}, ${r.variant}`,
      value: r.medianPerSecond,
      unit: r.workload.startsWith('commands') ? 'cmd/s' : 'adm/s',
      against: `SQLite ${formatNumber(sqliteOf(r.workload))}/s in the same run (×${formatNumber(r.medianPerSecond / sqliteOf(r.workload))}); hub peak RSS ${formatNumber(r.medianPeakRssMiB)} MiB vs ${formatNumber(rows.find((s) => s.workload === r.workload && s.variant === 'SQLite')?.medianPeakRssMiB ?? Number.NaN)}`,
    }));
  const result: BenchResult = {
    name: 'store-throughput',
    quick: options.quick,
    machine: info,
    sqlite: `WAL, synchronous=FULL, ${tempFileSystem()}`,
    postgresql: {
      version: 15,
      settings: cluster.settings,
      standby: `none, but for "${withStandby.name}": ${pair.settings.join(', ')}`,
    },
    variants: variants.map(({ name, store, commit }) => ({ name, store, commit })),
    sizes,
    meanConflictsPerAdmission: meanKey,
    backgroundFillPerSecond: backgroundRates,
    medians: rows,
    figures,
    profile,
    seconds: (performance.now() - started) / 1000,
    summary,
  };
  log(`saved ${saveResult(result)}`);
  return result;
}
