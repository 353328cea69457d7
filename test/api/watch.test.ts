// The tactical watch end to end through the real API: two parties report their own tracks through
// their api feeds; a head-on encounter raises one alert for the pair, recorded and sent to both
// parties' rosters as urgent requests, and ends once they are clear; a vehicle inside a hospital's
// buffer raises an intrusion; bad reports are dropped with their reason and counted for the feed's
// owner; nobody reports through another party's feed; a restart ends what was open. What each
// party reads of an alert — listed, in the record, on its hotline — names and places exactly only
// what it may see: of another's unshared track or hidden site, whose it is, whom to call, and a
// rounded bearing and distance.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, assertProblem, get, login, request } from '../support/api.js';
import { operation, site } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { until } from '../support/until.js';

const signers = {
  'blue.admin': OperatorSigner.generate(),
  'blue.duty': OperatorSigner.generate(),
  'blue.viewer': OperatorSigner.generate(),
  'red.admin': OperatorSigner.generate(),
  'red.duty': OperatorSigner.generate(),
};
type Operator = keyof typeof signers;

interface Direction {
  from: [number, number];
  bearing_deg: number;
  distance_m: number;
}

interface Alert {
  id: string;
  kind: string;
  parties: string[];
  tracks: { id: string; party: string; lon: number; lat: number }[];
  unseen_tracks: { party: string; roster: string | null; direction: Direction | null }[];
  prediction: { time_to_loss_s: number; horizontal_miss_m: number } | null;
  declaration:
    | { id: string; party: string }
    | { party: string; role: string; roster: string | null; direction: Direction | null }
    | null;
  reason: string;
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

  /** Every entry of the record the operator's party may read, as JSON text. */
  const readableRecord = async (operator: Operator) => {
    const size = (
      (await get(hub.url, '/v1/record/entries?start=0&end=0', await token(operator))).body as {
        size: number;
      }
    ).size;
    const entries: unknown[] = [];
    for (let start = 0; start < size; start += 1000) {
      const page = await get(
        hub.url,
        `/v1/record/entries?start=${start}&end=${Math.min(size, start + 1000)}`,
        await token(operator),
      );
      for (const item of (page.body as { entries: { entry?: unknown }[] }).entries)
        if (item.entry !== undefined) entries.push(item.entry);
    }
    return JSON.stringify(entries);
  };

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
    assert.ok(alert.prediction, 'a prediction');
    assert.ok(
      Math.abs(alert.prediction.time_to_loss_s - (gap - 9260) / 400) < 2,
      JSON.stringify(alert.prediction),
    );
    assert.ok(alert.prediction.horizontal_miss_m < 50);
    const redAlert = (await alerts('red.duty')).find((a) => a.id === alert.id);
    assert.ok(redAlert, 'red is told of the same alert');

    // Neither feed is shared: each sees its own aircraft, and of the other only whose it is, whom to
    // call, and roughly where — due east of blue, due west of red, 20 km off.
    for (const [view, own, other, bearing] of [
      [alert, 'blue/c2:b1', 'red', 90],
      [redAlert, 'red/c2:r1', 'blue', 270],
    ] as const) {
      assert.deepEqual(
        view.tracks.map((t) => t.id),
        [own],
      );
      const [unseen] = view.unseen_tracks;
      assert.equal(view.unseen_tracks.length, 1);
      assert.equal(unseen?.party, other);
      assert.equal(unseen?.roster, 'air');
      assert.ok(unseen?.direction, JSON.stringify(unseen));
      assert.deepEqual(unseen.direction.from, [view.tracks[0]?.lon, view.tracks[0]?.lat]);
      assert.ok(Math.abs(unseen.direction.bearing_deg - bearing) <= 5, JSON.stringify(unseen));
      assert.ok(Math.abs(unseen.direction.distance_m - gap) <= 1500, JSON.stringify(unseen));
      assert.equal(unseen.direction.distance_m % 500, 0, 'told to the nearest 500 m');
      assert.equal(unseen.direction.bearing_deg % 5, 0, 'told to the nearest 5°');
      assert.equal(view.prediction?.horizontal_miss_m, 0, 'the miss is rounded to 100 m');
    }
    assert.doesNotMatch(alert.id, /c2:/, 'the alert’s id names no track');

