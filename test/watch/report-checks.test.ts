// What the ingestion side relies on: implausible reports are refused with a reason and change
// nothing; the archive keeps a thinned track that still shows its manoeuvres.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeconflictionState } from '../../src/deconfliction/deconfliction-state.js';
import { ArchiveSampler, DEFAULT_ARCHIVE_POLICY } from '../../src/watch/archive-sampler.js';
import { implausibility } from '../../src/watch/report-plausibility.js';
import type { TrackReport } from '../../src/watch/track-report.js';
import { WatchEngine } from '../../src/watch/watch-engine.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const good: TrackReport = {
  id: 'blue/hawk-1',
  party: 'blue',
  lon: 38,
  lat: 36,
  altM: 3000,
  groundSpeedMs: 150,
  trackDeg: 45,
  verticalRateMs: 2,
  time: T0,
  airborne: true,
};

describe('report plausibility', () => {
  it('accepts a sound report and names what is wrong with each bad one', () => {
    assert.equal(implausibility(good, T0), null);
    const bad: [Partial<TrackReport>, RegExp][] = [
      [{ lat: 91 }, /latitude/],
      [{ lon: Number.NaN }, /longitude/],
      [{ altM: 200_000 }, /altitude/],
      [{ groundSpeedMs: 3000 }, /ground speed/],
      [{ groundSpeedMs: -1 }, /ground speed/],
      [{ trackDeg: 360 }, /track/],
      [{ verticalRateMs: 500 }, /vertical rate/],
      [{ time: T0 + 60_000 }, /ahead of the hub's clock/],
      [{ time: T0 - 600_000 }, /old/],
      [{ id: '' }, /track id/],
    ];
    for (const [change, reason] of bad)
      assert.match(implausibility({ ...good, ...change }, T0) ?? '', reason);
  });

  it('refuses a jump no aircraft can make, and a report older than the last', () => {
    const previous = { lon: 38, lat: 36, time: T0 - 1000 };
    assert.equal(implausibility({ ...good, lon: 38.01 }, T0, previous), null);
    assert.match(implausibility({ ...good, lon: 38.5 }, T0, previous) ?? '', /jumped/);
    assert.match(implausibility(good, T0, { ...previous, time: T0 + 1 }) ?? '', /older/);
  });

  it('the engine refuses an implausible report and keeps the track as it was', () => {
    const engine = new WatchEngine(new DeconflictionState());
    assert.ok(engine.report(good, T0).accepted);
    const outcome = engine.report({ ...good, lat: 37, time: T0 + 1000 }, T0 + 1000);
    assert.equal(outcome.accepted, false);
    assert.equal(engine.track(good.id)?.lat, 36);
  });
});

describe('archive sampling', () => {
  it('keeps the first point, then one per interval, distance or climb', () => {
    const sampler = new ArchiveSampler(DEFAULT_ARCHIVE_POLICY);
    const kept: number[] = [];
    // 2 minutes at 1 Hz, slow (5 m/s) and level: thinned to one point per 10 s.
    for (let s = 0; s < 120; s++) {
      const report = { ...good, lon: 38 + (s * 5) / 90_000, time: T0 + s * 1000 };
      if (sampler.due(0, report)) kept.push(s);
    }
    assert.deepEqual(kept, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110]);
    // A climb of 60 m a second later is kept at once.
    assert.ok(sampler.due(0, { ...good, lon: 38 + 600 / 90_000, altM: 3060, time: T0 + 121_000 }));
    // So is a move of 300 m a second later (a degree of longitude is ~90 km at 36°N), but not one of 200 m.
    assert.equal(sampler.due(0, { ...good, lon: 38 + 800 / 90_000, altM: 3060, time: T0 + 122_000 }), false);
    assert.ok(sampler.due(0, { ...good, lon: 38 + 900 / 90_000, altM: 3060, time: T0 + 123_000 }));
  });
});
