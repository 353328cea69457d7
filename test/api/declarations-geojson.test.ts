// What a party may see, as GeoJSON and KML, checked by the tools planners use: GDAL (what QGIS reads
// files with) opens both, and PostGIS's geography, whose edges are great-circle arcs as the hub's are,
// finds the drawn edges within a metre of the declared ones. Live: a client polling with the ETag is
// answered 304 until something it would be sent changes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { geodesicDistanceM } from '../../src/geo/geodesic.js';
import { accept, login } from '../support/api.js';
import { HOUR_MS, iso, operation, site } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { type Postgis, postgisUnavailable, startPostgis } from '../support/postgis.js';
import { tempDir } from '../support/temp-dir.js';

const signers = { 'blue.admin': OperatorSigner.generate(), 'red.admin': OperatorSigner.generate() };
/** A zone whose northern edge runs 2° of longitude along 36° N: its great-circle arc bows north by about 460 m. */
const ZONE_RING: [number, number][] = [
  [37, 35.5],
  [39, 35.5],
  [39, 36],
  [37, 36],
  [37, 35.5],
];
const unavailable = postgisUnavailable();

/** Twice the signed area in the plane of longitude and latitude: positive for a counter-clockwise ring. */
const shoelace = (ring: Position[]) =>
  ring.slice(0, -1).reduce((sum, [x, y], i) => {
    const [nx, ny] = ring[i + 1] as Position;
    return sum + (x as number) * (ny as number) - (nx as number) * (y as number);
  }, 0);

