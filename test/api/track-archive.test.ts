// A party cannot make its own kept positions look tampered with: the very same report sent again
// after its track went silent is kept once, and the record still checks.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, get, login, request } from '../support/api.js';
import { describeRun, printed, runCli } from '../support/cli.js';
import { serveInProcess, startTestHub, type TestHub } from '../support/hub.js';

// Kept positions are written every second, so that the test need not wait.
process.env.DECONFLICT_TRACK_ARCHIVE_EVERY_S = '1';

const admin = OperatorSigner.generate();

describe('the kept positions of a party that repeats itself', { timeout: 120_000 }, () => {
  let hub: TestHub;

  before(async () => {
    hub = await startTestHub();
    await accept(hub.url, hub.origin, hub.admin, 'party.create', {
      party: { id: 'blue', name: 'Party blue' },
      administrator: { id: 'blue.admin', name: 'blue admin', public_key: admin.publicKey },
    });
    await accept(hub.url, hub.origin, admin, 'feed.set', { feed: { name: 'c2', kind: 'api' } });
  });
  after(async () => {
    await hub.stop();
  });

  test('the same report sent again after its track went silent is kept once, and the record checks', async () => {
    const token = await login(hub.url, hub.origin, admin);
    // Old enough that the watch drops its track at once (a minute of silence), young enough to be taken.
    const time = new Date(Date.now() - 200_000).toISOString();
    const report = { id: 'echo', time, lon: 36, lat: 35, alt_m: 100 };
    const window = `from=${new Date(Date.now() - 600_000).toISOString()}&until=${new Date().toISOString()}`;
    const kept = async () =>
      ((await get(hub.url, `/v1/tracks/history?${window}`, token)).body as { fixes: unknown[] }).fixes.length;
    for (let round = 0; round < 2; round++) {
      const posted = await request(hub.url, 'POST', '/v1/feeds/blue/c2/reports', {
        token,
        json: { reports: [report] },
      });
      assert.equal((posted.body as { accepted: number }).accepted, 1, posted.text);
      // Until the track is dropped (its report is 200 s old) and the batch written.
      for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
        const tracks = (await get(hub.url, '/v1/tracks', token)).body as { tracks: unknown[] };
        if (tracks.tracks.length === 0 && (await kept()) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
    assert.equal(await kept(), 1);
    await hub.running.stop();
    const audit = await runCli(['verify', hub.dir.path]);
    assert.equal(audit.code, 0, describeRun(audit));
    assert.deepEqual(printed<{ kept_positions: unknown }>(audit).kept_positions, {
      checked: { batches: 1, positions: 1 },
      deleted_by_policy: { batches: 0, positions: 0 },
      not_in_record: { batches: 0, positions: 0 },
    });
    hub.running = await serveInProcess(hub.dir);
  });
});
