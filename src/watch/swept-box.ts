// The box a track's straight path sweeps over the lookahead (plus the age a report may reach before
// the next one), grown by half the largest horizontal minimum and a margin for the Earth's shape:
// two tracks that lose separation are at some instant within that minimum of each other, so each is
// within half of it from their midpoint, which lies in both boxes. Longitudes are an arc of the
// circle: the low end in [-180, 180), the high end may run past 180 (the box crosses the
// antimeridian); a box reaching a pole spans every longitude.
import { MIN_METRES_PER_RADIAN } from '../geo/geodesic.js';
import { sinCosDegrees } from '../geo/n-vector.js';

/** Numbers per box, at these offsets. */
export const BOX = 6;
export const LON_LO = 0;
export const LON_HI = 1;
export const LAT_LO = 2;
export const LAT_HI = 3;
export const ALT_LO = 4;
export const ALT_HI = 5;

const DEGREES_PER_RADIAN = 180 / Math.PI;
/** The mean Earth radius, for the path's far end only: the margin below covers its error. */
const MEAN_RADIUS_M = 6_371_008.8;
/** Metres added to every box: rounding and a report's own position error. */
const FIXED_MARGIN_M = 100;
/**
 * The far end is estimated on a sphere along a rhumb line, while the prediction flies the tangent
 * plane's straight line (a great circle on the ground): their ends differ by under 0.6 % of the
 * distance (the ellipsoid's radii against the mean) plus the rhumb/great-circle offset, at most
 * s²(1 + tan φ)/2R. The margin takes 1 % and that offset with the smallest radius.
 */
const PATH_MARGIN = 0.01;
/** Beyond this latitude a box spans every longitude. */
const POLAR_LAT = 89;

export interface SweepReach {
  /** Seconds of straight flight a box covers. */
  sweepS: number;
  /** Half the largest horizontal and vertical minima, metres. */
  halfReachM: number;
  halfVerticalM: number;
}

/**
 * Writes at `at` of `out` the box of a track; `reachM` and `reachVerticalM` grow it further, for a
 * track whose velocity is unknown and which may be anywhere it can reach.
 */
export function writeSweptBox(
  out: Float64Array,
  at: number,
  reach: SweepReach,
  lon: number,
  lat: number,
  altM: number,
  groundSpeedMs: number,
  trackDeg: number,
  climbMs: number,
  reachM: number,
  reachVerticalM: number,
): void {
  const sweptM = groundSpeedMs * reach.sweepS;
  const [sinTrack, cosTrack] = sinCosDegrees(trackDeg);
  const [, cosLat] = sinCosDegrees(lat);
  const endLat = lat + ((sweptM * cosTrack) / MEAN_RADIUS_M) * DEGREES_PER_RADIAN;
  const endLon =
    cosLat > 1e-9 ? lon + ((sweptM * sinTrack) / (MEAN_RADIUS_M * cosLat)) * DEGREES_PER_RADIAN : lon;
  const poleward = Math.max(Math.abs(lat), Math.abs(endLat));
  const fixedM = reach.halfReachM + FIXED_MARGIN_M + reachM;
  let latLo: number;
  let latHi: number;
  let lonLo = -180;
  let lonHi = 180;
  if (poleward >= POLAR_LAT) {
    // Near a pole the path may cross it: every longitude, and every latitude the path and the
    // margin can reach from here towards that pole.
    const reachDeg = ((sweptM + fixedM) / MIN_METRES_PER_RADIAN) * DEGREES_PER_RADIAN;
    latLo = lat > 0 ? Math.max(-90, lat - reachDeg) : -90;
    latHi = lat > 0 ? 90 : Math.min(90, lat + reachDeg);
  } else {
    const tan = Math.tan(poleward / DEGREES_PER_RADIAN);
    const growM = fixedM + PATH_MARGIN * sweptM + (sweptM * sweptM * (1 + tan)) / (2 * MIN_METRES_PER_RADIAN);
    const growLatDeg = (growM / MIN_METRES_PER_RADIAN) * DEGREES_PER_RADIAN;
    latLo = Math.max(-90, Math.min(lat, endLat) - growLatDeg);
    latHi = Math.min(90, Math.max(lat, endLat) + growLatDeg);
    const farthest = Math.max(Math.abs(latLo), Math.abs(latHi));
    if (farthest < POLAR_LAT) {
      const growLonDeg = growLatDeg / Math.cos(farthest / DEGREES_PER_RADIAN);
      lonLo = Math.min(lon, endLon) - growLonDeg;
      lonHi = Math.max(lon, endLon) + growLonDeg;
    }
  }
  writeArc(out, at, lonLo, lonHi);
  out[at + LAT_LO] = latLo;
  out[at + LAT_HI] = latHi;
  const endAlt = altM + climbMs * reach.sweepS;
  out[at + ALT_LO] = Math.min(altM, endAlt) - reach.halfVerticalM - reachVerticalM;
  out[at + ALT_HI] = Math.max(altM, endAlt) + reach.halfVerticalM + reachVerticalM;
}

