// The picture a TAK client is sent holds every kind of declaration its party may see, as the hub
// meant it: a point site with its protected circle, a polygon site, a convoy's route, a zone (polygon
// and circle) and an agreed line; operations stay off it. Sent on sign-in and as declarations are
// made, and neither path may take the hub down: one party's TAK client must never cost every party
// its hotline.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import type { CotReading } from '../../src/interop/cot-reading.js';
import { accept, get } from '../support/api.js';
import { HOUR_MS, iso, operation, site, squareGeometry } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { TakClient } from '../support/tak-client.js';
import { until } from '../support/until.js';

const signers = { 'blue.admin': OperatorSigner.generate(), 'red.admin': OperatorSigner.generate() };
const SECRET = 'a long random secret for the blue TAK server';
const SEEN_BY_BLUE = { visibility: ['blue'] };

function declarations(now: number) {
  const validity = { valid_from: iso(now - 60_000), valid_until: iso(now + 24 * HOUR_MS) };
  const restrictions = [{ party: 'blue', activities: ['air'] }];
  return [
    site('red/field-hospital', [37.2, 36.2], 300, now - 60_000, 24, SEEN_BY_BLUE),
    {
      kind: 'site',
      id: 'red/camp',
      title: 'Camp',
      ...SEEN_BY_BLUE,
      function: 'shelter',
      geometry: squareGeometry([37.3, 36.3], 0.01),
      ...validity,
    },
    {
      kind: 'movement',
      id: 'red/convoy',
      title: 'Red convoy',
      ...SEEN_BY_BLUE,
      route: {
        type: 'LineString',
        coordinates: [
          [37.0, 36.0],
          [37.1, 36.05],
          [37.2, 36.1],
        ],
      },
      half_width_m: 50,
      schedule: { departure: iso(now + 60_000), speed_kmh: 30 },
      vehicles: { count: 6, markings: 'Red crescent' },
      armed_escort: false,
      personnel: 12,
    },
    operation('red/patrol', [37.5, 36.5], 0.05, now + 60_000, 2, SEEN_BY_BLUE),
    {
      kind: 'zone',
      id: 'red/no-fly',
      title: 'No-fly zone',
      ...SEEN_BY_BLUE,
      agreement: 'red/arrangement',
      geometry: squareGeometry([38, 36], 0.1),
      ...validity,
      restrictions,
    },
    {
      kind: 'zone',
      id: 'red/no-fly-circle',
      title: 'No-fly circle',
      ...SEEN_BY_BLUE,
      agreement: 'red/arrangement',
      geometry: { type: 'Point', coordinates: [38.5, 36.5] },
      radius_m: 2000,
      ...validity,
      restrictions,
    },
    {
      kind: 'line',
      id: 'red/road',
      title: 'Road kept clear',
      ...SEEN_BY_BLUE,
      agreement: 'red/arrangement',
      geometry: {
        type: 'LineString',
        coordinates: [
          [38.0, 35.5],
          [38.2, 35.6],
        ],
      },
      half_width_m: 500,
      ...validity,
      restrictions,
    },
  ];
}

type Shape = Extract<CotReading, { kind: 'shape' }>['shape'];

/** What blue's TAK client must show of each declaration, by the uid the hub gives it. */
const EXPECTED: Record<string, { kind: 'marker' } | { kind: 'shape'; shape: Shape }> = {
  'deconflict.red/field-hospital': { kind: 'marker' },
  'deconflict.red/field-hospital.area': {
    kind: 'shape',
    shape: { kind: 'circle', center: [37.2, 36.2], radius_m: 300 },
  },
  'deconflict.red/camp': { kind: 'marker' },
  'deconflict.red/camp.area': {
    kind: 'shape',
    shape: {
      kind: 'polygon',
      points: squareGeometry([37.3, 36.3], 0.01).coordinates[0] as [number, number][],
    },
  },
  'deconflict.red/convoy': {
    kind: 'shape',
    shape: {
      kind: 'polyline',
      points: [
        [37.0, 36.0],
        [37.1, 36.05],
        [37.2, 36.1],
      ],
    },
  },
  'deconflict.red/no-fly': {
    kind: 'shape',
    shape: { kind: 'polygon', points: squareGeometry([38, 36], 0.1).coordinates[0] as [number, number][] },
  },
  'deconflict.red/no-fly-circle': {
    kind: 'shape',
    shape: { kind: 'circle', center: [38.5, 36.5], radius_m: 2000 },
  },
  'deconflict.red/road': {
    kind: 'shape',
    shape: {
      kind: 'polyline',
      points: [
        [38.0, 35.5],
        [38.2, 35.6],
      ],
    },
  },
};

