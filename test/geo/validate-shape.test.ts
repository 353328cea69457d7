// Shape validation: every problem listed with its JSON pointer, windings normalised, shapes across
// the antimeridian and around a pole accepted as they are.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { polygonContains } from '../../src/geo/contains.js';
import { nVector } from '../../src/geo/n-vector.js';
import type { GeoProblem, LonLat, Shape } from '../../src/geo/shape.js';
import { MAX_RADIUS_M, validateShape } from '../../src/geo/validate-shape.js';

function valid(geometry: unknown, radiusM?: unknown): Shape {
  const result = validateShape({ geometry, radiusM });
  if (!result.ok) assert.fail(JSON.stringify(result.problems));
  return result.shape;
}

function problems(geometry: unknown, radiusM?: unknown): GeoProblem[] {
  const result = validateShape({ geometry, radiusM });
  assert.ok(!result.ok, 'expected problems');
  return result.problems;
}

const fields = (list: GeoProblem[]) => list.map((p) => p.field);
const polygon = (...ring: LonLat[]) => ({ type: 'Polygon', coordinates: [ring] });

test('points, routes and polygons become cores with their radius', () => {
  const circle = valid({ type: 'Point', coordinates: [10, 20, 300] }, 500);
  assert.equal(circle.core.kind, 'point');
  assert.equal(circle.radiusM, 500);
  const corridor = valid(
    {
      type: 'LineString',
      coordinates: [
        [0, 0],
        [1, 1],
        [0, 0],
      ],
    },
    50,
  );
  assert.equal(corridor.core.kind, 'polyline');
  const outline = valid(polygon([0, 0], [1, 0], [1, 1], [0, 0]));
  assert.equal(outline.radiusM, 0);
});

test('clockwise rings are reversed to counter-clockwise, the region staying the smaller side', () => {
  const ccw = valid(polygon([0, 0], [1, 0], [1, 1], [0, 1], [0, 0]));
  const cw = valid(polygon([0, 0], [0, 1], [1, 1], [1, 0], [0, 0]));
  const lonLats = (s: Shape) => (s.core.kind === 'polygon' ? s.core.ring.map((v) => v.lonLat) : []);
  assert.deepEqual(lonLats(ccw), [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
  ]);
  assert.deepEqual(lonLats(cw), [
    [1, 0],
    [1, 1],
    [0, 1],
    [0, 0],
  ]);
});

test('a square across the antimeridian and one around a pole are accepted and contain their centres', () => {
  const dateLine = valid(polygon([179.5, -0.5], [-179.5, -0.5], [-179.5, 0.5], [179.5, 0.5], [179.5, -0.5]));
  assert.ok(dateLine.core.kind === 'polygon' && polygonContains(dateLine.core.ring, nVector([180, 0])));
  assert.ok(dateLine.core.kind === 'polygon' && !polygonContains(dateLine.core.ring, nVector([0, 0])));
  const pole = valid(polygon([0, 88], [-90, 88], [180, 88], [90, 88], [0, 88]));
  assert.ok(pole.core.kind === 'polygon' && polygonContains(pole.core.ring, nVector([0, 90])));
  assert.ok(pole.core.kind === 'polygon' && !polygonContains(pole.core.ring, nVector([0, 87])));
});

test('every coordinate problem is listed, with its pointer', () => {
  const list = problems(polygon([0, 0], [200, 0], [1, 95], ['x', 1] as unknown as LonLat, [0, 0]));
  assert.deepEqual(fields(list), [
    '/geometry/coordinates/0/1/0',
    '/geometry/coordinates/0/2/1',
    '/geometry/coordinates/0/3/0',
  ]);
  assert.deepEqual(fields(problems({ type: 'Point', coordinates: [1] }, 10)), ['/geometry/coordinates']);
  assert.deepEqual(fields(problems({ type: 'Point', coordinates: [1, 2, 3, 4] }, 10)), [
    '/geometry/coordinates',
  ]);
  assert.deepEqual(fields(problems({ type: 'Point', coordinates: [Number.NaN, 2] }, 10)), [
    '/geometry/coordinates/0',
  ]);
  assert.deepEqual(fields(problems({ type: 'Circle', coordinates: [1, 2] })), ['/geometry/type', '/radiusM']);
  assert.deepEqual(fields(problems(null)), ['/geometry']);
});

test('radius and half-width: finite, positive, at most the limit; optional margin for polygons', () => {
  const point = { type: 'Point', coordinates: [0, 0] };
  for (const bad of [undefined, 0, -1, Number.POSITIVE_INFINITY, '5', MAX_RADIUS_M + 1]) {
    assert.deepEqual(fields(problems(point, bad)), ['/radiusM'], String(bad));
  }
  assert.equal(valid(point, MAX_RADIUS_M).radiusM, MAX_RADIUS_M);
  assert.deepEqual(fields(problems(polygon([0, 0], [1, 0], [1, 1], [0, 0]), -1)), ['/radiusM']);
  // Geometry and radius problems together.
  assert.deepEqual(fields(problems({ type: 'Point', coordinates: [0, 91] }, 0)), [
    '/geometry/coordinates/1',
    '/radiusM',
  ]);
});

