// The exact predicates on hand-made cases: each degenerate configuration the PostGIS property test
// samples at random, here named and pinned down.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { polygonContains } from '../../src/geo/contains.js';
import { shapesWithinM } from '../../src/geo/distance.js';
import { coresIntersect, exactIntersect } from '../../src/geo/intersects.js';
import { lonLatOf, nVector, vertexAt } from '../../src/geo/n-vector.js';
import { arcsCross, onArc, orient, sameDirection } from '../../src/geo/orientation.js';
import { pointWithinM } from '../../src/geo/point-within.js';
import type { Core, LonLat, Vec3, Vertex } from '../../src/geo/shape.js';

const v = (lon: number, lat: number): Vec3 => nVector([lon, lat]);
const point = (lon: number, lat: number): Core => ({ kind: 'point', at: vertexAt([lon, lat]) });
const line = (...points: LonLat[]): Core => ({ kind: 'polyline', vertices: points.map(vertexAt) });
const polygon = (...points: LonLat[]): Core => ({ kind: 'polygon', ring: points.map(vertexAt) });
const ring = (...points: LonLat[]): Vertex[] => points.map(vertexAt);

test('n-vectors are exact at the poles, the equator and the quarter meridians, and round-trip', () => {
  assert.deepEqual(nVector([0, 90]), [0, 0, 1]);
  const south = nVector([123, -90]);
  assert.ok(south[0] === 0 && south[1] === 0 && south[2] === -1);
  assert.equal(nVector([37, 0])[2], 0);
  assert.equal(nVector([90, 12])[0], 0);
  assert.equal(nVector([180, 12])[1], 0);
  assert.deepEqual(nVector([180, 12]), nVector([-180, 12]));
  for (const p of [
    [12.5, 45.25],
    [-179.999, -89.5],
    [179, 0.001],
  ] as LonLat[]) {
    const [lon, lat] = lonLatOf(nVector(p));
    assert.ok(Math.abs(lon - p[0]) < 1e-12 && Math.abs(lat - p[1]) < 1e-12);
  }
});

test('orient is the sign of det[a, b, c]: +1 when c is left of a→b seen from outside', () => {
  assert.equal(orient([1, 0, 0], [0, 1, 0], [0, 0, 1]), 1);
  assert.equal(orient([0, 1, 0], [1, 0, 0], [0, 0, 1]), -1);
  assert.equal(orient([1, 0, 0], [0, 1, 0], [1, 1, 0]), 0);
  // Going east along the equator, the north is on the left.
  assert.equal(orient(v(0, 0), v(1, 0), v(0.5, 1e-9)), 1);
  assert.equal(orient(v(0, 0), v(1, 0), v(0.5, -1e-9)), -1);
  // A non-symmetric case against a plain determinant, far from zero.
  const [a, b, c]: [Vec3, Vec3, Vec3] = [
    [0.3, 0.1, 0.2],
    [0.1, 0.5, 0.2],
    [0.1, 0.2, 0.3],
  ];
  const det =
    a[0] * (b[1] * c[2] - b[2] * c[1]) -
    a[1] * (b[0] * c[2] - b[2] * c[0]) +
    a[2] * (b[0] * c[1] - b[1] * c[0]);
  assert.equal(orient(a, b, c), Math.sign(det));
  // Exact where floating point is not: nearly collinear vectors 2^-60 apart.
  const e = 2 ** -60;
  assert.equal(orient([1, 0, 0], [1, e, 0], [1, 2 * e, e * e]), 1);
});