describe('declarations as GeoJSON and KML', { timeout: 120_000 }, () => {
  let hub: TestHub;
  const temp = tempDir();
  let token = '';

  const fetchAs = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${hub.url}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });

  before(async () => {
    hub = await startTestHub();
    for (const party of ['blue', 'red'] as const)
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: `Party ${party}` },
        administrator: { id: `${party}.admin`, name: party, public_key: signers[`${party}.admin`].publicKey },
      });
    const agreement = {
      id: 'red/arrangement',
      title: 'Arrangement',
      parties: ['blue', 'red'],
      terms: 'Keep out.',
    };
    await accept(hub.url, hub.origin, signers['red.admin'], 'agreement.propose', { agreement });
    await accept(hub.url, hub.origin, signers['blue.admin'], 'agreement.sign', {
      agreement: 'red/arrangement',
    });
    const now = Date.now();
    const declarations = [
      site('red/field-hospital', [37.2, 36.2], 300, now - 60_000, 24, {
        visibility: ['blue'],
        title: 'Field hospital',
        notes: 'Twelve beds; generator on the roof.',
      }),
      {
        kind: 'zone',
        id: 'red/no-fly',
        title: 'No-fly zone',
        visibility: ['blue'],
        agreement: 'red/arrangement',
        geometry: { type: 'Polygon', coordinates: [ZONE_RING] },
        altitude_lower_m: 0,
        altitude_upper_m: 3000,
        valid_from: iso(now - 60_000),
        valid_until: iso(now + 24 * HOUR_MS),
        restrictions: [{ party: 'blue', activities: ['air'] }],
      },
      {
        kind: 'movement',
        id: 'red/convoy',
        title: 'Red convoy',
        visibility: ['blue'],
        route: {
          type: 'LineString',
          coordinates: [
            [37.0, 35.0],
            [37.5, 35.1],
          ],
        },
        half_width_m: 50,
        schedule: { departure: iso(now + 60_000), speed_kmh: 30 },
        vehicles: { count: 6, markings: 'Red crescent', plates: ['R-1', 'R-2'] },
        armed_escort: false,
        personnel: 12,
        origin: 'Tabqa depot',
        destination: 'Raqqa hospital',
        cargo: 'Medical supplies',
        contacts: [{ name: 'Omar', phone: '+963 11 000', radio: 'Channel 4' }, { name: 'Nadia' }],
      },
      operation('red/patrol', [38.5, 36.5], 0.05, now + 60_000, 2),
    ];
    for (const declaration of declarations)
      await accept(hub.url, hub.origin, signers['red.admin'], 'declaration.submit', {
        declaration,
        known_conflicts: [],
      });
    token = await login(hub.url, hub.origin, signers['blue.admin']);
  });
  after(async () => {
    await hub?.stop();
    temp.remove();
  });

  test('blue’s GeoJSON holds what blue may see, drawn as the hub means it, and GDAL reads it', async () => {
    const reply = await fetchAs('/v1/declarations?format=geojson');
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get('content-type') ?? '', /^application\/geo\+json/);
    const collection = (await reply.json()) as FeatureCollection;
    const byId = new Map(collection.features.map((feature) => [feature.id, feature]));
    // Red's operation is red's alone.
    assert.deepEqual([...byId.keys()].sort(), ['red/convoy', 'red/field-hospital', 'red/no-fly']);

    const hospital = byId.get('red/field-hospital') as Feature<Polygon>;
    assert.equal(hospital.geometry.type, 'Polygon');
    assert.equal(hospital.properties?.name, 'Field hospital');
    assert.equal(hospital.properties?.description, 'Twelve beds; generator on the roof.');
    assert.equal(hospital.properties?.radius_m, 300);
    const ring = hospital.geometry.coordinates[0] as Position[];
    assert.deepEqual(ring[0], ring.at(-1), 'the ring is closed');
    assert.ok(shoelace(ring) > 0, 'the ring turns counter-clockwise (RFC 7946)');
    for (const [lon, lat] of ring) {
      const distance = geodesicDistanceM([37.2, 36.2], [lon as number, lat as number]);
      assert.ok(distance >= 300 && distance < 300.3, `a vertex ${distance} m from the centre`);
    }
    const convoy = byId.get('red/convoy') as Feature;
    assert.equal(convoy.geometry.type, 'LineString');
    assert.deepEqual(
      [convoy.properties?.half_width_m, convoy.properties?.vehicles, convoy.properties?.plates],
      [50, 6, 'R-1,R-2'],
    );
    assert.deepEqual(
      [
        convoy.properties?.origin,
        convoy.properties?.destination,
        convoy.properties?.cargo,
        convoy.properties?.contacts,
      ],
      ['Tabqa depot', 'Raqqa hospital', 'Medical supplies', 'Omar, +963 11 000, Channel 4; Nadia'],
    );

    const file = join(temp.path, 'blue.geojson');
    writeFileSync(file, JSON.stringify(collection));
    const gdal = execFileSync('ogrinfo', ['-ro', '-al', '-so', file], { encoding: 'utf8' });
    assert.match(gdal, /Feature Count: 3/);
    for (const field of ['name', 'kind', 'party', 'valid_from', 'roster', 'half_width_m'])
      assert.match(gdal, new RegExp(`^${field}: `, 'm'), `GDAL reads the ${field} column`);
  });

  test('the drawn edges of a zone lie within a metre of its great-circle edges, as PostGIS measures them', {
    skip: unavailable ?? false,
  }, async () => {
    const collection = (await (await fetchAs('/v1/declarations?format=geojson')).json()) as FeatureCollection;
    const zone = collection.features.find((feature) => feature.id === 'red/no-fly') as Feature<Polygon>;
    const drawn = zone.geometry.coordinates[0] as Position[];
    assert.ok(drawn.length > 50, `${drawn.length} positions: the long edges are cut into short steps`);
    const postgis: Postgis = await startPostgis();
    try {
      const declared = `LINESTRING(${ZONE_RING.map(([lon, lat]) => `${lon} ${lat}`).join(', ')})`;
      const rows = await postgis.query<{ far: number; bow: number }>(
        `SELECT max(ST_Distance(ST_GeogFromText('SRID=4326;' || $1), ST_SetSRID(ST_MakePoint(x, y), 4326)::geography,
                  false)) AS far,
                  max(y) - 36 AS bow
             FROM unnest($2::float8[], $3::float8[]) AS p(x, y)`,
        [declared, drawn.map((p) => p[0]), drawn.map((p) => p[1])],
      );
      const { far, bow } = rows[0] as { far: number; bow: number };
      assert.ok(far < 1, `a drawn position ${far} m from the declared great-circle edges`);
      assert.ok(
        bow > 0.004,
        `the northern edge bows north by ${bow}° (about 460 m) as its great circle does`,
      );
    } finally {
      await postgis.stop();
    }
  });

  test('KML asked for by the Accept header reads in GDAL with the same features and names', async () => {
    const reply = await fetchAs('/v1/declarations', { accept: 'application/vnd.google-earth.kml+xml' });
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get('content-type') ?? '', /^application\/vnd\.google-earth\.kml\+xml/);
    const file = join(temp.path, 'blue.kml');
    writeFileSync(file, await reply.text());
    const read = JSON.parse(
      execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file], { encoding: 'utf8' }),
    ) as FeatureCollection;
    assert.deepEqual(
      read.features.map((feature) => [feature.properties?.Name, feature.geometry.type]).sort(),
      [
        ['Field hospital', 'Polygon'],
        ['No-fly zone', 'Polygon'],
        ['Red convoy', 'LineString'],
      ],
    );
  });

  test('a poller is answered 304 until what it would be sent changes; pages are linked', async () => {
    const first = await fetchAs('/v1/declarations?format=geojson');
    const tag = first.headers.get('etag');
    assert.ok(tag);
    const unchanged = await fetchAs('/v1/declarations?format=geojson', { 'if-none-match': tag });
    assert.equal(unchanged.status, 304);
    await accept(hub.url, hub.origin, signers['red.admin'], 'declaration.submit', {
      declaration: site('red/clinic', [37.4, 36.3], 200, Date.now() - 60_000, 24, { visibility: ['blue'] }),
      known_conflicts: [],
    });
    const changed = await fetchAs('/v1/declarations?format=geojson', { 'if-none-match': tag });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get('etag'), tag);

    const page = await fetchAs('/v1/declarations?format=geojson&limit=2');
    assert.equal(((await page.json()) as FeatureCollection).features.length, 2);
    assert.match(page.headers.get('link') ?? '', /^<[^>]*after=[^>]*>; rel="next"$/);
  });

  test('a format the hub does not serve is refused with 400, naming the field', async () => {
    const reply = await fetchAs('/v1/declarations?format=shapefile');
    assert.equal(reply.status, 400);
    assert.match(await reply.text(), /format/);
  });
});