    // Each party's roster is asked to divert, with its own position and the other's bearing and
    // distance as data.
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
      assert.ok(Array.isArray(fields.position), JSON.stringify(fields));
      assert.equal(fields.other_position, undefined, 'not the other’s position');
      assert.equal(fields.other_track, undefined, 'not the other’s track');
      assert.equal(fields.other_party, party === 'blue' ? 'red' : 'blue');
      assert.equal(fields.other_roster, 'air');
      assert.equal(typeof fields.bearing_deg, 'number');
      assert.equal(typeof fields.distance_m, 'number');
      assert.equal(view?.rendered?.title, 'Tactical alert', 'rendered in the reader’s language');
      assert.equal(
        view?.rendered?.fields.find((f) => f.name === 'alert')?.value,
        'Predicted loss of separation',
      );
    }

    // Red turns away and both fly on parallel, 20 km apart: clear, and the alert ends once.
    const redLons = [east];
    for (let s = 1; s <= 5; s++) {
      const t = start + s * 1000;
      redLons.push(east + eastDeg(200 * s, lat));
      await report('red.duty', 'red/c2', [aircraft('r1', east + eastDeg(200 * s, lat), 90, t)]);
      await report('blue.duty', 'blue/c2', [aircraft('b1', west + eastDeg(200 * s, lat), 90, t)]);
    }
    const ended = await until('the alert ends', async () =>
      (await alerts('red.duty', 'ended')).find((a) => a.id === alert.id),
    );
    assert.match(ended.ended?.reason ?? '', /clear/);
    assert.equal((await alerts('blue.duty')).filter((a) => a.kind === 'loss-of-separation').length, 1);
    await until('the end notices', async () => {
      const ends = (await inbox('blue.duty')).filter((m) => m.message.template?.fields.stage === 'end');
      return ends.length > 0 ? ends : undefined;
    });

    // Nothing blue may read — the alert's entries, its notices, their routing — names red's aircraft
    // or places it exactly.
    const readable = await readableRecord('blue.duty');
    assert.match(readable, /alert\.begin/);
    assert.doesNotMatch(readable, /red\/c2:r1/);
    // Four decimals (about 9 m) of each of red's reported longitudes, cut, not rounded.
    for (const lon of redLons) {
      const digits = String(lon).slice(0, String(lon).indexOf('.') + 5);
      assert.ok(!readable.includes(digits), `red's longitude ${lon}`);
    }
  });

  test('an aircraft reported without its velocity is not taken as standing still', async () => {
    const now = Date.now();
    // Blue flies north; red is 15 km east of it and has not said how it moves. Standing still, red
    // would fall behind; at up to 300 m/s it can be within 5 NM in about 21 s.
    await report('blue.duty', 'blue/c2', [aircraft('b-north', 41, 0, now)]);
    const answer = await report('red.duty', 'red/c2', [
      {
        id: 'r-unknown',
        time: new Date(now).toISOString(),
        lon: 41 + eastDeg(15_000, 35),
        lat: 35,
        alt_m: 5000,
        airborne: true,
      },
    ]);
    assert.equal((answer.body as { accepted: number }).accepted, 1, answer.text);
    const alert = await until('an alert on the pair', async () =>
      (await alerts('red.duty')).find((a) => a.tracks.some((t) => t.id === 'red/c2:r-unknown')),
    );
    assert.equal(alert.kind, 'loss-of-separation');
    assert.match(alert.reason, /velocity of red\/c2:r-unknown is not known yet/);
    // Blue is told the same of a track it may not see, without its name.
    const told = await until('blue told of the pair', async () =>
      (await alerts('blue.duty')).find((a) => a.unseen_tracks.some((t) => t.party === 'red')),
    );
    assert.match(told.reason, /not known yet/);
    assert.doesNotMatch(told.reason, /r-unknown/);
    assert.ok(
      alert.prediction && alert.prediction.time_to_loss_s > 19 && alert.prediction.time_to_loss_s < 24,
    );
    const tracks = (await get(hub.url, '/v1/tracks', await token('red.duty'))).body as {
      tracks: { id: string; velocity_known?: boolean }[];
    };
    assert.equal(tracks.tracks.find((t) => t.id === 'red/c2:r-unknown')?.velocity_known, false);
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
    assert.deepEqual(alert.declaration && 'id' in alert.declaration && alert.declaration.id, 'blue/hospital');
    assert.deepEqual(alert.parties, ['blue', 'red']);
    // Blue learns that a red vehicle is there, 90 m east of its hospital, not which or exactly where.
    assert.deepEqual(alert.tracks, []);
    assert.equal(alert.unseen_tracks[0]?.party, 'red');
    assert.deepEqual(alert.unseen_tracks[0]?.direction?.from, [37, 36]);
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
    assert.doesNotMatch(await readableRecord('blue.duty'), /red\/c2:g1/);
  });

  test('a vehicle near a site it may not see: asked to stop, told whose, whom to call and roughly where', async () => {
    const now = Date.now();
    await ok('blue.admin', 'declaration.submit', {
      declaration: site('blue/depot', [37.5, 36], 200, now - 60_000, 48, {
        visibility: ['blue'],
        roster: 'air',
      }),
      known_conflicts: [],
    });
    // 0.003° (about 270 m) west of the depot, whose 200 m and 5 NM of minima it is well inside.
    await report('red.duty', 'red/c2', [
      { id: 'g3', time: new Date(now).toISOString(), lon: 37.497, lat: 36, alt_m: 400, activity: 'ground' },
    ]);
    const alert = await until('red’s intrusion alert', async () =>
      (await alerts('red.duty', 'open')).find(
        (a) => a.kind === 'intrusion' && a.tracks[0]?.id === 'red/c2:g3',
      ),
    );
    assert.deepEqual(
      alert.tracks.map((t) => t.id),
      ['red/c2:g3'],
    );
    const declaration = alert.declaration as {
      party: string;
      role: string;
      roster: string | null;
      direction: Direction;
    };
    assert.deepEqual(
      { party: declaration.party, role: declaration.role, roster: declaration.roster },
      { party: 'blue', role: 'protected-site', roster: 'air' },
    );
    assert.equal('id' in declaration, false, 'not the id of a declaration red may not see');
    assert.deepEqual(declaration.direction.from, [37.497, 36]);
    assert.ok(declaration.direction.distance_m <= 1500, JSON.stringify(declaration));
    const readable = await readableRecord('red.duty');
    assert.doesNotMatch(readable, /blue\/depot/);
    assert.ok(!readable.includes('37.5,36'), 'not the depot’s position');
    // Blue, whose depot it is, is told that a red vehicle came close to it.
    await until('blue told', async () =>
      (await alerts('blue.duty', 'open')).find(
        (a) => a.declaration && 'id' in a.declaration && a.declaration.id === 'blue/depot',
      ),
    );
  });

  test('a vehicle linked to another party’s operation: told as if it were never declared, its owner not rung', async () => {
    const now = Date.now();
    await ok('blue.admin', 'declaration.submit', {
      declaration: operation('blue/op-hidden', [30, 30], 0.1, now - 60_000),
      known_conflicts: [],
    });
    const linked = (id: string, lon: number, op: string) => ({
      id,
      time: new Date(now).toISOString(),
      lon,
      lat: 33,
      alt_m: 400,
      activity: 'ground',
      operation: op,
    });
    await report('red.duty', 'red/c2', [
      linked('g4', 36.5, 'blue/op-hidden'),
      linked('g5', 36.6, 'blue/op-never'),
    ]);
    const strays = await until('both of red’s strays', async () => {
      const found = (await alerts('red.duty', 'open')).filter((a) => a.kind === 'non-conformance');
      return found.length === 2 ? found : undefined;
    });
    const [hidden, never] = ['red/c2:g4', 'red/c2:g5'].map((track) =>
      strays.find((a) => a.tracks[0]?.id === track),
    );
    for (const alert of [hidden, never]) {
      assert.deepEqual(alert?.parties, ['red']);
      assert.equal(alert?.reason, 'linked to an operation its party has not declared');
    }
    assert.deepEqual(
      { ...hidden?.declaration, id: '' },
      { ...never?.declaration, id: '' },
      'blue’s operation reads exactly as one never declared',
    );
    assert.deepEqual(
      (await alerts('blue.duty')).filter((a) => a.kind === 'non-conformance'),
      [],
    );
    assert.deepEqual(
      (await inbox('blue.duty')).filter((m) => m.message.template?.fields.alert === 'non-conformance'),
      [],
    );
  });

  test('a drone weaving across a convoy’s corridor for minutes: one intrusion, not one per pass', async () => {
    const now = Date.now();
    const start = now - 280_000;
    const lat = 34;
    await ok('blue.admin', 'declaration.submit', {
      declaration: {
        kind: 'movement',
        id: 'blue/convoy-weave',
        title: 'Convoy',
        visibility: ['red'],
        route: {
          type: 'LineString',
          coordinates: [
            [40, lat],
            [40.3, lat],
          ],
        },
        half_width_m: 50,
        schedule: { departure: new Date(start).toISOString(), speed_kmh: 36 },
        delay_tolerance_s: 600,
        vehicles: { count: 12 },
        armed_escort: false,
        personnel: 30,
        roster: 'air',
      },
      known_conflicts: [],
    });
    // Keeping up with the convoy (10 m/s east), across the corridor every 44 s, 300 m either side.
    const reports = Array.from({ length: 280 }, (_, t) => ({
      id: 'quad-1',
      time: new Date(start + t * 1000).toISOString(),
      lon: 40 + eastDeg(10 * t, lat),
      lat: lat + (300 * Math.sin((2 * Math.PI * t) / 88)) / 111_320,
      alt_m: 100,
      ground_speed_ms: 10,
      track_deg: 90,
      airborne: true,
      activity: 'drone',
    }));
    const answer = await report('red.duty', 'red/c2', reports);
    assert.equal((answer.body as { accepted: number }).accepted, 280, answer.text);
    const about = async () =>
      (await alerts('blue.duty')).filter(
        (a) => a.declaration !== null && 'id' in a.declaration && a.declaration.id === 'blue/convoy-weave',
      );
    await until('the intrusion', async () => ((await about()).length > 0 ? true : undefined));
    // Everything it raised is recorded by now: the alerts were enqueued with the reports.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const raised = await about();
    assert.deepEqual(
      raised.map((a) => [a.kind, a.ended]),
      [['intrusion', null]],
    );
  });

  test('a convoy that stops and falls silent: its owner and the parties it is shown to are told', async () => {
    const now = Date.now();
    const departure = now - 240_000;
    const lat = 35;
    await ok('blue.admin', 'declaration.submit', {
      declaration: {
        kind: 'movement',
        id: 'blue/convoy-stops',
        title: 'Convoy',
        visibility: ['red'],
        route: {
          type: 'LineString',
          coordinates: [
            [42, lat],
            [42.3, lat],
          ],
        },
        half_width_m: 200,
        schedule: { departure: new Date(departure).toISOString(), speed_kmh: 36 },
        delay_tolerance_s: 0,
        max_stop_s: 60,
        max_silence_s: 30,
        vehicles: { count: 3 },
        armed_escort: false,
        personnel: 9,
        roster: 'air',
      },
      known_conflicts: [],
    });
    // On schedule for 100 s, then standing 1 km down the route; heard last 40 s ago.
    const reports = Array.from({ length: 41 }, (_, i) => ({
      id: 'truck-1',
      time: new Date(departure + i * 5000).toISOString(),
      lon: 42 + eastDeg(Math.min(1000, 50 * i), lat),
      lat,
      alt_m: 400,
      ground_speed_ms: i < 20 ? 10 : 0,
      track_deg: 90,
      operation: 'blue/convoy-stops',
      activity: 'ground',
    }));
    const answer = await report('blue.duty', 'blue/c2', reports);
    assert.equal((answer.body as { accepted: number }).accepted, 41, answer.text);
    const about = async (operator: Operator) =>
      (await alerts(operator, 'open')).filter(
        (a) => a.declaration !== null && 'id' in a.declaration && a.declaration.id === 'blue/convoy-stops',
      );
    const told = await until('stopped, late and silent', async () => {
      const found = await about('red.duty');
      return found.length === 3 ? found : undefined;
    });
    const conditions = told.map((a) => a.reason.replace(/[0-9.]+ (min|km)/, 'N $1')).sort();
    assert.deepEqual(conditions, [
      'N km behind where its movement is due by its delay tolerance',
      'no report for N min on its movement’s way',
      'standing still for N min on its movement’s way',
    ]);
    for (const alert of told) {
      assert.equal(alert.kind, 'non-conformance');
      assert.deepEqual(alert.parties, ['blue', 'red']);
    }
    assert.deepEqual((await about('blue.duty')).map((a) => a.id).sort(), told.map((a) => a.id).sort());
    // Red, to whom the convoy is shown, is told; blue, whose vehicle it is, is asked to act.
    const notices = async (operator: Operator) =>
      (await inbox(operator))
        .filter((m) => m.message.template?.fields.declaration === 'blue/convoy-stops@1')
        .map((m) => m.kind);
    const redNotices = await until('red told', async () => {
      const found = await notices('red.duty');
      return found.length === 3 ? found : undefined;
    });
    assert.deepEqual(redNotices, ['notification', 'notification', 'notification']);
    assert.deepEqual(await notices('blue.duty'), ['urgent-request', 'urgent-request', 'urgent-request']);
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

  test('a head-on encounter with red’s feed shared with blue: blue sees red’s track, red still not blue’s', async () => {
    const lat = 34;
    const start = Date.now();
    const west = 39;
    const east = west + eastDeg(20_000, lat);
    await report('blue.duty', 'blue/c2', [{ ...aircraft('b2', west, 90, start), lat }]);
    await report('red.duty', 'red/c2', [{ ...aircraft('r2', east, 270, start), lat }]);
    const blueView = await until('blue’s view of the alert', async () =>
      (await alerts('blue.duty', 'open')).find((a) => a.tracks.some((t) => t.id === 'blue/c2:b2')),
    );
    assert.deepEqual(blueView.tracks.map((t) => t.id).sort(), ['blue/c2:b2', 'red/c2:r2']);
    assert.deepEqual(blueView.unseen_tracks, []);
    assert.equal(blueView.tracks.find((t) => t.id === 'red/c2:r2')?.lon, east, 'red’s position as reported');
    const redView = (await alerts('red.duty', 'open')).find((a) => a.id === blueView.id);
    assert.deepEqual(
      redView?.tracks.map((t) => t.id),
      ['red/c2:r2'],
    );
    assert.equal(redView?.unseen_tracks[0]?.party, 'blue');
    assert.doesNotMatch(await readableRecord('red.duty'), /blue\/c2:b2/);
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
