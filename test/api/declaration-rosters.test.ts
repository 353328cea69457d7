// The roster a declaration names, through the real HTTP API: one its party does not have is refused
// (422, naming the field and the rosters the party has) on submit and on amend, and changes nothing;
// a party reads its own rosters, and only its own.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, assertProblem, get, login, type Reply, submit } from '../support/api.js';
import { HOUR_MS, operation } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const reasons = (reply: Reply) =>
  ((reply.body as { errors?: { field: string; reason: string }[] }).errors ?? []).map(
    (e) => `${e.field}: ${e.reason}`,
  );

describe('the roster a declaration names', () => {
  let hub: TestHub;
  const keys = { alpha: OperatorSigner.generate(), bravo: OperatorSigner.generate() };
  const T = Math.ceil((Date.now() + HOUR_MS) / HOUR_MS) * HOUR_MS;
  const ok = (signer: OperatorSigner, type: string, fields: Record<string, unknown>) =>
    accept(hub.url, hub.origin, signer, type, fields);
  const send = (signer: OperatorSigner, type: string, fields: Record<string, unknown>) =>
    submit(hub.url, hub.origin, signer, type, fields);
  const size = async () => ((await get(hub.url, '/healthz')).body as { size: number }).size;
  const roster = (party: 'alpha' | 'bravo', duty: string) =>
    ok(keys[party], 'roster.set', {
      roster: { duty, members: [{ operator: `${party}.admin`, shifts: [] }], chief: `${party}.admin` },
    });

  before(async () => {
    hub = await startTestHub();
    for (const party of ['alpha', 'bravo'] as const) {
      await ok(hub.admin, 'party.create', {
        party: { id: party, name: party },
        administrator: { id: `${party}.admin`, name: party, public_key: keys[party].publicKey },
      });
    }
    await roster('alpha', 'air-ops');
    await roster('alpha', 'ground-ops');
    await roster('bravo', 'medical');
  });
  after(() => hub.stop());

  test('a submit naming a roster the party lacks is refused with the rosters it has, and nothing is written', async () => {
    const before = await size();
    const refused = await send(keys.alpha, 'declaration.submit', {
      declaration: operation('alpha/sortie-1', [40, 35], 0.1, T, 2, { roster: 'deconfliction' }),
      known_conflicts: [],
    });
    assertProblem(refused, 422, 'unprocessable');
    assert.deepEqual(reasons(refused), [
      '/command/declaration/roster: your party has no roster deconfliction; it has air-ops, ground-ops',
    ]);
    // Another party's roster is not one of its own.
    const borrowed = await send(keys.alpha, 'declaration.submit', {
      declaration: operation('alpha/sortie-1', [40, 35], 0.1, T, 2, { roster: 'medical' }),
      known_conflicts: [],
    });
    assertProblem(borrowed, 422, 'unprocessable');
    assert.equal(await size(), before);
    const token = await login(hub.url, hub.origin, keys.alpha);
    assert.equal((await get(hub.url, '/v1/declarations/alpha/sortie-1', token)).status, 404);
  });

  test('a declaration wrong in itself and in its roster is told both at once', async () => {
    const refused = await send(keys.alpha, 'declaration.submit', {
      declaration: {
        ...operation('alpha/sortie-2', [40, 35], 0.1, T, 2, { roster: 'nobody' }),
        volumes: [
          {
            ...operation('alpha/sortie-2', [40, 35], 0.1, T).volumes[0],
            altitude_lower_m: 5000,
            altitude_upper_m: 1000,
          },
        ],
      },
      known_conflicts: [],
    });
    assertProblem(refused, 400, 'invalid-request');
    assert.deepEqual(reasons(refused), [
      '/command/declaration/volumes/0/altitude_upper_m: must not be below altitude_lower_m',
      '/command/declaration/roster: your party has no roster nobody; it has air-ops, ground-ops',
    ]);
  });

  test('an amendment to a roster the party lacks is refused and the declaration stays as it was', async () => {
    await ok(keys.alpha, 'declaration.submit', {
      declaration: operation('alpha/sortie-3', [41, 35], 0.1, T, 2, { roster: 'air-ops' }),
      known_conflicts: [],
    });
    const before = await size();
    const refused = await send(keys.alpha, 'declaration.amend', {
      declaration: operation('alpha/sortie-3', [41, 35], 0.1, T, 3, { roster: 'air' }),
      replaces_version: 1,
      known_conflicts: [],
    });
    assertProblem(refused, 422, 'unprocessable');
    assert.deepEqual(reasons(refused), [
      '/command/declaration/roster: your party has no roster air; it has air-ops, ground-ops',
    ]);
    assert.equal(await size(), before);
    const token = await login(hub.url, hub.origin, keys.alpha);
    const read = await get(hub.url, '/v1/declarations/alpha/sortie-3', token);
    assert.equal(read.status, 200, read.text);
    const listing = read.body as { version: number; declaration: { roster: string } };
    assert.equal(listing.version, 1);
    assert.equal(listing.declaration.roster, 'air-ops');
    await ok(keys.alpha, 'declaration.amend', {
      declaration: operation('alpha/sortie-3', [41, 35], 0.1, T, 3, { roster: 'ground-ops' }),
      replaces_version: 1,
      known_conflicts: [],
    });
  });

  test('a party with no roster is told it has none; naming none is still accepted', async () => {
    const delta = OperatorSigner.generate();
    await ok(hub.admin, 'party.create', {
      party: { id: 'delta', name: 'delta' },
      administrator: { id: 'delta.admin', name: 'delta', public_key: delta.publicKey },
    });
    const refused = await send(delta, 'declaration.submit', {
      declaration: operation('delta/patrol', [42, 35], 0.1, T, 2, { roster: 'air-ops' }),
      known_conflicts: [],
    });
    assertProblem(refused, 422, 'unprocessable');
    assert.deepEqual(reasons(refused), [
      '/command/declaration/roster: your party has no roster air-ops, nor any other: set one, or name none',
    ]);
    await ok(delta, 'declaration.submit', {
      declaration: operation('delta/patrol', [42, 35], 0.1, T),
      known_conflicts: [],
    });
  });

  test('a party reads its own rosters, in order, and none of another party', async () => {
    const token = await login(hub.url, hub.origin, keys.alpha);
    const reply = await get(hub.url, '/v1/rosters', token);
    assert.equal(reply.status, 200, reply.text);
    const rosters = (reply.body as { rosters: { id: string; duty: string; members: unknown[] }[] }).rosters;
    assert.deepEqual(
      rosters.map((r) => [r.id, r.duty]),
      [
        ['alpha/air-ops', 'air-ops'],
        ['alpha/ground-ops', 'ground-ops'],
      ],
    );
    assert.deepEqual(rosters[0]?.members, [{ operator: 'alpha.admin', shifts: [] }]);
    assertProblem(await get(hub.url, '/v1/rosters'), 401);
  });
});
