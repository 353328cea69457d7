// Distances between cores and shapes. The nearest points of two disjoint cores are a vertex of one
// and a point of the other (on the sphere, two disjoint minor arcs are nearest at an end of one of
// them), so the search runs over vertex–arc pairs in both directions.
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
import { angleBetween, closestOnArc } from './great-circle-arc.js';
import { coresIntersect } from './intersects.js';
import { lonLatOf } from './n-vector.js';
import type { Core, LonLat, Shape, Vec3, Vertex } from './shape.js';

/**
 * A candidate with a larger sphere angle than the least one's times this ratio cannot be nearer on
 * the ellipsoid (geodesic.ts bounds metres per radian on both sides), so only the others are
 * measured with Karney. The small extra covers rounding.
 */
const RANK_RATIO = (MAX_METRES_PER_RADIAN / MIN_METRES_PER_RADIAN) * (1 + 1e-12);
const RANK_ROUNDING = 1e-15;

interface Candidate {
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

function candidatesOf(a: Core, b: Core): { candidates: Candidate[]; least: number } {
  const candidates: Candidate[] = [];
  addCandidates(a, b, candidates);
  addCandidates(b, a, candidates);
  let least = Number.POSITIVE_INFINITY;
  for (const c of candidates) least = Math.min(least, c.angle);
  return { candidates, least };
}

/** Karney's distance with the two ends in a fixed order, so that swapping the cores gives the same bits. */
function measure(c: Candidate): number {
  const p = c.pLonLat ?? lonLatOf(c.p);
  const q = c.qLonLat ?? lonLatOf(c.q);
  const pFirst = p[1] < q[1] || (p[1] === q[1] && p[0] <= q[0]);
  return pFirst ? geodesicDistanceM(p, q) : geodesicDistanceM(q, p);
}

/** The least geodesic distance between the nearest features, ignoring containment and crossings. */
function featureDistanceM(a: Core, b: Core): number {
  const { candidates, least } = candidatesOf(a, b);
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
  return coresIntersect(a, b) ? 0 : candidatesOf(a, b).least;
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
 * overlap or touch) when that is at most `d`; null when they are further apart.
 */
export function shapesGapWithinM(a: Shape, b: Shape, d: number): number | null {
  const reach = d + a.radiusM + b.radiusM;
  // Conservative pre-filter: the caps' angular gap in the fewest metres a radian can be.
  if (capsGap(capOf(a.core), capOf(b.core)) * MIN_METRES_PER_RADIAN > reach) return null;
  const { candidates, least } = candidatesOf(a.core, b.core);
  let features = Number.POSITIVE_INFINITY;
  // Past reach even in the fewest metres per radian: no need for Karney, only for containment.
  if (least * MIN_METRES_PER_RADIAN * (1 - 1e-12) <= reach) {
    const limit = least * RANK_RATIO + RANK_ROUNDING;
    for (const c of candidates) if (c.angle <= limit) features = Math.min(features, measure(c));
  }
  // Features within both radii: the shapes overlap whether or not the cores do.
  if (features <= a.radiusM + b.radiusM) return 0;
  if (coresIntersect(a.core, b.core)) return 0;
  return features <= reach ? features - a.radiusM - b.radiusM : null;
}

/** Whether two shapes are within `d` geodesic metres of each other (closed: exactly d counts). */
export function shapesWithinM(a: Shape, b: Shape, d: number): boolean {
  return shapesGapWithinM(a, b, d) !== null;
}
