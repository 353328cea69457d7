// `deconflict check A.geojson B.geojson`: the report lists exactly the pairs that trying all pairs
// finds, invalid features with every reason (the rest still checked), and unreadable files exit 1.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { CheckReport } from '../../src/cli/check.js';
import { conflictingPairs, conflictingPairsBruteForce } from '../../src/geo/conflict-sweep.js';
import { readGeoJsonVolumes } from '../../src/geo/geojson-volumes.js';
import type { Separation } from '../../src/geo/shape.js';
import { describeRun, printed, runCli } from '../support/cli.js';
import { fuzzSeed, Prng } from '../support/prng.js';
import { tempDir } from '../support/temp-dir.js';

const seed = fuzzSeed();
const random = new Prng(seed);
const u = (lo: number, hi: number) => lo + (hi - lo) * (random.next() / 2 ** 32);
const T0 = Date.parse('2016-09-17T00:00:00Z');

/** A random valid feature in a theatre `spread`° wide across the antimeridian (so that boxes straddle it too). */
function feature(id: string, hours = 24, spread = 1): Record<string, unknown> {
  const lon = 180 + u(-spread / 2, spread / 2);
  const lat = u(-spread / 2, spread / 2);
  const wrap = (x: number) => (x > 180 ? x - 360 : x);
  const kind = random.int(3);
  const start = T0 + random.int(hours) * 3_600_000 + random.int(3_600_000);
  const lower = random.int(20) * 100;
  const properties: Record<string, unknown> = {
    id,
    altitude_lower_m: lower,
    altitude_upper_m: lower + random.int(5) * 100,
    time_start: new Date(start).toISOString(),
    time_end: new Date(start + 1000 + random.int(3 * 3_600_000)).toISOString(),
  };
  if (kind === 0) {
    properties.radius_m = u(100, 5000);
    return { type: 'Feature', geometry: { type: 'Point', coordinates: [wrap(lon), lat] }, properties };
  }
  if (kind === 1) {
    properties.half_width_m = u(50, 2000);
    const coordinates = [
      [wrap(lon), lat],
      [wrap(lon + u(-0.1, 0.1)), lat + u(-0.1, 0.1)],
    ];
    return { type: 'Feature', geometry: { type: 'LineString', coordinates }, properties };
  }
  const r = u(0.005, 0.05);
  const ring = [0, 90, 180, 270, 0].map((deg) => [
    wrap(lon + r * Math.cos((deg * Math.PI) / 180)),
    lat + r * Math.sin((deg * Math.PI) / 180),
  ]);
  return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties };
}

function collection(
  prefix: string,
  count: number,
  hours = 24,
  spread = 1,
): { type: string; features: unknown[] } {
  return {
    type: 'FeatureCollection',
    features: Array.from({ length: count }, (_, i) => feature(`${prefix}${i}`, hours, spread)),
  };
}