test('onArc: closed, shorter arc only, exact on the quarter meridians', () => {
  assert.ok(onArc(v(0, 10), v(0, 0), v(0, 20)));
  assert.ok(onArc(v(0, 0), v(0, 0), v(0, 20)));
  assert.ok(onArc(v(0, 20), v(0, 0), v(0, 20)));
  assert.ok(!onArc(v(0, 20.000000001), v(0, 0), v(0, 20)));
  assert.ok(!onArc(v(0, -10), v(0, 0), v(0, 20)));
  assert.ok(!onArc(v(180, 80), v(0, 0), v(0, 20))); // on the great circle, on the far side
  assert.ok(onArc(v(90, 45), v(90, 0), v(-90, 89))); // over the pole: lon 90 up, lon -90 down
  assert.ok(onArc(v(0, 90), v(90, 80), v(-90, 80)));
  assert.throws(() => onArc(v(0, 0), v(10, 0), v(-170, 0)), RangeError);
});

test('arcsCross: proper crossings, touching, T-junctions, shared ends, overlaps and misses', () => {
  const cross = (a: LonLat[], b: LonLat[]) =>
    arcsCross(v(...(a[0] as LonLat)), v(...(a[1] as LonLat)), v(...(b[0] as LonLat)), v(...(b[1] as LonLat)));
  assert.ok(
    cross(
      [
        [0, -1],
        [0, 1],
      ],
      [
        [-1, 0],
        [1, 0],
      ],
    ),
    'proper crossing',
  );
  assert.ok(
    !cross(
      [
        [0, -1],
        [0, 1],
      ],
      [
        [179, 0],
        [-179, 0],
      ],
    ),
    'the crossing at the antipode is not on the arcs',
  );
  assert.ok(
    cross(
      [
        [0, 0],
        [0, 1],
      ],
      [
        [-1, 0],
        [1, 0],
      ],
    ),
    'T-junction on the equator',
  );
  assert.ok(
    cross(
      [
        [0, 0],
        [0, 1],
      ],
      [
        [0, 0],
        [1, 0],
      ],
    ),
    'shared endpoint',
  );
  assert.ok(
    cross(
      [
        [0, 0],
        [0, 2],
      ],
      [
        [0, 1],
        [0, 3],
      ],
    ),
    'overlap on a meridian',
  );
  assert.ok(
    cross(
      [
        [0, 0],
        [0, 2],
      ],
      [
        [0, 2],
        [0, 3],
      ],
    ),
    'end to end on a meridian',
  );
  assert.ok(
    cross(
      [
        [0, 0],
        [0, 3],
      ],
      [
        [0, 1],
        [0, 2],
      ],
    ),
    'one inside the other',
  );
  assert.ok(
    !cross(
      [
        [0, 0],
        [0, 1],
      ],
      [
        [0, 1.000000001],
        [0, 3],
      ],
    ),
    'collinear, 1e-9° apart',
  );
  assert.ok(
    !cross(
      [
        [0, 0],
        [0, 1],
      ],
      [
        [1e-9, 0.5],
        [1, 0.5],
      ],
    ),
    'T-junction missed by 1e-9°',
  );
  assert.ok(
    !cross(
      [
        [0, 0],
        [0, 1],
      ],
      [
        [0, 179],
        [0, 178],
      ],
    ),
    'same great circle, far side',
  );
  assert.ok(
    cross(
      [
        [179.5, 0],
        [-179.5, 0],
      ],
      [
        [180, -1],
        [180, 1],
      ],
    ),
    'across the antimeridian',
  );
  assert.ok(
    cross(
      [
        [0, 89],
        [180, 89],
      ],
      [
        [90, 89],
        [-90, 89],
      ],
    ),
    'over the pole',
  );
  // Symmetric in every argument order.
  const [a, b, c, d] = [v(0, 0), v(0, 1), v(-1, 0.5), v(0, 0.5)];
  for (const [p, q, r, s] of [
    [a, b, c, d],
    [b, a, c, d],
    [a, b, d, c],
    [c, d, a, b],
    [d, c, b, a],
  ]) {
    assert.ok(arcsCross(p as Vec3, q as Vec3, r as Vec3, s as Vec3));
  }
});

