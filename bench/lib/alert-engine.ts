// The same traffic through the watch engine alone, in this process: WatchEngine.report on each
// report as the hub would name it, no HTTP, no JSON, no record, no hotline. Run on a simulated clock
// (the engine is pure), so it measures the engine's own work: CPU seconds per second of traffic
// (cores needed at 1 Hz, timed around the engine's calls only), and how long after the start of its batch each planted alert came out.
import { DeconflictionState } from '../../src/deconfliction/deconfliction-state.js';
import { WatchEngine } from '../../src/watch/watch-engine.js';
import { AlertTraffic, hubTrackId, SLICES, type TrafficSpec } from './alert-traffic.js';
import { type Latency, latency, rounded } from './report.js';

export interface EngineRunReport {
  reports: number;
  rejected: number;
  /** CPU seconds the engine spent per second of traffic: the cores it needs to keep 1 Hz. */
  coresAt1Hz: number;
  reportsPerCpuSecond: number;
  planted: number;
  /** Alerts begun: planted pairs found, and any others (designed to be none). */
  plantedFound: number;
  unplanned: number;
  /** Start of the batch holding the report that raised the alert → the alert returned. */
  alertMs: Latency;
}

export function engineRun(spec: TrafficSpec): EngineRunReport {
  const schedule = new AlertTraffic(spec, Date.parse('2026-03-02T10:00:00Z'));
  const planted = new Set(schedule.planted().map((p) => p.tracks.join('+')));
  const engine = new WatchEngine(new DeconflictionState());
  const alertMs: number[] = [];
  let reports = 0;
  let rejected = 0;
  let plantedFound = 0;
  let unplanned = 0;
  // Timed per batch, so that building the traffic is not counted: one thread, wall time is CPU time.
  let engineMs = 0;
  for (let tick = 0; tick < spec.seconds; tick++) {
    for (let slice = 0; slice < SLICES; slice++) {
      const now = schedule.timeOf(tick, slice);
      for (const batch of schedule.due(tick, slice).values()) {
        const began = performance.now();
        for (const report of batch) {
          reports++;
          const outcome = engine.report({ ...report, id: hubTrackId(report.party, report.id) }, now);
          if (!outcome.accepted) {
            rejected++;
            continue;
          }
          for (const alert of outcome.alerts) {
            if (alert.event !== 'begin') continue;
            alertMs.push(performance.now() - began);
            const [a, b] = alert.tracks;
            if (planted.has(`${a}+${b}`) || planted.has(`${b}+${a}`)) plantedFound++;
            else unplanned++;
          }
        }
        engineMs += performance.now() - began;
      }
    }
    const began = performance.now();
    engine.tick(schedule.timeOf(tick + 1, 0));
    engineMs += performance.now() - began;
  }
  const engineSeconds = engineMs / 1000;
  return {
    reports,
    rejected,
    coresAt1Hz: engineSeconds / spec.seconds,
    reportsPerCpuSecond: reports / engineSeconds,
    planted: planted.size,
    plantedFound,
    unplanned,
    alertMs: rounded(latency(alertMs)),
  };
}
