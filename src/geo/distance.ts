// Distances between cores and shapes, from their nearest features (nearest-features.ts).
//
// The model, and its error: the point of an arc nearest to a vertex is found on the unit sphere,
// where the arc is defined (the vertex projected onto the arc's plane, clamped to the arc), and the
// distance between the two points is then measured on WGS84 with Karney's geodesic. That is exact
// for vertex–vertex pairs; for a vertex facing the interior of an arc, the sphere's foot is not
// quite the ellipsoid's, so the distance is over-estimated (never under-estimated: the foot is a
// point of the arc). The latitude–longitude map stretches north–south by M and east–west by N,
// 1 − M/N ≤ e² = 0.00669, so a right angle on the sphere is off by up to ε ≈ e² on the ellipsoid,
// which at distance s costs s·(1/cos ε − 1) ≈ s·e⁴/2 = 2.24e-5·s: 2.2 cm at 1 km, 2.2 m at 100 km.
// test/geo/distance.test.ts checks ≤ 2.5e-5·s against a direct minimisation along the arc (worst
// seen 2.28e-5 for 20° arcs). A Newton step along the arc on the ellipsoid would remove most of it.
// PostGIS's ST_Distance(geography) uses the same model, so the two agree to rounding, except that
// PostGIS ranks candidate pairs by their distance on the sphere while this takes the least of the
// candidates' ellipsoidal distances (see test/geo/distance-postgis.test.ts).
import { boundingCap, type Cap } from './bounding-cap.js';
import { geodesicDistanceM, MAX_METRES_PER_RADIAN, MIN_METRES_PER_RADIAN } from './geodesic.js';
import { angleBetween } from './great-circle-arc.js';
import { coresIntersect, exactIntersect } from './intersects.js';
import { lonLatOf } from './n-vector.js';
import { type Candidate, nearestFeatures } from './nearest-features.js';
import { measureSlackM, touchTolerance } from './rounding-bound.js';
import type { Core, Shape } from './shape.js';

/**
 * A candidate with a larger sphere angle than the least one's times this ratio cannot be nearer on
 * the ellipsoid (geodesic.ts bounds metres per radian on both sides), so only the others are
 * measured with Karney. The small extra covers rounding.
 */
const RANK_RATIO = (MAX_METRES_PER_RADIAN / MIN_METRES_PER_RADIAN) * (1 + 1e-12);
const RANK_ROUNDING = 1e-15;

/** Karney's distance with the two ends in a fixed order, so that swapping the cores gives the same bits. */
function measure(c: Candidate): number {
  const p = c.pLonLat ?? lonLatOf(c.p);
  const q = c.qLonLat ?? lonLatOf(c.q);
  const pFirst = p[1] < q[1] || (p[1] === q[1] && p[0] <= q[0]);
  return pFirst ? geodesicDistanceM(p, q) : geodesicDistanceM(q, p);
}

/** The least geodesic distance between the nearest features, ignoring containment and crossings. */
function featureDistanceM(a: Core, b: Core): number {
  const { candidates, least } = nearestFeatures(a, b);
  const limit = least * RANK_RATIO + RANK_ROUNDING;
  let distance = Number.POSITIVE_INFINITY;
  for (const c of candidates) if (c.angle <= limit) distance = Math.min(distance, measure(c));
  return distance;
}

/** Geodesic metres between two cores; 0 when they intersect (closed sets: touching is 0). */
export function coreDistanceM(a: Core, b: Core): number {
  return coresIntersect(a, b) ? 0 : featureDistanceM(a, b);
}

/** The angle in radians between two cores on the unit sphere (the arcs' own model); 0 when they intersect. */
export function coreSphereAngle(a: Core, b: Core): number {
  return coresIntersect(a, b) ? 0 : nearestFeatures(a, b).least;
}

/** Slack for the rounding of the caps' centres and angles (radians, about 6 µm on the Earth). */
const CAP_ROUNDING = 1e-12;

/** A lower bound of the angle between any point of one cap and any point of the other. */
function capsGap(a: Cap, b: Cap): number {
  return angleBetween(a.centre, b.centre) - a.radius - b.radius - CAP_ROUNDING;
}

const caps = new WeakMap<Core, Cap>();

/** Cores are immutable once built, so their caps are computed once. */
function capOf(core: Core): Cap {
  let cap = caps.get(core);
  if (cap === undefined) {
    cap = boundingCap(core);
    caps.set(core, cap);
  }
  return cap;
}

/**
 * The geodesic metres between two shapes (their cores' distance less both radii, 0 when they
 * overlap or touch) when that is at most `d`; null when they are further apart. Closed, and safe
 * against rounding: shapes whose measured distance is short of touching or of `d` by no more than
 * the rounding of their vectors and of Karney's solution (rounding-bound.ts) are taken to touch or
 * to be within `d`.
 */
export function shapesGapWithinM(a: Shape, b: Shape, d: number): number | null {
  const tolerance = touchTolerance(a.core, b.core);
  const slackM = measureSlackM(tolerance);
  const radii = a.radiusM + b.radiusM;
  const reach = d + radii;
  // Conservative pre-filter: the caps' angular gap in the fewest metres a radian can be.
  if (capsGap(capOf(a.core), capOf(b.core)) * MIN_METRES_PER_RADIAN > reach) return null;
  const { candidates, least } = nearestFeatures(a.core, b.core);
  // Cores apart by no more than the rounding of their vectors touch as declared.
  if (least <= tolerance) return 0;
  let features = Number.POSITIVE_INFINITY;
  // Past reach even in the fewest metres per radian: no need for Karney, only for containment.
  if ((least - tolerance) * MIN_METRES_PER_RADIAN * (1 - 1e-12) <= reach) {
    const limit = least * RANK_RATIO + RANK_ROUNDING;
    for (const c of candidates) if (c.angle <= limit) features = Math.min(features, measure(c));
  }
  // Features within both radii: the shapes overlap whether or not the cores do.
  if (features <= radii + slackM) return 0;
  if (exactIntersect(a.core, b.core)) return 0;
  return features <= reach + slackM ? features - radii : null;
}

/** Whether two shapes are within `d` geodesic metres of each other (closed: exactly d counts). */
export function shapesWithinM(a: Shape, b: Shape, d: number): boolean {
  return shapesGapWithinM(a, b, d) !== null;
}
