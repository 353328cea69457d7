// Whether a report can be true, before it reaches the watch. Exported for the ingestion side, which
// counts and drops a bad report with the reason shown to the feed's owner; the engine asks again so
// that nothing implausible can move a track. Each rule names what is wrong in plain words.

import { geodesicDistanceM, MAX_METRES_PER_RADIAN } from '../geo/geodesic.js';
import { ALTITUDE_MAX_M, ALTITUDE_MIN_M } from '../geo/geojson-volumes.js';
import type { TrackReport } from './track-report.js';

export interface PlausibilityLimits {
  /** Faster than any aircraft a party flies in a theatre (Mach 3 at altitude is ~900 m/s). */
  maxGroundSpeedMs: number;
  maxVerticalRateMs: number;
  /** How far ahead of the hub's clock a report may be: clocks drift, feeds do not see the future. */
  maxAheadS: number;
  /** How old a report may be on arrival: older is history, not a live picture. */
  maxAgeS: number;
}

export const DEFAULT_PLAUSIBILITY: PlausibilityLimits = {
  maxGroundSpeedMs: 1000,
  maxVerticalRateMs: 300,
  maxAheadS: 30,
  maxAgeS: 300,
};

/** The last accepted position of the same track, to catch jumps. */
export interface PreviousFix {
  lon: number;
  lat: number;
  time: number;
}

/** Slack for a jump: two fixes each off by a GNSS error, however close in time. */
const JUMP_SLACK_M = 500;

/**
 * Why the report cannot be true, or null when it can. `now` is the hub's clock when it arrived;
 * `previous` the track's last accepted fix, whose distance must be coverable at the top speed.
 */
export function implausibility(
  report: TrackReport,
  now: number,
  previous: PreviousFix | null = null,
  limits: PlausibilityLimits = DEFAULT_PLAUSIBILITY,
): string | null {
  if (typeof report.id !== 'string' || report.id.length === 0 || report.id.length > 200)
    return 'the track id must be 1 to 200 characters';
  if (typeof report.party !== 'string' || report.party.length === 0) return 'the track has no party';
  if (!(Math.abs(report.lon) <= 180)) return `longitude ${report.lon} is not between -180 and 180`;
  if (!(Math.abs(report.lat) <= 90)) return `latitude ${report.lat} is not between -90 and 90`;
  if (!(report.altM >= ALTITUDE_MIN_M && report.altM <= ALTITUDE_MAX_M))
    return `altitude ${report.altM} m is not between ${ALTITUDE_MIN_M} and ${ALTITUDE_MAX_M} m`;
  if (!(report.groundSpeedMs >= 0 && report.groundSpeedMs <= limits.maxGroundSpeedMs))
    return `ground speed ${report.groundSpeedMs} m/s is not between 0 and ${limits.maxGroundSpeedMs} m/s`;
  if (!(report.trackDeg >= 0 && report.trackDeg < 360)) return `track ${report.trackDeg}° is not in [0, 360)`;
  if (!(Math.abs(report.verticalRateMs) <= limits.maxVerticalRateMs))
    return `vertical rate ${report.verticalRateMs} m/s exceeds ${limits.maxVerticalRateMs} m/s`;
  if (!Number.isFinite(report.time)) return 'the report has no valid time';
  if (report.time > now + limits.maxAheadS * 1000)
    return `the report's time is ${((report.time - now) / 1000).toFixed(0)} s ahead of the hub's clock`;
  if (report.time < now - limits.maxAgeS * 1000)
    return `the report is ${((now - report.time) / 1000).toFixed(0)} s old`;
  if (previous !== null) {
    if (report.time < previous.time) return 'the report is older than the track’s last accepted one';
    const reachM = ((report.time - previous.time) / 1000) * limits.maxGroundSpeedMs + JUMP_SLACK_M;
    // Most reports are settled without Karney: the geodesic is no longer than going along the
    // meridian, then along the new parallel, each at the largest metres a radian can be.
    const dLon = Math.abs(report.lon - previous.lon);
    const pathRad =
      (Math.abs(report.lat - previous.lat) +
        Math.cos((report.lat * Math.PI) / 180) * Math.min(dLon, 360 - dLon)) *
      (Math.PI / 180);
    if (pathRad * MAX_METRES_PER_RADIAN <= reachM) return null;
    const movedM = geodesicDistanceM([previous.lon, previous.lat], [report.lon, report.lat]);
    if (movedM > reachM)
      return `the track jumped ${(movedM / 1000).toFixed(1)} km in ${((report.time - previous.time) / 1000).toFixed(0)} s`;
  }
  return null;
}
