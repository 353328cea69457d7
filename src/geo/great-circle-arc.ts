// Closest points on the unit sphere, where polygon edges and route legs are great-circle arcs
// between n-vectors. Floating point is enough here: these results are measured, never used to
// decide a predicate (those are exact, in contains.ts and intersects.ts).
import type { Vec3 } from './shape.js';

/** The angle in radians between two unit vectors; atan2 keeps it accurate near 0 and π, where acos is not. */
export function angleBetween(p: Vec3, q: Vec3): number {
  const cx = p[1] * q[2] - p[2] * q[1];
  const cy = p[2] * q[0] - p[0] * q[2];
  const cz = p[0] * q[1] - p[1] * q[0];
  return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), p[0] * q[0] + p[1] * q[1] + p[2] * q[2]);
}

/** The point of the shorter arc from `a` to `b` nearest to `p`: `a`, `b` (the same objects) or a new interior point. */
export function closestOnArc(p: Vec3, a: Vec3, b: Vec3): Vec3 {
  // a × b as ((a + b) × (b − a)) / 2: for close vertices b − a is nearly exact, so the normal keeps
  // its direction where the plain cross product would lose most of its digits.
  const sx = a[0] + b[0];
  const sy = a[1] + b[1];
  const sz = a[2] + b[2];
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const dz = b[2] - a[2];
  let nx = sy * dz - sz * dy;
  let ny = sz * dx - sx * dz;
  let nz = sx * dy - sy * dx;
  const nLength = Math.sqrt(nx * nx + ny * ny + nz * nz);
  // Coincident (or antipodal, which validation refuses) vertices: no plane, only the end points.
  if (nLength === 0) return nearerEnd(p, a, b);
  nx /= nLength;
  ny /= nLength;
  nz /= nLength;
  // The foot of p on the arc's great circle: p projected onto the arc's plane, back on the sphere.
  const h = p[0] * nx + p[1] * ny + p[2] * nz;
  let fx = p[0] - h * nx;
  let fy = p[1] - h * ny;
  let fz = p[2] - h * nz;
  const fLength = Math.sqrt(fx * fx + fy * fy + fz * fz);
  // p is a pole of the circle: every point of the arc is a quarter turn away.
  if (fLength === 0) return a;
  fx /= fLength;
  fy /= fLength;
  fz /= fLength;
  // The foot is on the arc when it is at most a half turn after a and before b about the normal.
  const afterA = (a[1] * fz - a[2] * fy) * nx + (a[2] * fx - a[0] * fz) * ny + (a[0] * fy - a[1] * fx) * nz;
  const beforeB = (fy * b[2] - fz * b[1]) * nx + (fz * b[0] - fx * b[2]) * ny + (fx * b[1] - fy * b[0]) * nz;
  if (afterA >= 0 && beforeB >= 0) return [fx, fy, fz];
  // Off the arc, the distance to the circle's points grows monotonically towards the foot's
  // antipode, so the nearer end is the nearest point.
  return nearerEnd(p, a, b);
}

function nearerEnd(p: Vec3, a: Vec3, b: Vec3): Vec3 {
  return angleBetween(p, a) <= angleBetween(p, b) ? a : b;
}

/**
 * Points along the shorter arc from `a` to `b`, none of the steps longer than `maxStep` radians: `a`
 * and the interior points, not `b`. For drawing an arc where edges are straight in longitude and
 * latitude (GeoJSON, KML), so that the drawing stays near the arc the predicates decide on.
 */
export function pointsAlongArc(a: Vec3, b: Vec3, maxStep: number): Vec3[] {
  const angle = angleBetween(a, b);
  const steps = Math.max(1, Math.ceil(angle / maxStep));
  const points: Vec3[] = [a];
  const sin = Math.sin(angle);
  for (let i = 1; i < steps; i++) {
    // Spherical linear interpolation: the point a fraction t of the way along the arc.
    const t = i / steps;
    const wa = Math.sin((1 - t) * angle) / sin;
    const wb = Math.sin(t * angle) / sin;
    points.push([wa * a[0] + wb * b[0], wa * a[1] + wb * b[1], wa * a[2] + wb * b[2]]);
  }
  return points;
}
