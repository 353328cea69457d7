// The hemisphere a polygon lives in. A ring whose vertices all lie strictly inside the open
// hemisphere around some vector c bounds a region inside that hemisphere (arcs shorter than π between
// points of an open hemisphere stay in it), so −c is certainly outside the polygon: that is the
// reference point the crossing count in contains.ts starts from, and the reason validation refuses
// rings that do not fit in a hemisphere.
import type { Vec3, Vertex } from './shape.js';

/** The relative rounding bound of a 3-term dot product in doubles, with room to spare. */
const DOT_ERROR = 8 * 2 ** -53;

/** Whether c·v > 0 is certain despite rounding: the computed dot product exceeds its error bound. */
export function certainlyAbove(c: Vec3, v: Vec3): boolean {
  const dot = c[0] * v[0] + c[1] * v[1] + c[2] * v[2];
  const magnitude = Math.abs(c[0] * v[0]) + Math.abs(c[1] * v[1]) + Math.abs(c[2] * v[2]);
  return dot > DOT_ERROR * magnitude;
}

/** The sum of the vertices' n-vectors: the natural centre of a ring that fits in a hemisphere. */
export function vertexSum(vertices: readonly Vertex[]): Vec3 {
  let x = 0;
  let y = 0;
  let z = 0;
  for (const { n } of vertices) {
    x += n[0];
    y += n[1];
    z += n[2];
  }
  return [x, y, z];
}

/** Whether every vertex is certainly in the open hemisphere around c. */
export function allCertainlyAbove(c: Vec3, vertices: readonly Vertex[]): boolean {
  for (const { n } of vertices) if (!certainlyAbove(c, n)) return false;
  return true;
}
