// coreDistanceM against an independent oracle: PostGIS's ST_Distance on geography, whose edges are
// great-circle arcs between the vertices too, on random and adversarial pairs.
//
// Tolerances, and why:
// - On the sphere (ST_Distance(…, false), mean radius R), both sides compute the same thing: the
//   least angle between a vertex and the nearest point of an arc. They agree to rounding:
//   |ours − PostGIS| ≤ 1 mm + 1e-9·d. The millimetre covers PostGIS's tolerances in its edge tests
//   (near misses of 1e-9° are 0.1 mm) and the trigonometry of two independent implementations.
// - On WGS84 (the default), both find each candidate's nearest point on the sphere and measure it
//   with Karney's geodesic, so PostGIS's value is the distance of one pair of points of the two
//   shapes and ours, the least over the candidate pairs, can never be larger:
//   ours ≤ PostGIS + 1 mm + 1e-9·d.
//   PostGIS picks the pair that is nearest on the sphere and measures only that one; we measure
//   every pair that could be nearest on the ellipsoid and take the least. Where two candidates are
//   nearly tied on the sphere, in directions the ellipsoid stretches differently, PostGIS may
//   report the longer one. The stretch of the latitude–longitude map lies between a(1 − e²) and
//   a/√(1 − e²) metres per radian (geodesic.ts), so PostGIS ≤ ours · (1 − e²)^(−3/2) + 1 mm, i.e.
//   within 1.02 % above. Apart from those ties the two agree to the millimetre; the test counts the
//   pairs where they do not (mostly points beyond the end of a short arc, nearly as far from both
//   ends), and checks that each is within that ratio; the sphere check above keeps it honest.
// - PostGIS decides whether the foot of a perpendicular lies on an arc by comparing cosines
//   (edge_point_in_cone: the foot's and an end's projections on the arc's mid-direction, to within
//   2e-16). For an arc of half-angle θ that resolves angles only to about 2e-16/θ radians, so near
//   the ends of an arc of length L metres PostGIS may measure a perpendicular where the nearest point
//   is the end, or the other way round: an error up to about 2e-16·R/θ = 4e-16·R²/L ≈ 0.016 m²/L
//   (1.6 cm for a 1 m arc). The tolerance adds 0.04 m²/L for the shortest arc of the pair.
// - PostGIS treats two arcs whose planes' unit normals have |n₁·n₂| within 1e-12 of 1 (FP_TOLERANCE in
//   liblwgeom's edge_intersects) as collinear, and reports 0 when they overlap along the circle, even
//   though they can be apart by up to acos(1 − 1e-12)·R ≈ 1.4e-6 rad ≈ 9 m; the exact predicates do not.
//   Pairs where PostGIS says 0 and we do not must hold two such arcs, and ours must be under 9.1 m.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { coreDistanceM, coreSphereAngle } from '../../src/geo/distance.js';
import { MAX_METRES_PER_RADIAN, MIN_METRES_PER_RADIAN } from '../../src/geo/geodesic.js';
import { angleBetween } from '../../src/geo/great-circle-arc.js';
import { nVector, vertexAt } from '../../src/geo/n-vector.js';
import type { Core, LonLat, Vec3 } from '../../src/geo/shape.js';
import { type Postgis, postgisUnavailable, startPostgis } from '../support/postgis.js';
import { fuzzSeed, Prng } from '../support/prng.js';

const ABSOLUTE_M = 1e-3;
const RELATIVE = 1e-9;
/** PostGIS's sphere: the mean radius (2a + b) / 3 of WGS84. */
const MEAN_RADIUS_M = (2 * 6378137 + 6378137 * (1 - 1 / 298.257223563)) / 3;
const STRETCH_RATIO = MAX_METRES_PER_RADIAN / MIN_METRES_PER_RADIAN;
const BATCH = 500;
/** PostGIS's collinearity tolerance on the dot product of two arcs' unit normals, with rounding room. */
const COLLINEAR_DOT = 1 - 1.01e-12;
const CONE_M2 = 0.04;
const COLLINEAR_GAP_M = Math.acos(COLLINEAR_DOT) * MAX_METRES_PER_RADIAN;

