// Alert latency end to end, through the real hub: `deconflict serve` in a child process; four
// parties each streaming their own aircraft at 1 Hz over their api feed's WebSocket, and each with
// operators on /v1/stream, in another child process (bench/lib/alert-clients.ts). Background traffic
// that never conflicts (levels, lanes) keeps the watch busy; planted head-on pairs of two parties
// raise an alert each at a known report. Measured: report sent → alert.begin on every socket of
// both parties, and → the urgent track-alert request on the socket of the roster member asked;
// reports accepted per second, the hub's CPU and memory, and whether it kept 1 Hz, at each size up
// to where it no longer does. Side by side in the same run: the same traffic through the watch
// engine alone in-process (no HTTP, no record, no hotline), so what the rest of the hub adds shows.

import { OperatorSigner } from '../src/client/operator-signer.js';
import { ServeProcess } from '../test/support/cli.js';
import type { AlertClientsMessage, AlertClientsRequest, AlertRunReport } from './lib/alert-clients.js';
import { type EngineRunReport, engineRun } from './lib/alert-engine.js';
import { processRssMiB } from './lib/alert-hub-rss.js';
import { FEED, SLICES, type TrafficSpec } from './lib/alert-traffic.js';
import { Child } from './lib/child-process.js';
import { layout, post, setUpWorld } from './lib/hotline-world.js';
import {
  BENCH_ORIGIN,
  benchAdmin,
  foundBenchHub,
  LIFTED_COMMAND_RATES,
  tempFileSystem,
} from './lib/hub-fixture.js';
import { cpuTimes, machineCoresBusy, waitForQuiet } from './lib/machine-load.js';
import { processCpuSeconds } from './lib/process-cpu.js';
import {
  type BenchResult,
  elapsedSince,
  formatNumber,
  type Latency,
  log,
  machine,
  machineLine,
  type SummaryRow,
  saveResult,
  summaryTable,
} from './lib/report.js';

export interface AlertLatencyOptions {
  quick: boolean;
}

interface Sizes {
  /** Background tracks, in turn; after the first two, only while the hub keeps 1 Hz. */
  tracks: number[];
  seconds: number;
  pairsPerSecond: number;
}

const FULL: Sizes = {
  tracks: [1000, 10_000, 12_500, 15_000, 20_000, 30_000],
  seconds: 40,
  pairsPerSecond: 2,
};
const QUICK: Sizes = { tracks: [1000], seconds: 20, pairsPerSecond: 2 };
const WORLD = { parties: 4, clientsPerParty: 8, rostersPerParty: 1 };
/** The feeds' roster: its first member is asked each urgent request. */
const DUTY = 'duty-0';
const WARM_UP_S = 4;
/** 1 Hz is kept when every report is taken and 99 % of batches are answered within the second. */
const KEPT_P99_MS = 1000;
const AIM_P99_MS = 100;

interface HubLoad {
  /** Mean and busiest second's cores of the hub's process over the run. */
  cores: number | null;
  peakCores: number | null;
  rssMiB: number | null;
  peakRssMiB: number | null;
  machineCores: number | null;
  othersCoresBefore: number | null;
  waitedSeconds: number;
}

interface SizeResult {
  tracks: number;
  offeredPerSecond: number;
  acceptedPerSecond: number;
  kept1Hz: boolean;
  hub: AlertRunReport;
  load: HubLoad;
  engine: EngineRunReport;
}

const ms = (l: Latency) =>
  `p50 ${formatNumber(l.p50)} ms, p99 ${formatNumber(l.p99)} ms, max ${formatNumber(l.max)} ms (${l.count.toLocaleString('en-US')})`;

