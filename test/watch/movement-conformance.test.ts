// A declared movement's own vehicles against its route and schedule: a convoy driven on time raises
// nothing; one that stops, falls behind and then falls silent raises one alert for each, told to the
// owner and every party the movement is shown to; one off its corridor is off route; a party that
// neither declared the movement nor is declared for it cannot drive it. The engine alone, on crafted
// traffic along a 27 km route at 36 km/h.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declared } from '../../bench/lib/watch-declarations.js';
import type { DeclarationBody } from '../../src/deconfliction/declaration-schema.js';
import { DeconflictionState } from '../../src/deconfliction/deconfliction-state.js';
import type { LonLat } from '../../src/geo/shape.js';
import type { AlertEvent } from '../../src/watch/alert-event.js';
import type { TrackReport } from '../../src/watch/track-report.js';
import { WatchEngine } from '../../src/watch/watch-engine.js';
import { destination } from '../deconfliction/random-declarations.js';
import { iso } from '../support/declarations.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const START: LonLat = [38, 36];

function theatre(): DeconflictionState {
  const state = new DeconflictionState();
  const body = {
    kind: 'movement',
    id: 'ocha/convoy-7',
    title: 'Convoy',
    visibility: ['blue', 'red'],
    on_behalf_of: ['sarc'],
    route: { type: 'LineString', coordinates: [START, [38.3, 36]] },
    half_width_m: 200,
    schedule: { departure: iso(T0), speed_kmh: 36 },
    delay_tolerance_s: 600,
    max_stop_s: 600,
    max_silence_s: 300,
    vehicles: { count: 12 },
    armed_escort: false,
    personnel: 30,
  } as DeclarationBody;
  state.put({ ...declared('ocha', body), visibility: ['ocha', 'sarc', 'blue', 'red'] });
  return state;
}

/** A vehicle `alongM` metres down the route (`offM` north of it) at `s` seconds after departure. */
function vehicle(s: number, alongM: number, offM = 0, extra: Partial<TrackReport> = {}): TrackReport {
  const [lon, lat] = destination(destination(START, 90, alongM), 0, offM);
  return {
    id: 'sarc/truck-1',
    party: 'sarc',
    lon,
    lat,
    altM: 400,
    groundSpeedMs: 10,
    trackDeg: 90,
    verticalRateMs: 0,
    time: T0 + s * 1000,
    airborne: false,
    operation: 'ocha/convoy-7',
    ...extra,
  };
}

function take(engine: WatchEngine, report: TrackReport): AlertEvent[] {
  const outcome = engine.report(report, report.time);
  assert.ok(outcome.accepted, outcome.accepted ? '' : outcome.reason);
  return outcome.alerts;
}

describe('a movement’s own vehicles', () => {
  it('on time and on route, with ticks between reports: nothing', () => {
    const engine = new WatchEngine(theatre());
    const alerts: AlertEvent[] = [];
    for (let s = -600; s <= 2800; s += 20) {
      // Waiting at the start until departure, then on schedule, then arrived.
      alerts.push(...take(engine, vehicle(s, Math.min(27_000, Math.max(0, 10 * s)))));
      alerts.push(...engine.tick(T0 + s * 1000 + 10_000));
    }
    assert.deepEqual(alerts, []);
  });

  it('stops, falls behind, falls silent: one alert each, to the owner and every party it is shown to', () => {
    const engine = new WatchEngine(theatre());
    const alerts: AlertEvent[] = [];
    // On time for 10 minutes, then standing 6 km down the route, reporting every 20 s until 1,300 s.
    for (let s = 0; s <= 1300; s += 20) {
      alerts.push(...take(engine, vehicle(s, Math.min(6000, 10 * s))));
      alerts.push(...engine.tick(T0 + s * 1000 + 1000));
    }
    // Silent since: the hub's ticks go on.
    for (let s = 1301; s <= 1700; s++) alerts.push(...engine.tick(T0 + s * 1000));
    assert.deepEqual(
      alerts.map((a) => [a.event, a.kind, a.alert.split('#')[1]?.split('@')[0], (a.time - T0) / 1000]),
      [
        // Still for more than 600 s from 600 s; more than 500 m behind where it is due 600 s late.
        ['begin', 'non-conformance', 'stopped', 1220],
        ['begin', 'non-conformance', 'late', 1260],
        // Heard last at 1,300 s: more than 300 s of silence.
        ['begin', 'non-conformance', 'silent', 1601],
      ],
    );
    for (const alert of alerts) {
      assert.deepEqual([...alert.parties].sort(), ['blue', 'ocha', 'red', 'sarc']);
      assert.equal(alert.declaration?.role, 'movement');
      assert.equal(alert.declaration?.id, 'ocha/convoy-7');
    }
    assert.match(alerts[0]?.reason ?? '', /standing still for 10 min/);
    assert.match(alerts[1]?.reason ?? '', /km behind where its movement is due/);
    assert.match(alerts[2]?.reason ?? '', /no report for 5 min/);
    // Silent, it is kept (and its alerts open) while its movement is on.
    assert.equal(engine.trackCount, 1);
    assert.equal(engine.openAlerts, 3);

    // It moves on again and catches up: each alert ends once clear for a minute.
    const ends: AlertEvent[] = [];
    for (let s = 1720; s <= 1900; s += 10) ends.push(...take(engine, vehicle(s, 10 * (s - 600))));
    assert.deepEqual(ends.map((a) => a.alert.split('#')[1]?.split('@')[0]).sort(), [
      'late',
      'silent',
      'stopped',
    ]);
    assert.ok(ends.every((a) => a.event === 'end' && a.reason === 'conforming for 60 s and 3 reports'));
  });

  it('off its corridor is off route; another party cannot drive it, nor learn of one it may not see', () => {
    const engine = new WatchEngine(theatre());
    const [off, ...rest] = take(engine, vehicle(300, 3000, 1000));
    assert.deepEqual(rest, []);
    assert.equal(off?.alert.split('#')[1]?.split('@')[0], 'off-route');
    assert.match(off?.reason ?? '', /off its movement’s route corridor/);

    const foreign = take(new WatchEngine(theatre()), vehicle(300, 3000, 0, { id: 'red/t', party: 'red' }));
    assert.deepEqual(
      foreign.map((a) => [a.kind, a.reason, a.parties]),
      [
        ['intrusion', 'inside a convoy’s corridor near where the convoy can be now', ['red', 'ocha']],
        ['non-conformance', 'linked to a movement its party neither declared nor is declared for', ['red']],
      ],
    );
    const hidden = take(
      new WatchEngine(theatre()),
      vehicle(300, 3000, 5000, { id: 'green/t', party: 'green' }),
    );
    assert.deepEqual(
      hidden.map((a) => [a.reason, a.parties, a.declaration?.kind]),
      [['linked to an operation its party has not declared', ['green'], 'operation']],
    );
  });

  it('no more silent tracks are kept than the movement has vehicles', () => {
    const engine = new WatchEngine(theatre());
    for (let i = 0; i < 14; i++) take(engine, vehicle(0, 0, 0, { id: `sarc/truck-${i}` }));
    const alerts = engine.tick(T0 + 400_000);
    // Twelve declared: twelve kept and told silent; the other two dropped like any silent track.
    assert.equal(engine.trackCount, 12);
    assert.equal(alerts.filter((a) => a.event === 'begin' && a.alert.includes('#silent@')).length, 12);
  });
});
