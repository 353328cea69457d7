// One party cannot fill the hub: through the real API, a fill of new track ids is refused with 429
// beyond the party's live tracks (with Retry-After), reports beyond its rate likewise, and a feed
// stream's excess is dropped and counted; kept positions are committed to the record in batches,
// the oldest deleted beyond the party's quota and all of them after the retention period, each
// deletion recorded; and a kept position changed or deleted on disk is found by `verify`,
// `replay --check` and start-up, while positions the record does not commit to are removed.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, assertProblem, get, login, request } from '../support/api.js';
import { describeRun, printed, runCli, ServeProcess } from '../support/cli.js';
import { serveInProcess, startTestHub, type TestHub } from '../support/hub.js';
import { until } from '../support/until.js';

const LIVE_TRACKS = 40;
const REPORTS_PER_S = 300;
const KEPT_POSITIONS = 300;
const RETENTION_S = 40;
Object.assign(process.env, {
  DECONFLICT_LIVE_TRACKS: String(LIVE_TRACKS),
  DECONFLICT_TRACK_REPORTS_PER_S: String(REPORTS_PER_S),
  DECONFLICT_TRACK_REPORTS_BURST: String(REPORTS_PER_S),
  DECONFLICT_KEPT_POSITIONS: String(KEPT_POSITIONS),
  DECONFLICT_TRACK_RETENTION_S: String(RETENTION_S),
  DECONFLICT_TRACK_ARCHIVE_EVERY_S: '1',
});

const ALARM = 3;
const admin = OperatorSigner.generate();

interface KeptPositions {
  checked: { batches: number; positions: number };
  deleted_by_policy: { batches: number; positions: number };
  not_in_record: { batches: number; positions: number };
}

/** The first reports' time: the later ones follow a second apart, all in the past. */
const T0 = Date.now() - 10_000;

