// A polygon's one ring, checked before it becomes a core. Every problem is listed; the checks that
// need a sound ring (self-crossing, hemisphere, winding) run only once the ring is made of distinct,
// non-antipodal consecutive vertices, since their answers mean nothing before that.

import { arcEndpointsProblem } from './arc-endpoints.js';
import { allCertainlyAbove, vertexSum } from './hemisphere.js';
import { vertexAt } from './n-vector.js';
import { arcsCross, onArc, sameDirection } from './orientation.js';
import { ringWinding } from './ring-winding.js';
import type { GeoProblem, LonLat, Vertex } from './shape.js';

/** Self-crossing is checked over all edge pairs, so rings are limited to keep that bounded. */
export const MAX_RING_VERTICES = 1000;

/** Every vertex must be less than about 89.4° from the ring's centre (cos 89.4° ≈ 0.01). */
const HEMISPHERE_MARGIN = 0.01;

/** Self-crossings listed before the rest are summarised in one problem. */
const MAX_LISTED_CROSSINGS = 20;

/**
 * Consecutive repeated positions are refused rather than dropped: a repeat is usually a sign of a
 * mistake upstream, and a refused shape says so, where a silently cleaned one would store something
 * other than what was declared.
 */
export function readRing(
  positions: readonly LonLat[],
  field: string,
  problems: GeoProblem[],
): Vertex[] | null {
  if (positions.length < 4) {
    problems.push({
      field,
      reason: 'a ring needs at least 4 positions (3 distinct vertices and the first repeated)',
    });
    return null;
  }
  const all = positions.map(vertexAt);
  const first = all[0] as Vertex;
  const last = all[all.length - 1] as Vertex;
  if (!sameDirection(first.n, last.n)) {
    problems.push({
      field: `${field}/${all.length - 1}`,
      reason: 'a ring must end where it starts (closed)',
    });
    return null;
  }
  const ring = all.slice(0, -1);
  const n = ring.length;
  if (n > MAX_RING_VERTICES) {
    problems.push({ field, reason: `a ring may have at most ${MAX_RING_VERTICES} vertices, not ${n}` });
    return null;
  }
  let sound = true;
  for (let i = 0; i < n; i++) {
    const a = (ring[i] as Vertex).n;
    const j = (i + 1) % n;
    const b = (ring[j] as Vertex).n;
    const problem = arcEndpointsProblem(a, b, `${field}/${j === 0 ? n : j}`);
    if (problem) {
      problems.push(problem);
      sound = false;
    }
  }
  if (!sound) return null;
  if (distinctCount(ring) < 3) {
    problems.push({ field, reason: 'a ring needs at least 3 distinct vertices' });
    return null;
  }
  const c = vertexSum(ring);
  const size = Math.hypot(c[0], c[1], c[2]);
  const tooFar =
    // Implied by the per-vertex test (|Σv| = Σ ĉ·v), but robust where the sum nearly cancels.
    !(size >= HEMISPHERE_MARGIN * n) ||
    ring.some(({ n: v }) => c[0] * v[0] + c[1] * v[1] + c[2] * v[2] < HEMISPHERE_MARGIN * size) ||
    !allCertainlyAbove(c, ring);
  if (tooFar) {
    problems.push({
      field,
      code: 'too-large',
      reason:
        'the polygon must lie within one hemisphere (every vertex under about 89° from the centre of its vertices): a ring around half the Earth or more is refused',
    });
    return null;
  }
  const crossings = selfCrossings(ring);
  for (const [i, j] of crossings.slice(0, MAX_LISTED_CROSSINGS)) {
    problems.push({
      field: `${field}/${i}`,
      code: 'self-crossing',
      reason: `the edge from vertex ${i} meets the edge from vertex ${j}: the ring crosses or touches itself`,
    });
  }
  if (crossings.length > MAX_LISTED_CROSSINGS) {
    problems.push({
      field,
      code: 'self-crossing',
      reason: `and ${crossings.length - MAX_LISTED_CROSSINGS} more self-crossings`,
    });
  }
  if (crossings.length > 0) return null;
  const winding = ringWinding(ring, c);
  if (winding === 'undecided') {
    problems.push({ field, reason: 'the ring encloses too little area to tell its orientation' });
    return null;
  }
  // RFC 7946 asks for counter-clockwise exteriors but says parsers should not reject the other way.
  return winding === 'clockwise' ? ring.reverse() : ring;
}

function distinctCount(ring: readonly Vertex[]): number {
  const seen: Vertex[] = [];
  for (const v of ring) if (!seen.some((s) => sameDirection(s.n, v.n))) seen.push(v);
  return seen.length;
}

/** Pairs of edges (by their first vertex) that meet other than at the vertex adjacent edges share. */
function selfCrossings(ring: readonly Vertex[]): Array<[number, number]> {
  const n = ring.length;
  const at = (i: number) => (ring[i % n] as Vertex).n;
  const found: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    // Adjacent edges u→v→w overlap beyond v iff one's far end lies on the other.
    const u = at(i);
    const v = at(i + 1);
    const w = at(i + 2);
    if (onArc(w, u, v) || onArc(u, v, w)) found.push([i, (i + 1) % n]);
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // adjacent through the closing vertex
      if (arcsCross(at(i), at(i + 1), at(j), at(j + 1))) found.push([i, j]);
    }
  }
  return found;
}
