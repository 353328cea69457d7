// Geodesic distance on the WGS84 ellipsoid, and the bounds that relate it to the unit-sphere model
// in which great-circle arcs are defined. Distances are Karney's inverse solution (GeographicLib),
// accurate to about 15 nanometres anywhere on the ellipsoid, including near-antipodal pairs where
// Vincenty's method fails to converge.
import geographiclib from 'geographiclib-geodesic';
import type { LonLat } from './shape.js';

const { Geodesic, Constants } = geographiclib;
const WGS84 = Geodesic.WGS84;

/** Squared eccentricity of WGS84. */
const E2 = Constants.WGS84.f * (2 - Constants.WGS84.f);

/**
 * Each vertex is placed on the unit sphere at its geodetic latitude and longitude (its n-vector),
 * and mapped back to the ellipsoid at the same latitude and longitude. That map stretches a length
 * on the sphere by the meridional radius M(φ) northwards and the prime-vertical radius N(φ)
 * eastwards, both between a(1 − e²) (M at the equator) and a/√(1 − e²) (at the poles). So for any
 * two positions, with σ their angle on the sphere and s their geodesic distance:
 *   MIN_METRES_PER_RADIAN · σ ≤ s ≤ MAX_METRES_PER_RADIAN · σ
 * which is what makes angle-based pre-filters conservative.
 */
export const MIN_METRES_PER_RADIAN = Constants.WGS84.a * (1 - E2);
export const MAX_METRES_PER_RADIAN = Constants.WGS84.a / Math.sqrt(1 - E2);

/** Geodesic metres between two positions on WGS84. */
export function geodesicDistanceM(a: LonLat, b: LonLat): number {
  // Only the distance is asked for: GeographicLib then skips azimuths and reduced lengths.
  const solved = WGS84.Inverse(a[1], a[0], b[1], b[0], Geodesic.DISTANCE);
  return solved.s12 ?? Number.NaN;
}

/** The initial geodesic azimuth from `a` to `b` (degrees clockwise from true north, in [0, 360)) and the metres between them. */
export function geodesicBearingM(a: LonLat, b: LonLat): { bearingDeg: number; distanceM: number } {
  const solved = WGS84.Inverse(a[1], a[0], b[1], b[0], Geodesic.DISTANCE | Geodesic.AZIMUTH);
  const azimuth = solved.azi1 ?? Number.NaN;
  return { bearingDeg: (azimuth + 360) % 360, distanceM: solved.s12 ?? Number.NaN };
}

/** The position `distanceM` geodesic metres from `from` at the initial azimuth `azimuthDeg` (Karney's direct solution). */
export function geodesicDestination(from: LonLat, azimuthDeg: number, distanceM: number): LonLat {
  const solved = WGS84.Direct(
    from[1],
    from[0],
    azimuthDeg,
    distanceM,
    Geodesic.LATITUDE | Geodesic.LONGITUDE,
  );
  return [solved.lon2 ?? Number.NaN, solved.lat2 ?? Number.NaN];
}
