// Intrusion and non-conformance on live declarations: an area restricted for a party and activity,
// a protected site's buffer (the parties' separation minima), a convoy corridor near where the
// convoy can be now, and a track that strays from its operation; areas follow declarations as they
// are withdrawn, and their agreements as they are suspended and resumed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declared } from '../../bench/lib/watch-declarations.js';
import type { Agreement } from '../../src/deconfliction/agreement.js';
import type { DeclarationBody } from '../../src/deconfliction/declaration-schema.js';
import { DeconflictionState } from '../../src/deconfliction/deconfliction-state.js';
import type { LonLat } from '../../src/geo/shape.js';
import type { AlertEvent } from '../../src/watch/alert-event.js';
import type { TrackReport } from '../../src/watch/track-report.js';
import { WatchEngine } from '../../src/watch/watch-engine.js';
import { destination } from '../deconfliction/random-declarations.js';
import { HOUR_MS, iso, operation, site, squareGeometry } from '../support/declarations.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const HOSPITAL: LonLat = [37.2, 36.2];
const ROUTE: LonLat[] = [
  [38, 36],
  [38.3, 36],
];

function zone(from: number): DeclarationBody {
  return {
    kind: 'zone',
    id: 'un/no-fly-1',
    title: 'No-fly area',
    visibility: ['*'],
    agreement: 'un/castello',
    geometry: squareGeometry([37.5, 36.5], 0.1),
    valid_from: iso(from),
    valid_until: iso(from + 24 * HOUR_MS),
    restrictions: [{ party: 'red', activities: ['air', 'drone'] }],
  } as DeclarationBody;
}

function convoy(departure: number): DeclarationBody {
  return {
    kind: 'movement',
    id: 'ocha/convoy-7',
    title: 'Convoy',
    visibility: ['*'],
    route: { type: 'LineString', coordinates: ROUTE },
    half_width_m: 200,
    schedule: { departure: iso(departure), speed_kmh: 36 },
    delay_tolerance_s: 600,
    vehicles: { count: 12 },
    armed_escort: false,
    personnel: 30,
  } as DeclarationBody;
}

function theatre(): DeconflictionState {
  const state = new DeconflictionState();
  state.put(declared('un', zone(T0 - HOUR_MS)));
  state.put(declared('ocha', site('ocha/hospital-1', HOSPITAL, 100, T0 - HOUR_MS) as DeclarationBody));
  state.put(declared('ocha', convoy(T0)));
  state.put(declared('red', operation('red/patrol-3', [39, 36], 0.1, T0 - HOUR_MS, 4) as DeclarationBody));
  return state;
}

function track(party: string, at: LonLat, time: number, extra: Partial<TrackReport> = {}): TrackReport {
  return {
    id: `${party}-1`,
    party,
    lon: at[0],
    lat: at[1],
    altM: 500,
    groundSpeedMs: 0,
    trackDeg: 0,
    verticalRateMs: 0,
    time,
    airborne: true,
    ...extra,
  };
}

function alertsOf(engine: WatchEngine, report: TrackReport): AlertEvent[] {
  const outcome = engine.report(report, report.time);
  assert.ok(outcome.accepted, outcome.accepted ? '' : outcome.reason);
  return outcome.alerts;
}