const seed = fuzzSeed();
const random = new Prng(seed);
const uniform = (lo: number, hi: number) => lo + (hi - lo) * (random.next() / 2 ** 32);

/** Longitude wrapped into [−180, 180), so that antimeridian shapes are written as PostGIS reads them. */
const wrapLon = (lon: number) => ((((lon + 180) % 360) + 360) % 360) - 180;

/** The position `metres` (roughly, on a sphere) from `from` at `bearingDeg` — enough for generating cases. */
function offset(from: LonLat, bearingDeg: number, metres: number): LonLat {
  const d = metres / 6371000;
  const b = (bearingDeg * Math.PI) / 180;
  const lat1 = (from[1] * Math.PI) / 180;
  const lon1 = (from[0] * Math.PI) / 180;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lon2 =
    lon1 +
    Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return [wrapLon((lon2 * 180) / Math.PI), (lat2 * 180) / Math.PI];
}

type Spec = { kind: 'point'; at: LonLat } | { kind: 'polyline' | 'polygon'; at: LonLat[] };

function core(spec: Spec): Core {
  if (spec.kind === 'point') return { kind: 'point', at: vertexAt(spec.at) };
  const vertices = spec.at.map((p) => vertexAt(p));
  return spec.kind === 'polyline' ? { kind: 'polyline', vertices } : { kind: 'polygon', ring: vertices };
}

function wkt(spec: Spec): string {
  const xy = (p: LonLat) => `${p[0]} ${p[1]}`;
  if (spec.kind === 'point') return `SRID=4326;POINT(${xy(spec.at)})`;
  if (spec.kind === 'polyline') return `SRID=4326;LINESTRING(${spec.at.map(xy).join(',')})`;
  return `SRID=4326;POLYGON((${[...spec.at, spec.at[0] as LonLat].map(xy).join(',')}))`;
}

/** A random centre; sometimes near a pole or across the antimeridian. */
function centre(): LonLat {
  const where = random.int(6);
  if (where === 0) return [uniform(-180, 180), uniform(85, 89.9) * (random.chance(0.5) ? 1 : -1)];
  if (where === 1) return [wrapLon(180 + uniform(-0.5, 0.5)), uniform(-70, 70)];
  return [uniform(-180, 180), uniform(-80, 80)];
}

/** A size in metres spread over many orders of magnitude, up to long edges where arcs and rhumb lines part. */
const size = () => 10 ** uniform(0, random.chance(0.1) ? 6.6 : 5.5);

/** A star-shaped ring around `c`, counter-clockwise seen from outside (bearings decreasing clockwise). */
function ring(c: LonLat, radius: number, count: number): LonLat[] {
  const bearings = Array.from({ length: count }, () => uniform(0, 360)).sort((x, y) => y - x);
  return bearings.map((b) => offset(c, b, radius * uniform(0.3, 1)));
}

function randomSpec(c: LonLat, radius: number): Spec {
  const kind = random.int(3);
  if (kind === 0) return { kind: 'point', at: offset(c, uniform(0, 360), radius * uniform(0, 1)) };
  if (kind === 1) {
    const count = 2 + random.int(4);
    return { kind: 'polyline', at: Array.from({ length: count }, () => offset(c, uniform(0, 360), radius)) };
  }
  return { kind: 'polygon', at: ring(c, radius, 3 + random.int(5)) };
}

/** Two random shapes near each other: overlapping, near misses or well apart. */
function randomPair(): [Spec, Spec] {
  const c = centre();
  const r = size();
  const gap = r * 10 ** uniform(-3, 1.5);
  return [randomSpec(c, r), randomSpec(offset(c, uniform(0, 360), gap), r * uniform(0.1, 2))];
}