/** Samples the hub's CPU and memory once a second while `phase` runs. */
async function sampled<T>(pid: number, phase: () => Promise<T>): Promise<{ result: T; load: HubLoad }> {
  const quiet = await waitForQuiet(0.3, 15_000);
  if (quiet.waitedSeconds > 3)
    log(`  (waited ${quiet.waitedSeconds.toFixed(0)} s for other work to calm down)`);
  const machineBefore = cpuTimes();
  const began = performance.now();
  const cpuBefore = processCpuSeconds(pid);
  const perSecond: number[] = [];
  const rss: number[] = [];
  let last = { at: began, cpu: cpuBefore };
  const timer = setInterval(() => {
    const at = performance.now();
    const cpu = processCpuSeconds(pid);
    if (cpu !== null && last.cpu !== null) perSecond.push((cpu - last.cpu) / ((at - last.at) / 1000));
    last = { at, cpu };
    const resident = processRssMiB(pid);
    if (resident !== null) rss.push(resident);
  }, 1000);
  try {
    const result = await phase();
    const cpuAfter = processCpuSeconds(pid);
    const wall = (performance.now() - began) / 1000;
    return {
      result,
      load: {
        cores: cpuAfter === null || cpuBefore === null ? null : (cpuAfter - cpuBefore) / wall,
        peakCores: perSecond.length > 0 ? Math.max(...perSecond) : null,
        rssMiB: rss.at(-1) ?? null,
        peakRssMiB: rss.length > 0 ? Math.max(...rss) : null,
        machineCores: machineCoresBusy(machineBefore),
        othersCoresBefore: quiet.othersCores,
        waitedSeconds: quiet.waitedSeconds,
      },
    };
  } finally {
    clearInterval(timer);
  }
}

/** One size: a fresh hub, its world and feeds, the parties' clients, the run; then the engine alone. */
async function runSize(tracks: number, sizes: Sizes): Promise<SizeResult> {
  const parties = layout(WORLD);
  const spec: TrafficSpec = {
    parties: parties.map((p) => p.party),
    background: tracks,
    seconds: sizes.seconds,
    warmUpS: WARM_UP_S,
    pairsPerSecond: sizes.pairsPerSecond,
  };
  const admin = benchAdmin();
  const founded = await foundBenchHub(admin);
  const hub = await ServeProcess.start(founded.dir.path, [], { ...LIFTED_COMMAND_RATES });
  const clients = new Child<AlertClientsRequest, AlertClientsMessage>(
    new URL('./lib/alert-clients.ts', import.meta.url).pathname,
    [],
  );
  try {
    const admins = new Map(parties.map((p) => [p.party, OperatorSigner.generate()]));
    const specs = await setUpWorld(hub.url, BENCH_ORIGIN, admin.signer, parties, admins);
    for (const signer of admins.values())
      await post(
        hub.url,
        signer.command(BENCH_ORIGIN, 'feed.set', { feed: { name: FEED, kind: 'api', roster: DUTY } }),
      );
    clients.send({
      type: 'connect',
      url: hub.url,
      origin: BENCH_ORIGIN,
      clients: specs,
      reporters: parties.map((p) => p.senders[0] as string),
    });
    const connected = await clients.next('connected');
    log(
      `${tracks.toLocaleString('en-US')} tracks: hub on ${hub.url}; ${specs.length} operators' clients and ${parties.length} feed sockets connected in ${connected.seconds.toFixed(1)} s`,
    );
    const { result: report, load } = await sampled(hub.pid, async () => {
      clients.send({ type: 'run', spec });
      return (await clients.next('ran')).report;
    });
    clients.send({ type: 'leave' });
    await clients.next('left');
    await hub.stop();
    const engine = engineRun(spec);
    const offeredPerSecond = report.offered / sizes.seconds;
    const acceptedPerSecond = report.accepted / report.seconds;
    const kept1Hz = report.accepted === report.offered && report.intakeMs.p99 < KEPT_P99_MS;
    logSize(tracks, report, load, engine, offeredPerSecond, kept1Hz);
    return { tracks, offeredPerSecond, acceptedPerSecond, kept1Hz, hub: report, load, engine };
  } finally {
    clients.kill();
    hub.kill('SIGKILL');
    founded.remove();
  }
}

