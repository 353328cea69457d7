// The picture as a browser fetches it over HTTP: compressed in the best form the browser accepts, its
// script, styles and outlines named by their content and kept for good, the page itself asked again
// each time and answered 304 when unchanged, so a second visit costs one small round trip.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { buildWeb } from '../../scripts/build-web.js';
import { startTestHub, type TestHub } from '../support/hub.js';

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes as sent, before any decoding. */
  body: Buffer;
}

function fetchRaw(base: string, path: string, headers: Record<string, string> = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(new URL(path, base), { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    request.on('error', reject).end();
  });
}

const decoded = (reply: RawReply) =>
  reply.headers['content-encoding'] === 'br'
    ? brotliDecompressSync(reply.body)
    : reply.headers['content-encoding'] === 'gzip'
      ? gunzipSync(reply.body)
      : reply.body;

describe('the picture over HTTP', { timeout: 120_000 }, () => {
  let hub: TestHub;
  let script = '';
  let style = '';

  before(async () => {
    await buildWeb();
    hub = await startTestHub();
  });
  after(() => hub?.stop());

  test('the page links its files by their content, is sent compressed, and is asked again each time', async () => {
    const page = await fetchRaw(hub.url, '/', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.equal(page.headers['cache-control'], 'no-cache');
    const html = decoded(page).toString('utf8');
    script = /<script type="module" src="(main-[0-9A-Z]{8}\.js)"/.exec(html)?.[1] ?? '';
    style = /<link rel="stylesheet" href="(style-[0-9A-Z]{8}\.css)"/.exec(html)?.[1] ?? '';
    assert.ok(script && style, html);

    const etag = String(page.headers.etag);
    assert.ok(etag.length > 2, 'the page carries an ETag');
    const again = await fetchRaw(hub.url, '/', { 'accept-encoding': 'br', 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
  });

  test('the script is sent as brotli or gzip, as accepted, a quarter of its size or less, and kept for good', async () => {
    const plain = await fetchRaw(hub.url, `/${script}`);
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-encoding'], undefined, 'nothing compressed unless accepted');
    for (const encoding of ['br', 'gzip']) {
      const reply = await fetchRaw(hub.url, `/${script}`, { 'accept-encoding': encoding });
      assert.equal(reply.status, 200);
      assert.equal(reply.headers['content-encoding'], encoding);
      assert.match(String(reply.headers['content-type']), /javascript/);
      assert.equal(reply.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(reply.headers.vary, 'accept-encoding');
      assert.deepEqual(decoded(reply), plain.body, `${encoding} decodes to the script`);
      assert.ok(
        reply.body.length * 4 <= plain.body.length,
        `${encoding}: ${reply.body.length} bytes sent for a script of ${plain.body.length}`,
      );
    }
    const styles = await fetchRaw(hub.url, `/${style}`, { 'accept-encoding': 'br' });
    assert.equal(styles.headers['content-encoding'], 'br');
    assert.equal(styles.headers['cache-control'], 'public, max-age=31536000, immutable');
  });

  test('the world outlines the script fetches are named by their content too', async () => {
    const source = decoded(await fetchRaw(hub.url, `/${script}`, { 'accept-encoding': 'br' })).toString(
      'utf8',
    );
    const outline = /world-outline-10m-[0-9A-Z]{8}\.json/.exec(source)?.[0];
    assert.ok(outline, 'the script names the outlines it fetches');
    const reply = await fetchRaw(hub.url, `/${outline}`, { 'accept-encoding': 'gzip' });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['content-encoding'], 'gzip');
    assert.equal(reply.headers['cache-control'], 'public, max-age=31536000, immutable');
    const { features } = JSON.parse(decoded(reply).toString('utf8')) as {
      features: { properties: { kind: string } }[];
    };
    assert.ok(
      ['land', 'border'].every((kind) => features.some((feature) => feature.properties.kind === kind)),
      'the outlines are whole',
    );
  });
});
