// The tactical watch on one core, every track reporting at 1 Hz, on two kinds of traffic:
//  - the mixed theatre: 3 % aircraft, 12 % drones, 85 % ground vehicles over 10° × 10° with 100,000
//    declarations (sites, restricted zones, convoys, operations), every check on (predicted loss of
//    separation, intrusion, conformance, hysteresis, archive sampling): reports per second, the time
//    one 1 Hz cycle of all tracks takes, per-report latency, alerts and memory;
//  - dense: every track airborne (half aircraft, half drones) over the same 10° × 10°, no
//    declarations, 1,000 to 100,000 tracks: the cycle, pairs predicted, alerts, peak RSS and heap,
//    with the all-pairs oracle (bench/lib/watch-all-pairs.ts) on the same reports after each cycle
//    and the pairs compared (see bench/lib/watch-dense.ts).
// For scale, published figures: BlueSky's numpy state-based detection took 0.25–0.38 s per cycle
// for 1,000 aircraft, a C++ pair loop 0.52 s for 4,000.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BLUESKY_LOOKAHEAD_S, BLUESKY_MINIMA } from '../src/geo/cpa.js';
import type { TrackReport } from '../src/watch/track-report.js';
import { WatchEngine } from '../src/watch/watch-engine.js';
import { DEFAULT_WATCH_OPTIONS } from '../src/watch/watch-options.js';
import { Prng } from '../test/support/prng.js';
import { cpuTimes, machineCoresBusy, waitForQuiet } from './lib/machine-load.js';
import {
  type BenchResult,
  elapsedSince,
  formatNumber,
  latency,
  log,
  machine,
  machineLine,
  rounded,
  type SummaryRow,
  saveResult,
  summaryTable,
  table,
} from './lib/report.js';
import { type DenseFigures, denseCase } from './lib/watch-dense.js';
import { declareTheatre, linkOperations, type WatchTheatre } from './lib/watch-theatre.js';
import { flownOn, randomTraffic } from './lib/watch-traffic.js';

export interface WatchBenchOptions {
  quick: boolean;
}

interface Sizes {
  declarations: number;
  tracks: number[];
  rounds: number;
  /** All-airborne traffic, every size compared with the all-pairs oracle. */
  dense: number[];
}
const FULL: Sizes = {
  declarations: 100_000,
  tracks: [1000, 10_000, 100_000],
  rounds: 5,
  dense: [1000, 10_000, 100_000],
};
const QUICK: Sizes = { declarations: 10_000, tracks: [1000, 5000], rounds: 3, dense: [1000, 5000] };

/** About 1,000 km × 1,100 km, like a theatre of a regional war. */
const THEATRE: WatchTheatre = {
  west: 35,
  south: 30,
  widthDeg: 10,
  heightDeg: 10,
  parties: ['blue', 'red', 'green', 'white', 'un', 'ocha', 'icrc', 'msf'],
};
const T0 = Date.parse('2026-03-02T10:00:00Z');
/**
 * Tracks: 3 % aircraft, 12 % drones, 85 % ground vehicles (units, convoys, patrols); a fifth flies or
 * drives for a declared operation. At 100,000 that is 15,000 airborne over the theatre under
 * BlueSky's 5 NM for every pair: tens of thousands of alerts open, so the alert path is exercised too.
 */
const MIX = { aircraft: 0.03, drones: 0.12 };
const LINKED_SHARE = 0.2;
const AIM_REPORTS_PER_S = 100_000;
/** Dense cycles after the first, each followed by the all-pairs oracle. */
const DENSE_CYCLES = 3;

