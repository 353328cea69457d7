// Alerts do not flicker: an encounter flown at 1 Hz with noisy positions gives exactly one begin and
// one end for the pair; a pair hovering at the minimum stays one alert; one stray report neither
// ends it nor starts another; a drone weaving across a convoy's corridor is one intrusion while it
// loiters; a track that falls silent ends its alerts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declared } from '../../bench/lib/watch-declarations.js';
import type { DeclarationBody } from '../../src/deconfliction/declaration-schema.js';
import { DeconflictionState } from '../../src/deconfliction/deconfliction-state.js';
import { BLUESKY_MINIMA } from '../../src/geo/cpa.js';
import type { LonLat } from '../../src/geo/shape.js';
import type { AlertEvent } from '../../src/watch/alert-event.js';
import type { TrackReport } from '../../src/watch/track-report.js';
import { WatchEngine } from '../../src/watch/watch-engine.js';
import { destination } from '../deconfliction/random-declarations.js';
import { iso } from '../support/declarations.js';
import { fuzzSeed, Prng } from '../support/prng.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const M_PER_DEG = 111_319.49;

function aircraft(
  id: string,
  party: string,
  eastM: number,
  northM: number,
  trackDeg: number,
  time: number,
): TrackReport {
  return {
    id,
    party,
    lon: 30 + eastM / M_PER_DEG,
    lat: northM / M_PER_DEG,
    altM: 6000,
    groundSpeedMs: 200,
    trackDeg,
    verticalRateMs: 0,
    time,
    airborne: true,
  };
}

/** Reports both tracks each second with positions from `at(t)`, jittered; returns every alert. */
function fly(
  engine: WatchEngine,
  seconds: number,
  at: (t: number) => [TrackReport, TrackReport],
  rng: Prng,
  jitterM: number,
): AlertEvent[] {
  const alerts: AlertEvent[] = [];
  const noise = () => ((rng.next() / 2 ** 32) * 2 - 1) * jitterM;
  for (let t = 0; t < seconds; t++) {
    for (const report of at(t)) {
      const jittered = {
        ...report,
        lon: report.lon + noise() / M_PER_DEG,
        lat: report.lat + noise() / M_PER_DEG,
        altM: report.altM + noise() / 5,
      };
      const outcome = engine.report(jittered, jittered.time);
      assert.ok(outcome.accepted, outcome.accepted ? '' : outcome.reason);
      alerts.push(...outcome.alerts);
    }
  }
  return alerts;
}