/** An aircraft of the party, `step` seconds along its way east (300 m apart: each report is kept). */
const aircraft = (id: string, step: number, time = T0 + step * 1000) => ({
  id,
  time: new Date(time).toISOString(),
  lon: 36 + step * 0.0033,
  lat: 35 + Number(id.replace(/\D/g, '') || 0) * 0.01,
  alt_m: 5000,
  ground_speed_ms: 300,
  track_deg: 90,
  airborne: true,
});
const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('track quotas, retention and the kept positions’ tamper evidence', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let token: string;
  const post = (reports: unknown[]) =>
    request(hub.url, 'POST', '/v1/feeds/blue/c2/reports', { token, json: { reports } });
  const history = async () => {
    const now = Date.now();
    const from = new Date(now - 3_600_000).toISOString();
    const reply = await get(
      hub.url,
      `/v1/tracks/history?from=${from}&until=${new Date(now + 60_000).toISOString()}`,
      token,
    );
    assert.equal(reply.status, 200, reply.text);
    return (reply.body as { fixes: { id: string }[] }).fixes;
  };
  const audit = async () => {
    const result = await runCli(['verify', hub.dir.path]);
    assert.equal(result.code, 0, describeRun(result));
    return printed<{ kept_positions: KeptPositions }>(result).kept_positions;
  };

  before(async () => {
    hub = await startTestHub();
    await accept(hub.url, hub.origin, hub.admin, 'party.create', {
      party: { id: 'blue', name: 'Party blue' },
      administrator: { id: 'blue.admin', name: 'blue admin', public_key: admin.publicKey },
    });
    await accept(hub.url, hub.origin, admin, 'feed.set', { feed: { name: 'c2', kind: 'api' } });
    token = await login(hub.url, hub.origin, admin);
  });
  after(async () => {
    await hub.stop();
  });
  /** Serves the data directory again after the test stopped it. */
  const startAgain = async () => {
    hub.running = await serveInProcess(hub.dir);
    hub.url = hub.running.url;
    token = await login(hub.url, hub.origin, admin);
  };

  test('a fill of new track ids is refused with 429 beyond the live tracks quota', async () => {
    const first = await post(ids('a', LIVE_TRACKS).map((id) => aircraft(id, 0)));
    assert.equal(first.status, 200, first.text);
    assert.equal((first.body as { accepted: number }).accepted, LIVE_TRACKS);
    for (let round = 0; round < 5; round++) {
      const fill = await request(hub.url, 'POST', '/v1/feeds/blue/c2/reports', {
        token,
        json: { reports: ids(`fill${round}-`, 200).map((id) => aircraft(id, 0)) },
      });
      assertProblem(fill, 429, 'too-many-tracks');
      assert.match((fill.body as { detail: string }).detail, /40 live tracks; it has 40 and this adds 200/);
    }
    // The header is checked on a raw answer: the helper reads only the body.
    const raw = await fetch(`${hub.url}/v1/feeds/blue/c2/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reports: [aircraft('one-more', 0)] }),
    });
    assert.equal(raw.status, 429);
    assert.equal(raw.headers.get('retry-after'), '60');
    assert.match(raw.headers.get('content-type') ?? '', /application\/problem\+json/);

    // A stream is not refused: what it sends beyond the quota is dropped, counted and told.
    const socket = new WebSocket(`${hub.url.replace('http', 'ws')}/v1/feeds/blue/c2/stream`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const answer = new Promise<{ accepted: number; dropped: { reason: string }[] }>((resolve) =>
      socket.once('message', (data) => resolve(JSON.parse(String(data)))),
    );
    socket.send(JSON.stringify({ reports: ids('stream', 50).map((id) => aircraft(id, 0)) }));
    const streamed = await answer;
    socket.close();
    assert.equal(streamed.accepted, 0);
    assert.equal(streamed.dropped.length, 50);
    assert.match(streamed.dropped[0]?.reason ?? '', /quota of 40 live tracks/);
    const feeds = (await get(hub.url, '/v1/feeds', token)).body as {
      feeds: { dropped_by_reason: Record<string, number> }[];
    };
    assert.equal(feeds.feeds[0]?.dropped_by_reason["over the party's quota of 40 live tracks"], 50);

    const tracks = (await get(hub.url, '/v1/tracks', token)).body as { tracks: unknown[] };
    assert.equal(tracks.tracks.length, LIVE_TRACKS);
    // Only the tracks taken are kept: the fill left nothing on disk.
    const kept = await until(
      'the first batch is kept',
      async () => {
        const fixes = await history();
        return fixes.length > 0 ? fixes : undefined;
      },
      30_000,
    );
    assert.equal(new Set(kept.map((fix) => fix.id)).size, LIVE_TRACKS);
  });

  test('reports beyond the party’s rate are refused with 429 and Retry-After', async () => {
    // Seven reports a track, a second apart: 280 of the 300 a second. The stream before drew on the
    // same bucket, which a second refills whole.
    await sleep(1_000);
    const batch = ids('a', LIVE_TRACKS).flatMap((id) =>
      [1, 2, 3, 4, 5, 6, 7].map((step) => aircraft(id, step)),
    );
    const taken = await post(batch);
    assert.equal(taken.status, 200, taken.text);
    assert.equal((taken.body as { accepted: number }).accepted, batch.length);
    const again = await fetch(`${hub.url}/v1/feeds/blue/c2/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reports: batch.map((report) => ({ ...report, id: `${report.id}-again` })) }),
    });
    assert.equal(again.status, 429);
    assert.ok(Number(again.headers.get('retry-after')) >= 1, String(again.headers.get('retry-after')));
    assert.match(((await again.json()) as { type: string }).type, /too-many-reports/);
  });

  test('beyond the kept positions quota the oldest batch is deleted, and the deletion is recorded', async () => {
    // 40 + 280 kept positions are over the quota of 300: the first batch goes.
    await until(
      'the first batch is deleted',
      async () => {
        const fixes = await history();
        return fixes.length === 280 ? fixes : undefined;
      },
      30_000,
    );
    await hub.running.stop();
    const kept = await audit();
    assert.deepEqual(kept.checked, { batches: 1, positions: 280 });
    assert.deepEqual(kept.deleted_by_policy, { batches: 1, positions: LIVE_TRACKS });
    assert.deepEqual(kept.not_in_record, { batches: 0, positions: 0 });
  });

  test('a quota the operator mistyped stops the hub at start, naming the variable', async () => {
    const start = await runCli(['serve', '--data', hub.dir.path, '--port', '0'], {
      env: { DECONFLICT_LIVE_TRACKS: 'lots' },
    });
    assert.notEqual(start.code, 0, describeRun(start));
    assert.match(start.stderr, /DECONFLICT_LIVE_TRACKS must be a positive whole number, not "lots"/);
  });

  test('a kept position changed or deleted on disk is found by verify, replay --check and start-up', async () => {
    const db = hub.dir.dbPath;
    const pristine = `${db}.pristine`;
    assert.ok(!existsSync(`${db}-wal`), 'the stopped hub left a write-ahead log');
    copyFileSync(db, pristine);
    const damages = [
      {
        change: 'UPDATE track_fix SET lon = lon + 0.001 WHERE rowid = (SELECT max(rowid) FROM track_fix)',
        message:
          /track archive is damaged: the kept positions of batch [0-9a-f]{64} \(blue, 280 positions .*\) were altered/,
      },
      {
        change: 'DELETE FROM track_fix WHERE rowid = (SELECT max(rowid) FROM track_fix)',
        message: /track archive is damaged: .* were altered \(279 stored\)/,
      },
      {
        change: 'DELETE FROM track_fix',
        message: /track archive is damaged: .* are missing, and were not deleted by policy/,
      },
    ];
    // A refused start may leave a write-ahead log: it belongs to the copy it opened, not the next.
    const restore = () => {
      rmSync(`${db}-wal`, { force: true });
      rmSync(`${db}-shm`, { force: true });
      copyFileSync(pristine, db);
    };
    for (const damage of damages) {
      restore();
      const handle = new Database(db);
      handle.exec(damage.change);
      handle.close();
      const [verify, replay, start] = await Promise.all([
        runCli(['verify', hub.dir.path]),
        runCli(['replay', '--check', '--data', hub.dir.path]),
        ServeProcess.refusal(hub.dir.path),
      ]);
      assert.equal(verify.code, ALARM, describeRun(verify));
      assert.match(verify.stderr, damage.message, describeRun(verify));
      assert.notEqual(replay.code, 0, describeRun(replay));
      assert.match(replay.stderr, damage.message, describeRun(replay));
      assert.notEqual(start.code, 0, describeRun(start));
      assert.match(start.stderr, damage.message, describeRun(start));
    }
    restore();
    // Rows the record does not commit to are told apart, and removed when the hub starts.
    const handle = new Database(db);
    handle
      .prepare(
        `INSERT INTO track_fix (feed, track, time, lon, lat, alt_m, ground_speed_ms, track_deg, vertical_rate_ms)
         VALUES ('blue/c2', 'blue/c2:planted', ?, 36, 35, 5000, 0, 0, 0)`,
      )
      .run(Date.now());
    handle.close();
    assert.deepEqual((await audit()).not_in_record, { batches: 1, positions: 1 });
    const replay = await runCli(['replay', '--check', '--data', hub.dir.path]);
    assert.equal(replay.code, 0, describeRun(replay));
    assert.deepEqual(printed<{ kept_positions: KeptPositions }>(replay).kept_positions.not_in_record, {
      batches: 1,
      positions: 1,
    });
    await startAgain();
    assert.ok((await history()).every((fix) => fix.id !== 'planted'));
    await hub.running.stop();
    assert.deepEqual((await audit()).not_in_record, { batches: 0, positions: 0 });
  });

  test('kept positions past the retention period are deleted, and the check says by policy', async () => {
    await startAgain();
    await until(
      'the kept positions lapse',
      async () => ((await history()).length === 0 ? true : undefined),
      (RETENTION_S + 20) * 1000,
    );
    await hub.running.stop();
    assert.deepEqual(await audit(), {
      checked: { batches: 0, positions: 0 },
      deleted_by_policy: { batches: 2, positions: LIVE_TRACKS + 280 },
      not_in_record: { batches: 0, positions: 0 },
    });
    const replay = await runCli(['replay', '--check', '--data', hub.dir.path]);
    assert.equal(replay.code, 0, describeRun(replay));
    await startAgain();
  });
});
