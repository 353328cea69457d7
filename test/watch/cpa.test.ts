// The state-based prediction on encounters whose answer follows from plane geometry: head-on,
// crossing, overtaking, parallel, vertical convergence, and each minimum just inside and just
// outside. Placed on the equator, where a degree of longitude is an exact arc of the ellipsoid, so
// the expected figures are computed from distances along it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BLUESKY_LOOKAHEAD_S,
  BLUESKY_MINIMA,
  LOSS,
  LOSS_SIZE,
  type PairMinima,
  predictLoss,
} from '../../src/geo/cpa.js';
import { geodesicDistanceM } from '../../src/geo/geodesic.js';
import { KINEMATICS_STRIDE, writeKinematics } from '../../src/geo/track-kinematics.js';
import { destination } from '../deconfliction/random-declarations.js';
import { fuzzSeed, Prng } from '../support/prng.js';

interface Mover {
  lon: number;
  lat: number;
  alt?: number;
  speed?: number;
  track?: number;
  climb?: number;
  time?: number;
}

/** Metres of the equator per degree of longitude (WGS84 a · π/180). */
const EQUATOR_M_PER_DEG = (6_378_137 * Math.PI) / 180;
const T0 = Date.parse('2026-03-02T10:00:00Z');
const H = BLUESKY_MINIMA.horizontalM;
const V = BLUESKY_MINIMA.verticalM;

function predict(a: Mover, b: Mover, minima: PairMinima = BLUESKY_MINIMA): Float64Array | null {
  const k = new Float64Array(2 * KINEMATICS_STRIDE);
  for (const [i, m] of [a, b].entries())
    writeKinematics(
      k,
      i * KINEMATICS_STRIDE,
      m.lon,
      m.lat,
      m.alt ?? 3000,
      m.speed ?? 0,
      m.track ?? 0,
      m.climb ?? 0,
      m.time ?? T0,
    );
  const out = new Float64Array(LOSS_SIZE);
  return predictLoss(k, 0, KINEMATICS_STRIDE, minima, BLUESKY_LOOKAHEAD_S, out) ? out : null;
}

/** A point `metres` east of longitude 0 on the equator. */
const east = (metres: number) => metres / EQUATOR_M_PER_DEG;

