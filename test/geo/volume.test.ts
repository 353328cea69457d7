// volumesConflict on known cases: closed in every dimension (touching in time, altitude or space is
// a conflict), just outside a minimum is not, the measures are as documented, and a ↔ b symmetric.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { coreDistanceM } from '../../src/geo/distance.js';
import { vertexAt } from '../../src/geo/n-vector.js';
import type { Core, LonLat, Separation, Shape, Volume } from '../../src/geo/shape.js';
import { volumesConflict } from '../../src/geo/volume.js';
import { fuzzSeed, Prng } from '../support/prng.js';
import { HOUR, testVolume } from '../support/volumes.js';

const T0 = Date.parse('2016-09-17T14:00:00Z');
const NONE: Separation = { horizontalM: 0, verticalM: 0, timeS: 0 };

const point = (at: LonLat): Core => ({ kind: 'point', at: vertexAt(at) });
const polygon = (...ring: LonLat[]): Core => ({ kind: 'polygon', ring: ring.map((p) => vertexAt(p)) });
const route = (...vertices: LonLat[]): Core => ({
  kind: 'polyline',
  vertices: vertices.map((p) => vertexAt(p)),
});

const volume = (id: string, shape: Shape, overrides: Partial<Volume> = {}): Volume =>
  testVolume(id, shape, T0, overrides);

/** volumesConflict both ways round; they must agree exactly. */
function conflict(a: Volume, b: Volume, sep: Separation = NONE) {
  const ab = volumesConflict(a, b, sep);
  assert.deepEqual(volumesConflict(b, a, sep), ab, 'symmetric');
  return ab;
}

const square = polygon([36, 35], [36.1, 35], [36.1, 35.1], [36, 35.1]);