/** A point beside an arc's interior, or beyond one of its ends, at a tiny to large distance. */
function pointNearArc(): [Spec, Spec] {
  const c = centre();
  const length = size();
  const bearing = uniform(0, 360);
  const a = offset(c, bearing, length / 2);
  const b = offset(c, bearing + 180, length / 2);
  const away = 10 ** uniform(-4, 4);
  const beyondEnd = random.chance(0.3);
  const p = beyondEnd
    ? offset(a, bearing + uniform(-60, 60), away)
    : offset(
        offset(c, bearing, uniform(-0.45, 0.45) * length),
        bearing + (random.chance(0.5) ? 90 : -90),
        away,
      );
  return [
    { kind: 'point', at: p },
    random.chance(0.5) ? { kind: 'polyline', at: [a, b] } : { kind: 'polyline', at: [b, a] },
  ];
}

/** Two shapes a hair apart: a copy of one, shifted by 1e-9° to 1e-3°, or sharing a vertex. */
function nearMiss(): [Spec, Spec] {
  const c = centre();
  const r = size();
  const first = randomSpec(c, r);
  const shift = 10 ** uniform(-9, -3);
  const move = (p: LonLat): LonLat => [wrapLon(p[0] + shift), Math.min(89.99, p[1] + shift * uniform(-1, 1))];
  const at = first.kind === 'point' ? [first.at] : first.at;
  const last = at[at.length - 1] as LonLat;
  const second: Spec = random.chance(0.5)
    ? { kind: 'polyline', at: [last, offset(last, uniform(0, 360), r)] }
    : first.kind === 'point'
      ? { kind: 'point', at: move(first.at) }
      : { kind: first.kind, at: first.at.map(move) };
  return [first, second];
}

/** Long arcs (hundreds to thousands of km) with a point or short leg near them. */
function longEdge(): [Spec, Spec] {
  const c: LonLat = [uniform(-180, 180), uniform(-60, 60)];
  const length = uniform(1e6, 8e6);
  const bearing = uniform(0, 360);
  const a = offset(c, bearing, length / 2);
  const b = offset(c, bearing + 180, length / 2);
  const p = offset(offset(c, bearing, uniform(-0.4, 0.4) * length), bearing + 90, uniform(-3e5, 3e5));
  return [
    { kind: 'polyline', at: [a, b] },
    random.chance(0.5)
      ? { kind: 'point', at: p }
      : { kind: 'polyline', at: [p, offset(p, uniform(0, 360), 1e4)] },
  ];
}

const GENERATORS: Array<[string, () => [Spec, Spec]]> = [
  ['random', randomPair],
  ['point near arc', pointNearArc],
  ['near miss', nearMiss],
  ['long edge', longEdge],
];

function unitNormals(spec: Spec): Vec3[] {
  if (spec.kind === 'point') return [];
  const ns = spec.at.map((p) => nVector(p));
  const arcs = spec.kind === 'polygon' ? ns.length : ns.length - 1;
  const normals: Vec3[] = [];
  for (let i = 0; i < arcs; i++) {
    const a = ns[i] as Vec3;
    const b = ns[(i + 1) % ns.length] as Vec3;
    const n: Vec3 = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
    const length = Math.hypot(...n);
    normals.push([n[0] / length, n[1] / length, n[2] / length]);
  }
  return normals;
}

/** The length in metres (on the sphere) of the shortest arc of either shape; Infinity with none. */
function shortestArcM(...specs: Spec[]): number {
  let shortest = Number.POSITIVE_INFINITY;
  for (const spec of specs) {
    if (spec.kind === 'point') continue;
    const ns = spec.at.map((p) => nVector(p));
    const arcs = spec.kind === 'polygon' ? ns.length : ns.length - 1;
    for (let i = 0; i < arcs; i++) {
      shortest = Math.min(
        shortest,
        angleBetween(ns[i] as Vec3, ns[(i + 1) % ns.length] as Vec3) * MEAN_RADIUS_M,
      );
    }
  }
  return shortest;
}