describe('alert hysteresis', () => {
  it('a head-on encounter with noisy positions is one begin and one end', () => {
    const seed = fuzzSeed();
    const engine = new WatchEngine(new DeconflictionState());
    // 120 km apart, closing at 400 m/s with 3 km lateral offset: they pass at t = 300 s.
    const alerts = fly(
      engine,
      600,
      (t) => [
        aircraft('a', 'blue', -60_000 + 200 * t, 0, 90, T0 + t * 1000),
        aircraft('b', 'red', 60_000 - 200 * t, 3000, 270, T0 + t * 1000 + 400),
      ],
      new Prng(seed),
      60,
    );
    assert.deepEqual(
      alerts.map((a) => a.event),
      ['begin', 'end'],
      `seed ${seed}`,
    );
    const [begin, end] = alerts as [AlertEvent, AlertEvent];
    assert.equal(begin.alert, end.alert);
    assert.equal(begin.kind, 'loss-of-separation');
    assert.deepEqual([...begin.parties].sort(), ['blue', 'red']);
    // Raised as soon as the loss came within the 300 s lookahead, and ended after they had passed.
    assert.ok(begin.prediction && begin.prediction.timeToLossS > 250, `seed ${seed}`);
    assert.ok(Math.abs(begin.prediction.horizontalMissM - 3000) < 200, `seed ${seed}`);
    assert.ok(end.time > T0 + 300_000, `seed ${seed}`);
  });

  it('a pair hovering at the minimum stays one alert until it draws apart', () => {
    const seed = fuzzSeed();
    const engine = new WatchEngine(new DeconflictionState());
    const h = BLUESKY_MINIMA.horizontalM;
    const alerts = fly(
      engine,
      400,
      // Abeam on parallel tracks, the gap at the minimum for 300 s, then widening by 20 m/s.
      (t) => [
        aircraft('a', 'blue', 0, 200 * t, 0, T0 + t * 1000),
        aircraft('b', 'red', h + Math.max(0, t - 300) * 20, 200 * t, 0, T0 + t * 1000),
      ],
      new Prng(seed),
      100,
    );
    assert.deepEqual(
      alerts.map((a) => a.event),
      ['begin', 'end'],
      `seed ${seed}`,
    );
    // It ends only once the gap is beyond the minimum by the 10 % margin (926 m, at 20 m/s: 46 s).
    assert.ok((alerts[1] as AlertEvent).time >= T0 + 340_000, `seed ${seed}`);
  });

  it('one stray report neither ends an alert nor begins another', () => {
    const engine = new WatchEngine(new DeconflictionState());
    const events: AlertEvent[] = [];
    for (let t = 0; t < 20; t++) {
      // At t = 10 one report of b reads 1,000 m higher (a bad altitude, not a jump the feed refuses).
      const b = aircraft('b', 'red', 4000, 200 * t, 0, T0 + t * 1000);
      for (const r of [
        aircraft('a', 'blue', 0, 200 * t, 0, T0 + t * 1000),
        t === 10 ? { ...b, altM: b.altM + 1000 } : b,
      ]) {
        const outcome = engine.report(r, r.time);
        if (outcome.accepted) events.push(...outcome.alerts);
      }
    }
    assert.deepEqual(
      events.map((e) => e.event),
      ['begin'],
    );
    assert.equal(engine.openAlerts, 1);
  });

  it('a drone weaving across a convoy’s 100 m corridor for 8 minutes is one intrusion', () => {
    const start: LonLat = [38, 36];
    const state = new DeconflictionState();
    state.put(
      declared('ocha', {
        kind: 'movement',
        id: 'ocha/convoy-9',
        title: 'Convoy',
        visibility: ['*'],
        route: { type: 'LineString', coordinates: [start, [38.3, 36]] },
        half_width_m: 50,
        schedule: { departure: iso(T0), speed_kmh: 36 },
        delay_tolerance_s: 600,
        vehicles: { count: 12 },
        armed_escort: false,
        personnel: 30,
      } as DeclarationBody),
    );
    const engine = new WatchEngine(state);
    const events: AlertEvent[] = [];
    // It keeps up with the convoy (10 m/s along the route) and crosses the corridor every 44 s,
    // 300 m either side of it; after 8 minutes it flies off to the north.
    for (let t = 0; t < 600; t++) {
      const offsetM = t < 480 ? 300 * Math.sin((2 * Math.PI * t) / 88) : 20 * (t - 480);
      const [lon, lat] = destination(destination(start, 90, 10 * t), 0, offsetM);
      const report: TrackReport = {
        id: 'red/quad-1',
        party: 'red',
        lon,
        lat,
        altM: 100,
        groundSpeedMs: 10,
        trackDeg: 90,
        verticalRateMs: 0,
        time: T0 + t * 1000,
        airborne: true,
        activity: 'drone',
      };
      const outcome = engine.report(report, report.time);
      assert.ok(outcome.accepted, outcome.accepted ? '' : outcome.reason);
      events.push(...outcome.alerts);
    }
    assert.deepEqual(
      events.map((e) => `${e.event} ${e.kind}`),
      ['begin intrusion', 'end intrusion'],
    );
    const end = events[1] as AlertEvent;
    // Ended a minute after it left for good (out by 100 m at 7.5 s past 480 s), not before.
    assert.ok(end.time >= T0 + 547_000 && end.time <= T0 + 550_000, iso(end.time));
    assert.match(end.reason, /100 m for 60 s/);
  });

  it('a track that falls silent ends its alerts on the tick', () => {
    const engine = new WatchEngine(new DeconflictionState(), { dropAfterS: 30 });
    engine.report(aircraft('a', 'blue', 0, 0, 0, T0), T0);
    const begun = engine.report(aircraft('b', 'red', 2000, 0, 0, T0), T0);
    assert.ok(begun.accepted && begun.alerts.length === 1);
    assert.deepEqual(engine.tick(T0 + 20_000), []);
    const ended = engine.tick(T0 + 31_000);
    assert.deepEqual(
      ended.map((e) => e.event),
      ['end'],
    );
    assert.equal(engine.trackCount, 0);
    assert.equal(engine.openAlerts, 0);
  });
});
