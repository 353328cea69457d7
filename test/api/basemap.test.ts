// The operator's basemap over HTTP, as MapLibre's PMTiles reader fetches it: byte ranges answered 206
// with exactly the file's bytes, a range past the end 416, a strong ETag and 304 when unchanged; the
// page told where it is. The real pmtiles reader finds the tiles and the schema through the hub. A
// file that is not a PMTiles v3 archive of vector tiles stops `deconflict serve` at start, saying why.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PMTiles } from 'pmtiles';
import { describeRun, runCli, ServeProcess } from '../support/cli.js';
import { writeCoastBasemap } from '../support/coast-basemap.js';
import { foundTestHub, startTestHub, type TestHub } from '../support/hub.js';
import { tileAt } from '../support/pmtiles.js';
import { tempDir } from '../support/temp-dir.js';

describe('the basemap over HTTP', { timeout: 120_000 }, () => {
  const temp = tempDir();
  const path = join(temp.path, 'coast.pmtiles');
  let file: Buffer;
  let hub: TestHub;
  let plain: TestHub;

  before(async () => {
    file = writeCoastBasemap(path, 'openmaptiles');
    [hub, plain] = await Promise.all([startTestHub({ basemap: path }), startTestHub()]);
  });
  after(async () => {
    await Promise.all([hub?.stop(), plain?.stop()]);
    temp.remove();
  });

  const get = (base: string, headers: Record<string, string> = {}) =>
    fetch(new URL('/basemap.pmtiles', base), { headers });

  test('the page learns whether there is a basemap, and where', async () => {
    assert.deepEqual(await (await fetch(new URL('/v1/basemap', hub.url))).json(), {
      basemap: { url: '/basemap.pmtiles', bytes: file.length },
    });
    assert.deepEqual(await (await fetch(new URL('/v1/basemap', plain.url))).json(), { basemap: null });
    assert.equal((await get(plain.url)).status, 404, 'without a basemap, there is no file');
  });

  test('ranges are answered 206 with exactly those bytes of the file', async () => {
    const cases: [string, number, number][] = [
      ['bytes=0-126', 0, 126],
      ['bytes=200-', 200, file.length - 1],
      ['bytes=-40', file.length - 40, file.length - 1],
      [`bytes=10-${file.length + 500}`, 10, file.length - 1],
    ];
    for (const [range, start, end] of cases) {
      const answer = await get(hub.url, { range });
      assert.equal(answer.status, 206, range);
      assert.equal(answer.headers.get('content-range'), `bytes ${start}-${end}/${file.length}`, range);
      assert.equal(answer.headers.get('accept-ranges'), 'bytes');
      assert.deepEqual(Buffer.from(await answer.arrayBuffer()), file.subarray(start, end + 1), range);
    }
    const whole = await get(hub.url);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    assert.deepEqual(Buffer.from(await whole.arrayBuffer()), file);
  });

  test('a range beyond the end, or several at once, is 416 and says the size', async () => {
    for (const range of [
      `bytes=${file.length}-`,
      `bytes=${file.length + 10}-${file.length + 20}`,
      'bytes=0-1,5-9',
    ]) {
      const answer = await get(hub.url, { range });
      assert.equal(answer.status, 416, range);
      assert.equal(answer.headers.get('content-range'), `bytes */${file.length}`);
    }
  });

  test('a strong ETag: 304 when unchanged, and a range of another version is sent whole', async () => {
    const etag = (await get(hub.url, { range: 'bytes=0-0' })).headers.get('etag') ?? '';
    assert.match(etag, /^"[^"]+"$/, 'a strong validator, as If-Range needs');
    assert.equal((await get(hub.url, { 'if-none-match': etag })).status, 304);
    assert.equal((await get(hub.url, { range: 'bytes=0-9', 'if-range': etag })).status, 206);
    const other = await get(hub.url, { range: 'bytes=0-9', 'if-range': '"another"' });
    assert.equal(other.status, 200);
    assert.equal((await other.arrayBuffer()).byteLength, file.length);
  });

  test('the PMTiles reader finds the schema and the road through the hub', async () => {
    const archive = new PMTiles(new URL('/basemap.pmtiles', hub.url).href);
    const metadata = (await archive.getMetadata()) as { vector_layers: { id: string }[] };
    assert.ok(metadata.vector_layers.some((layer) => layer.id === 'transportation'));
    // The coastal road, and the sea 10 km west of it, at zoom 10.
    const tile = await archive.getZxy(10, ...tileAt(35.95, 35.1, 10));
    assert.ok(tile, 'the tile is in the archive');
    // A vector tile names its layers and its string values as they are written.
    const text = Buffer.from(tile.data).toString('latin1');
    for (const word of ['transportation', 'primary', 'water', 'ocean']) assert.ok(text.includes(word), word);
  });
});

describe('deconflict serve --basemap', { timeout: 120_000 }, () => {
  const temp = tempDir();
  after(() => temp.remove());

  test('a file that is not a PMTiles v3 archive of vector tiles stops the hub at start, saying why', async () => {
    const good = writeCoastBasemap(join(temp.path, 'good.pmtiles'), 'openmaptiles');
    const version2 = Buffer.from(good);
    version2[7] = 2;
    const raster = Buffer.from(good);
    raster[99] = 2;
    const files = {
      'text.pmtiles': Buffer.from(
        'not a map at all, but long enough to hold a header of 127 bytes. '.repeat(3),
      ),
      'v2.pmtiles': version2,
      'png.pmtiles': raster,
    };
    const reasons: Record<string, RegExp> = {
      'text.pmtiles': /is not a PMTiles archive/,
      'v2.pmtiles': /is PMTiles version 2; version 3 is needed/,
      'png.pmtiles': /vector tiles \(MVT, type 1\) are needed/,
      'missing.pmtiles': /cannot read the basemap .*missing\.pmtiles/,
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(temp.path, name), bytes);
    for (const [name, reason] of Object.entries(reasons)) {
      const data = join(temp.path, `data-${name}`);
      const args = ['serve', '--data', data, '--port', '0', '--init-origin', 'test.deconflict.dev/hub'];
      // From the option, and (once) from the environment as a service unit would set it.
      const runs = [() => runCli([...args, '--basemap', join(temp.path, name)])];
      if (name === 'text.pmtiles')
        runs.push(() => runCli(args, { env: { DECONFLICT_BASEMAP: join(temp.path, name) } }));
      for (const run of runs) {
        const result = await run();
        assert.equal(result.code, 1, describeRun(result));
        assert.match(result.stderr, reason, describeRun(result));
        assert.doesNotMatch(result.stderr, /serving/);
        assert.ok(!existsSync(data), 'refused before anything is created');
      }
    }
  });

  test('a good archive is served by the hub the CLI starts', async () => {
    const founded = await foundTestHub();
    const path = join(temp.path, 'coast.pmtiles');
    const file = writeCoastBasemap(path, 'protomaps');
    const serve = await ServeProcess.start(founded.dir.path, [], { DECONFLICT_BASEMAP: path });
    try {
      const answer = await fetch(new URL('/basemap.pmtiles', serve.url), {
        headers: { range: 'bytes=0-126' },
      });
      assert.equal(answer.status, 206);
      assert.deepEqual(Buffer.from(await answer.arrayBuffer()), file.subarray(0, 127));
    } finally {
      await serve.stop();
      founded.remove();
    }
  });
});
