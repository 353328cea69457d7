// The watch on dense traffic: every track airborne (half aircraft, half drones) over a 10° × 10°
// theatre, no declarations, every track reporting at 1 Hz. Side by side in the same run, interleaved
// A B A B, the watch's cycle and the all-pairs oracle (watch-all-pairs.ts) on the same reports.
// The first cycle, on a fresh engine, must begin exactly the oracle's pairs; each later cycle must
// keep open every pair the oracle finds (an alert ends only after its hysteresis, so more may be
// open). Where all pairs are too many to try (100,000 tracks are 5·10⁹ pairs), the oracle tries a
// sample of the tracks against every track, and its time for all is estimated from the sample.
import { loadavg } from 'node:os';
import { DeconflictionState } from '../../src/deconfliction/deconfliction-state.js';
import { BLUESKY_LOOKAHEAD_S, BLUESKY_MINIMA } from '../../src/geo/cpa.js';
import type { TrackReport } from '../../src/watch/track-report.js';
import { WatchEngine } from '../../src/watch/watch-engine.js';
import { DEFAULT_WATCH_OPTIONS } from '../../src/watch/watch-options.js';
import { Prng } from '../../test/support/prng.js';
import { cpuTimes, machineCoresBusy } from './machine-load.js';
import { allPairsLosses } from './watch-all-pairs.js';
import type { WatchTheatre } from './watch-theatre.js';
import { flownOn, randomTraffic } from './watch-traffic.js';

/** Above this many tracks the oracle tries a sample of them against all. */
const ALL_PAIRS_LIMIT = 10_000;
const SAMPLE = 100;

export interface DenseFigures {
  tracks: number;
  firstCycle: CycleFigures;
  /** The later cycles, each followed by the oracle on the same reports. */
  cycles: CycleFigures[];
  allPairs: {
    pairsTried: number;
    seconds: number[];
    sampledTracks: number | null;
    estimatedFullS: number | null;
  };
  /** The oracle's pairs in loss in the first cycle (or among the sample's pairs). */
  pairsInLoss: number;
  identicalFirstCycle: true;
  noneMissedLater: true;
  peakRssMiB: number;
  heapMiB: number;
  loadAverage: number[];
  machineCoresBusy: number | null;
}

export interface CycleFigures {
  seconds: number;
  pairsPredicted: number;
  began: number;
  ended: number;
  open: number;
}

const pairKey = (a: string, b: string) => (a < b ? `${a} ${b}` : `${b} ${a}`);

/** One cycle: every track reports once, then the tick; the pairs of the alerts opened and closed. */
function cycle(engine: WatchEngine, reports: readonly TrackReport[], now: number, open: Map<string, string>) {
  let began = 0;
  let ended = 0;
  const begun: string[] = [];
  const before = engine.pairsPredicted;
  const started = performance.now();
  const take = (alerts: readonly { event: string; alert: string; kind: string; tracks: string[] }[]) => {
    for (const alert of alerts) {
      if (alert.kind !== 'loss-of-separation') continue;
      if (alert.event === 'begin') {
        began++;
        const key = pairKey(alert.tracks[0] as string, alert.tracks[1] as string);
        open.set(alert.alert, key);
        begun.push(key);
      } else {
        ended++;
        open.delete(alert.alert);
      }
    }
  };
  for (const report of reports) {
    const outcome = engine.report(report, now);
    if (!outcome.accepted) throw new Error(`the benchmark's traffic was refused: ${outcome.reason}`);
    if (outcome.alerts.length > 0) take(outcome.alerts);
  }
  take(engine.tick(now));
  const seconds = (performance.now() - started) / 1000;
  const figures: CycleFigures = {
    seconds,
    pairsPredicted: engine.pairsPredicted - before,
    began,
    ended,
    open: engine.openAlerts,
  };
  return { figures, begun };
}

/** The oracle's pairs in loss: all of them, or those of a sample of the tracks against every track. */
function oracle(reports: readonly TrackReport[], sample: readonly number[] | null) {
  const started = performance.now();
  const minimaFor = () => BLUESKY_MINIMA;
  const age = DEFAULT_WATCH_OPTIONS.maxReportAgeS;
  const pairs = new Set<string>();
  let tried: number;
  if (sample === null) {
    for (const l of allPairsLosses(reports, minimaFor, BLUESKY_LOOKAHEAD_S, age))
      pairs.add(pairKey(l.a, l.b));
    tried = (reports.length * (reports.length - 1)) / 2;
  } else {
    for (const l of allPairsLosses(reports, minimaFor, BLUESKY_LOOKAHEAD_S, age, sample))
      pairs.add(pairKey(l.a, l.b));
    tried = sample.length * (reports.length - 1);
  }
  return { pairs, tried, seconds: (performance.now() - started) / 1000 };
}

export function denseCase(
  count: number,
  theatre: WatchTheatre,
  time: number,
  laterCycles: number,
  heapMiB: () => number,
): DenseFigures {
  let reports = randomTraffic(new Prng(7 * count), count, {
    ...theatre,
    aircraft: 0.5,
    drones: 0.5,
    time,
    spreadMs: 0,
  });
  const rng = new Prng(count + 1);
  const sample =
    count <= ALL_PAIRS_LIMIT ? null : [...new Set(Array.from({ length: SAMPLE }, () => rng.int(count)))];
  const sampleIds = new Set(sample?.map((i) => (reports[i] as TrackReport).id));
  const inSample = (key: string) => sample === null || key.split(' ').some((id) => sampleIds.has(id));
  const load = cpuTimes();
  const engine = new WatchEngine(new DeconflictionState());
  const open = new Map<string, string>();
  const first = cycle(engine, reports, time, open);
  const firstOracle = oracle(reports, sample);
  const begunFirst = new Set(first.begun.filter(inSample));
  if (begunFirst.size !== firstOracle.pairs.size || [...firstOracle.pairs].some((p) => !begunFirst.has(p)))
    throw new Error(`the watch and the all-pairs oracle disagree on the first cycle of ${count} tracks`);
  const cycles: CycleFigures[] = [];
  const oracleSeconds = [firstOracle.seconds];
  for (let r = 1; r <= laterCycles; r++) {
    reports = reports.map((t) => flownOn(t, 1));
    const later = cycle(engine, reports, time + r * 1000, open);
    cycles.push(later.figures);
    const found = oracle(reports, sample);
    oracleSeconds.push(found.seconds);
    const openPairs = new Set(open.values());
    const missed = [...found.pairs].filter((p) => !openPairs.has(p));
    if (missed.length > 0)
      throw new Error(
        `the watch missed ${missed.length} pairs of the oracle's at ${count} tracks, cycle ${r}`,
      );
  }
  const meanOracleS = oracleSeconds.reduce((a, b) => a + b, 0) / oracleSeconds.length;
  return {
    tracks: count,
    firstCycle: first.figures,
    cycles,
    allPairs: {
      pairsTried: firstOracle.tried,
      seconds: oracleSeconds,
      sampledTracks: sample === null ? null : sample.length,
      // Each sampled track tries every other; all tracks would try each pair once.
      estimatedFullS: sample === null ? null : (meanOracleS * count) / sample.length / 2,
    },
    pairsInLoss: firstOracle.pairs.size,
    identicalFirstCycle: true,
    noneMissedLater: true,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    heapMiB: heapMiB(),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    machineCoresBusy: machineCoresBusy(load) ?? null,
  };
}
