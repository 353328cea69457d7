// The tactical watch end to end through the real API: two parties report their own tracks through
// their api feeds; a head-on encounter raises one alert for the pair, recorded and sent to both
// parties' rosters as urgent requests, and ends once they are clear; a vehicle inside a hospital's
// buffer raises an intrusion; bad reports are dropped with their reason and counted for the feed's
// owner; nobody reports through another party's feed; a restart ends what was open.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, assertProblem, get, login, request } from '../support/api.js';
import { site } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const signers = {
  'blue.admin': OperatorSigner.generate(),
  'blue.duty': OperatorSigner.generate(),
  'blue.viewer': OperatorSigner.generate(),
  'red.admin': OperatorSigner.generate(),
  'red.duty': OperatorSigner.generate(),
};
type Operator = keyof typeof signers;

interface Alert {
  id: string;
  kind: string;
  parties: string[];
  tracks: { id: string; party: string }[];
  prediction: { time_to_loss_s: number; horizontal_miss_m: number } | null;
  declaration: { id: string } | null;
  ended: { reason: string } | null;
}

/** Metres east of a point, in degrees of longitude at that latitude. */
const eastDeg = (m: number, lat: number) => m / (111_320 * Math.cos((lat * Math.PI) / 180));

describe('the tactical watch through the API', { timeout: 120_000 }, () => {
  let hub: TestHub;
  const tokens = new Map<Operator, string>();
  const ok = (operator: Operator, type: string, fields: Record<string, unknown>) =>
    accept(hub.url, hub.origin, signers[operator], type, fields);
  const token = async (operator: Operator) => {
    let found = tokens.get(operator);
    if (!found) {
      found = await login(hub.url, hub.origin, signers[operator]);
      tokens.set(operator, found);
    }
    return found;
  };
  const report = async (operator: Operator, feed: string, reports: unknown[]) =>
    request(hub.url, 'POST', `/v1/feeds/${feed}/reports`, {
      token: await token(operator),
      json: { reports },
    });
  const alerts = async (operator: Operator, status = 'all') =>
    ((await get(hub.url, `/v1/alerts?status=${status}`, await token(operator))).body as { alerts: Alert[] })
      .alerts;

  interface MessageView {
    kind: string;
    message: { action?: string; template?: { name: string; fields: Record<string, unknown> } };
    rendered?: { title: string; fields: { name: string; value: string }[] };
    deliveries: { recipient: string }[];
  }
  const inbox = async (operator: Operator) =>
    ((await get(hub.url, '/v1/messages?box=in', await token(operator))).body as { messages: MessageView[] })
      .messages;

  async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      assert.ok(Date.now() < deadline, `never: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const aircraft = (id: string, lon: number, trackDeg: number, time: number) => ({
    id,
    time: new Date(time).toISOString(),
    lon,
    lat: 35,
    alt_m: 5000,
    ground_speed_ms: 200,
    track_deg: trackDeg,
    airborne: true,
    activity: 'air',
  });

  before(async () => {
    hub = await startTestHub();
    for (const party of ['blue', 'red'] as const) {
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: `Party ${party}` },
        administrator: {
          id: `${party}.admin`,
          name: `${party} admin`,
          public_key: signers[`${party}.admin`].publicKey,
        },
      });
      await ok(`${party}.admin`, 'operator.add', {
        operator: {
          id: `${party}.duty`,
          name: `${party} officer`,
          public_key: signers[`${party}.duty`].publicKey,
        },
        role: 'duty-officer',
      });
      await ok(`${party}.admin`, 'roster.set', {
        roster: {
          duty: 'air',
          members: [{ operator: `${party}.duty`, shifts: [] }],
          chief: `${party}.admin`,
        },
      });
      await ok(`${party}.admin`, 'feed.set', { feed: { name: 'c2', kind: 'api', roster: 'air' } });
    }
    await ok('blue.admin', 'operator.add', {
      operator: { id: 'blue.viewer', name: 'blue viewer', public_key: signers['blue.viewer'].publicKey },
      role: 'viewer',
    });
  });
  after(async () => {
    await hub.stop();
  });

  test('a feed is checked when registered, and visible only to its party', async () => {
    const refused = await request(hub.url, 'POST', '/v1/commands', {
      json: signers['blue.admin'].command(hub.origin, 'feed.set', {
        feed: { name: 'tak', kind: 'cot', share_with: ['nobody'], address: 'radar:30003' },
      }),
    });
    assertProblem(refused, 400);
    const reasons = (refused.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
    assert.deepEqual(reasons, ['/command/feed/address', '/command/feed/kind', '/command/feed/share_with/0']);
    const feeds = (await get(hub.url, '/v1/feeds', await token('red.duty'))).body as {
      feeds: { id: string }[];
    };
    assert.deepEqual(
      feeds.feeds.map((f) => f.id),
      ['red/c2'],
    );
  });

  test('nobody reports through another party’s feed, and viewers report nothing', async () => {
    const now = Date.now();
    assertProblem(await report('red.duty', 'blue/c2', [aircraft('x', 38, 0, now)]), 404);
    assertProblem(await report('blue.viewer', 'blue/c2', [aircraft('x', 38, 0, now)]), 403);
    assertProblem(await report('blue.duty', 'blue/c2', []), 400);
  });

  test('bad reports are dropped with their reason, counted for the owner, and the rest taken', async () => {
    const now = Date.now();
    const answer = await report('blue.duty', 'blue/c2', [
      aircraft('ok-1', 36, 0, now),
      { ...aircraft('bad-lat', 36, 0, now), lat: 95 },
      aircraft('stale', 36.5, 0, now - 3_600_000),
      { id: 'no-position', time: new Date(now).toISOString() },
    ]);
    assert.equal(answer.status, 200, answer.text);
    const body = answer.body as { accepted: number; dropped: { index: number; reason: string }[] };
    assert.equal(body.accepted, 1);
    assert.deepEqual(
      body.dropped.map((d) => d.index),
      [1, 2, 3],
    );
    assert.match(body.dropped[0]?.reason ?? '', /lat/);
    assert.match(body.dropped[1]?.reason ?? '', /old|past|age/i);
    const feeds = (await get(hub.url, '/v1/feeds', await token('blue.admin'))).body as {
      feeds: { id: string; accepted: number; dropped: number; recently_dropped: { reason: string }[] }[];
    };
    const c2 = feeds.feeds.find((f) => f.id === 'blue/c2');
    assert.ok(c2 && c2.accepted >= 1 && c2.dropped >= 3, JSON.stringify(c2));
    assert.equal(c2.recently_dropped.length, c2.dropped);
  });

  test('a head-on encounter: one alert, to both rosters as urgent requests, ended once clear', async () => {
    const lat = 35;
    const start = Date.now();
    const gap = 20_000;
    // 20 km apart at the same height, closing at 400 m/s: inside 5 NM in about 27 s.
    const west = 38;
    const east = west + eastDeg(gap, lat);
    const first = await report('blue.duty', 'blue/c2', [aircraft('b1', west, 90, start)]);
    assert.equal((first.body as { accepted: number }).accepted, 1, first.text);
    await report('red.duty', 'red/c2', [aircraft('r1', east, 270, start)]);
    const alert = await until('a loss-of-separation alert', async () =>
      (await alerts('blue.duty')).find((a) => a.kind === 'loss-of-separation'),
    );
    assert.deepEqual(alert.parties, ['blue', 'red']);
    assert.deepEqual(alert.tracks.map((t) => t.id).sort(), ['blue/c2:b1', 'red/c2:r1']);
    assert.ok(alert.prediction, 'a prediction');
    assert.ok(
      Math.abs(alert.prediction.time_to_loss_s - (gap - 9260) / 400) < 2,
      JSON.stringify(alert.prediction),
    );
    assert.ok(alert.prediction.horizontal_miss_m < 50);
    assert.deepEqual(
      (await alerts('red.duty')).map((a) => a.id),
      [alert.id],
      'red sees the same alert',
    );

    // Each party's roster is asked to divert, with both positions as data.
    for (const party of ['blue', 'red'] as const) {
      const messages = await until(`${party}'s alert message`, async () => {
        const found = (await inbox(`${party}.duty`)).filter(
          (m) => m.message.template?.name === 'track-alert',
        );
        return found.length > 0 ? found : undefined;
      });
      assert.equal(messages.length, 1, 'one message per party and episode');
      const [view] = messages;
      assert.equal(view?.kind, 'urgent-request');
      assert.equal(view?.message.action, 'divert');
      assert.deepEqual(
        view?.deliveries.map((d) => d.recipient),
        [`${party}/air`],
      );
      const fields = view?.message.template?.fields ?? {};
      assert.ok(
        Array.isArray(fields.position) && Array.isArray(fields.other_position),
        JSON.stringify(fields),
      );
      assert.equal(view?.rendered?.title, 'Tactical alert', 'rendered in the reader’s language');
      assert.equal(
        view?.rendered?.fields.find((f) => f.name === 'alert')?.value,
        'Predicted loss of separation',
      );
    }

    // Red turns away and both fly on parallel, 20 km apart: clear, and the alert ends once.
    for (let s = 1; s <= 5; s++) {
      const t = start + s * 1000;
      await report('red.duty', 'red/c2', [aircraft('r1', east + eastDeg(200 * s, lat), 90, t)]);
      await report('blue.duty', 'blue/c2', [aircraft('b1', west + eastDeg(200 * s, lat), 90, t)]);
    }
    const ended = await until('the alert ends', async () =>
      (await alerts('red.duty', 'ended')).find((a) => a.id === alert.id),
    );
    assert.match(ended.ended?.reason ?? '', /clear/);
    assert.equal((await alerts('blue.duty')).filter((a) => a.kind === 'loss-of-separation').length, 1);
  });

  test('a vehicle inside a hospital’s buffer: an intrusion, its driver asked to stop, the owner told', async () => {
    const now = Date.now();
    await ok('blue.admin', 'declaration.submit', {
      declaration: site('blue/hospital', [37, 36], 200, now - 60_000, 48, {
        visibility: ['*'],
        roster: 'air',
      }),
      known_conflicts: [],
    });
    const answer = await report('red.duty', 'red/c2', [
      { id: 'g1', time: new Date(now).toISOString(), lon: 37.001, lat: 36, alt_m: 400, activity: 'ground' },
    ]);
    assert.equal((answer.body as { accepted: number }).accepted, 1, answer.text);
    const alert = await until('an intrusion alert', async () =>
      (await alerts('blue.duty', 'open')).find((a) => a.kind === 'intrusion'),
    );
    assert.equal(alert.declaration?.id, 'blue/hospital');
    assert.deepEqual(alert.parties, ['blue', 'red']);
    const kinds = async (operator: Operator) =>
      (await inbox(operator))
        .filter((m) => m.message.template?.fields.alert === 'intrusion')
        .map((m) => `${m.kind}${m.message.action ? `:${m.message.action}` : ''}`);
    const asked = await until('red asked to stop', async () => {
      const found = await kinds('red.duty');
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(asked, ['urgent-request:stop']);
    assert.deepEqual(await kinds('blue.duty'), ['notification']);
  });

  test('the live picture: own tracks, and another party’s once it shares them', async () => {
    const seen = async (operator: Operator) =>
      ((await get(hub.url, '/v1/tracks', await token(operator))).body as { tracks: { id: string }[] }).tracks
        .map((t) => t.id)
        .sort();
    assert.ok((await seen('blue.duty')).every((id) => id.startsWith('blue/')));
    await ok('red.admin', 'feed.set', {
      feed: { name: 'c2', kind: 'api', roster: 'air', share_with: ['blue'] },
    });
    assert.ok((await seen('blue.duty')).some((id) => id.startsWith('red/')));

    const socket = new WebSocket(`${hub.url.replace('http', 'ws')}/v1/picture`);
    const frames: { type: string; tracks: { id: string }[] }[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'auth', token: await token('blue.duty') }));
    const firstFrame = await until('the first picture', async () => frames[0]);
    assert.equal(firstFrame.type, 'tracks');
    assert.ok(firstFrame.tracks.some((t) => t.id === 'red/c2:r1'));
    const now = Date.now();
    await report('red.duty', 'red/c2', [
      { id: 'g1', time: new Date(now).toISOString(), lon: 37.0012, lat: 36, alt_m: 400, activity: 'ground' },
    ]);
    await until('a moved track pushed', async () =>
      frames.slice(1).find((f) => f.tracks.some((t) => t.id === 'red/c2:g1')),
    );
    socket.close();
  });

  test('a restart ends the alerts left open, saying why', async () => {
    assert.ok((await alerts('blue.duty', 'open')).length > 0);
    await hub.restart();
    tokens.clear();
    const open = await until('no alert open', async () =>
      (await alerts('blue.duty', 'open')).length === 0 ? [] : undefined,
    );
    assert.deepEqual(open, []);
    const ended = (await alerts('blue.duty', 'ended')).find((a) => a.kind === 'intrusion');
    assert.match(ended?.ended?.reason ?? '', /restarted/);
  });
});
