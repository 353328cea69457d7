// The watch's point query gives exactly the answer of the general shape distance (shapesGapWithinM
// on a point shape) for circles, polygon outlines and corridors, including positions placed within
// centimetres of the boundary, where the angle bounds hand over to Karney's distance.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shapesGapWithinM } from '../../src/geo/distance.js';
import { vertexAt } from '../../src/geo/n-vector.js';
import { pointWithinM } from '../../src/geo/point-within.js';
import type { LonLat, Shape } from '../../src/geo/shape.js';
import { validateShape } from '../../src/geo/validate-shape.js';
import { destination } from '../deconfliction/random-declarations.js';
import { fuzzSeed, Prng } from '../support/prng.js';

function shape(geometry: unknown, radiusM: number): Shape {
  const result = validateShape({ geometry, radiusM });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.shape;
}

describe('point within a distance of a shape', () => {
  it('agrees with shapesGapWithinM, near and on every kind of boundary', () => {
    const seed = fuzzSeed();
    const rng = new Prng(seed);
    const u = () => rng.next() / 2 ** 32;
    let inside = 0;
    for (let i = 0; i < 3000; i++) {
      const centre: LonLat = [-180 + 360 * u(), -80 + 160 * u()];
      const kind = i % 3;
      const size = 100 + 5000 * u();
      const s =
        kind === 0
          ? shape({ type: 'Point', coordinates: centre }, size)
          : kind === 1
            ? shape(
                {
                  type: 'Polygon',
                  // Decreasing bearings, closed: a counter-clockwise square-ish ring around the centre.
                  coordinates: [[0, -90, -180, -270, 0].map((bearing) => destination(centre, bearing, size))],
                },
                rng.chance(0.3) ? 50 : 0,
              )
            : shape(
                { type: 'LineString', coordinates: [centre, destination(centre, rng.int(360), size)] },
                50 + 200 * u(),
              );
      const d = kind === 1 && u() < 0.5 ? 0 : 1000 * u();
      // A point at about the boundary's distance, give or take up to a metre or a few centimetres.
      const offset = (u() < 0.5 ? 0.05 : 1) * (2 * u() - 1);
      // Circles and corridors: about the reach from the centre (the corridor's start); polygons: about
      // their corner distance, so inside and outside both occur.
      const radial =
        kind === 0 ? size + d + offset : kind === 1 ? size * (0.5 + u()) : s.radiusM + d + offset;
      const p = vertexAt(destination(centre, rng.int(360), Math.max(0, radial)));
      const expected = shapesGapWithinM({ core: { kind: 'point', at: p }, radiusM: 0 }, s, d) !== null;
      assert.equal(pointWithinM(p, s, d), expected, `seed ${seed}, case ${i}`);
      if (expected) inside++;
    }
    assert.ok(inside > 300 && inside < 2700, `seed ${seed}: ${inside} inside, too lopsided to test`);
  });
});
