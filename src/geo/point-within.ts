// Whether a position is within a distance of a shape, exactly, for the watch's point queries: the
// same answer as shapesGapWithinM on a point shape, reached without building one (and its cached
// cap) in the common cases. The least sphere angle from the point to the core, found by the same
// calls distance.ts makes, bounds the geodesic distance on both sides (geodesic.ts): outside the
// thin band between the bounds that settles it; inside the band, a circle's centre is measured with
// Karney's distance and any other core goes to shapesGapWithinM. A polygon's region is the exact
// point-in-polygon test. Like shapesGapWithinM, it is safe against rounding: a point apart from the
// core by no more than the rounding of their vectors (rounding-bound.ts) is on it, and the angle
// bounds are widened by that rounding.
import { polygonContains } from './contains.js';
import { shapesGapWithinM } from './distance.js';
import { geodesicDistanceM, MAX_METRES_PER_RADIAN, MIN_METRES_PER_RADIAN } from './geodesic.js';
import { angleBetween, closestOnArc } from './great-circle-arc.js';
import { measureSlackM, POSITION_BOUND, roundingBound } from './rounding-bound.js';
import type { Core, Shape, Vertex } from './shape.js';

/** Relative slack on the angle bounds: the rounding of the n-vectors and of the angle (~1e-15), far exceeded. */
const BOUND_SLACK = 1e-9;

/** Whether `p` is within `d` geodesic metres of `shape` (closed: exactly d counts; 0 means inside or on it). */
export function pointWithinM(p: Vertex, shape: Shape, d: number): boolean {
  const core = shape.core;
  const reach = d + shape.radiusM;
  if (core.kind === 'polygon' && polygonContains(core.ring, p.n)) return true;
  const angle = leastAngle(p, core);
  const tolerance = POSITION_BOUND + roundingBound(core);
  if (angle <= tolerance) return true;
  if ((angle - tolerance) * MIN_METRES_PER_RADIAN > reach * (1 + BOUND_SLACK)) return false;
  if ((angle + tolerance) * MAX_METRES_PER_RADIAN < reach * (1 - BOUND_SLACK)) return true;
  if (core.kind === 'point') {
    const [a, b] = ordered(p, core.at);
    return geodesicDistanceM(a.lonLat, b.lonLat) <= reach + measureSlackM(tolerance);
  }
  return shapesGapWithinM({ core: { kind: 'point', at: p }, radiusM: 0 }, shape, d) !== null;
}

/** The least angle from p to the core's vertices and arcs, on the unit sphere. */
function leastAngle(p: Vertex, core: Core): number {
  if (core.kind === 'point') return angleBetween(p.n, core.at.n);
  const vertices = core.kind === 'polyline' ? core.vertices : core.ring;
  const closed = core.kind === 'polygon' && vertices.length > 2;
  let least = Number.POSITIVE_INFINITY;
  for (let i = closed ? 0 : 1; i < vertices.length; i++) {
    const a = (vertices[i === 0 ? vertices.length - 1 : i - 1] as Vertex).n;
    const b = (vertices[i] as Vertex).n;
    least = Math.min(least, angleBetween(p.n, closestOnArc(p.n, a, b)));
  }
  return least;
}

/** The two ends in the order distance.ts measures them, so that both give the same bits. */
function ordered(p: Vertex, q: Vertex): [Vertex, Vertex] {
  const [pl, ql] = [p.lonLat, q.lonLat];
  return pl[1] < ql[1] || (pl[1] === ql[1] && pl[0] <= ql[0]) ? [p, q] : [q, p];
}