/** Whether PostGIS would call some arc of one and some arc of the other collinear. */
function nearlyCoplanarArcs(a: Spec, b: Spec): boolean {
  const bNormals = unitNormals(b);
  for (const n of unitNormals(a)) {
    for (const m of bNormals)
      if (Math.abs(n[0] * m[0] + n[1] * m[1] + n[2] * m[2]) >= COLLINEAR_DOT) return true;
  }
  return false;
}

interface Row {
  i: number;
  spheroid: number;
  sphere: number;
}

describe(`geodesic distance against PostGIS ST_Distance(geography) (FUZZ_SEED=${seed})`, {
  skip: postgisUnavailable() ?? false,
}, () => {
  let db: Postgis;
  before(async () => {
    db = await startPostgis();
  });
  after(async () => {
    await db?.stop();
  });

  for (const [name, generate] of GENERATORS) {
    test(`${name}: 2,000 pairs agree within ${ABSOLUTE_M} m + ${RELATIVE}·d`, async () => {
      const pairs = Array.from({ length: 2000 }, generate);
      const rows: Row[] = [];
      for (let start = 0; start < pairs.length; start += BATCH) {
        const batch = pairs.slice(start, start + BATCH);
        rows.push(
          ...(await db.query<Row>(
            `SELECT (i - 1 + $3)::int AS i, ST_Distance(a, b) AS spheroid, ST_Distance(a, b, false) AS sphere
               FROM (SELECT i, ST_GeogFromText(a) AS a, ST_GeogFromText(b) AS b
                       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(a, b, i)) AS g`,
            [batch.map(([a]) => wkt(a)), batch.map(([, b]) => wkt(b)), start],
          )),
        );
      }
      assert.equal(rows.length, pairs.length);
      const failures: string[] = [];
      let ties = 0;
      let collinear = 0;
      for (const { i, spheroid, sphere } of rows) {
        const [specA, specB] = pairs[i] as [Spec, Spec];
        const a = core(specA);
        const b = core(specB);
        const ours = coreDistanceM(a, b);
        const oursSphere = coreSphereAngle(a, b) * MEAN_RADIUS_M;
        const cone = CONE_M2 / shortestArcM(specA, specB);
        const tolerance = (d: number) => ABSOLUTE_M + RELATIVE * d + cone;
        const describe = () => `${wkt(specA)} / ${wkt(specB)}`;
        if (spheroid === 0 && ours > tolerance(0) && nearlyCoplanarArcs(specA, specB)) {
          collinear++;
          if (ours > COLLINEAR_GAP_M)
            failures.push(`collinear: ours ${ours} too far for PostGIS's tolerance: ${describe()}`);
          continue;
        }
        if (Math.abs(oursSphere - sphere) > tolerance(sphere)) {
          failures.push(`sphere: ours ${oursSphere} PostGIS ${sphere}: ${describe()}`);
        }
        if (ours > spheroid + tolerance(spheroid)) {
          failures.push(`spheroid: ours ${ours} above PostGIS ${spheroid}: ${describe()}`);
        } else if (spheroid > ours + tolerance(spheroid)) {
          ties++;
          if (spheroid > ours * STRETCH_RATIO + tolerance(0)) {
            failures.push(
              `spheroid: PostGIS ${spheroid} beyond the stretch ratio of ours ${ours}: ${describe()}`,
            );
          }
        }
        // The symmetric question has the same answer, to the bit.
        if (coreDistanceM(b, a) !== ours) failures.push(`asymmetric: ${describe()}`);
      }
      assert.deepEqual(failures, [], `${failures.length} disagreements`);
      if (ties + collinear > 0) {
        process.stdout.write(`# ${name}: ${ties} sphere ties, ${collinear} PostGIS-collinear near misses\n`);
      }
    });
  }
});
