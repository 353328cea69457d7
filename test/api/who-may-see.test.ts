// Every read of the API gives each party exactly what the rules of who may see what say, no more
// and no less: on a hub with five parties (declarations shared with all, with none, with one, and
// on behalf of another; conflicts among them; an agreement; messages; feeds shared with one party,
// with all and with none; live tracks and the alert one raises), each list and each detail route,
// the live picture's socket, the record's entries, the event stream and the operator's socket are
// checked against the rules applied to the hub's own state.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import {
  alertsOf,
  maySeeAgreement,
  maySeeConflict,
  maySeeDeclaration,
  maySeeEntry,
  maySeeFeed,
  maySeeMessage,
  maySeeTrack,
} from '../../src/hub/who-may-see.js';
import { accept, assertProblem, get, login, problemFields, request, submit } from '../support/api.js';
import { operation, site } from '../support/declarations.js';
import { EventStream } from '../support/event-stream.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { until } from '../support/until.js';
import { StreamClient } from '../support/ws-client.js';

const PARTIES = ['blue', 'red', 'green', 'ocha', 'sarc'] as const;
type Party = (typeof PARTIES)[number];
const TRACKS = ['blue/c2:b1', 'red/c2:g1', 'green/c2:x1'];

describe('each party reads exactly what it may see', { timeout: 120_000 }, () => {
  let hub: TestHub;
  const signers = Object.fromEntries(PARTIES.map((p) => [p, OperatorSigner.generate()])) as Record<
    Party,
    OperatorSigner
  >;
  const tokens = {} as Record<Party, string>;
  /** A party.create visible to all, committed after everything else is in place. */
  let marker = -1;
  const ok = (party: Party, type: string, fields: Record<string, unknown>) =>
    accept(hub.url, hub.origin, signers[party], type, fields);
  const read = async <T>(party: Party, path: string): Promise<T> => {
    const reply = await get(hub.url, path, tokens[party]);
    assert.equal(reply.status, 200, `${party} ${path}: ${reply.text}`);
    return reply.body as T;
  };
  /** Whether a detail route answers the party 200 (it must otherwise answer 404, as for nothing there). */
  const found = async (party: Party, path: string): Promise<boolean> => {
    const reply = await get(hub.url, path, tokens[party]);
    assert.ok(
      reply.status === 200 || reply.status === 404,
      `${party} ${path}: ${reply.status} ${reply.text}`,
    );
    return reply.status === 200;
  };
  /** The hub's committed state, which the rules are applied to. */
  const state = () => hub.running.hub.read((committed) => committed);

  /** The whole picture the live picture's socket sends a party on signing in. */
  async function firstPicture(party: Party): Promise<{ id: string }[]> {
    const socket = new WebSocket(`${hub.url.replace('http', 'ws')}/v1/picture`, {
      headers: { authorization: `Bearer ${tokens[party]}` },
    });
    try {
      const frame = await new Promise<string>((resolve, reject) => {
        socket.once('message', (data) => resolve(String(data)));
        socket.once('close', (code) => reject(new Error(`closed ${code} before the picture`)));
      });
      return (JSON.parse(frame) as { tracks: { id: string }[] }).tracks;
    } finally {
      socket.close();
    }
  }

  before(async () => {
    hub = await startTestHub();
    for (const party of PARTIES) {
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: `Party ${party}` },
        administrator: { id: `${party}.admin`, name: `${party} admin`, public_key: signers[party].publicKey },
      });
      tokens[party] = await login(hub.url, hub.origin, signers[party]);
    }
    const now = Date.now();
    const declare = (party: Party, declaration: Record<string, unknown>, known: unknown[] = []) =>
      ok(party, 'declaration.submit', { declaration, known_conflicts: known });
    await declare('blue', site('blue/public', [37, 36], 200, now - 60_000, 48, { visibility: ['*'] }));
    await declare('blue', site('blue/private', [37, 36], 200, now - 60_000, 48));
    await declare('blue', site('blue/for-red', [37, 36], 200, now - 60_000, 48, { visibility: ['red'] }));
    await declare(
      'ocha',
      site('ocha/warehouse', [36.2, 36.5], 200, now - 60_000, 48, {
        visibility: ['red'],
        on_behalf_of: ['sarc'],
      }),
    );
    await declare(
      'red',
      operation('red/strike', [36.95, 35.95], 0.1, now + 3_600_000, 2, { visibility: ['*'] }),
      [
        { declaration: 'blue/public', version: 1 },
        { declaration: 'blue/private', version: 1 },
        { declaration: 'blue/for-red', version: 1 },
      ],
    );
    await ok('blue', 'agreement.propose', {
      agreement: { id: 'blue/air', title: 'Air', parties: ['blue', 'red'], terms: 'Call first.' },
    });
    await ok('blue', 'message.send', {
      message: {
        id: 'blue/note',
        kind: 'notification',
        recipients: [{ party: 'red' }],
        text: 'Flying at noon.',
      },
    });
    await ok('ocha', 'message.send', {
      message: {
        id: 'ocha/note',
        kind: 'notification',
        recipients: [{ party: 'sarc' }],
        text: 'Convoy at dawn.',
      },
    });
    await ok('blue', 'feed.set', { feed: { name: 'c2', kind: 'api', share_with: ['red'] } });
    await ok('red', 'feed.set', { feed: { name: 'c2', kind: 'api', share_with: '*' } });
    await ok('green', 'feed.set', { feed: { name: 'c2', kind: 'api' } });
    const time = new Date().toISOString();
    const report = async (party: Party, track: Record<string, unknown>) => {
      const reply = await request(hub.url, 'POST', `/v1/feeds/${party}/c2/reports`, {
        token: tokens[party],
        json: { reports: [{ time, ...track }] },
      });
      assert.equal((reply.body as { accepted: number }).accepted, 1, reply.text);
    };
    await report('blue', { id: 'b1', lon: 38, lat: 35, alt_m: 5000, ground_speed_ms: 200, track_deg: 0 });
    // A red vehicle inside the buffer of blue's three sites at one place: an intrusion.
    await report('red', { id: 'g1', lon: 37.001, lat: 36, alt_m: 400, activity: 'ground' });
    await report('green', { id: 'x1', lon: 39, lat: 34, alt_m: 5000, ground_speed_ms: 200, track_deg: 0 });
    await until('red told of an intrusion', async () =>
      alertsOf(await state(), 'red').length > 0 ? true : undefined,
    );
    marker = (
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: 'delta', name: 'Party delta' },
        administrator: {
          id: 'delta.admin',
          name: 'delta admin',
          public_key: OperatorSigner.generate().publicKey,
        },
      })
    ).index;
  });
  after(() => hub.stop());

  test('declarations, listed and one by one', async () => {
    const all = [...(await state()).deconfliction.declarations.values()];
    for (const party of PARTIES) {
      const expected = all.filter((d) => maySeeDeclaration(d, party)).map((d) => d.id);
      const listed = await read<{ declarations: { id: string }[] }>(party, '/v1/declarations?status=all');
      assert.deepEqual(listed.declarations.map((d) => d.id).sort(), expected.sort(), party);
      for (const d of all)
        assert.equal(
          await found(party, `/v1/declarations/${d.id}`),
          maySeeDeclaration(d, party),
          `${party} ${d.id}`,
        );
    }
  });

  test('conflicts', async () => {
    const d = (await state()).deconfliction;
    assert.equal(d.conflicts.length, 3);
    for (const party of PARTIES) {
      const expected = d.conflicts.filter((c) => maySeeConflict(d, c, party)).map((c) => c.entry);
      const listed = await read<{ conflicts: { entry: number }[] }>(party, '/v1/conflicts?status=all');
      assert.deepEqual(
        listed.conflicts.map((c) => c.entry),
        expected,
        party,
      );
    }
  });

  test('agreements, listed and one by one', async () => {
    const agreement = (await state()).deconfliction.agreements.get('blue/air');
    assert.ok(agreement);
    for (const party of PARTIES) {
      const listed = await read<{ agreements: { id: string }[] }>(party, '/v1/agreements');
      const sees = maySeeAgreement(agreement, party);
      assert.deepEqual(
        listed.agreements.map((a) => a.id),
        sees ? ['blue/air'] : [],
        party,
      );
      assert.equal(await found(party, '/v1/agreements/blue/air'), sees, party);
    }
  });

  test('an agreement a party may not see is one it does not have, to sign or to declare under', async () => {
    const sign = await submit(hub.url, hub.origin, signers.green, 'agreement.sign', {
      agreement: 'blue/air',
    });
    assertProblem(sign, 404);
    assert.match((sign.body as { detail: string }).detail, /your party has no agreement blue\/air/);
    const now = Date.now();
    const zone = await submit(hub.url, hub.origin, signers.green, 'declaration.submit', {
      declaration: {
        kind: 'zone',
        id: 'green/zone',
        title: 'Zone',
        visibility: [],
        agreement: 'blue/air',
        geometry: { type: 'Point', coordinates: [38, 37] },
        radius_m: 500,
        valid_from: new Date(now).toISOString(),
        valid_until: new Date(now + 3_600_000).toISOString(),
        restrictions: [{ party: 'blue', activities: ['air'], from: new Date(now).toISOString() }],
      },
      known_conflicts: [],
    });
    assertProblem(zone, 400);
    assert.ok(problemFields(zone).includes('/command/declaration/agreement'), zone.text);
  });

  test('messages, listed and one by one', async () => {
    const { hotline } = await state();
    const messages = [...hotline.messages.values()];
    for (const party of PARTIES) {
      const expected = messages.filter((m) => maySeeMessage(m, party)).map((m) => m.id);
      const listed = await read<{ messages: { id: string }[] }>(party, '/v1/messages');
      assert.deepEqual(listed.messages.map((m) => m.id).sort(), expected.sort(), party);
      for (const id of ['blue/note', 'ocha/note']) {
        const message = hotline.messages.get(id);
        assert.ok(message);
        assert.equal(
          await found(party, `/v1/messages/${id}`),
          maySeeMessage(message, party),
          `${party} ${id}`,
        );
      }
    }
  });

  test('feeds, live tracks and alerts', async () => {
    const committed = await state();
    for (const party of PARTIES) {
      const feeds = await read<{ feeds: { id: string }[] }>(party, '/v1/feeds');
      const ownFeeds = [...committed.feeds.values()].filter((f) => maySeeFeed(f, party)).map((f) => f.id);
      assert.deepEqual(
        feeds.feeds.map((f) => f.id),
        ownFeeds,
        party,
      );
      const tracks = await read<{ tracks: { id: string }[] }>(party, '/v1/tracks');
      assert.deepEqual(
        tracks.tracks.map((t) => t.id).sort(),
        TRACKS.filter((id) => maySeeTrack(committed.feeds, id, party)).sort(),
        party,
      );
      const picture = await firstPicture(party);
      assert.deepEqual(
        picture.map((t) => t.id).sort(),
        TRACKS.filter((id) => maySeeTrack(committed.feeds, id, party)).sort(),
        `${party} picture`,
      );
      const alerts = await read<{ alerts: { id: string }[] }>(party, '/v1/alerts');
      assert.deepEqual(
        alerts.alerts.map((a) => a.id).sort(),
        alertsOf(committed, party)
          .map((r) => r.alert.id)
          .sort(),
        party,
      );
    }
  });

  test('the record’s entries, the event stream and the operator’s socket', async () => {
    const stored = await hub.running.hub.store.entries(0, marker + 1);
    for (const party of PARTIES) {
      const expected = stored.filter((s) => maySeeEntry(s, party)).map((s) => s.index);
      const page = await read<{ entries: { index: number; entry?: unknown }[] }>(
        party,
        `/v1/record/entries?start=0&end=${marker + 1}`,
      );
      assert.deepEqual(
        page.entries.filter((e) => e.entry !== undefined).map((e) => e.index),
        expected,
        `${party} record`,
      );

      const events = await EventStream.open(hub.url, '/v1/events?after=-1', tokens[party]);
      const heard = await events.until((e) => e.id === String(marker));
      events.close();
      assert.deepEqual(
        heard.map((e) => Number(e.id)),
        expected,
        `${party} events`,
      );

      const socket = await StreamClient.open(hub.url, { token: tokens[party], after: -1 });
      const sent = await socket.until((e) => e.index === marker);
      await socket.close();
      assert.deepEqual(
        sent.map((e) => e.index),
        expected,
        `${party} socket`,
      );
    }
  });

  test('a party still sees its own live tracks once their feed is removed; nobody else does', async () => {
    await ok('red', 'feed.remove', { feed: 'c2' });
    for (const party of PARTIES) {
      const tracks = await read<{ tracks: { id: string }[] }>(party, '/v1/tracks');
      assert.equal(
        tracks.tracks.some((t) => t.id === 'red/c2:g1'),
        party === 'red',
        party,
      );
    }
  });
});
