// The watch's grid-based detection against the plain all-pairs oracle (bench/lib/watch-all-pairs.ts)
// on random traffic and on crafted encounters: the pairs whose loss of separation begins an alert
// must be exactly the pairs the oracle finds, with the same predictions. Each pair is evaluated
// once, when the later of its two tracks reports, with the same numbers the oracle uses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allPairsLosses } from '../../bench/lib/watch-all-pairs.js';
import { flownOn, randomTraffic, type TrafficOptions } from '../../bench/lib/watch-traffic.js';
import { DeconflictionState } from '../../src/deconfliction/deconfliction-state.js';
import { BLUESKY_LOOKAHEAD_S, BLUESKY_MINIMA, type PairMinima } from '../../src/geo/cpa.js';
import type { TrackReport } from '../../src/watch/track-report.js';
import { WatchEngine } from '../../src/watch/watch-engine.js';
import { fuzzSeed, Prng } from '../support/prng.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const MAX_AGE_S = 10;
const PARTIES = ['blue', 'red', 'green', 'un'];

/** Agreements may set their own minima: here a wider one between two of the parties. */
function minimaFor(a: string, b: string): PairMinima {
  const pair = [a, b].sort().join('|');
  return pair === 'blue|red' ? { horizontalM: 15_000, verticalM: 600 } : BLUESKY_MINIMA;
}
const MAX_MINIMA: PairMinima = { horizontalM: 15_000, verticalM: 600 };

interface Found {
  pair: string;
  timeToLossS: number;
  horizontalMissM: number;
  verticalMissM: number;
}

/** What the engine's begin alerts say, reporting the tracks in the order given. */
function engineFinds(tracks: readonly TrackReport[]): Found[] {
  const engine = new WatchEngine(new DeconflictionState(), {
    minimaFor,
    maxMinima: MAX_MINIMA,
    maxReportAgeS: MAX_AGE_S,
  });
  const now = Math.max(...tracks.map((t) => t.time));
  const found: Found[] = [];
  for (const track of tracks) {
    const outcome = engine.report(track, now);
    assert.ok(outcome.accepted, outcome.accepted ? '' : outcome.reason);
    for (const alert of outcome.alerts) {
      assert.equal(alert.event, 'begin');
      const p = alert.prediction;
      assert.ok(p);
      found.push({
        pair: [...alert.tracks].sort().join(' '),
        timeToLossS: p.timeToLossS,
        horizontalMissM: p.horizontalMissM,
        verticalMissM: p.verticalMissM,
      });
    }
  }
  return found.sort((x, y) => (x.pair < y.pair ? -1 : x.pair > y.pair ? 1 : 0));
}

function oracleFinds(tracks: readonly TrackReport[]): Found[] {
  return allPairsLosses(tracks, minimaFor, BLUESKY_LOOKAHEAD_S, MAX_AGE_S)
    .map((l) => ({
      pair: [l.a, l.b].sort().join(' '),
      timeToLossS: l.timeToLossS,
      horizontalMissM: l.horizontalMissM,
      verticalMissM: l.verticalMissM,
    }))
    .sort((x, y) => (x.pair < y.pair ? -1 : x.pair > y.pair ? 1 : 0));
}

function assertSame(tracks: readonly TrackReport[], label: string): number {
  const oracle = oracleFinds(tracks);
  assert.deepEqual(engineFinds(tracks), oracle, label);
  return oracle.length;
}

const THEATRES: [string, Partial<TrafficOptions>][] = [
  ['mid latitudes', { west: 38, south: 34, widthDeg: 2, heightDeg: 2 }],
  ['across the antimeridian', { west: 179, south: -18, widthDeg: 2, heightDeg: 2 }],
  ['high latitudes', { west: 10, south: 74, widthDeg: 6, heightDeg: 2 }],
  ['near the pole', { west: -180, south: 88.5, widthDeg: 360, heightDeg: 0.4 }],
];

