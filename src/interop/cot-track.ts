// A TAK client's own position (its PLI, "position location information") as a track report:
// <point> for where, <track course speed> for how it moves (speed in m/s, course in degrees true),
// <contact callsign> for what its people call it.
import { COT_UNKNOWN, type CotEvent } from './cot-event.js';
import type { TrackReport } from './track-report.js';
import { childElement } from './xml-element.js';

/** The report, or why its motion is impossible. */
export function cotTrackReport(event: CotEvent, source: string): TrackReport | string {
  const track = childElement(event.detail, 'track');
  const speed = optionalNumber(track?.attributes.speed);
  const course = optionalNumber(track?.attributes.course);
  if (speed !== null && !(speed >= 0 && Number.isFinite(speed))) return `speed ${speed} m/s is impossible`;
  if (course !== null && !Number.isFinite(course)) return `course ${course} is not a direction`;
  const { lat, lon, hae, ce } = event.point;
  return {
    id: event.uid,
    source,
    time: event.time,
    lon,
    lat,
    alt_m: hae === COT_UNKNOWN ? null : hae,
    alt_reference: 'hae',
    ground_speed_mps: speed,
    track_deg: course === null ? null : ((course % 360) + 360) % 360,
    vertical_rate_mps: null,
    horizontal_error_m: ce === COT_UNKNOWN ? null : ce,
    callsign: childElement(event.detail, 'contact')?.attributes.callsign ?? null,
    stale: event.stale,
  };
}

function optionalNumber(value: string | undefined): number | null {
  return value === undefined || value.trim() === '' ? null : Number(value);
}
