// Synthetic live traffic for the watch's tests and benchmark: aircraft, drones and ground vehicles
// of several parties over a theatre, deterministic for a seed, and flown forward report by report.
import { sinCosDegrees } from '../../src/geo/n-vector.js';
import type { TrackReport } from '../../src/watch/track-report.js';
import type { Prng } from '../../test/support/prng.js';

export interface TrafficOptions {
  /** South-west corner and size of the theatre, degrees; the east edge may run past 180. */
  west: number;
  south: number;
  widthDeg: number;
  heightDeg: number;
  parties: readonly string[];
  /** Shares of aircraft and drones; the rest drive on the ground. */
  aircraft: number;
  drones: number;
  /** Time of the first reports, ms; each track's report is up to `spreadMs` later. */
  time: number;
  spreadMs: number;
}

const METRES_PER_DEGREE = 111_195;

function between(rng: Prng, lo: number, hi: number): number {
  return lo + (rng.next() / 2 ** 32) * (hi - lo);
}

export function wrapLongitude(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

export function randomTraffic(rng: Prng, count: number, o: TrafficOptions): TrackReport[] {
  const tracks: TrackReport[] = [];
  for (let i = 0; i < count; i++) {
    const kind = rng.next() / 2 ** 32;
    const aircraft = kind < o.aircraft;
    const drone = !aircraft && kind < o.aircraft + o.drones;
    tracks.push({
      id: `track-${i}`,
      party: rng.pick(o.parties),
      lon: wrapLongitude(o.west + between(rng, 0, o.widthDeg)),
      lat: o.south + between(rng, 0, o.heightDeg),
      altM: aircraft ? between(rng, 1000, 12_000) : drone ? between(rng, 50, 3000) : between(rng, 0, 800),
      groundSpeedMs: aircraft ? between(rng, 100, 250) : drone ? between(rng, 10, 60) : between(rng, 0, 25),
      trackDeg: between(rng, 0, 360),
      verticalRateMs: aircraft && rng.chance(0.3) ? between(rng, -15, 15) : drone ? between(rng, -3, 3) : 0,
      time: o.time + rng.int(o.spreadMs + 1),
      airborne: aircraft || drone,
    });
  }
  return tracks;
}

/** The report a track sends `seconds` later, flying straight (vertical rate reversed at the band's edges). */
export function flownOn(report: TrackReport, seconds: number): TrackReport {
  const [sin, cos] = sinCosDegrees(report.trackDeg);
  const metres = report.groundSpeedMs * seconds;
  const lat = Math.max(-89, Math.min(89, report.lat + (metres * cos) / METRES_PER_DEGREE));
  const lon = wrapLongitude(
    report.lon + (metres * sin) / (METRES_PER_DEGREE * Math.cos((report.lat * Math.PI) / 180)),
  );
  let altM = report.altM + report.verticalRateMs * seconds;
  let verticalRateMs = report.verticalRateMs;
  if (altM < 0 || altM > 13_000) {
    verticalRateMs = -verticalRateMs;
    altM = Math.max(0, Math.min(13_000, altM));
  }
  return { ...report, lon, lat, altM, verticalRateMs, time: report.time + seconds * 1000 };
}
