// A track that has not said how it moves is not taken as standing still: an aircraft whose velocity
// is unknown may be anywhere it can reach, and a pair is alerted on when that reach can bring it
// within the minima soon, saying that the velocity is unknown; once the velocity is known the pair is
// predicted as usual. The engine alone, on crafted traffic.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeconflictionState } from '../../src/deconfliction/deconfliction-state.js';
import type { AlertEvent } from '../../src/watch/alert-event.js';
import type { TrackReport } from '../../src/watch/track-report.js';
import { WatchEngine } from '../../src/watch/watch-engine.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const M_PER_DEG = 111_319.49;

function aircraft(id: string, party: string, eastM: number, extra: Partial<TrackReport>): TrackReport {
  return {
    id,
    party,
    lon: 30 + eastM / M_PER_DEG,
    lat: 0,
    altM: 6000,
    groundSpeedMs: 200,
    trackDeg: 0,
    verticalRateMs: 0,
    time: T0,
    airborne: true,
    ...extra,
  };
}

function take(engine: WatchEngine, report: TrackReport): AlertEvent[] {
  const outcome = engine.report(report, report.time);
  assert.ok(outcome.accepted, outcome.accepted ? '' : outcome.reason);
  return outcome.alerts;
}

describe('unknown velocity', () => {
  it('an aircraft whose velocity has not arrived is alerted on by its reach, and says so', () => {
    const engine = new WatchEngine(new DeconflictionState());
    // Blue flies north; red is 15 km east of it, its velocity not yet heard. Taken as standing
    // still, red would only fall behind: no loss. At up to 300 m/s it can close the gap in 21 s.
    take(engine, aircraft('blue-1', 'blue', 0, {}));
    const unknown = { groundSpeedMs: 0, trackDeg: 0, velocityKnown: false };
    const [begin, ...rest] = take(engine, aircraft('red-1', 'red', 15_000, unknown));
    assert.deepEqual(rest, []);
    assert.equal(begin?.kind, 'loss-of-separation');
    const p = begin.prediction;
    assert.ok(p);
    assert.ok(p.timeToLossS > 20 && p.timeToLossS < 23, String(p.timeToLossS));
    assert.equal(p.lossEndsS, null);
    assert.equal(p.lookaheadS, 30, 'the reach is looked at 30 s ahead, not the 300 s of a prediction');
    assert.match(begin.reason, /velocity of red-1 is not known yet/);
    assert.equal(begin.positions.find((t) => t.id === 'red-1')?.velocityKnown, false);

    // Its velocity arrives: flying east, away. Predicted as usual, the pair is clear and the alert ends.
    const ends: AlertEvent[] = [];
    for (let s = 1; s <= 3; s++) {
      const t = T0 + s * 1000;
      ends.push(...take(engine, aircraft('blue-1', 'blue', 0, { time: t, lat: (200 * s) / M_PER_DEG })));
      ends.push(...take(engine, aircraft('red-1', 'red', 15_000 + 200 * s, { time: t, trackDeg: 90 })));
    }
    assert.deepEqual(
      ends.map((e) => e.event),
      ['end'],
    );
  });

  it('beyond its reach, or once known and diverging, nothing', () => {
    const engine = new WatchEngine(new DeconflictionState());
    take(engine, aircraft('blue-1', 'blue', 0, {}));
    const unknown = { groundSpeedMs: 0, trackDeg: 0, velocityKnown: false };
    assert.deepEqual(take(engine, aircraft('red-far', 'red', 25_000, unknown)), []);
    assert.deepEqual(take(engine, aircraft('red-known', 'red', 15_000, { trackDeg: 90 })), []);
  });

  it('two tracks of unknown velocity within the minima now', () => {
    const engine = new WatchEngine(new DeconflictionState());
    const unknown = { groundSpeedMs: 0, trackDeg: 0, velocityKnown: false };
    take(engine, aircraft('blue-1', 'blue', 0, unknown));
    const [begin] = take(engine, aircraft('red-1', 'red', 5000, unknown));
    assert.equal(begin?.prediction?.timeToLossS, 0);
    assert.match(begin?.reason ?? '', /may be lost now: the velocity of blue-1 and red-1 is not known yet/);
  });
});
