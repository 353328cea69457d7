// Exact point-in-polygon on the sphere, closed: boundary points are inside.
//
// A point p off the boundary is inside iff the arc from p to a point o known to be outside crosses
// the boundary an odd number of times. o is the antipode of a centre c whose open hemisphere
// certainly holds every vertex (hemisphere.ts). The arc p–o can pass exactly through vertices or run
// along edges; those cases are resolved by a symbolic perturbation: every vertex on the great circle
// G through p and o is treated as lying infinitesimally to the right of G. The perturbed ring is an
// arbitrarily small deformation of the ring, p and o are at positive distance from the ring, so the
// parity is unchanged; and in the perturbed ring no vertex is on G, so an edge meets G iff its
// endpoints are on opposite sides, exactly once. Whether that crossing lies on the arc p–o is then
// S2's crossing test with all four orientations non-zero (a zero there can only mean the crossing is
// at −p or −o, which the shorter arc p–o never holds). Only orient() on input vectors is used.
import { allCertainlyAbove, vertexSum } from './hemisphere.js';
import { onArc, orient, parallel, sameDirection } from './orientation.js';
import type { Vec3, Vertex } from './shape.js';

/** Whether p is on the ring's boundary (an edge or a vertex). */
export function onBoundary(ring: readonly Vertex[], p: Vec3): boolean {
  for (let i = 0; i < ring.length; i++) {
    const a = (ring[i] as Vertex).n;
    const b = (ring[(i + 1) % ring.length] as Vertex).n;
    if (onArc(p, a, b)) return true;
  }
  return false;
}

/**
 * A point certainly outside the polygon, not antipodal to p (the arc from p would be undefined):
 * the antipode of the vertex sum, or of the sum nudged along p's smallest axis when p is exactly the
 * centre. Throws when the ring does not fit in a hemisphere with room to spare (validation refuses
 * such rings first).
 */
export function outsideReference(ring: readonly Vertex[], p: Vec3): Vec3 {
  const c = vertexSum(ring);
  let centre: Vec3 = c;
  if (parallel(c, p)) {
    const size = Math.hypot(c[0], c[1], c[2]);
    const ax = Math.abs(p[0]);
    const ay = Math.abs(p[1]);
    const az = Math.abs(p[2]);
    const nudge = 1e-3 * size;
    if (ax <= ay && ax <= az) centre = [c[0] + nudge, c[1], c[2]];
    else if (ay <= az) centre = [c[0], c[1] + nudge, c[2]];
    else centre = [c[0], c[1], c[2] + nudge];
  }
  if (!allCertainlyAbove(centre, ring)) {
    throw new RangeError('polygon does not fit in a hemisphere');
  }
  return [-centre[0], -centre[1], -centre[2]];
}

/** Whether the polygon (closed, smaller than a hemisphere, either winding) contains p. */
export function polygonContains(ring: readonly Vertex[], p: Vec3): boolean {
  if (onBoundary(ring, p)) return true;
  const o = outsideReference(ring, p);
  if (sameDirection(o, p)) return false;
  let crossings = 0;
  const n = ring.length;
  let previous = (ring[n - 1] as Vertex).n;
  let previousSide = orient(p, o, previous) > 0;
  for (let i = 0; i < n; i++) {
    const current = (ring[i] as Vertex).n;
    const side = orient(p, o, current) > 0; // on G counts as right: the perturbation
    if (side !== previousSide) {
      // The edge previous→current meets G once; is it on the arc p→o?
      const atO = orient(previous, current, o);
      const atP = orient(previous, current, p);
      const currentSign = side ? 1 : -1;
      if (atO !== 0 && atP !== 0 && currentSign === -atO && currentSign === atP) crossings++;
    }
    previous = current;
    previousSide = side;
  }
  return crossings % 2 === 1;
}