function problemsOf(r: AlertRunReport): string[] {
  const problems: string[] = [];
  if (r.pairsWithoutAlert > 0) problems.push(`${r.pairsWithoutAlert} planted pairs raised no alert`);
  if (r.arrivalsMissing > 0) problems.push(`${r.arrivalsMissing} alert arrivals missing on parties' sockets`);
  if (r.pairsAlertedTwice > 0) problems.push(`${r.pairsAlertedTwice} pairs alerted twice`);
  if (r.entriesRepeated > 0) problems.push(`${r.entriesRepeated} entries sent twice to a socket`);
  if (r.late > 0) problems.push(`${r.late} alerts not raised by either track's first report`);
  return problems;
}

function logSize(
  tracks: number,
  r: AlertRunReport,
  load: HubLoad,
  engine: EngineRunReport,
  offeredPerSecond: number,
  kept: boolean,
): void {
  log(
    `  feeds: ${r.offered.toLocaleString('en-US')} reports in ${r.batches} batches over ${r.seconds.toFixed(1)} s (${formatNumber(offeredPerSecond)}/s offered); ${r.accepted.toLocaleString('en-US')} accepted, ${r.dropped} dropped${r.dropReasons.length > 0 ? ` (${r.dropReasons.join('; ')})` : ''}; ${r.answered}/${r.batches} batches answered`,
  );
  log(
    `    batch sent → answered: ${ms(r.intakeMs)}; batch due → sent (this side's lag): p99 ${formatNumber(r.sendLagMs.p99)} ms; 1 Hz ${kept ? 'kept' : 'NOT kept'}`,
  );
  log(
    `  alerts: ${r.planted} planted pairs; ${r.pairsWithoutAlert} without an alert, ${r.pairsAlertedTwice} alerted twice, ${r.arrivalsMissing} arrivals missing, ${r.unplanned} unplanned, ${r.late} late, ${r.raisedByEarlier} raised by the earlier first report (its feed taken behind the other's); ${r.alertEnds} ended; ${r.acknowledged} track-alert deliveries acknowledged`,
  );
  log(`    report sent → alert.begin on each socket of both parties: ${ms(r.alertMs)}`);
  log(`    report sent → urgent track-alert notice on the asked member's socket: ${ms(r.noticeMs)}`);
  log(`    report sent → the delivery step asking the member, on its socket: ${ms(r.askedMs)}`);
  log(
    `  hub: ${formatNumber(load.cores ?? Number.NaN)} cores (busiest second ${formatNumber(load.peakCores ?? Number.NaN)}), RSS ${formatNumber(load.rssMiB ?? Number.NaN)} MiB (peak ${formatNumber(load.peakRssMiB ?? Number.NaN)}); clients ${formatNumber(r.clientCores)} cores; whole machine ${formatNumber(load.machineCores ?? Number.NaN)} cores busy (others ${formatNumber(load.othersCoresBefore ?? Number.NaN)} before)`,
  );
  log(
    `  engine alone, same ${tracks.toLocaleString('en-US')} tracks and pairs: ${formatNumber(engine.coresAt1Hz)} cores at 1 Hz (${formatNumber(engine.reportsPerCpuSecond)} reports per CPU second), ${engine.plantedFound}/${engine.planted} planted pairs found, ${engine.unplanned} unplanned; batch start → alert ${ms(engine.alertMs)}`,
  );
}