describe('loss of separation: grid against all pairs', () => {
  for (const [name, place] of THEATRES) {
    it(`random traffic ${name}: identical pairs and predictions`, () => {
      const seed = fuzzSeed();
      const rng = new Prng(seed);
      let total = 0;
      for (let round = 0; round < 3; round++) {
        const tracks = randomTraffic(rng, 1500, {
          west: 0,
          south: 0,
          widthDeg: 1,
          heightDeg: 1,
          parties: PARTIES,
          aircraft: 0.3,
          drones: 0.5,
          time: T0,
          spreadMs: 15_000,
          ...place,
        });
        // Some flown on by a few seconds, so that pairs are predicted from reports of different ages;
        // some have not said how they move yet.
        const moved = tracks.map((t, i) =>
          i % 4 === 0
            ? flownOn(t, 1 + (i % 7))
            : i % 11 === 0
              ? { ...t, groundSpeedMs: 0, trackDeg: 0, velocityKnown: false }
              : t,
        );
        total += assertSame(moved, `seed ${seed}, round ${round}`);
      }
      assert.ok(total > 20, `seed ${seed}: only ${total} conflicts, too few to compare`);
    });
  }

  it('crafted encounters: head-on, crossing, overtaking, co-altitude, at the minima', () => {
    const base = { party: 'blue', altM: 3000, verticalRateMs: 0, time: T0, airborne: true };
    const at = (
      id: string,
      party: string,
      lon: number,
      lat: number,
      extra: Partial<TrackReport>,
    ): TrackReport => ({
      ...base,
      id,
      party,
      lon,
      lat,
      groundSpeedMs: 200,
      trackDeg: 90,
      ...extra,
    });
    const m = 1 / 111_319.49; // degrees of longitude per metre on the equator
    const tracks: TrackReport[] = [
      at('head-on-a', 'blue', 0, 0, {}),
      at('head-on-b', 'green', 60_000 * m, 0, { trackDeg: 270 }),
      at('crossing-a', 'blue', 1, 0, { trackDeg: 0, groundSpeedMs: 100 }),
      at('crossing-b', 'green', 1 + 12_000 * m, 0, { trackDeg: 270, groundSpeedMs: 100 }),
      at('overtaking-a', 'blue', 2, 0, {}),
      at('overtaking-b', 'green', 2 + 20_000 * m, 0, { groundSpeedMs: 150 }),
      at('inside-a', 'blue', 3, 0, { trackDeg: 0 }),
      at('inside-b', 'green', 3 + (BLUESKY_MINIMA.horizontalM - 0.05) * m, 0, { trackDeg: 0 }),
      at('outside-a', 'blue', 4, 0, { trackDeg: 0 }),
      at('outside-b', 'green', 4 + (BLUESKY_MINIMA.horizontalM + 0.05) * m, 0, { trackDeg: 0 }),
      at('above-a', 'blue', 5, 0, { trackDeg: 0 }),
      at('above-b', 'green', 5 + 1000 * m, 0, { trackDeg: 0, altM: 3000 + BLUESKY_MINIMA.verticalM + 0.01 }),
      at('same-party-a', 'blue', 6, 0, {}),
      at('same-party-b', 'blue', 6 + 60_000 * m, 0, { trackDeg: 270 }),
      at('ground-a', 'blue', 7, 0, { airborne: false }),
      at('ground-b', 'green', 7 + 1000 * m, 0, { airborne: false }),
      at('dateline-a', 'blue', 179.9, 10, {}),
      at('dateline-b', 'green', -179.9, 10, { trackDeg: 270 }),
    ];
    assertSame(tracks, 'crafted');
    const pairs = oracleFinds(tracks).map((f) => f.pair);
    assert.deepEqual(pairs, [
      'crossing-a crossing-b',
      'dateline-a dateline-b',
      'head-on-a head-on-b',
      'inside-a inside-b',
      'overtaking-a overtaking-b',
    ]);
  });
});
