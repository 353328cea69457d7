// A report read off a TAK or ADS-B feed, as the watch takes it. The wire formats leave things out
// (a TAK client may not know its speed; a surface position has no altitude); what the watch can
// assume is assumed here, once, and what it cannot is a reason to drop the report.
import type { TrackInput } from '../hub/track-watch.js';
import type { TrackReport as FeedReport } from '../interop/track-report.js';
import { velocityKnown } from '../watch/track-report.js';

/**
 * The watch's input, or why the report cannot be one. A report without speed or course says its
 * velocity is unknown (a speed of 0 needs no course): the watch then takes it as able to be anywhere
 * it can reach, never as standing still. An unknown vertical rate is taken as level. ADS-B
 * altitude is barometric (pressure altitude), not height above the ellipsoid: between two aircraft
 * on the same feed kind the difference cancels, against a declared volume it can be off by the
 * local geoid and weather, so operations near their altitude limits should allow for it.
 */
export function trackInputOf(report: FeedReport, airborne: boolean): TrackInput | string {
  if (report.alt_m === null) return 'a position without altitude: the watch cannot place it in 3D';
  return {
    id: report.id,
    time: report.time,
    lon: report.lon,
    lat: report.lat,
    altM: report.alt_m,
    velocityKnown: velocityKnown(report.ground_speed_mps, report.track_deg),
    groundSpeedMs: report.ground_speed_mps ?? 0,
    trackDeg: report.track_deg ?? 0,
    verticalRateMs: report.vertical_rate_mps ?? 0,
    airborne,
  };
}

/** CoT types say the domain in their third atom: a-f-A… is in the air, a-f-G… on the ground. */
export function airborneCotType(type: string): boolean {
  return type.split('-')[2] === 'A';
}