/**
 * Writes at `at` of `out` the box at `from` of `boxes` grown by `slackM` horizontally and
 * `slackVerticalM` vertically: a box that still holds the track's boxes after it has moved a while.
 */
export function writeGrownBox(
  out: Float64Array,
  at: number,
  boxes: Float64Array,
  from: number,
  slackM: number,
  slackVerticalM: number,
): void {
  const growLatDeg = (slackM / MIN_METRES_PER_RADIAN) * DEGREES_PER_RADIAN;
  const latLo = Math.max(-90, (boxes[from + LAT_LO] as number) - growLatDeg);
  const latHi = Math.min(90, (boxes[from + LAT_HI] as number) + growLatDeg);
  const farthest = Math.max(Math.abs(latLo), Math.abs(latHi));
  let lonLo = -180;
  let lonHi = 180;
  if (farthest < POLAR_LAT) {
    const growLonDeg = growLatDeg / Math.cos(farthest / DEGREES_PER_RADIAN);
    lonLo = (boxes[from + LON_LO] as number) - growLonDeg;
    lonHi = (boxes[from + LON_HI] as number) + growLonDeg;
  }
  writeArc(out, at, lonLo, lonHi);
  out[at + LAT_LO] = latLo;
  out[at + LAT_HI] = latHi;
  out[at + ALT_LO] = (boxes[from + ALT_LO] as number) - slackVerticalM;
  out[at + ALT_HI] = (boxes[from + ALT_HI] as number) + slackVerticalM;
}

/** Whether the box at `inner` of `a` lies within the box at `outer` of `b`. */
export function boxWithin(a: Float64Array, inner: number, b: Float64Array, outer: number): boolean {
  if ((a[inner + LAT_LO] as number) < (b[outer + LAT_LO] as number)) return false;
  if ((a[inner + LAT_HI] as number) > (b[outer + LAT_HI] as number)) return false;
  if ((a[inner + ALT_LO] as number) < (b[outer + ALT_LO] as number)) return false;
  if ((a[inner + ALT_HI] as number) > (b[outer + ALT_HI] as number)) return false;
  const outerLo = b[outer + LON_LO] as number;
  const outerSpan = (b[outer + LON_HI] as number) - outerLo;
  if (outerSpan >= 360) return true;
  const innerLo = a[inner + LON_LO] as number;
  const innerSpan = (a[inner + LON_HI] as number) - innerLo;
  return modulo360(innerLo - outerLo) + innerSpan <= outerSpan;
}

/**
 * Two arcs of the circle of longitudes meet when either starts within the other. Both low ends are
 * in [-180, 180), so their difference is within a turn of 0: one addition brings it into [0, 360)
 * (a floating-point modulo costs more than the rest of a query's test).
 */
export function arcsMeet(lonLo: number, lonSpan: number, otherLo: number, otherSpan: number): boolean {
  const ahead = otherLo - lonLo;
  if (ahead >= 0) return ahead <= lonSpan || 360 - ahead <= otherSpan;
  return ahead + 360 <= lonSpan || -ahead <= otherSpan;
}

/** The arc [lo, hi] with its low end brought into [-180, 180), or the whole circle. */
function writeArc(out: Float64Array, at: number, lo: number, hi: number): void {
  if (hi - lo >= 360) {
    out[at + LON_LO] = -180;
    out[at + LON_HI] = 180;
    return;
  }
  const shift = Math.floor((lo + 180) / 360) * 360;
  out[at + LON_LO] = lo - shift;
  out[at + LON_HI] = hi - shift;
}

function modulo360(degrees: number): number {
  const m = degrees % 360;
  return m < 0 ? m + 360 : m;
}
