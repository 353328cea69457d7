// Exact orientation on the sphere. For three vectors a, b, c, the sign of det[a, b, c] = a·(b×c) says
// on which side of the great circle through a and b (oriented from a to b) the point c lies: +1 to the
// left seen from outside the sphere, −1 to the right, 0 on it. Shewchuk's adaptive orient3d with the
// origin as fourth point evaluates exactly this determinant (det[a−0, b−0, c−0]) with an exact sign.
// Everything else in this module is built from this one predicate on input vectors, never on
// computed ones such as a×b, whose rounding would break the exactness.
import { orient3d } from 'robust-predicates';
import type { Vec3 } from './shape.js';

export type Sign = -1 | 0 | 1;

/** The exact sign of det[a, b, c]. */
export function orient(a: Vec3, b: Vec3, c: Vec3): Sign {
  const d = orient3d(a[0], a[1], a[2], b[0], b[1], b[2], c[0], c[1], c[2], 0, 0, 0);
  return d > 0 ? 1 : d < 0 ? -1 : 0;
}

const AXES: readonly Vec3[] = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];

/**
 * A coordinate axis off the great circle of a and b, and the side it is on: a reference that lets
 * "between" be decided with orient() alone. Throws when a and b are parallel (equal or antipodal
 * points), where no great circle is defined.
 */
function offCircleAxis(a: Vec3, b: Vec3): { axis: Vec3; side: Sign } {
  for (const axis of AXES) {
    // det[a, b, e_i] is the i-th component of a×b, so one of them is non-zero unless a ∥ b.
    const side = orient(a, b, axis);
    if (side !== 0) return { axis, side };
  }
  throw new RangeError('an arc between equal or antipodal points has no great circle');
}

/** Whether a and b are the same direction, exactly (a×b = 0 and a·b > 0). */
export function sameDirection(a: Vec3, b: Vec3): boolean {
  if (a[0] === b[0] && a[1] === b[1] && a[2] === b[2]) return true;
  for (const axis of AXES) if (orient(a, b, axis) !== 0) return false;
  // Parallel: the dot product is ±|a||b|, far from zero, so its rounded sign is right.
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2] > 0;
}

/** Whether a and b are parallel (the same or antipodal points), exactly. */
export function parallel(a: Vec3, b: Vec3): boolean {
  for (const axis of AXES) if (orient(a, b, axis) !== 0) return false;
  return true;
}

/**
 * Whether p lies on the closed shorter arc from a to b. On the great circle (det[a, b, p] = 0),
 * p = αa + βb exactly, and p is on the arc iff α ≥ 0 and β ≥ 0. Since a×p = β(a×b) and
 * p×b = α(a×b), the signs of β and α are those of det[a, p, v] and det[p, b, v] relative to
 * det[a, b, v] for any v off the great circle; a coordinate axis serves as v.
 */
export function onArc(p: Vec3, a: Vec3, b: Vec3): boolean {
  if (orient(a, b, p) !== 0) return false;
  const { axis, side } = offCircleAxis(a, b);
  return orient(a, p, axis) * side >= 0 && orient(p, b, axis) * side >= 0;
}

/**
 * Whether the closed shorter arcs a0–a1 and b0–b1 meet: touching, shared endpoints, T-junctions and
 * overlaps along the same great circle all count. Arcs whose endpoints are antipodal throw; an arc
 * whose endpoints coincide also throws (validation refuses both, see validate-shape.ts).
 *
 * Why this is exact: if an endpoint lies on the other arc's great circle (a zero orientation), the
 * arcs can only meet at that endpoint (two distinct great circles meet at ±X, and an arc shorter than
 * π cannot hold both its endpoint and that endpoint's antipode), so testing the endpoints on the
 * other arc decides; for arcs on one great circle, overlapping arcs always hold an endpoint of the
 * other. With no zero, they cross iff each separates the other's endpoints and the crossing is the
 * one of ±X on both arcs, which is S2's test: −det[a0,a1,b0] = det[a0,a1,b1] = −det[b0,b1,a1] = det[b0,b1,a0].
 */
export function arcsCross(a0: Vec3, a1: Vec3, b0: Vec3, b1: Vec3): boolean {
  const s0 = orient(a0, a1, b0);
  const s1 = orient(a0, a1, b1);
  if (s0 === s1 && s0 !== 0) return false;
  const t0 = orient(b0, b1, a0);
  const t1 = orient(b0, b1, a1);
  if (t0 === t1 && t0 !== 0) return false;
  if (s0 === 0 || s1 === 0 || t0 === 0 || t1 === 0) {
    return (
      (s0 === 0 && onArc(b0, a0, a1)) ||
      (s1 === 0 && onArc(b1, a0, a1)) ||
      (t0 === 0 && onArc(a0, b0, b1)) ||
      (t1 === 0 && onArc(a1, b0, b1))
    );
  }
  return s1 === t0;
}
