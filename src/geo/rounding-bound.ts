// How far the cores the predicates work on can be from the shapes as declared. The predicates are
// exact on the n-vectors, but the n-vectors are rounded: a position declared exactly on another
// shape's edge (on a meridian that is not a quarter meridian, say) lands about 1e-16 rad to one side
// of it, and an exact "apart" there would miss a touch. Touching is a conflict, so a pair whose
// computed cores are apart by no more than these bounds is taken to touch: a false "touching" below
// a micrometre (for arcs up to 90°; more for longer arcs, whose great circles rounding moves more)
// is the price, a missed touch never.
//
// The bound, and its reasoning (ε = 2⁻⁵³ ≈ 1.1e-16, all angles in radians):
// - A vertex (n-vector.ts): the degrees are reduced exactly to ±45° (Sterbenz) and multiplied by
//   π/180 (itself rounded twice), off by at most 3ε·π/4 ≈ 2.6e-16; Math.sin and Math.cos (fdlibm)
//   add under 1 ulp (1.1e-16 below 1), so each of sin φ, cos φ, sin λ, cos λ is off by under 4e-16,
//   each product of two by under 9e-16, and the vector by under √3·9e-16 ≈ 1.6e-15: its direction
//   is off the declared position's by under 1.6e-15.
// - An arc between two such vertices, of length L: a point αa + βb of the declared arc moves by at
//   most (α + β)·1.6e-15, and α + β ≤ 1/cos(L/2) = 2/|a + b| on the arc. So the arc (and the region
//   it bounds: a point of one region but not the other is passed over by the moving boundary) is
//   within 1.6e-15·2/|a + b| of the declared one.
// - The nearest-point angle that decides it (great-circle-arc.ts: the arc's normal from
//   (a + b) × (b − a), the foot, atan2 of the cross and dot products) is a few dozen operations on
//   components under 2; the rounding of a + b turns the normal by up to a few ε/|a + b|, that of
//   b − a moves the foot by a few ε whatever the arc's length. Under 4e-15·2/|a + b| in all.
// For a vertex of one core nearest to an arc of the other, the computed angle is thus off the declared
// shapes' by under 1.6e-15 + (1.6e-15 + 4e-15)·2/|a + b|. Each core's share of the tolerance is
// taken as 4e-14 (0.25 µm on the Earth) times its longest arc's 2/|a + b| (at least 1; under 1.42 for
// arcs up to 90°), so the two shares together are over five times that error, and 200 times below
// the 0.1 mm that test/geo/touching-postgis.test.ts shows to be "apart".
import { MAX_METRES_PER_RADIAN } from './geodesic.js';
import type { Core, Vertex } from './shape.js';

/** Radians of a lone position's share, and of a core's per unit of its arcs' 2/|a + b| (see above). */
export const POSITION_BOUND = 4e-14;

/** Metres Karney's solution may be off (it is good to 15 nm). */
const GEODESIC_ERROR_M = 1e-7;

const bounds = new WeakMap<Core, number>();

/** Radians within which the core lies of the shape as declared (see the reasoning above). */
export function roundingBound(core: Core): number {
  if (core.kind === 'point') return POSITION_BOUND;
  let bound = bounds.get(core);
  if (bound === undefined) {
    const vertices = core.kind === 'polyline' ? core.vertices : core.ring;
    const closed = core.kind === 'polygon';
    let factor = 1;
    for (let i = closed ? 0 : 1; i < vertices.length; i++) {
      const a = (vertices[i === 0 ? vertices.length - 1 : i - 1] as Vertex).n;
      const b = (vertices[i] as Vertex).n;
      const sum = Math.hypot(a[0] + b[0], a[1] + b[1], a[2] + b[2]);
      // 2/|a + b| = 1/cos(L/2); an arc between nearly antipodal vertices gets a very large bound, rightly:
      // the rounding leaves its great circle undetermined.
      factor = Math.max(factor, 2 / sum);
    }
    bound = POSITION_BOUND * factor;
    bounds.set(core, bound);
  }
  return bound;
}

/** Radians two cores may be apart on the unit sphere while the shapes as declared touch. */
export function touchTolerance(a: Core, b: Core): number {
  return roundingBound(a) + roundingBound(b);
}

/**
 * Geodesic metres a distance measured between two cores (Karney's, between their vertices and the
 * nearest points found on their arcs) may be short of the declared shapes' distance, given the
 * cores' touch tolerance: the tolerance in the most metres a radian can be, and Karney's error.
 */
export function measureSlackM(tolerance: number): number {
  return tolerance * MAX_METRES_PER_RADIAN + GEODESIC_ERROR_M;
}
