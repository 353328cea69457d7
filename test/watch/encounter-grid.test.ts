// The encounter grid must never lose a pair: for every report of tracks flying on, turning, climbing,
// landing, taking off and losing their velocity over many seconds, the tracks the separation watch
// finds in loss through the grid are exactly those found by trying the reporting track against every
// other one. Tracks start on cell edges and layer boundaries of a fine grid and of the default one,
// so they cross them while the boxes the grid keeps (grown by a few seconds of travel) age; also
// across the antimeridian, over the equator, and across the latitude beyond which boxes span every
// longitude.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flownOn, wrapLongitude } from '../../bench/lib/watch-traffic.js';
import { BLUESKY_MINIMA, type PairMinima } from '../../src/geo/cpa.js';
import { SeparationWatch } from '../../src/watch/separation-watch.js';
import type { TrackReport } from '../../src/watch/track-report.js';
import { TrackTable } from '../../src/watch/track-table.js';
import { DEFAULT_WATCH_OPTIONS } from '../../src/watch/watch-options.js';
import { fuzzSeed, Prng } from '../support/prng.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const PARTIES = ['blue', 'red', 'green', 'un'];
const MAX_MINIMA: PairMinima = { horizontalM: 15_000, verticalM: 600 };

function minimaFor(a: string, b: string): PairMinima {
  return [a, b].sort().join('|') === 'blue|red' ? MAX_MINIMA : BLUESKY_MINIMA;
}

const GRIDS = [
  { name: 'a fine grid', cellDeg: 0.05, layerM: 200 },
  {
    name: 'the default grid',
    cellDeg: DEFAULT_WATCH_OPTIONS.encounterCellDeg,
    layerM: DEFAULT_WATCH_OPTIONS.encounterLayerM,
  },
];

const PLACES = [
  { name: 'mid latitudes', lon: 36, lat: 33 },
  { name: 'across the antimeridian', lon: 180, lat: -17 },
  { name: 'over the equator', lon: 10, lat: 0 },
  { name: 'where boxes start to span every longitude', lon: 20, lat: 88.9 },
];

function between(rng: Prng, lo: number, hi: number): number {
  return lo + (rng.next() / 2 ** 32) * (hi - lo);
}

/** A track on or just beside a cell edge and a layer boundary of `cellDeg` and `layerM`. */
function onAnEdge(
  rng: Prng,
  i: number,
  place: { lon: number; lat: number },
  cellDeg: number,
  layerM: number,
) {
  const edge = (centre: number) =>
    Math.round(centre / cellDeg + rng.int(9) - 4) * cellDeg + rng.pick([0, 1e-9, -1e-9, 0.001, -0.001]);
  const aircraft = rng.chance(0.3);
  return {
    id: `t${i}`,
    party: rng.pick(PARTIES),
    lon: wrapLongitude(edge(place.lon)),
    lat: Math.max(-89.5, Math.min(89.5, edge(place.lat))),
    altM: (1 + rng.int(4)) * layerM - 1000 + rng.pick([0, 0.01, -0.01, 50, -50]),
    groundSpeedMs: aircraft ? between(rng, 100, 250) : between(rng, 0, 60),
    trackDeg: between(rng, 0, 360),
    verticalRateMs: rng.chance(0.3) ? between(rng, -15, 15) : 0,
    time: T0,
    airborne: rng.chance(0.95),
  } satisfies TrackReport;
}

/** The next report: flown on a second, sometimes turning, climbing, landing or losing its velocity. */
function next(rng: Prng, t: TrackReport): TrackReport {
  const flown = flownOn(
    { ...t, velocityKnown: true, groundSpeedMs: t.velocityKnown === false ? 80 : t.groundSpeedMs },
    1,
  );
  if (rng.chance(0.2)) flown.trackDeg = (flown.trackDeg + between(rng, -90, 90) + 360) % 360;
  if (rng.chance(0.1)) flown.groundSpeedMs = between(rng, 0, 250);
  if (rng.chance(0.1)) flown.verticalRateMs = between(rng, -20, 20);
  if (rng.chance(0.04)) flown.airborne = !t.airborne;
  if (rng.chance(0.05)) Object.assign(flown, { velocityKnown: false, groundSpeedMs: 0, trackDeg: 0 });
  return flown;
}

describe('encounter grid: every report against every track', () => {
  for (const grid of GRIDS)
    for (const place of PLACES)
      it(`${place.name}, ${grid.name}: the same pairs in loss as trying all`, () => {
        const seed = fuzzSeed();
        const rng = new Prng(seed);
        const tracks = new TrackTable();
        const watch = new SeparationWatch(tracks, {
          lookaheadS: DEFAULT_WATCH_OPTIONS.lookaheadS,
          maxReportAgeS: DEFAULT_WATCH_OPTIONS.maxReportAgeS,
          maxMinima: MAX_MINIMA,
          minimaFor,
          unknownMotion: DEFAULT_WATCH_OPTIONS.unknownMotion,
          unknownHorizonS: DEFAULT_WATCH_OPTIONS.unknownHorizonS,
          cellDeg: grid.cellDeg,
          layerM: grid.layerM,
        });
        let reports = Array.from({ length: 200 }, (_, i) =>
          onAnEdge(rng, i, place, grid.cellDeg, grid.layerM),
        );
        let losses = 0;
        for (let round = 0; round < 10; round++) {
          if (round > 0) reports = reports.map((t) => next(rng, t));
          for (const report of reports) {
            const slot = tracks.upsert(report);
            watch.update(slot);
            const found: number[] = [];
            watch.lossesOf(slot, (other) => found.push(other));
            const all: number[] = [];
            for (const other of tracks.slots())
              if (other !== slot && watch.inLoss(slot, other, 1)) all.push(other);
            assert.deepEqual(
              found.sort((a, b) => a - b),
              all.sort((a, b) => a - b),
              `seed ${seed}, round ${round}, track ${report.id}`,
            );
            losses += all.length;
          }
        }
        assert.ok(losses > 300, `seed ${seed}: only ${losses} losses, too few to compare`);
      });
});