export async function run(options: AlertLatencyOptions): Promise<BenchResult> {
  const sizes = options.quick ? QUICK : FULL;
  const started = performance.now();
  const info = await machine();
  log(
    `# alert-latency: tracks at 1 Hz through the hub's feeds, to the parties' sockets (${options.quick ? 'quick' : 'full'})`,
  );
  log(machineLine(info));
  log(`store: SqliteStore (WAL, synchronous=FULL) on ${tempFileSystem()}`);
  log(
    `world: ${WORLD.parties} parties, each with an api feed streamed over one WebSocket (its tracks in ${SLICES} batches a second) and ${WORLD.clientsPerParty} operators on /v1/stream; background aircraft on 16 levels that never conflict; ${sizes.pairsPerSecond} head-on pairs of two parties planted each second from ${WARM_UP_S} s, each alert's urgent request acknowledged by the roster member asked; ${sizes.seconds} s per size`,
  );
  const results: SizeResult[] = [];
  for (const [i, tracks] of sizes.tracks.entries()) {
    const previous = results.at(-1);
    if (i >= 2 && previous && !previous.kept1Hz) break;
    results.push(await runSize(tracks, sizes));
  }
  const problems = results.flatMap((r) => problemsOf(r.hub).map((p) => `${r.tracks} tracks: ${p}`));

  const summary: SummaryRow[] = [];
  const row = (metric: string, value: number, unit: string, against?: string) =>
    summary.push({ benchmark: 'alert-latency', metric, value, unit, ...(against ? { against } : {}) });
  for (const r of results) {
    const n = r.tracks.toLocaleString('en-US');
    row(
      `report → alert on both parties' sockets p99, ${n} tracks`,
      r.hub.alertMs.p99,
      'ms',
      `aim < ${AIM_P99_MS} ms; p50 ${formatNumber(r.hub.alertMs.p50)} ms, max ${formatNumber(r.hub.alertMs.max)} ms; engine alone p99 ${formatNumber(r.engine.alertMs.p99)} ms`,
    );
    row(
      `report → urgent notice on roster's socket p99, ${n} tracks`,
      r.hub.noticeMs.p99,
      'ms',
      `p50 ${formatNumber(r.hub.noticeMs.p50)} ms, max ${formatNumber(r.hub.noticeMs.max)} ms`,
    );
    row(
      `reports accepted per second, ${n} tracks`,
      r.acceptedPerSecond,
      'reports/s',
      `${formatNumber(r.offeredPerSecond)}/s offered, 1 Hz ${r.kept1Hz ? 'kept' : 'not kept'}; hub ${formatNumber(r.load.cores ?? Number.NaN)} cores, RSS ${formatNumber(r.load.peakRssMiB ?? Number.NaN)} MiB; engine alone ${formatNumber(r.engine.coresAt1Hz)} cores`,
    );
  }
  const kept = results.filter((r) => r.kept1Hz).map((r) => r.tracks);
  row(
    'largest size kept at 1 Hz',
    kept.length > 0 ? Math.max(...kept) : 0,
    'tracks',
    `tried ${results.map((r) => r.tracks.toLocaleString('en-US')).join(', ')}`,
  );
  log('');
  log(summaryTable(summary));
  log(
    'compared: the hub (feed sockets, JSON and schema checks, the watch, alert entries signed and durable in the record, urgent notices routed on the hotline, fan-out to every socket of the parties involved) against the watch engine alone in-process on the same reports (WatchEngine.report, simulated clock, no I/O)',
  );
  log(
    problems.length === 0
      ? 'every planted alert reached every socket of both parties, once'
      : `FAILED: ${problems.join('; ')}`,
  );

  const result: BenchResult = {
    name: 'alert-latency',
    quick: options.quick,
    machine: info,
    summary,
    store: `SqliteStore, WAL, synchronous=FULL, ${tempFileSystem()}`,
    sizes,
    world: WORLD,
    sizeResults: results,
    problems,
    aimP99Ms: AIM_P99_MS,
    seconds: (performance.now() - started) / 1000,
  };
  log(`saved ${saveResult(result)} (${elapsedSince(started)})`);
  if (problems.length > 0) throw new Error(`alerts were lost or repeated: ${problems.join('; ')}`);
  return result;
}