test('rings: closed, one ring, 3 distinct vertices, no repeats, no antipodal edges, no self-crossing', () => {
  assert.match(problems(polygon([0, 0], [1, 0], [1, 1], [0, 1]))[0]?.reason ?? '', /closed/);
  assert.match(
    problems({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
        [
          [0.1, 0.1],
          [0.2, 0.1],
          [0.2, 0.2],
          [0.1, 0.1],
        ],
      ],
    })[0]?.reason ?? '',
    /holes/,
  );
  assert.match(problems(polygon([0, 0], [1, 0], [0, 0]))[0]?.reason ?? '', /at least 4 positions/);
  const repeats = problems(polygon([0, 0], [1, 0], [1, 0], [1, 1], [1, 1], [0, 0]));
  assert.deepEqual(fields(repeats), ['/geometry/coordinates/0/2', '/geometry/coordinates/0/4']);
  assert.match(
    problems(polygon([0, 0], [1, 0], [0, 0], [1, 0], [0, 0]))[0]?.reason ?? '',
    /distinct|crosses/,
  );
  assert.match(problems(polygon([0, 0], [180, 0], [0, 1], [0, 0]))[0]?.reason ?? '', /antipodal/);
  const bowtie = problems(polygon([0, 0], [1, 1], [1, 0], [0, 1], [0, 0]));
  assert.match(bowtie[0]?.reason ?? '', /crosses or touches itself/);
  // Touching itself at a vertex (a figure eight through one point) and a spike back along an edge.
  assert.ok(problems(polygon([0, 0], [1, 0], [1, 1], [0.5, 0], [0.5, 1], [0, 0])).length > 0);
  assert.ok(problems(polygon([0, 0], [2, 0], [1, 0], [1, 1], [0, 0])).length > 0);
  // Degenerate triangle: all on one meridian.
  assert.ok(problems(polygon([0, 0], [0, 1], [0, 2], [0, 0])).length > 0);
});

test('a ring around half the Earth or more is refused with a clear reason', () => {
  const equator = problems(polygon([0, 0], [120, 0], [-120, 0], [0, 0]));
  assert.match(equator[0]?.reason ?? '', /hemisphere/);
  const belt = problems(polygon([0, 0], [90, 1], [180, 0], [-90, -1], [0, 0]));
  assert.match(belt[0]?.reason ?? '', /hemisphere/);
  const wide = problems(polygon([0, 0], [80, 10], [160, 0], [-120, 10], [-50, 0], [0, 0]));
  assert.match(wide[0]?.reason ?? '', /hemisphere/);
  // 120° of latitude across the antimeridian is still the smaller side: accepted.
  valid(polygon([-170, -60], [170, -60], [170, 60], [-170, 60], [-170, -60]));
});

test('routes: at least 2 positions, no repeated or antipodal consecutive positions, may cross themselves', () => {
  assert.match(problems({ type: 'LineString', coordinates: [[0, 0]] }, 5)[0]?.reason ?? '', /at least 2/);
  assert.deepEqual(
    fields(
      problems(
        {
          type: 'LineString',
          coordinates: [
            [0, 0],
            [0, 0],
            [1, 1],
          ],
        },
        5,
      ),
    ),
    ['/geometry/coordinates/1'],
  );
  assert.match(
    problems(
      {
        type: 'LineString',
        coordinates: [
          [0, 0],
          [180, 0],
        ],
      },
      5,
    )[0]?.reason ?? '',
    /antipodal/,
  );
  valid(
    {
      type: 'LineString',
      coordinates: [
        [0, 0],
        [1, 1],
        [1, 0],
        [0, 1],
      ],
    },
    5,
  );
});

test('pointers follow the caller, and a 1,000-vertex ring is accepted while 1,001 is refused', () => {
  const result = validateShape(
    { geometry: { type: 'Point', coordinates: [0, 100] }, radiusM: 0 },
    { geometry: '/features/3/geometry', radius: '/features/3/properties/radius_m' },
  );
  assert.ok(!result.ok);
  assert.deepEqual(fields(result.problems), [
    '/features/3/geometry/coordinates/1',
    '/features/3/properties/radius_m',
  ]);
  const circle = (n: number): LonLat[] => {
    const ring: LonLat[] = [];
    for (let i = 0; i < n; i++) ring.push([Math.cos((2 * Math.PI * i) / n), Math.sin((2 * Math.PI * i) / n)]);
    ring.push(ring[0] as LonLat);
    return ring;
  };
  valid(polygon(...circle(1000)));
  assert.match(problems(polygon(...circle(1001)))[0]?.reason ?? '', /at most 1000/);
});
