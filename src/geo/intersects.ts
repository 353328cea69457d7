// Whether two cores meet as closed sets: touching is meeting (DESIGN principle 6). The bounding caps
// only ever answer "maybe"; past them, the exact predicates of orientation.ts and contains.ts decide
// on the n-vectors. Those are rounded, so shapes declared to touch can come out apart by a hair
// either way: cores apart by no more than that rounding (rounding-bound.ts) are taken to meet.
import { boundingCap, capsMayMeet } from './bounding-cap.js';
import { polygonContains } from './contains.js';
import { nearestFeatures } from './nearest-features.js';
import { arcsCross, onArc, sameDirection } from './orientation.js';
import { touchTolerance } from './rounding-bound.js';
import type { Core, Vec3, Vertex } from './shape.js';

/** Whether the shapes as declared may meet: the cores meet, or are apart by no more than rounding. */
export function coresIntersect(a: Core, b: Core): boolean {
  if (!capsMayMeet(boundingCap(a), boundingCap(b))) return false;
  return exactIntersect(a, b) || nearestFeatures(a, b).least <= touchTolerance(a, b);
}

/** Whether the cores meet, exactly on their n-vectors, without the pre-filter. */
export function exactIntersect(a: Core, b: Core): boolean {
  if (a.kind === 'point') return pointMeets(a.at.n, b);
  if (b.kind === 'point') return pointMeets(b.at.n, a);
  const aEdges = edgesOf(a);
  const bEdges = edgesOf(b);
  // A one-vertex polyline is a point.
  if (aEdges.length === 0) return pointMeets(firstVertex(a), b);
  if (bEdges.length === 0) return pointMeets(firstVertex(b), a);
  for (const [a0, a1] of aEdges) {
    for (const [b0, b1] of bEdges) if (arcsCross(a0, a1, b0, b1)) return true;
  }
  // The boundaries are apart, so each connected core is wholly inside or wholly outside the other's
  // region: one vertex tells.
  if (b.kind === 'polygon' && polygonContains(b.ring, firstVertex(a))) return true;
  if (a.kind === 'polygon' && polygonContains(a.ring, firstVertex(b))) return true;
  return false;
}

function pointMeets(p: Vec3, core: Core): boolean {
  switch (core.kind) {
    case 'point':
      return sameDirection(p, core.at.n);
    case 'polyline': {
      if (core.vertices.length === 1) return sameDirection(p, (core.vertices[0] as Vertex).n);
      for (const [a0, a1] of edgesOf(core)) if (onArc(p, a0, a1)) return true;
      return false;
    }
    case 'polygon':
      return polygonContains(core.ring, p);
  }
}

function firstVertex(core: Exclude<Core, { kind: 'point' }>): Vec3 {
  const vertex = core.kind === 'polyline' ? core.vertices[0] : core.ring[0];
  if (vertex === undefined) throw new RangeError(`empty ${core.kind}`);
  return vertex.n;
}

/** The arcs of a polyline (legs) or polygon (edges, closing back to the first vertex). */
function edgesOf(core: Exclude<Core, { kind: 'point' }>): Array<[Vec3, Vec3]> {
  const vertices = core.kind === 'polyline' ? core.vertices : core.ring;
  const edges: Array<[Vec3, Vec3]> = [];
  const count = core.kind === 'polyline' ? vertices.length - 1 : vertices.length;
  for (let i = 0; i < count; i++) {
    edges.push([(vertices[i] as Vertex).n, (vertices[(i + 1) % vertices.length] as Vertex).n]);
  }
  return edges;
}
