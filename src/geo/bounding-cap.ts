// Bounding caps: the conservative pre-filter in front of the exact predicates. A cap of angular
// radius below 90° is geodesically convex, so a cap holding every vertex of a core holds its arcs
// and, for a polygon (whose region lies on the side of its boundary away from the antipode of its
// vertex sum, see contains.ts), its region too. Two cores whose caps are apart cannot meet. The caps
// are computed in floating point with a margin far above the rounding error, so the filter can only
// fail to reject, never reject wrongly.

import { vertexSum } from './hemisphere.js';
import { roundingBound } from './rounding-bound.js';
import type { Core, Vec3, Vertex } from './shape.js';

export interface Cap {
  centre: Vec3;
  /** Angular radius in radians, margin included; Infinity when no cap under 90° holds the core. */
  radius: number;
}

/** Radians added to every cap: ~0.6 mm on the Earth, some 10⁶ times the rounding error. */
const MARGIN = 1e-10;

/** The angle between unit vectors, accurate for small angles (via the chord, not acos). */
function angleBetween(a: Vec3, b: Vec3): number {
  const chord = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  return 2 * Math.asin(Math.min(1, chord / 2));
}

function verticesOf(core: Core): readonly Vertex[] {
  switch (core.kind) {
    case 'point':
      return [core.at];
    case 'polyline':
      return core.vertices;
    case 'polygon':
      return core.ring;
  }
}

export function boundingCap(core: Core): Cap {
  const vertices = verticesOf(core);
  const [x, y, z] = vertexSum(vertices);
  const size = Math.hypot(x, y, z);
  if (!(size > 1e-6)) return { centre: [0, 0, 1], radius: Number.POSITIVE_INFINITY };
  const centre: Vec3 = [x / size, y / size, z / size];
  let radius = 0;
  for (const { n } of vertices) radius = Math.max(radius, angleBetween(centre, n));
  if (radius >= Math.PI / 2 - 1e-6) return { centre, radius: Number.POSITIVE_INFINITY };
  // Widened by the core's rounding bound too, so that the cap holds the core as declared, not only
  // its rounded vectors: pairs taken to touch within rounding are never filtered out.
  return { centre, radius: radius + MARGIN + roundingBound(core) };
}

/** Whether two caps may overlap; false only when they certainly do not. */
export function capsMayMeet(a: Cap, b: Cap): boolean {
  if (a.radius + b.radius >= Math.PI) return true;
  return angleBetween(a.centre, b.centre) <= a.radius + b.radius + MARGIN;
}
