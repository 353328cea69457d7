// coreDistanceM and shapesWithinM without an oracle: known answers, the pre-filter never rejecting
// a pair that is within, and the model error (sphere foot, ellipsoid measure) against a direct
// minimisation along the arc, bounded as distance.ts documents.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { coreDistanceM, shapesGapWithinM, shapesWithinM } from '../../src/geo/distance.js';
import { geodesicDistanceM } from '../../src/geo/geodesic.js';
import { lonLatOf, vertexAt } from '../../src/geo/n-vector.js';
import type { Core, LonLat, Vec3 } from '../../src/geo/shape.js';
import { fuzzSeed, Prng } from '../support/prng.js';

const point = (at: LonLat): Core => ({ kind: 'point', at: vertexAt(at) });
const route = (...vertices: LonLat[]): Core => ({
  kind: 'polyline',
  vertices: vertices.map((p) => vertexAt(p)),
});
const polygon = (...ring: LonLat[]): Core => ({ kind: 'polygon', ring: ring.map((p) => vertexAt(p)) });

const seed = fuzzSeed();
const random = new Prng(seed);
const u = (lo: number, hi: number) => lo + (hi - lo) * (random.next() / 2 ** 32);

describe(`core distances (FUZZ_SEED=${seed})`, () => {
  test('known answers: Karney between points, 0 on contact, across the antimeridian the short way', () => {
    // One degree of longitude on the equator is a·π/180.
    assert.ok(Math.abs(coreDistanceM(point([0, 0]), point([1, 0])) - (6378137 * Math.PI) / 180) < 1e-8);
    assert.equal(
      coreDistanceM(point([179.9, 0]), point([-179.9, 0])),
      geodesicDistanceM([179.9, 0], [-179.9, 0]),
    );
    assert.ok(coreDistanceM(point([179.9, 0]), point([-179.9, 0])) < 23_000);
    const square = polygon([0, 0], [1, 0], [1, 1], [0, 1]);
    assert.equal(coreDistanceM(point([0.5, 0.5]), square), 0);
    // On the equator edge: the n-vectors have z = 0 exactly, so the point is exactly on the arc.
    assert.equal(coreDistanceM(point([0.5, 0]), square), 0);
    assert.equal(coreDistanceM(point([1, 1]), square), 0);
    assert.equal(coreDistanceM(route([-1, 0.5], [2, 0.5]), square), 0);
    // The equator is a great circle: a point north of its middle is nearest to the foot below it.
    assert.equal(
      coreDistanceM(point([0.5, 1]), route([0, 0], [1, 0])),
      geodesicDistanceM([0.5, 1], [0.5, 0]),
    );
    // Beyond the end the end is nearest.
    assert.equal(coreDistanceM(point([2, 1]), route([0, 0], [1, 0])), geodesicDistanceM([2, 1], [1, 0]));
  });

  test('a long edge is a great circle, not a rhumb line: a point on the parallel is off the arc', () => {
    // The arc between (0, 60) and (60, 60) bulges poleward to atan(tan 60° / cos 30°) = atan 2 at
    // its middle, so (30, 60) is some 380 km south of it, nearest to that middle.
    const d = coreDistanceM(point([30, 60]), route([0, 60], [60, 60]));
    const middle = (Math.atan(2) * 180) / Math.PI;
    assert.ok(Math.abs(d - geodesicDistanceM([30, 60], [30, middle])) < 1e-6, `${d}`);
  });

  test('shapesWithinM agrees with coreDistanceM ≤ d + radii on random pairs, the pre-filter included', () => {
    let within = 0;
    for (let i = 0; i < 3000; i++) {
      const c: LonLat = [u(-180, 180), u(-80, 80)];
      const spread = 10 ** u(-3, 1);
      const at = (): LonLat => [
        ((c[0] + u(-spread, spread) + 540) % 360) - 180,
        c[1] + u(-spread, spread) / 2,
      ];
      const core = (): Core => (random.chance(0.5) ? point(at()) : route(at(), at()));
      const a = { core: core(), radiusM: u(0, 1000) };
      const b = { core: core(), radiusM: u(0, 1000) };
      const d = u(0, 10 ** u(0, 5));
      const distance = coreDistanceM(a.core, b.core);
      const expected = distance <= d + a.radiusM + b.radiusM;
      assert.equal(shapesWithinM(a, b, d), expected, `seed ${seed}, pair ${i}`);
      if (expected) {
        within++;
        assert.equal(shapesGapWithinM(a, b, d), Math.max(0, distance - a.radiusM - b.radiusM));
      }
    }
    assert.ok(within > 300, `${within}`);
  });

  test('the sphere-foot model over-estimates by at most 2.5e-5 of the distance, never under-estimates', () => {
    // A direct minimisation of Karney's distance along the arc (sampled, then golden section).
    const slerp = (a: Vec3, b: Vec3, t: number): LonLat => {
      const x: Vec3 = [a[0] * (1 - t) + b[0] * t, a[1] * (1 - t) + b[1] * t, a[2] * (1 - t) + b[2] * t];
      return lonLatOf(x);
    };
    let worst = 0;
    for (let i = 0; i < 300; i++) {
      const c: LonLat = [u(-180, 180), u(-80, 80)];
      const spread = 10 ** u(-2, 1);
      const at = (): LonLat => [((c[0] + u(-spread, spread) + 540) % 360) - 180, c[1] + u(-spread, spread)];
      const [pA, pB, pP] = [at(), at(), at()];
      const arc = route(pA, pB);
      const model = coreDistanceM(point(pP), arc);
      const a = vertexAt(pA).n;
      const b = vertexAt(pB).n;
      const f = (t: number) => geodesicDistanceM(pP, slerp(a, b, t));
      let bestT = 0;
      for (let k = 0; k <= 100; k++) if (f(k / 100) < f(bestT)) bestT = k / 100;
      let lo = Math.max(0, bestT - 0.01);
      let hi = Math.min(1, bestT + 0.01);
      for (let k = 0; k < 80; k++) {
        const m1 = lo + (hi - lo) * 0.382;
        const m2 = lo + (hi - lo) * 0.618;
        if (f(m1) < f(m2)) hi = m2;
        else lo = m1;
      }
      const truth = Math.min(f(bestT), f((lo + hi) / 2));
      assert.ok(model >= truth - 1e-6, `under-estimate: ${model} < ${truth}`);
      worst = Math.max(worst, (model - truth) / truth);
    }
    assert.ok(worst <= 2.5e-5, `worst relative over-estimate ${worst}`);
  });
});