test('polygonContains: inside, outside, boundary, either winding, concave, pole and antimeridian', () => {
  const square = ring([0, 0], [1, 0], [1, 1], [0, 1]);
  const clockwise = [...square].reverse();
  for (const r of [square, clockwise]) {
    assert.ok(polygonContains(r, v(0.5, 0.5)));
    assert.ok(polygonContains(r, v(0, 0)), 'vertex');
    assert.ok(polygonContains(r, v(0, 0.5)), 'edge on a meridian');
    assert.ok(polygonContains(r, v(0.5, 0)), 'edge on the equator');
    assert.ok(!polygonContains(r, v(-1e-9, 0.5)));
    assert.ok(!polygonContains(r, v(0.5, -1e-9)));
    assert.ok(!polygonContains(r, v(180.5 - 360, -0.5)));
    // A ray through a vertex: points level with the corners.
    assert.ok(!polygonContains(r, v(2, 1)));
    assert.ok(!polygonContains(r, v(-1, 0)));
  }
  // A U shape: the notch is outside, the arms inside.
  const u = ring([0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3]);
  assert.ok(!polygonContains(u, v(1.5, 2)));
  assert.ok(polygonContains(u, v(0.5, 2)));
  assert.ok(polygonContains(u, v(2.5, 2)));
  assert.ok(polygonContains(u, v(1.5, 1)), 'the notch floor is boundary');
  // Straddling the antimeridian.
  const dateLine = ring([179, -1], [-179, -1], [-179, 1], [179, 1]);
  assert.ok(polygonContains(dateLine, v(180, 0)));
  assert.ok(polygonContains(dateLine, v(-180, 0.5)));
  assert.ok(!polygonContains(dateLine, v(0, 0)));
  assert.ok(!polygonContains(dateLine, v(178.9, 0)));
  // Around the north pole: the pole is exactly the vertex centre, the fallback reference is used.
  const cap = ring([0, 89], [90, 89], [180, 89], [-90, 89]);
  assert.ok(polygonContains(cap, v(0, 90)));
  assert.ok(polygonContains(cap, v(45, 89.5)));
  assert.ok(!polygonContains(cap, v(45, 88.9)));
  assert.ok(!polygonContains(cap, v(0, -90)));
});

test('coresIntersect: all six combinations, closed sets', () => {
  const square = polygon([0, 0], [1, 0], [1, 1], [0, 1]);
  // point / point
  assert.ok(coresIntersect(point(1, 2), point(1, 2)));
  assert.ok(coresIntersect(point(180, 2), point(-180, 2)));
  assert.ok(coresIntersect(point(10, 90), point(-50, 90)));
  assert.ok(!coresIntersect(point(1, 2), point(1, 2.000000001)));
  // point / polyline
  const route = line([0, 0], [0, 1], [1, 1]);
  assert.ok(coresIntersect(point(0, 0.5), route));
  assert.ok(coresIntersect(route, point(0, 1)));
  assert.ok(!coresIntersect(point(0.5, 0.5), route));
  // point / polygon
  assert.ok(coresIntersect(point(0.5, 0.5), square));
  assert.ok(coresIntersect(square, point(1, 1)));
  assert.ok(!coresIntersect(point(1.000000001, 1), square));
  // polyline / polyline
  assert.ok(coresIntersect(route, line([-1, 0.5], [0, 0.5])), 'T-junction');
  assert.ok(!coresIntersect(route, line([-1, 0.5], [-1e-9, 0.5])));
  assert.ok(coresIntersect(route, line([0, 0.2], [0, 0.3])), 'collinear overlap');
  // polyline / polygon: crossing, inside, touching, outside
  assert.ok(coresIntersect(line([-1, 0.5], [2, 0.5]), square));
  assert.ok(coresIntersect(line([0.2, 0.5], [0.8, 0.5]), square));
  assert.ok(coresIntersect(line([-1, 1], [0, 1]), square));
  assert.ok(!coresIntersect(line([-1, 2], [2, 2]), square));
  // polygon / polygon: shared edge, shared vertex, inside, outside, 1e-9° apart
  assert.ok(coresIntersect(square, polygon([1, 0], [2, 0], [2, 1], [1, 1])));
  assert.ok(coresIntersect(square, polygon([1, 1], [2, 1], [2, 2], [1, 2])));
  assert.ok(coresIntersect(square, polygon([0.2, 0.2], [0.4, 0.2], [0.4, 0.4])));
  assert.ok(coresIntersect(polygon([0.2, 0.2], [0.4, 0.2], [0.4, 0.4]), square));
  assert.ok(coresIntersect(polygon([-1, -1], [2, -1], [2, 2], [-1, 2]), square));
  assert.ok(!coresIntersect(square, polygon([1.000000001, 0], [2, 0], [2, 1], [1.000000001, 1])));
  assert.ok(!coresIntersect(square, polygon([3, 3], [4, 3], [4, 4])));
});