describe('predicted loss of separation', () => {
  it('head-on: loss when the gap closes to the minimum, miss zero', () => {
    const gap = 60_000;
    const p = predict(
      { lon: 0, lat: 0, speed: 200, track: 90 },
      { lon: east(gap), lat: 0, speed: 200, track: 270 },
    );
    assert.ok(p);
    assert.ok(Math.abs((p[LOSS.timeToLossS] as number) - (gap - H) / 400) < 0.01);
    assert.ok(Math.abs((p[LOSS.closestS] as number) - gap / 400) < 0.01);
    assert.ok((p[LOSS.horizontalMissM] as number) < 1);
    assert.equal(p[LOSS.verticalMissM], 0);
  });

  it('crossing: the miss distance and entry time of plane geometry', () => {
    // A flies north, B west, starting 12 km east of A: relative position (d, 0), velocity (−v, −v).
    const d = 12_000;
    const v = 100;
    const p = predict({ lon: 0, lat: 0, speed: v, track: 0 }, { lon: east(d), lat: 0, speed: v, track: 270 });
    assert.ok(p);
    const tcpa = (d * v) / (2 * v * v);
    const miss = Math.sqrt(d * d - (d * v) ** 2 / (2 * v * v));
    const entry = tcpa - Math.sqrt((H * H - miss * miss) / (2 * v * v));
    assert.ok(Math.abs((p[LOSS.timeToLossS] as number) - entry) < 0.05, `${p[LOSS.timeToLossS]} vs ${entry}`);
    assert.ok(Math.abs((p[LOSS.horizontalMissM] as number) - miss) < 1);
    // Starting 15 km apart the same crossing misses by more than 5 NM.
    assert.equal(
      predict({ lon: 0, lat: 0, speed: v, track: 0 }, { lon: east(15_000), lat: 0, speed: v, track: 270 }),
      null,
    );
  });

  it('overtaking: in conflict only when the minimum is reached within the lookahead', () => {
    const behind = { lon: 0, lat: 0, speed: 200, track: 90 };
    const near = predict(behind, { lon: east(20_000), lat: 0, speed: 150, track: 90 });
    assert.ok(near);
    assert.ok(Math.abs((near[LOSS.timeToLossS] as number) - (20_000 - H) / 50) < 0.05);
    // 30 km ahead the loss would come after 415 s: beyond 300 s, no conflict.
    assert.equal(predict(behind, { lon: east(30_000), lat: 0, speed: 150, track: 90 }), null);
  });

  it('co-altitude in formation: lost now and never regained', () => {
    const p = predict(
      { lon: 0, lat: 0, speed: 120, track: 0 },
      { lon: east(5000), lat: 0, speed: 120, track: 0 },
    );
    assert.ok(p);
    assert.equal(p[LOSS.timeToLossS], 0);
    assert.equal(p[LOSS.lossEndsS], Number.POSITIVE_INFINITY);
  });

  it('each minimum is closed: just inside is a loss, just outside is not', () => {
    const abeam = (metres: number, climb = 0) =>
      predict(
        { lon: 0, lat: 0, speed: 100, track: 0 },
        { lon: east(metres), lat: 0, alt: 3000 + climb, speed: 100, track: 0 },
      );
    assert.ok(abeam(H - 0.05));
    assert.equal(abeam(H + 0.05), null);
    assert.ok(abeam(1000, V - 0.01));
    assert.equal(abeam(1000, V + 0.01), null);
  });

  it('vertical convergence: loss when the height gap closes to the vertical minimum', () => {
    const p = predict(
      { lon: 0, lat: 0, alt: 3000, speed: 100, track: 0 },
      { lon: east(2000), lat: 0, alt: 4000, speed: 100, track: 0, climb: -10 },
    );
    assert.ok(p);
    assert.ok(Math.abs((p[LOSS.timeToLossS] as number) - (1000 - V) / 10) < 1e-6);
  });

  it('a report older than the other is flown forward to the later time', () => {
    const gap = 60_000;
    const later = predict(
      { lon: 0, lat: 0, speed: 200, track: 90, time: T0 - 5000 },
      { lon: east(gap - 1000), lat: 0, speed: 200, track: 270, time: T0 },
    );
    assert.ok(later);
    assert.ok(Math.abs((later[LOSS.timeToLossS] as number) - (gap - 2000 - H) / 400) < 0.01);
  });

  it('the pair plane measures the geodesic to within a centimetre at the minima, anywhere, and either way round', () => {
    const seed = fuzzSeed();
    const rng = new Prng(seed);
    const wide = { horizontalM: 20_000, verticalM: 1000 };
    for (let i = 0; i < 300; i++) {
      const lat = i < 20 ? 89 * (rng.next() / 2 ** 32) : -85 + 170 * (rng.next() / 2 ** 32);
      // A third of the pairs straddle the antimeridian.
      const lon = i % 3 === 0 ? 179.97 : -180 + 360 * (rng.next() / 2 ** 32);
      const a = { lon, lat };
      const [bLon, bLat] = destination([lon, lat], rng.int(360), 1000 + rng.int(9000));
      const b = { lon: bLon, lat: bLat };
      const ab = predict(a, b, wide);
      const ba = predict(b, a, wide);
      assert.ok(ab && ba, `seed ${seed}`);
      const geodesic = geodesicDistanceM([a.lon, a.lat], [b.lon, b.lat]);
      assert.ok(
        Math.abs((ab[LOSS.horizontalMissM] as number) - geodesic) < 0.01,
        `seed ${seed}: ${ab[LOSS.horizontalMissM]} vs ${geodesic}`,
      );
      assert.deepEqual([...ab], [...ba], `seed ${seed}: not symmetric`);
    }
  });
});
