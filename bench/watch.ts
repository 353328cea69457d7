// The tactical watch on one core: synthetic traffic over a theatre of 100,000 declarations (sites,
// restricted zones, convoys, operations), every track reporting at 1 Hz, every check on (predicted
// loss of separation, intrusion, conformance, hysteresis, archive sampling). Measures reports
// processed per second, the time one 1 Hz cycle of all tracks takes, per-report latency, alerts and
// memory; then, side by side in the same run, the all-pairs oracle (bench/lib/watch-all-pairs.ts)
// and the watch on the same all-airborne traffic of 1,000, 2,000 and 4,000 tracks, their pairs
// compared. For scale, published figures: BlueSky's numpy state-based detection took 0.25–0.38 s
// per cycle for 1,000 aircraft, a C++ pair loop 0.52 s for 4,000.
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
import { allPairsLosses } from './lib/watch-all-pairs.js';
import { declareTheatre, linkOperations, type WatchTheatre } from './lib/watch-theatre.js';
import { flownOn, randomTraffic } from './lib/watch-traffic.js';

export interface WatchBenchOptions {
  quick: boolean;
}

interface Sizes {
  declarations: number;
  tracks: number[];
  rounds: number;
  allPairs: number[];
}
const FULL: Sizes = {
  declarations: 100_000,
  tracks: [1000, 10_000, 100_000],
  rounds: 5,
  allPairs: [1000, 2000, 4000],
};
const QUICK: Sizes = { declarations: 10_000, tracks: [1000, 5000], rounds: 3, allPairs: [1000, 2000] };

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

  // Side by side: the all-pairs oracle and the watch on the same all-airborne traffic, one cycle each.
  const sideBySide: Record<string, unknown>[] = [];
  const dense: WatchTheatre = { ...THEATRE, widthDeg: 3, heightDeg: 3 };
  for (const count of sizes.allPairs) {
    const tracks = traffic(10 * count, count, dense, { aircraft: 0.5, drones: 0.5 });
    began = performance.now();
    const oracle = allPairsLosses(
      tracks,
      () => BLUESKY_MINIMA,
      BLUESKY_LOOKAHEAD_S,
      DEFAULT_WATCH_OPTIONS.maxReportAgeS,
    );
    const oracleS = (performance.now() - began) / 1000;
    const engine = new WatchEngine(state);
    const found = new Set<string>();
    began = performance.now();
    for (const track of tracks) {
      const outcome = engine.report(track, T0);
      if (!outcome.accepted) throw new Error(outcome.reason);
      for (const alert of outcome.alerts)
        if (alert.kind === 'loss-of-separation') found.add([...alert.tracks].sort().join(' '));
    }
    const watchS = (performance.now() - began) / 1000;
    const expected = new Set(oracle.map((l) => `${l.a} ${l.b}`));
    const identical = expected.size === found.size && [...expected].every((pair) => found.has(pair));
    if (!identical) throw new Error(`the watch and the all-pairs oracle disagree at ${count} tracks`);
    sideBySide.push({ tracks: count, pairs: oracle.length, allPairsS: oracleS, watchS, identical });
    log(
      `${formatNumber(count)} airborne: all pairs ${oracleS.toFixed(3)} s per cycle, the watch ${watchS.toFixed(3)} s with every check (${oracle.length} pairs in conflict, identical)`,
    );
    row(
      `all-pairs cycle, ${formatNumber(count)} airborne`,
      oracleS,
      's',
      count === 1000 ? 'BlueSky numpy 0.25–0.38 s' : count === 4000 ? 'C++ pair loop 0.52 s' : undefined,
    );
    row(`watch cycle, ${formatNumber(count)} airborne`, watchS, 's', 'all pairs, same run');
  }

  log(
    table(
      ['tracks', 'all pairs s', 'watch s', 'pairs'],
      sideBySide.map((s) => [
        String(s.tracks),
        Number(s.allPairsS).toFixed(3),
        Number(s.watchS).toFixed(3),
        String(s.pairs),
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
    sideBySide,
    publishedForScale: { blueskyNumpy1000S: [0.25, 0.38], cppPairLoop4000S: 0.52 },
  };
  log(`saved ${saveResult(result)}`);
  return result;
}
