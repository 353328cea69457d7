// Positions as n-vectors: the unit normal to the sphere at a geodetic position. The exact predicates
// work on these double vectors as given, the way S2 works on its S2Points: every predicate sees the
// same vectors, so the answers agree with each other even where the trigonometry is a few ulps off.
import type { LonLat, Vec3, Vertex } from './shape.js';

const RADIANS_PER_DEGREE = Math.PI / 180;

/**
 * Sine and cosine of an angle in degrees, reduced to ±45° first so that multiples of 90° give exact
 * 0 and ±1 (the poles are then exactly (0, 0, ±1), the equator exactly z = 0, lon 0/90/180 meridians
 * exactly in a coordinate plane) and so that symmetric angles give symmetric values.
 */
export function sinCosDegrees(degrees: number): [sin: number, cos: number] {
  const reduced = degrees % 360;
  const quadrant = Math.round(reduced / 90);
  const r = (reduced - 90 * quadrant) * RADIANS_PER_DEGREE;
  const s = Math.sin(r);
  const c = Math.cos(r);
  switch (((quadrant % 4) + 4) % 4) {
    case 0:
      return [s, c];
    case 1:
      return [c, 0 - s];
    case 2:
      return [0 - s, 0 - c];
    default:
      return [0 - c, s];
  }
}

/** The n-vector (cos φ cos λ, cos φ sin λ, sin φ) of a position. */
export function nVector(lonLat: LonLat): Vec3 {
  const [sinLon, cosLon] = sinCosDegrees(lonLat[0]);
  const [sinLat, cosLat] = sinCosDegrees(lonLat[1]);
  return [cosLat * cosLon, cosLat * sinLon, sinLat];
}

/** The position of a (not necessarily unit) non-zero vector; longitude 0 at the poles. */
export function lonLatOf(v: Vec3): LonLat {
  const [x, y, z] = v;
  const lat = Math.atan2(z, Math.hypot(x, y)) / RADIANS_PER_DEGREE;
  const lon = x === 0 && y === 0 ? 0 : Math.atan2(y, x) / RADIANS_PER_DEGREE;
  return [lon, lat];
}

/** A vertex as declared, with its n-vector. */
export function vertexAt(lonLat: LonLat): Vertex {
  return { lonLat, n: nVector(lonLat) };
}