describe('intrusion and non-conformance', () => {
  it('an area restricted for a party and activity: that party, that activity or unknown', () => {
    const inside: LonLat = [37.55, 36.55];
    const cases: [string, Partial<TrackReport>, number][] = [
      ['red', { activity: 'air' }, 1],
      ['red', {}, 1],
      ['red', { activity: 'ground' }, 0],
      ['blue', { activity: 'air' }, 0],
    ];
    for (const [party, extra, expected] of cases) {
      const engine = new WatchEngine(theatre());
      const alerts = alertsOf(engine, track(party, inside, T0, extra));
      assert.equal(alerts.length, expected, `${party} ${JSON.stringify(extra)}`);
      if (expected) {
        assert.equal(alerts[0]?.kind, 'intrusion');
        assert.equal(alerts[0]?.declaration?.role, 'restricted-area');
      }
    }
    // Just outside the square: nothing.
    assert.deepEqual(alertsOf(new WatchEngine(theatre()), track('red', [37.499, 36.55], T0)), []);
  });

  it('a track on a restricted area’s edge intrudes, at every latitude along it; a metre outside it does not', () => {
    // The square's west edge is the meridian 37.5°, where the rounded vectors put positions declared on
    // it a hair to either side.
    const metreWest = 1 / (111_320 * Math.cos((36.6 * Math.PI) / 180));
    for (let i = 1; i <= 16; i++) {
      const lat = 36.5 + (0.1 * i) / 17 + 1e-7 * i;
      const on = alertsOf(new WatchEngine(theatre()), track('red', [37.5, lat], T0));
      assert.deepEqual(
        on.map((a) => a.kind),
        ['intrusion'],
        `at latitude ${lat}`,
      );
      assert.deepEqual(alertsOf(new WatchEngine(theatre()), track('red', [37.5 - metreWest, lat], T0)), []);
    }
  });

  it('a protected site: within its radius plus the parties’ minimum (hub default 1 km), not its owner', () => {
    const at = (metres: number) => destination(HOSPITAL, 60, metres);
    const intrusions = (party: string, metres: number) =>
      alertsOf(new WatchEngine(theatre()), track(party, at(metres), T0)).length;
    assert.equal(intrusions('red', 1090), 1);
    assert.equal(intrusions('red', 1110), 0);
    assert.equal(intrusions('ocha', 500), 0);
  });

  it('a convoy corridor: only near where the convoy can be now', () => {
    // At 36 km/h, 30 min after departure the convoy is due 18 km along; 10 min late, 12 km along.
    const time = T0 + 30 * 60_000;
    const along = (metres: number, offsetM = 0): LonLat =>
      offsetM === 0
        ? destination(ROUTE[0] as LonLat, 90, metres)
        : destination(destination(ROUTE[0] as LonLat, 90, metres), 0, offsetM);
    const intrusions = (at: LonLat, t = time) =>
      alertsOf(new WatchEngine(theatre()), track('red', at, t)).length;
    assert.equal(intrusions(along(15_000)), 1);
    assert.equal(intrusions(along(11_100)), 1, 'within 1 km behind where the late convoy can be');
    assert.equal(intrusions(along(10_800)), 0, 'more than 1 km behind it');
    assert.equal(intrusions(along(22_000)), 0, 'far ahead of the convoy');
    assert.equal(intrusions(along(15_000, 400)), 0, 'beside the corridor');
    assert.equal(intrusions(along(500), T0 - 60_000), 0, 'before departure');
  });

  it('a track of an operation outside its active volumes, and back', () => {
    const engine = new WatchEngine(theatre());
    const link = { operation: 'red/patrol-3' };
    assert.deepEqual(alertsOf(engine, track('red', [39.05, 36.05], T0, link)), []);
    const strayed = alertsOf(
      engine,
      track('red', [39.2, 36.05], T0 + 60_000, { ...link, groundSpeedMs: 200 }),
    );
    assert.deepEqual(
      strayed.map((a) => [a.event, a.kind]),
      [['begin', 'non-conformance']],
    );
    // Back inside: it ends once 3 reports over a minute found it conforming.
    const back: AlertEvent[] = [];
    for (let i = 1; i <= 4; i++)
      back.push(...alertsOf(engine, track('red', [39.05, 36.05], T0 + 60_000 + i * 20_000, link)));
    assert.deepEqual(
      back.map((a) => a.event),
      ['end'],
    );
    // Above its altitude band (0–6,000 m) is outside too; another party's operation cannot be flown.
    assert.equal(
      alertsOf(new WatchEngine(theatre()), track('red', [39.05, 36.05], T0, { ...link, altM: 6500 })).length,
      1,
    );
    const foreign = alertsOf(new WatchEngine(theatre()), track('blue', [39.05, 36.05], T0, link));
    assert.equal(foreign[0]?.reason, 'linked to an operation its party has not declared');
  });

  it('a withdrawn area stops alerting: its alert ends with the next report', () => {
    const state = theatre();
    const engine = new WatchEngine(state);
    const inside: LonLat = [37.55, 36.55];
    assert.equal(alertsOf(engine, track('red', inside, T0)).length, 1);
    state.end('un/no-fly-1', 'withdrawn', iso(T0), 99);
    engine.declarationChanged('un/no-fly-1');
    const events: AlertEvent[] = [];
    for (let i = 1; i <= 3; i++) events.push(...alertsOf(engine, track('red', inside, T0 + i * 1000)));
    assert.deepEqual(
      events.map((e) => [e.event, e.time]),
      [['end', T0 + 1000]],
    );
    assert.equal(events[0]?.reason, 'un/no-fly-1 is no longer in force');
  });

  it('the area of a suspended agreement stops alerting, and alerts again once the agreement is resumed', () => {
    const state = theatre();
    const castello: Agreement = {
      id: 'un/castello',
      title: 'Castello',
      parties: ['un', 'red'],
      terms: 'No red aircraft over the area.',
      separation: null,
      signatures: [],
      status: 'in-force',
      proposed: iso(T0 - 2 * HOUR_MS),
    };
    state.agreements.set(castello.id, castello);
    const engine = new WatchEngine(state);
    const inside: LonLat = [37.55, 36.55];
    const setStatus = (status: Agreement['status']) => {
      castello.status = status;
      state.agreementsChanged();
      engine.agreementsChanged();
    };
    assert.equal(alertsOf(engine, track('red', inside, T0)).length, 1);
    setStatus('suspended');
    const events: AlertEvent[] = [];
    for (let i = 1; i <= 3; i++) events.push(...alertsOf(engine, track('red', inside, T0 + i * 1000)));
    assert.deepEqual(
      events.map((e) => [e.event, e.time]),
      [['end', T0 + 1000]],
    );
    setStatus('in-force');
    const again = alertsOf(engine, track('red', inside, T0 + 4000));
    assert.deepEqual(
      again.map((e) => [e.event, e.kind, e.declaration?.id]),
      [['begin', 'intrusion', 'un/no-fly-1']],
    );
  });
});