describe(`deconflict check (FUZZ_SEED=${seed})`, () => {
  const temp = tempDir('deconflict-check-');
  after(() => temp.remove());

  test('reports exactly the all-pairs conflicts, and every invalid feature with its reasons', async () => {
    const a = collection('a', 150, 3, 0.3);
    const b = collection('b', 150, 3, 0.3);
    const good = feature('b-good');
    a.features.push(
      { type: 'Feature', geometry: { type: 'Point', coordinates: [200, 0] }, properties: { id: 'bad-lon' } },
      {
        type: 'Feature',
        geometry: (good as { geometry: unknown }).geometry,
        properties: {
          ...(good as { properties: object }).properties,
          id: 'bad-times-and-band',
          time_start: '2016-09-17 25:00:00Z',
          time_end: 'tomorrow',
          altitude_lower_m: 500,
          altitude_upper_m: 100,
        },
      },
      feature('a0'),
    );
    b.features.push({ type: 'Feature', geometry: null, properties: { id: 'no-geometry' } }, 'not a feature');
    const pathA = join(temp.path, 'a.geojson');
    const pathB = join(temp.path, 'b.geojson');
    writeFileSync(pathA, JSON.stringify(a));
    writeFileSync(pathB, JSON.stringify(b));
    const sepArgs = ['--separation-h', '500', '--separation-v', '100', '--separation-t', '600'];
    const result = await runCli(['check', pathA, pathB, ...sepArgs]);
    assert.equal(result.code, 0, describeRun(result));
    const report = printed<CheckReport>(result);

    const sep: Separation = { horizontalM: 500, verticalM: 100, timeS: 600 };
    const volumesA = readGeoJsonVolumes(a);
    const volumesB = readGeoJsonVolumes(b);
    const expected = conflictingPairsBruteForce(volumesA.volumes, volumesB.volumes, sep);
    assert.ok(expected.length > 10, `only ${expected.length} conflicts: the fixture is too sparse`);
    assert.deepEqual(
      report.conflicts.map((c) => [c.a, c.b, c.horizontal_distance_m, c.vertical_gap_m, c.time_gap_s]),
      expected.map((p) => [
        volumesA.volumes[p.a]?.id,
        volumesB.volumes[p.b]?.id,
        p.measures.horizontalDistanceM,
        p.measures.verticalGapM,
        p.measures.timeGapS,
      ]),
    );
    for (const c of report.conflicts) {
      if (c.overlap) assert.ok(Date.parse(c.overlap.start) <= Date.parse(c.overlap.end));
      else assert.ok(c.time_gap_s > 0);
    }
    assert.deepEqual(report.checked, { a: 149, b: 150 });
    const invalidA = new Map(report.invalid.a.map((i) => [i.id, i.problems.map((p) => p.field)]));
    assert.deepEqual(
      report.invalid.a.map((i) => i.id),
      ['a0', 'bad-lon', 'bad-times-and-band', 'a0'],
    );
    assert.ok(invalidA.get('bad-lon')?.includes('/geometry/coordinates/0'));
    assert.ok(invalidA.get('bad-lon')?.includes('/properties/radius_m'));
    assert.ok(invalidA.get('bad-lon')?.includes('/properties/time_start'));
    assert.deepEqual(invalidA.get('bad-times-and-band'), [
      '/properties/altitude_upper_m',
      '/properties/time_start',
      '/properties/time_end',
    ]);
    assert.deepEqual(invalidA.get('a0'), ['/properties/id']);
    assert.deepEqual(
      report.invalid.b.map((i) => [i.id, i.index]),
      [
        ['no-geometry', 150],
        [null, 151],
      ],
    );
  });

  test('the sweep finds exactly the pairs that trying all pairs finds', () => {
    const a = readGeoJsonVolumes(collection('a', 800)).volumes;
    const b = readGeoJsonVolumes(collection('b', 800)).volumes;
    for (const sep of [
      { horizontalM: 0, verticalM: 0, timeS: 0 },
      { horizontalM: 2000, verticalM: 150, timeS: 900 },
    ]) {
      const swept = conflictingPairs(a, b, sep);
      assert.deepEqual(swept, conflictingPairsBruteForce(a, b, sep));
      assert.ok(swept.length > 0);
    }
  });

  test('exits 1 with a clear message on a missing file, non-JSON or not a FeatureCollection', async () => {
    const pathA = join(temp.path, 'ok.geojson');
    writeFileSync(pathA, JSON.stringify(collection('x', 3)));
    const missing = await runCli(['check', pathA, join(temp.path, 'missing.geojson')]);
    assert.equal(missing.code, 1, describeRun(missing));
    assert.match(missing.stderr, /^deconflict: cannot read .*missing\.geojson/);
    const notJson = join(temp.path, 'not.json');
    writeFileSync(notJson, '{"type": ');
    const bad = await runCli(['check', notJson, pathA]);
    assert.equal(bad.code, 1, describeRun(bad));
    assert.match(bad.stderr, /not\.json is not JSON/);
    const notCollection = join(temp.path, 'feature.json');
    writeFileSync(notCollection, JSON.stringify(feature('f')));
    const wrong = await runCli(['check', pathA, notCollection]);
    assert.equal(wrong.code, 1, describeRun(wrong));
    assert.match(wrong.stderr, /not a GeoJSON FeatureCollection/);
    const negative = await runCli(['check', pathA, pathA, '--separation-h', '-1']);
    assert.notEqual(negative.code, 0);
  });
});