describe('volumesConflict', () => {
  test('overlapping in all four dimensions: all measures 0, the overlap window given', () => {
    const a = volume('a', { core: square, radiusM: 0 });
    const b = volume(
      'b',
      { core: point([36.05, 35.05]), radiusM: 10 },
      { timeStart: T0 + HOUR / 2, timeEnd: T0 + 2 * HOUR },
    );
    assert.deepEqual(conflict(a, b), {
      overlap: { start: T0 + HOUR / 2, end: T0 + HOUR },
      timeGapS: 0,
      horizontalDistanceM: 0,
      verticalGapM: 0,
    });
  });

  test('touching in time counts; a millisecond apart does not, unless within the time minimum', () => {
    const a = volume('a', { core: square, radiusM: 0 });
    const touching = volume(
      'b',
      { core: square, radiusM: 0 },
      { timeStart: T0 + HOUR, timeEnd: T0 + 2 * HOUR },
    );
    assert.deepEqual(conflict(a, touching)?.overlap, { start: T0 + HOUR, end: T0 + HOUR });
    const apart = volume(
      'b',
      { core: square, radiusM: 0 },
      { timeStart: T0 + HOUR + 1, timeEnd: T0 + 2 * HOUR },
    );
    assert.equal(conflict(a, apart), null);
    const within = conflict(a, apart, { ...NONE, timeS: 0.001 });
    assert.equal(within?.overlap, null);
    assert.equal(within?.timeGapS, 0.001);
    assert.equal(conflict(a, { ...apart, timeStart: T0 + HOUR + 61_000 }, { ...NONE, timeS: 60 }), null);
  });

  test('touching altitude bands count; a gap counts only within the vertical minimum, equality included', () => {
    const a = volume('a', { core: square, radiusM: 0 }, { altitudeLowerM: 100, altitudeUpperM: 200 });
    const above = volume('b', { core: square, radiusM: 0 }, { altitudeLowerM: 200, altitudeUpperM: 300 });
    assert.equal(conflict(a, above)?.verticalGapM, 0);
    const gap = { ...above, altitudeLowerM: 300.5, altitudeUpperM: 400 };
    assert.equal(conflict(a, gap), null);
    assert.equal(conflict(a, gap, { ...NONE, verticalM: 100.5 })?.verticalGapM, 100.5);
    assert.equal(conflict(a, gap, { ...NONE, verticalM: 100.4 }), null);
  });

  test('circles touching exactly count, with horizontal distance 0; a millimetre short they do not', () => {
    const p = point([36, 35]);
    const q = point([36.2, 35.1]);
    const d = coreDistanceM(p, q);
    // d/2 + (d − d/2) is d exactly in doubles: the circles touch.
    const a = volume('a', { core: p, radiusM: d / 2 });
    const b = volume('b', { core: q, radiusM: d - d / 2 });
    assert.equal(conflict(a, b)?.horizontalDistanceM, 0);
    const short = volume('b', { core: q, radiusM: d - d / 2 - 0.001 });
    assert.equal(conflict(a, short), null);
    const within = conflict(a, short, { ...NONE, horizontalM: 0.002 });
    assert.ok(within !== null && Math.abs(within.horizontalDistanceM - 0.001) < 1e-6, JSON.stringify(within));
  });

  test('the horizontal distance is between the shapes: core distance less both radii', () => {
    const corridor = route([36, 35], [36.5, 35]);
    const circle = point([36.25, 35.2]);
    const d = coreDistanceM(corridor, circle);
    assert.ok(d > 20_000 && d < 25_000, `${d}`);
    const a = volume('a', { core: corridor, radiusM: 1000 });
    const b = volume('b', { core: circle, radiusM: 2000 });
    assert.equal(conflict(a, b), null);
    const m = conflict(a, b, { ...NONE, horizontalM: d });
    assert.ok(m !== null && Math.abs(m.horizontalDistanceM - (d - 3000)) < 1e-6);
  });

  test('a polygon inside another, with no boundary near: distance 0', () => {
    const inner = polygon([36.04, 35.04], [36.06, 35.04], [36.05, 35.06]);
    assert.equal(
      conflict(volume('a', { core: square, radiusM: 0 }), volume('b', { core: inner, radiusM: 0 }))
        ?.horizontalDistanceM,
      0,
    );
  });

  test('random pairs: symmetric, and consistent with the core distance', () => {
    const seed = fuzzSeed();
    const random = new Prng(seed);
    const u = (lo: number, hi: number) => lo + (hi - lo) * (random.next() / 2 ** 32);
    const randomVolume = (id: string, c: LonLat): Volume => {
      const near = (): LonLat => [((c[0] + u(-0.3, 0.3) + 540) % 360) - 180, c[1] + u(-0.3, 0.3)];
      const kind = random.int(3);
      const core =
        kind === 0
          ? point(near())
          : kind === 1
            ? route(near(), near())
            : polygon(
                ...[0, 120, 240].map((deg) => {
                  const r = u(0.01, 0.2);
                  return [
                    c[0] + r * Math.cos((deg * Math.PI) / 180),
                    c[1] + r * Math.sin((deg * Math.PI) / 180),
                  ] as LonLat;
                }),
              );
      const lower = u(0, 1000);
      const start = T0 + random.int(10 * HOUR);
      return volume(
        id,
        { core, radiusM: u(0, 5000) },
        {
          altitudeLowerM: lower,
          altitudeUpperM: lower + u(0, 500),
          timeStart: start,
          timeEnd: start + 1 + random.int(2 * HOUR),
        },
      );
    };
    let conflicts = 0;
    for (let i = 0; i < 2000; i++) {
      // Both around one centre, so that many pairs are near each other.
      const c: LonLat = [u(-180, 180), u(-85, 85)];
      const a = randomVolume('a', c);
      const b = randomVolume('b', c);
      const sep = { horizontalM: u(0, 20_000), verticalM: u(0, 300), timeS: u(0, 3600) };
      const m = conflict(a, b, sep);
      if (m === null) continue;
      conflicts++;
      const d = coreDistanceM(a.shape.core, b.shape.core);
      assert.ok(Math.abs(m.horizontalDistanceM - Math.max(0, d - a.shape.radiusM - b.shape.radiusM)) < 1e-6);
      assert.ok(m.horizontalDistanceM <= sep.horizontalM, `seed ${seed}`);
    }
    // About one pair in ten conflicts; far fewer would mean the test no longer exercises the measures.
    assert.ok(conflicts > 80, `only ${conflicts} conflicts among 2,000 pairs (seed ${seed})`);
  });
});
