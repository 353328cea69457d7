// No party's connection, and nothing told of the record, can take the hub down: a subscriber that
// throws is cut off, logged and counted while the writer and every other subscriber go on; a track
// socket whose handling fails is closed with 1011 alone. Failures are injected where they would
// otherwise escape a socket event or the writer, and the hub is then used as any party would.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import type { CommittedEntry } from '../../src/hub/subscribers.js';
import { accept, get, login } from '../support/api.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { until } from '../support/until.js';
import { StreamClient } from '../support/ws-client.js';

const admin = OperatorSigner.generate();

describe('failures contained', { timeout: 60_000 }, () => {
  let hub: TestHub;
  let officers = 0;
  const addOfficer = () =>
    accept(hub.url, hub.origin, admin, 'operator.add', {
      operator: {
        id: `alpha.officer${++officers}`,
        name: 'Officer',
        public_key: OperatorSigner.generate().publicKey,
      },
      role: 'duty-officer',
    });
  const containedFailures = async (component: string) => {
    const text = (await get(hub.url, '/metrics')).text;
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`deconflict_contained_failures_total{component="${component}"}`));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  before(async () => {
    hub = await startTestHub();
    await accept(hub.url, hub.origin, hub.admin, 'party.create', {
      party: { id: 'alpha', name: 'Alpha' },
      administrator: { id: 'alpha.admin', name: 'Alpha administrator', public_key: admin.publicKey },
    });
  });
  after(() => hub.stop());

  test('a subscriber that throws is cut off; commands, streams and later subscribers go on', async () => {
    const client = await StreamClient.open(hub.url, { token: await login(hub.url, hub.origin, admin) });
    let brokenCalls = 0;
    const seenAfter: number[] = [];
    hub.running.hub.subscribe({
      name: 'a broken subscriber',
      entries: () => {
        brokenCalls++;
        throw new Error('a subscriber failed');
      },
    });
    const stopSeeing = hub.running.hub.subscribe({
      name: 'a later subscriber',
      entries: (committed: CommittedEntry[]) => seenAfter.push(...committed.map((c) => c.index)),
    });

    const first = await addOfficer();
    const second = await addOfficer();
    assert.equal(brokenCalls, 1, 'called once, then cut off');
    assert.deepEqual(seenAfter, [first.index, second.index], 'the subscriber after it was told of both');
    const entries = await client.until((e) => e.index === second.index);
    assert.deepEqual(
      entries.map((e) => e.index),
      [first.index, second.index],
    );
    assert.equal(await containedFailures('a broken subscriber'), 1);
    stopSeeing();
    client.close();
  });

  test('a track socket whose handling fails is closed with 1011, and the feed and hub go on', async () => {
    await accept(hub.url, hub.origin, admin, 'feed.set', { feed: { name: 'c2', kind: 'api' } });
    const token = await login(hub.url, hub.origin, admin);
    const open = async () => {
      const socket = new WebSocket(`${hub.url.replace('http', 'ws')}/v1/feeds/alpha/c2/stream`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const answers: unknown[] = [];
      let closed: { code: number; reason: string } | undefined;
      socket.on('message', (data) => answers.push(JSON.parse(String(data))));
      socket.on('close', (code, reason) => (closed = { code, reason: String(reason) }));
      await new Promise((resolve) => socket.once('open', resolve));
      return { socket, answers, closed: () => closed };
    };
    const report = {
      id: 'u1',
      time: new Date().toISOString(),
      lon: 37,
      lat: 36,
      alt_m: 400,
      activity: 'ground',
    };

    const watch = hub.running.watch;
    const take = watch.take.bind(watch);
    watch.take = () => {
      throw new Error('the watch failed on this batch');
    };
    const failing = await open();
    failing.socket.send(JSON.stringify({ reports: [report] }));
    const closed = await until('the failing socket to close', failing.closed);
    watch.take = take;
    assert.equal(closed.code, 1011);
    assert.equal(await containedFailures('a feed socket'), 1);

    const healthy = await open();
    healthy.socket.send(JSON.stringify({ reports: [report] }));
    assert.deepEqual(await until('an answer', () => healthy.answers[0]), { accepted: 1, dropped: [] });
    await addOfficer();
    healthy.socket.close();
  });
});
