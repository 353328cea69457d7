// A moving point's state as the closest-point-of-approach geometry works on it: Earth-centred
// Cartesian (ECEF) metres and metres per second, so that a pair can be compared in its own local
// tangent plane without any special case at the antimeridian or near a pole. Flat numbers at a fixed
// stride in one Float64Array, so that a hundred thousand tracks are one allocation and a pair loop
// reads them without touching the heap.
import geographiclib from 'geographiclib-geodesic';
import { sinCosDegrees } from './n-vector.js';

const { Constants } = geographiclib;
const A = Constants.WGS84.a;
const E2 = Constants.WGS84.f * (2 - Constants.WGS84.f);

/** Numbers per track. */
export const KINEMATICS_STRIDE = 12;
/** Offsets within a track's numbers. */
export const K = {
  /** The foot on the ellipsoid (height 0), ECEF metres: x, y, z. */
  x: 0,
  y: 1,
  z: 2,
  /** The unit normal to the ellipsoid there (geodetic up): x, y, z. */
  upX: 3,
  upY: 4,
  upZ: 5,
  /** Ground velocity in ECEF metres per second (tangent to the ellipsoid at the foot). */
  vx: 6,
  vy: 7,
  vz: 8,
  /** Metres above the ellipsoid, and metres per second up. */
  alt: 9,
  climb: 10,
  /** Seconds since the epoch. */
  time: 11,
} as const;

/** Writes one track's numbers at `offset` (a multiple of the stride). */
export function writeKinematics(
  out: Float64Array,
  offset: number,
  lon: number,
  lat: number,
  altM: number,
  groundSpeedMs: number,
  trackDeg: number,
  climbMs: number,
  timeMs: number,
): void {
  const [sinLon, cosLon] = sinCosDegrees(lon);
  const [sinLat, cosLat] = sinCosDegrees(lat);
  const [sinTrack, cosTrack] = sinCosDegrees(trackDeg);
  const n = A / Math.sqrt(1 - E2 * sinLat * sinLat);
  out[offset + K.x] = n * cosLat * cosLon;
  out[offset + K.y] = n * cosLat * sinLon;
  out[offset + K.z] = n * (1 - E2) * sinLat;
  out[offset + K.upX] = cosLat * cosLon;
  out[offset + K.upY] = cosLat * sinLon;
  out[offset + K.upZ] = sinLat;
  // East (−sin λ, cos λ, 0) and north (−sin φ cos λ, −sin φ sin λ, cos φ), weighted by the track.
  const east = groundSpeedMs * sinTrack;
  const north = groundSpeedMs * cosTrack;
  out[offset + K.vx] = -east * sinLon - north * sinLat * cosLon;
  out[offset + K.vy] = east * cosLon - north * sinLat * sinLon;
  out[offset + K.vz] = north * cosLat;
  out[offset + K.alt] = altM;
  out[offset + K.climb] = climbMs;
  out[offset + K.time] = timeMs / 1000;
}