function heapMiB(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

interface RoundFigures {
  seconds: number;
  begins: number;
  ends: number;
}

/** Every track reports once, at the round's time; the engine's tick once. */
function round(
  engine: WatchEngine,
  reports: readonly TrackReport[],
  now: number,
  latencies: Float64Array | null,
): RoundFigures {
  let begins = 0;
  let ends = 0;
  const started = performance.now();
  for (let i = 0; i < reports.length; i++) {
    const before = latencies === null ? 0 : performance.now();
    const outcome = engine.report(reports[i] as TrackReport, now);
    if (latencies !== null) latencies[i] = (performance.now() - before) * 1000;
    if (!outcome.accepted) throw new Error(`the benchmark's traffic was refused: ${outcome.reason}`);
    for (const alert of outcome.alerts) alert.event === 'begin' ? begins++ : ends++;
  }
  for (const alert of engine.tick(now)) alert.event === 'begin' ? begins++ : ends++;
  return { seconds: (performance.now() - started) / 1000, begins, ends };
}

function traffic(
  seed: number,
  count: number,
  theatre: WatchTheatre,
  mix: { aircraft: number; drones: number },
): TrackReport[] {
  return randomTraffic(new Prng(seed), count, { ...theatre, ...mix, time: T0, spreadMs: 0 });
}

export async function run(options: WatchBenchOptions): Promise<BenchResult> {
  const sizes = options.quick ? QUICK : FULL;
  const info = await machine();
  log(
    `# watch: ${options.quick ? 'quick' : 'full'} — tracks at 1 Hz against ${formatNumber(sizes.declarations)} declarations`,
  );
  log(
    `mixed theatre: ${MIX.aircraft * 100} % aircraft, ${MIX.drones * 100} % drones, the rest on the ground, over ${THEATRE.widthDeg}° × ${THEATRE.heightDeg}°; dense: all airborne, half aircraft and half drones, over the same, no declarations`,
  );
  log(machineLine(info));
  const summary: SummaryRow[] = [];
  const row = (metric: string, value: number, unit: string, against?: string) =>
    summary.push({ benchmark: 'watch', metric, value, unit, ...(against ? { against } : {}) });

  const heapBefore = heapMiB();
  let began = performance.now();
  const state = declareTheatre(new Prng(1), sizes.declarations, THEATRE, T0);
  const declareS = (performance.now() - began) / 1000;
  const heapDeclared = heapMiB();
  log(
    `declared ${formatNumber(sizes.declarations)} in ${elapsedSince(began)}; heap ${formatNumber(heapDeclared - heapBefore)} MiB`,
  );

  // The watch's own index of the declared areas, measured on an engine made for nothing else (an
  // async function may hold a finished engine until its variable is reused, so not in the loop).
  const heapBeforeAreas = heapMiB();
  let probe: WatchEngine | null = new WatchEngine(state);
  const watchedAreas = probe.watchedAreas;
  const areaIndexMiB = heapMiB() - heapBeforeAreas;
  probe = null;
  log(`the watch indexes ${formatNumber(watchedAreas)} areas of them in ${formatNumber(areaIndexMiB)} MiB`);
  row(`heap for the areas of ${formatNumber(sizes.declarations)} declarations`, areaIndexMiB, 'MiB');

  const scale: Record<string, unknown>[] = [];
  for (const count of sizes.tracks) {
    const rng = new Prng(count);
    const tracks = traffic(count, count, THEATRE, MIX);
    linkOperations(rng, tracks, state, LINKED_SHARE);
    began = performance.now();
    const engine = new WatchEngine(state);
    const indexS = (performance.now() - began) / 1000;
    const heapIndexed = heapMiB();
    const first = round(engine, tracks, T0, null);
    const heapTracks = heapMiB();
    const latencies = new Float64Array(count * sizes.rounds);
    let current = tracks;
    const rounds: RoundFigures[] = [];
    // On a shared machine, start the timed rounds in a quiet moment if one comes within a minute.
    const quiet = await waitForQuiet(0.5, 60_000);
    const load = cpuTimes();
    for (let r = 1; r <= sizes.rounds; r++) {
      current = current.map((t) => flownOn(t, 1));
      rounds.push(round(engine, current, T0 + r * 1000, latencies.subarray((r - 1) * count, r * count)));
    }
    const coresBusy = machineCoresBusy(load);
    const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
    const perReport = rounded(latency(latencies));
    const figures = {
      tracks: count,
      airborne: tracks.filter((t) => t.airborne).length,
      linkedToOperations: tracks.filter((t) => t.operation).length,
      watchedAreas: engine.watchedAreas,
      areaIndexS: indexS,
      firstRoundS: first.seconds,
      reportsPerSecond: (count * sizes.rounds) / seconds,
      cycleS: { mean: seconds / sizes.rounds, max: Math.max(...rounds.map((r) => r.seconds)) },
      reportMicros: perReport,
      alerts: {
        beganFirstRound: first.begins,
        began: rounds.reduce((s, r) => s + r.begins, 0),
        ended: rounds.reduce((s, r) => s + r.ends, 0),
        open: engine.openAlerts,
      },
      heapMiB: { tracksAndAlerts: heapTracks - heapIndexed },
      rssMiB: process.memoryUsage().rss / 2 ** 20,
      /** Cores busy on the whole machine while the rounds ran, this benchmark's one included. */
      machineCoresBusy: coresBusy,
      waitedForQuietS: quiet.waitedSeconds,
      othersCoresBeforeStart: quiet.othersCores,
    };
    scale.push(figures);
    log(
      `${formatNumber(count)} tracks: ${formatNumber(figures.reportsPerSecond)} reports/s, a 1 Hz cycle in ${figures.cycleS.mean.toFixed(3)} s (max ${figures.cycleS.max.toFixed(3)}), report p50 ${perReport.p50} µs p99 ${perReport.p99} µs; alerts ${first.begins} on first sight, then ${figures.alerts.began} begun and ${figures.alerts.ended} ended; heap ${formatNumber(figures.heapMiB.tracksAndAlerts)} MiB for tracks and alerts; ${coresBusy === null ? '' : `${coresBusy.toFixed(1)} cores busy on the machine`}`,
    );
    row(
      `reports/s, ${formatNumber(count)} tracks, all checks`,
      figures.reportsPerSecond,
      'reports/s',
      `aim ${formatNumber(AIM_REPORTS_PER_S)} (100,000 tracks at 1 Hz)`,
    );
    row(`1 Hz cycle, ${formatNumber(count)} tracks`, figures.cycleS.mean, 's', 'must stay under 1 s');
    row(`report p99, ${formatNumber(count)} tracks`, perReport.p99, 'µs');
    row(`heap for ${formatNumber(count)} tracks and their alerts`, figures.heapMiB.tracksAndAlerts, 'MiB');
  }

  // Dense: every track airborne over the same theatre, the all-pairs oracle in the same run.
  const dense: DenseFigures[] = [];
  for (const count of sizes.dense) {
    await waitForQuiet(0.5, 60_000);
    const figures = denseCase(count, THEATRE, T0, DENSE_CYCLES, heapMiB);
    dense.push(figures);
    const later = figures.cycles;
    const meanS = later.reduce((sum, c) => sum + c.seconds, 0) / later.length;
    const oracleS = figures.allPairs.seconds.reduce((a, b) => a + b, 0) / figures.allPairs.seconds.length;
    const allPairsS = figures.allPairs.estimatedFullS ?? oracleS;
    const checked = later.reduce((sum, c) => sum + c.pairsPredicted, 0) / later.length;
    log(
      `${formatNumber(count)} airborne: first cycle ${figures.firstCycle.seconds.toFixed(3)} s (${formatNumber(figures.firstCycle.began)} alerts begun, identical to all pairs), then ${meanS.toFixed(3)} s a cycle (max ${Math.max(...later.map((c) => c.seconds)).toFixed(3)}), ${formatNumber(checked)} pairs predicted a cycle, ${formatNumber(figures.firstCycle.open)} alerts open, none of the oracle's missed; all pairs ${allPairsS.toFixed(3)} s a cycle${figures.allPairs.sampledTracks === null ? '' : ` (estimated from ${figures.allPairs.sampledTracks} tracks against all)`}; peak RSS ${formatNumber(figures.peakRssMiB)} MiB, heap ${formatNumber(figures.heapMiB)} MiB; load ${figures.loadAverage.join(' ')}`,
    );
    row(`dense cycle, ${formatNumber(count)} airborne`, meanS, 's', 'aim under 1 s at 100,000');
    row(
      `dense first cycle, ${formatNumber(count)} airborne`,
      figures.firstCycle.seconds,
      's',
      'every alert begins',
    );
    row(
      `all-pairs cycle, ${formatNumber(count)} airborne`,
      allPairsS,
      's',
      figures.allPairs.sampledTracks === null ? 'same run, interleaved' : 'estimated from a sample, same run',
    );
    row(
      `pairs predicted a cycle, ${formatNumber(count)} airborne`,
      checked,
      'pairs',
      `of ${formatNumber((count * (count - 1)) / 2)}`,
    );
  }

  log(
    table(
      ['airborne', 'first s', 'cycle s', 'all pairs s', 'predicted', 'open alerts', 'peak RSS MiB'],
      dense.map((d) => [
        String(d.tracks),
        d.firstCycle.seconds.toFixed(3),
        (d.cycles.reduce((sum, c) => sum + c.seconds, 0) / d.cycles.length).toFixed(3),
        (
          d.allPairs.estimatedFullS ??
          d.allPairs.seconds.reduce((a, b) => a + b, 0) / d.allPairs.seconds.length
        ).toFixed(3),
        formatNumber(d.cycles.reduce((sum, c) => sum + c.pairsPredicted, 0) / d.cycles.length),
        formatNumber(d.firstCycle.open),
        formatNumber(d.peakRssMiB),
      ]),
    ),
  );
  log(summaryTable(summary));
  const result: BenchResult = {
    name: 'watch',
    quick: options.quick,
    machine: info,
    summary,
    theatre: THEATRE,
    declarations: {
      count: sizes.declarations,
      declareS,
      heapMiB: heapDeclared - heapBefore,
      watchedAreas,
      areaIndexMiB,
    },
    mix: { ...MIX, linkedToOperations: LINKED_SHARE },
    options: {
      lookaheadS: BLUESKY_LOOKAHEAD_S,
      minima: BLUESKY_MINIMA,
      maxReportAgeS: DEFAULT_WATCH_OPTIONS.maxReportAgeS,
    },
    scale,
    dense,
    publishedForScale: { blueskyNumpy1000S: [0.25, 0.38], cppPairLoop4000S: 0.52 },
  };
  log(`saved ${saveResult(result)}`);
  return result;
}
