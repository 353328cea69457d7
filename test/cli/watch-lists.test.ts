// The tactical watch and the record read at a terminal, through the `deconflict` command as a child
// process against a running hub: blue and red report their own aircraft over the API, head-on, and
// red a second one through a feed it shares with blue. Blue's `tracks` lists its own and red's shared
// aircraft and never red's unshared one; `alerts` tells blue of the encounter with red's unshared
// aircraft only as whose it is, whom to call and roughly where; `--all` lists it once ended;
// `entries` lists what blue may read of the record and, with --follow, the alert's end as it is
// committed. Each --json answer is the API's own.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { aircraft, eastDeg } from '../support/aircraft.js';
import { accept, get, login, request } from '../support/api.js';
import { describeRun, printed, runCli, spawnCli } from '../support/cli.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { until } from '../support/until.js';

const WEST = 38;
// 20 km apart at the same height, closing at 400 m/s: a predicted loss of separation.
const EAST = WEST + eastDeg(20_000);
const SHARED_LON = 30;

interface AlertJson {
  id: string;
  kind: string;
  tracks: { id: string }[];
  ended: { time: string; reason: string } | null;
}

describe('alerts, tracks and entries through the deconflict CLI', { timeout: 180_000 }, () => {
  let hub: TestHub;
  const signers = { blue: OperatorSigner.generate(), red: OperatorSigner.generate() };
  const keyFile = { blue: '', red: '' };
  const tokens = { blue: '', red: '' };
  const start = Date.now();
  let alertId = '';
  // The watch ends an alert on a track silent for 60 s; the terminal is slower than that here, so
  // the aircraft report where they are every 10 s until blue's and red's turn away.
  let keepAlive: NodeJS.Timeout | undefined;
  let keepAliveFailure: unknown = null;

  const as = (party: 'blue' | 'red', ...args: string[]) =>
    runCli([...args, '--hub', hub.url, '--key', keyFile[party]]);
  const report = async (party: 'blue' | 'red', feed: string, reports: unknown[]) => {
    const answer = await request(hub.url, 'POST', `/v1/feeds/${party}/${feed}/reports`, {
      token: tokens[party],
      json: { reports },
    });
    assert.equal(answer.status, 200, answer.text);
    assert.equal((answer.body as { accepted: number }).accepted, reports.length, answer.text);
  };
  const apiBody = async <T>(party: 'blue' | 'red', path: string) => {
    const reply = await get(hub.url, path, tokens[party]);
    assert.equal(reply.status, 200, reply.text);
    return reply.body as T;
  };

  before(async () => {
    hub = await startTestHub();
    for (const party of ['blue', 'red'] as const) {
      keyFile[party] = join(hub.root, `${party}.pem`);
      signers[party].save(keyFile[party]);
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: `Party ${party}` },
        administrator: { id: `${party}.admin`, name: `${party} admin`, public_key: signers[party].publicKey },
      });
      const ok = (type: string, fields: Record<string, unknown>) =>
        accept(hub.url, hub.origin, signers[party], type, fields);
      await ok('roster.set', {
        roster: {
          duty: 'air',
          members: [{ operator: `${party}.admin`, shifts: [] }],
          chief: `${party}.admin`,
        },
      });
      await ok('feed.set', { feed: { name: 'c2', kind: 'api', roster: 'air' } });
      tokens[party] = await login(hub.url, hub.origin, signers[party]);
    }
    await accept(hub.url, hub.origin, signers.red, 'feed.set', {
      feed: { name: 'shared', kind: 'api', roster: 'air', share_with: ['blue'] },
    });
    await report('blue', 'c2', [aircraft('b1', WEST, 90, start)]);
    await report('red', 'c2', [aircraft('r1', EAST, 270, start)]);
    await report('red', 'shared', [aircraft('r2', SHARED_LON, 0, start)]);
    const alerts = await until('the loss-of-separation alert', async () => {
      const { alerts } = await apiBody<{ alerts: AlertJson[] }>('blue', '/v1/alerts?status=open');
      return alerts.length > 0 ? alerts : undefined;
    });
    alertId = alerts[0]?.id ?? '';
    keepAlive = setInterval(() => {
      const now = Date.now();
      Promise.all([
        report('blue', 'c2', [aircraft('b1', WEST, 90, now)]),
        report('red', 'c2', [aircraft('r1', EAST, 270, now)]),
        report('red', 'shared', [aircraft('r2', SHARED_LON, 0, now)]),
      ]).catch((error: unknown) => {
        keepAliveFailure = error;
      });
    }, 10_000);
  });

  after(async () => {
    clearInterval(keepAlive);
    await hub.stop();
  });

  test('tracks: blue’s own and red’s shared aircraft, latitude first, never red’s unshared one', async () => {
    const result = await as('blue', 'tracks');
    assert.equal(result.code, 0, describeRun(result));
    const [header, ...rows] = result.stdout.trimEnd().split('\n');
    assert.match(header ?? '', /^ID\s+PARTY\s+POSITION \(LAT, LON\)\s+ALT\s+SPEED\s+HEADING\s+AGE$/);
    assert.equal(rows.length, 2, result.stdout);
    const own = rows.find((row) => row.startsWith('blue/c2:b1 '));
    assert.match(
      own ?? '',
      /^blue\/c2:b1\s+blue\s+35\.00000, 38\.00000\s+5000 m\s+200\.0 m\/s\s+90°\s+(\d+m )?\d+s$/,
    );
    const shared = rows.find((row) => row.startsWith('red/shared:r2 '));
    assert.match(shared ?? '', /^red\/shared:r2\s+red\s+35\.00000, 30\.00000\s+5000 m\s+200\.0 m\/s\s+0°/);
    assert.doesNotMatch(result.stdout, /r1|red\/c2/);
    assert.doesNotMatch(result.stdout, new RegExp(EAST.toFixed(5).replace('.', '\\.')));

    const json = await as('blue', 'tracks', '--json');
    assert.equal(json.code, 0, describeRun(json));
    // The aircraft are reported again every few seconds: the listings agree but for the report times.
    const untimed = (body: unknown) =>
      (body as { tracks: Record<string, unknown>[] }).tracks.map(({ time: _time, ...track }) => track);
    assert.deepEqual(untimed(printed(json)), untimed(await apiBody('blue', '/v1/tracks')));
    // Red sees its own two, and not blue's, which blue shares with nobody.
    const red = printed<{ tracks: { id: string }[] }>(await as('red', 'tracks', '--json'));
    assert.deepEqual(red.tracks.map((track) => track.id).sort(), ['red/c2:r1', 'red/shared:r2']);
  });

  test('alerts: the encounter, red’s aircraft told only as whose, whom to call and roughly where', async () => {
    // The hub's address may come from DECONFLICT_HUB instead of --hub.
    const result = await runCli(['alerts', '--key', keyFile.blue], { env: { DECONFLICT_HUB: hub.url } });
    assert.equal(result.code, 0, describeRun(result));
    const [header, ...rows] = result.stdout.trimEnd().split('\n');
    assert.match(header ?? '', /^ID\s+KIND\s+SINCE\s+PARTIES\s+TRACKS\s+OTHERS\s+STATE\s+REASON$/);
    assert.equal(rows.length, 1, result.stdout);
    const row = rows[0] ?? '';
    assert.ok(row.startsWith(`${alertId} `), row);
    assert.match(row, /\sloss-of-separation\s/);
    assert.match(row, /\sblue,red\s/);
    assert.match(row, /blue\/c2:b1 at 35\.\d{5}, 38\.\d{5}/);
    // Due east, 20 km off, rounded to 5° and 500 m as the hub tells it.
    assert.match(row, /red’s track \(call air\) (85|90|95)° (19\.5|20\.0|20\.5) km/);
    assert.match(row, /\sopen\s/);
    assert.doesNotMatch(result.stdout, /r1|red\/c2/);

    const json = await as('blue', 'alerts', '--json');
    assert.equal(json.code, 0, describeRun(json));
    assert.deepEqual(printed(json), await apiBody('blue', '/v1/alerts?status=open'));
  });

  test('entries: what blue may read; --follow prints the alert’s end as it is committed', async () => {
    const table = await as('blue', 'entries', '--from', '0', '--kind', 'alert.begin');
    assert.equal(table.code, 0, describeRun(table));
    const [header, ...rows] = table.stdout.trimEnd().split('\n');
    assert.match(header ?? '', /^INDEX\s+TIME\s+KIND\s+AUTHOR\s+COMMAND$/);
    assert.equal(rows.length, 1, table.stdout);
    assert.match(rows[0] ?? '', /^\d+\s+\S+Z\s+alert\.begin\s+the hub\s+\{/);
    assert.ok(rows[0]?.includes(alertId), rows[0]);

    // Every entry blue may read, as the API serves it, and none of red's own feeds.
    const listed = printed<{ size: number; entries: { index: number; entry?: { kind: string } }[] }>(
      await as('blue', 'entries', '--from', '0', '--json'),
    );
    const api = await apiBody<{ entries: { entry?: unknown }[] }>(
      'blue',
      `/v1/record/entries?start=0&end=${listed.size}`,
    );
    assert.deepEqual(
      listed.entries,
      api.entries.filter((item) => item.entry !== undefined),
    );
    assert.ok(listed.entries.length < listed.size, 'some entries are not blue’s to read');
    assert.doesNotMatch(JSON.stringify(listed), /"shared"|red\/c2:r1/);

    // An index the record has not reached is refused, naming the record's size.
    const beyond = await as('blue', 'entries', '--from', String(listed.size + 10));
    assert.equal(beyond.code, 1, describeRun(beyond));
    assert.match(beyond.stderr, /--from: the record has \d+ entries/);
    assert.equal(beyond.stdout, '');
    const notIndex = await as('blue', 'entries', '--from', '-3');
    assert.equal(notIndex.code, 1, describeRun(notIndex));
    assert.match(notIndex.stderr, /not an entry index/);

    // From the record's end as of now: only what is committed from here on.
    const { size } = await apiBody<{ size: number }>('blue', '/v1/record/entries?start=0&end=0');
    const follower = spawnCli([
      'entries',
      '--from',
      String(size),
      '--follow',
      '--json',
      '--kind',
      'alert.end',
      '--kind',
      'roster.set',
      '--hub',
      hub.url,
      '--key',
      keyFile.blue,
    ]);
    try {
      const lines = outputLines(follower);
      // Red turns away and both fly on parallel, clear of each other: the alert ends.
      clearInterval(keepAlive);
      assert.equal(keepAliveFailure, null);
      const turn = Date.now();
      for (let s = 1; s <= 5; s++) {
        const t = turn + s * 1000;
        await report('red', 'c2', [aircraft('r1', EAST + eastDeg(200 * s), 90, t)]);
        await report('blue', 'c2', [aircraft('b1', WEST + eastDeg(200 * s), 90, t)]);
      }
      const [first] = await until('the alert’s end, followed', () => (lines.length > 0 ? lines : undefined));
      const ended = JSON.parse(first ?? '') as { index: number; kind: string; command: unknown };
      assert.equal(ended.kind, 'alert.end');
      assert.match(JSON.stringify(ended.command), new RegExp(alertId));
      // Printed from the stream, so the follower is subscribed: what is committed now comes live.
      const changed = await accept(hub.url, hub.origin, signers.blue, 'roster.set', {
        roster: { duty: 'ground', members: [{ operator: 'blue.admin', shifts: [] }], chief: 'blue.admin' },
      });
      const [, second] = await until('the roster change, followed', () =>
        lines.length > 1 ? lines : undefined,
      );
      const followed = JSON.parse(second ?? '') as { index: number; kind: string };
      assert.deepEqual([followed.index, followed.kind], [changed.index, 'roster.set']);
      assert.equal(lines.length, 2, lines.join('\n'));
    } finally {
      follower.kill('SIGTERM');
    }
  });

  test('alerts: an ended alert is listed with --all, not without', async () => {
    const open = await as('blue', 'alerts');
    assert.equal(open.code, 0, describeRun(open));
    assert.equal(open.stdout.trimEnd().split('\n')[1], '(none)');
    const all = await as('blue', 'alerts', '--all');
    assert.equal(all.code, 0, describeRun(all));
    const rows = all.stdout.trimEnd().split('\n').slice(1);
    assert.equal(rows.length, 1, all.stdout);
    const json = printed<{ alerts: AlertJson[] }>(await as('blue', 'alerts', '--all', '--json'));
    assert.deepEqual(json, await apiBody('blue', '/v1/alerts?status=all'));
    const ended = json.alerts[0]?.ended;
    assert.ok(ended, JSON.stringify(json));
    assert.ok(rows[0]?.startsWith(`${alertId} `), rows[0]);
    assert.ok(rows[0]?.includes(`  ended ${ended.time}  ${ended.reason}`), rows[0]);
    assert.match(ended.reason, /clear/);
  });
});

/** The lines a child prints, as they come. */
function outputLines(child: ChildProcess): string[] {
  const lines: string[] = [];
  let buffer = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      lines.push(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
    }
  });
  return lines;
}