test('the bounding-cap pre-filter never rejects what the exact test accepts', () => {
  const shapes: Core[] = [
    polygon([0, 0], [1, 0], [1, 1], [0, 1]),
    polygon([1, 0], [2, 0], [2, 1], [1, 1]),
    line([1, 1], [5, 5]),
    point(1, 1),
    point(0.5, 0.5),
    polygon([179, 89], [-91, 89], [-1, 89], [89, 89]),
    point(0, 90),
    line([-1, 89.5], [179, 89.5]),
    polygon([179.5, -1], [-179.5, -1], [-179.5, 1], [179.5, 1]),
    line([180, 0], [170, 0]),
  ];
  for (const a of shapes) for (const b of shapes) assert.equal(coresIntersect(a, b), exactIntersect(a, b));
  assert.ok(sameDirection(v(0, 90), v(77, 90)));
});

test('shapes declared to touch on any meridian meet despite the rounding of their vectors; 1 mm apart they do not', () => {
  let exactMisses = 0;
  let cases = 0;
  for (let i = 0; i < 720; i++) {
    // Longitudes that are no multiple of 90°, edges from 10 m to 170° long, latitudes all over them.
    const lon = -179.6 + i * 0.4991;
    const [south, north] = i % 3 === 0 ? [-85, 85] : i % 3 === 1 ? [lon / 3, lon / 3 + 1] : [60, 60.0001];
    const lat = south + (north - south) * ((i * 0.618) % 1);
    const west = polygon([lon - 0.5, south], [lon, south], [lon, north], [lon - 0.5, north]);
    // A route leg of 179.8°, whose great circle the rounding leaves least determined.
    const route = line([lon, -89.9], [lon, 89.9]);
    const millimetre = (0.001 / (6_371_000 * Math.cos((lat * Math.PI) / 180))) * (180 / Math.PI);
    for (const [east, touching] of [
      [lon, true],
      [lon + millimetre, false],
    ] as const) {
      cases++;
      const site = point(east, lat);
      const triangle = polygon([east, lat], [east + 0.5, lat - 1e-4], [east + 0.5, lat + 1e-4]);
      const answers = [
        coresIntersect(west, site),
        coresIntersect(triangle, west),
        shapesWithinM({ core: west, radiusM: 0 }, { core: triangle, radiusM: 0 }, 0),
        pointWithinM(vertexAt([east, lat]), { core: west, radiusM: 0 }, 0),
        coresIntersect(site, route),
        pointWithinM(vertexAt([east, lat]), { core: route, radiusM: 0 }, 0),
      ];
      assert.deepEqual(answers, Array(6).fill(touching), `${east} ${lat} (${south}–${north})`);
      if (touching && !exactIntersect(west, site)) exactMisses++;
    }
  }
  // The rounding is real: on the vectors alone, many of these touches are a hair apart.
  assert.ok(exactMisses > cases / 10, `${exactMisses} of ${cases / 2} touches apart on the vectors`);
});