function assertPicture(client: TakClient): void {
  for (const [uid, expected] of Object.entries(EXPECTED)) {
    const reading = client.latest(uid);
    assert.ok(reading, `blue's TAK client was not sent ${uid}`);
    assert.equal(reading.kind, expected.kind, uid);
    if (reading.kind === 'shape' && expected.kind === 'shape')
      assert.deepEqual(reading.shape, expected.shape, uid);
  }
  assert.equal(client.latest('deconflict.red/patrol'), undefined, 'operations stay off the shared picture');
}

describe('the CoT picture of every kind of declaration', { timeout: 120_000 }, () => {
  let hub: TestHub;
  const ok = (who: keyof typeof signers, type: string, fields: Record<string, unknown>) =>
    accept(hub.url, hub.origin, signers[who], type, fields);

  before(async () => {
    hub = await startTestHub({ ports: { cot: { host: '127.0.0.1', port: 0 } } });
    for (const party of ['blue', 'red'] as const) {
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: `Party ${party}` },
        administrator: { id: `${party}.admin`, name: party, public_key: signers[`${party}.admin`].publicKey },
      });
    }
    await ok('blue.admin', 'feed.set', {
      feed: { name: 'tak', kind: 'cot', secret_sha256: createHash('sha256').update(SECRET).digest('hex') },
    });
    const agreement = {
      id: 'red/arrangement',
      title: 'Arrangement',
      parties: ['blue', 'red'],
      terms: 'Keep out.',
    };
    await ok('red.admin', 'agreement.propose', { agreement });
    await ok('blue.admin', 'agreement.sign', { agreement: 'red/arrangement' });
  });
  after(() => hub.stop());

  test('sent as each is declared, and whole on sign-in, with the hub serving throughout', async () => {
    const port = hub.running.cotPort as number;
    const early = await TakClient.signIn(port, 'blue/tak', SECRET, 'ANDROID-EARLY');
    await until('the early client to be signed in', () => early.events.length > 0 || !early.closed);
    for (const declaration of declarations(Date.now()))
      await ok('red.admin', 'declaration.submit', { declaration, known_conflicts: [] });
    await until('every declaration on the early client', () =>
      Object.keys(EXPECTED).every((uid) => early.latest(uid) !== undefined),
    );
    assertPicture(early);

    const late = await TakClient.signIn(port, 'blue/tak', SECRET, 'ANDROID-LATE');
    await until('the whole picture on sign-in', () =>
      Object.keys(EXPECTED).every((uid) => late.latest(uid) !== undefined),
    );
    assertPicture(late);
    assert.equal(early.closed || late.closed, false);
    assert.equal((await get(hub.url, '/healthz')).status, 200, 'the hub still serves');
    early.close();
    late.close();
  });

  test('taken off the picture when withdrawn, or when no longer shown to the party', async () => {
    const client = await TakClient.signIn(hub.running.cotPort as number, 'blue/tak', SECRET, 'ANDROID-3');
    await until('the picture', () => client.latest('deconflict.red/convoy') !== undefined);
    const camp = declarations(Date.now()).find((d) => d.id === 'red/camp');
    await ok('red.admin', 'declaration.amend', {
      declaration: { ...camp, visibility: [] },
      replaces_version: 1,
      known_conflicts: [],
    });
    await ok('red.admin', 'declaration.withdraw', { declaration: 'red/convoy', version: 1 });
    const removed = (uid: string) =>
      client.latest(`${uid}.removed`)?.event.type === 't-x-d-d' &&
      client.received.includes(`<link uid="${uid}" relation="none" type="none"/>`);
    await until('the convoy and the camp taken off', () =>
      ['deconflict.red/convoy', 'deconflict.red/camp', 'deconflict.red/camp.area'].every(removed),
    );
    assert.equal(removed('deconflict.red/no-fly'), false, 'what is still shown stays');
    client.close();
  });
});
