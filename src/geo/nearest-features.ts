// The nearest features of two cores on the unit sphere. Two disjoint cores are nearest at a vertex of
// one and a point of the other (two disjoint minor arcs are nearest at an end of one of them), so
// the candidates are every vertex of each core with its nearest point on the other's arcs (or
// vertices, for a core without arcs); the least of their angles is the cores' angular distance when
// they do not meet. distance.ts measures the candidates on the ellipsoid; intersects.ts uses the
// least angle to take cores apart by no more than rounding as touching.
import { angleBetween, closestOnArc } from './great-circle-arc.js';
import type { Core, LonLat, Vec3, Vertex } from './shape.js';

export interface Candidate {
  angle: number;
  p: Vec3;
  q: Vec3;
  /** The declared positions, when the points are vertices: measured as given, not re-derived. */
  pLonLat: LonLat | null;
  qLonLat: LonLat | null;
}

function verticesOf(core: Core): readonly Vertex[] {
  if (core.kind === 'point') return [core.at];
  return core.kind === 'polyline' ? core.vertices : core.ring;
}

function arcsOf(core: Core): [Vertex, Vertex][] {
  if (core.kind === 'point') return [];
  const vertices = core.kind === 'polyline' ? core.vertices : core.ring;
  const arcs: [Vertex, Vertex][] = [];
  for (let i = 1; i < vertices.length; i++) arcs.push([vertices[i - 1] as Vertex, vertices[i] as Vertex]);
  if (core.kind === 'polygon' && vertices.length > 2) {
    arcs.push([vertices[vertices.length - 1] as Vertex, vertices[0] as Vertex]);
  }
  return arcs;
}

/** Every vertex of `from` with its nearest point on `to` (on the sphere), appended to `out`. */
function addCandidates(from: Core, to: Core, out: Candidate[]): void {
  const arcs = arcsOf(to);
  for (const v of verticesOf(from)) {
    if (arcs.length === 0) {
      for (const w of verticesOf(to)) {
        out.push({ angle: angleBetween(v.n, w.n), p: v.n, q: w.n, pLonLat: v.lonLat, qLonLat: w.lonLat });
      }
      continue;
    }
    for (const [u, w] of arcs) {
      const q = closestOnArc(v.n, u.n, w.n);
      const qLonLat = q === u.n ? u.lonLat : q === w.n ? w.lonLat : null;
      out.push({ angle: angleBetween(v.n, q), p: v.n, q, pLonLat: v.lonLat, qLonLat });
    }
  }
}

export function nearestFeatures(a: Core, b: Core): { candidates: Candidate[]; least: number } {
  const candidates: Candidate[] = [];
  addCandidates(a, b, candidates);
  addCandidates(b, a, candidates);
  let least = Number.POSITIVE_INFINITY;
  for (const c of candidates) least = Math.min(least, c.angle);
  return { candidates, least };
}
