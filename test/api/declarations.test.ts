// Declarations through the real HTTP API: the known-conflicts key and its 409, minimum disclosure,
// validation naming every problem, versions, who may change what, agreements' minima, zones'
// restrictions, movements' schedules, and conflicts still found after a restart.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, assertProblem, get, login, problemFields, type Reply, submit } from '../support/api.js';
import { HOUR_MS, iso, operation, site, squareGeometry } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';

interface ConflictView {
  declarations: {
    id: string;
    version: number;
    party: string;
    roster: string;
    kind?: string;
    title?: string;
  }[];
  area: number[][];
  hours: { from: string; until: string };
  horizontal_distance_m?: number;
  vertical_gap_m?: number;
}

const conflictsOf = (reply: Reply) => (reply.body as { conflicts: ConflictView[] }).conflicts;

describe('declarations and the known-conflicts key', () => {
  let hub: TestHub;
  const keys = {
    alpha: OperatorSigner.generate(),
    bravo: OperatorSigner.generate(),
    charlie: OperatorSigner.generate(),
    alphaViewer: OperatorSigner.generate(),
  };
  // An hour from now, so that every window starts in the future.
  const T = Math.ceil((Date.now() + HOUR_MS) / HOUR_MS) * HOUR_MS;

  const send = (signer: OperatorSigner, type: string, fields: Record<string, unknown>) =>
    submit(hub.url, hub.origin, signer, type, fields);
  const ok = (signer: OperatorSigner, type: string, fields: Record<string, unknown>) =>
    accept(hub.url, hub.origin, signer, type, fields);
  const declare = (signer: OperatorSigner, declaration: object, known: [string, number][] = []) =>
    send(signer, 'declaration.submit', {
      declaration,
      known_conflicts: known.map(([id, version]) => ({ declaration: id, version })),
    });
  const recordSize = async () => {
    const reply = await get(hub.url, '/healthz');
    return (reply.body as { size: number }).size;
  };

  before(async () => {
    hub = await startTestHub();
    for (const party of ['alpha', 'bravo', 'charlie'] as const) {
      await ok(hub.admin, 'party.create', {
        party: { id: party, name: party },
        administrator: { id: `${party}.admin`, name: party, public_key: keys[party].publicKey },
      });
    }
    await ok(keys.alpha, 'operator.add', {
      operator: { id: 'alpha.viewer', name: 'Viewer', public_key: keys.alphaViewer.publicKey },
      role: 'viewer',
    });
  });
  after(() => hub.stop());

  test('a conflicting submit is refused with 409 until its key names every conflict; what it was told is recorded', async () => {
    await assertAccepted(declare(keys.alpha, operation('alpha/strike-1', [40.0, 35.0], 0.1, T)));
    const hospital = site('bravo/hospital-1', [40.05, 35.05], 300, T - HOUR_MS);
    const size = await recordSize();
    const refused = await declare(keys.bravo, hospital);
    assertProblem(refused, 409, 'unacknowledged-conflicts');
    // Nothing of the declaration is written; only that bravo was told of alpha's operation, for both.
    assert.equal(await recordSize(), size + 1);
    const recordedAt = (refused.body as { recorded_at: number }).recorded_at;
    assert.equal(recordedAt, size);
    const alphaToken = await login(hub.url, hub.origin, keys.alpha);
    const charlieToken = await login(hub.url, hub.origin, keys.charlie);
    const entryAt = (token: string) =>
      get(hub.url, `/v1/record/entries?start=${size}&end=${size + 1}`, token);
    const seenByAlpha = JSON.stringify((await entryAt(alphaToken)).body);
    assert.match(seenByAlpha, /conflicts\.disclosed/);
    assert.match(seenByAlpha, /bravo.admin/);
    assert.doesNotMatch(JSON.stringify((await entryAt(charlieToken)).body), /conflicts\.disclosed/);
    const [conflict] = conflictsOf(refused);
    assert.deepEqual(
      conflict?.declarations.map((d) => [d.id, d.version, d.party, d.roster]),
      [
        ['bravo/hospital-1', 1, 'bravo', 'deconfliction'],
        ['alpha/strike-1', 1, 'alpha', 'deconfliction'],
      ],
    );
    // Its own side as it declared it; alpha's operation, which bravo may not see: whose it is,
    // roughly where and when, whom to call.
    assert.equal(conflict?.declarations[0]?.title, 'Site bravo/hospital-1');
    assert.equal(conflict?.declarations[1]?.kind, undefined);
    assert.equal(conflict?.declarations[1]?.title, undefined);
    assert.equal(conflict?.horizontal_distance_m, undefined);
    assert.deepEqual(conflict?.area, [[40, 35, 40.25, 35.25]]);
    assert.deepEqual(conflict?.hours, { from: iso(T), until: iso(T + 2 * HOUR_MS) });
    assert.ok(!refused.text.includes('Operation alpha/strike-1'), 'nothing of the hidden operation leaks');

    // A stale version is not a name.
    assertProblem(
      await declare(keys.bravo, hospital, [['alpha/strike-1', 2]]),
      409,
      'unacknowledged-conflicts',
    );
    await assertAccepted(declare(keys.bravo, hospital, [['alpha/strike-1', 1]]));
  });

  test('a party that may see the other declaration gets the exact measures', async () => {
    await assertAccepted(
      declare(keys.alpha, operation('alpha/strike-2', [41.0, 36.0], 0.1, T, 2, { visibility: ['charlie'] })),
    );
    // 0.1° east of the square's east edge at 36.05°N is about 9 km: inside 10 km of agreed... no: the
    // hub default is 1 km, so place the site 500 m from the edge.
    const near = site('charlie/school-1', [41.1 + 0.005, 36.05], 10, T, 24, { function: 'school' });
    const refused = await declare(keys.charlie, near);
    assertProblem(refused, 409, 'unacknowledged-conflicts');
    const [conflict] = conflictsOf(refused);
    assert.equal(conflict?.declarations[1]?.kind, 'operation');
    assert.equal(conflict?.vertical_gap_m, 0);
    const distance = conflict?.horizontal_distance_m as number;
    // 0.005° of longitude at 36.05°N is 450.5 m; less the 10 m radius.
    assert.ok(Math.abs(distance - 440.5) < 1, `distance ${distance}`);
  });

  test('a declaration listing every problem at once: geometry, times, band, references', async () => {
    const bad = {
      ...operation('bravo/bad', [40, 35], 0.1, T),
      visibility: ['nobody-here'],
      volumes: [
        {
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [40, 35],
                [40.1, 35.1],
                [40.1, 35],
                [40, 35.1],
                [40, 35],
              ],
            ],
          },
          altitude_lower_m: 3000,
          altitude_upper_m: 1000,
          time_start: iso(T),
          time_end: iso(T - HOUR_MS),
        },
      ],
    };
    const reply = await declare(keys.bravo, bad);
    assertProblem(reply, 400, 'invalid-request');
    assert.deepEqual(problemFields(reply).sort(), [
      '/command/declaration/visibility/0',
      '/command/declaration/volumes/0/altitude_upper_m',
      '/command/declaration/volumes/0/geometry/coordinates/0/0',
      '/command/declaration/volumes/0/time_end',
    ]);
    const past = site('bravo/past', [40, 35], 100, Date.now() - 3 * HOUR_MS, 1);
    assert.match(problemFields(await declare(keys.bravo, past)).join(), /\/command\/declaration/);
    const tooFar = site('bravo/far', [40, 35], 100, Date.now(), 24 * 400);
    assertProblem(await declare(keys.bravo, tooFar), 400);
    // A field of the wrong kind is named where it is, not as "Expected union value".
    const wrong = await declare(keys.bravo, { ...site('bravo/x', [40, 35], 100, T), function: 'castle' });
    assert.deepEqual(problemFields(wrong), ['/command/declaration/function']);
    const unknownKind = await declare(keys.bravo, { ...site('bravo/x', [40, 35], 100, T), kind: 'castle' });
    assert.deepEqual(problemFields(unknownKind), ['/command/declaration/kind']);
    const otherPrefix = await declare(keys.bravo, site('alpha/mine', [20, 10], 100, T));
    assert.deepEqual(problemFields(otherPrefix), ['/command/declaration/id']);
    // A convoy's notice is checked field by field too: a contact needs a name, cargo is bounded.
    const convoy = {
      kind: 'movement',
      id: 'bravo/convoy-notice',
      title: 'Convoy',
      visibility: ['*'],
      route: {
        type: 'LineString',
        coordinates: [
          [38, 34],
          [38.25, 34],
        ],
      },
      half_width_m: 50,
      schedule: { departure: iso(T), speed_kmh: 40 },
      vehicles: { count: 2 },
      armed_escort: false,
      personnel: 4,
      origin: 'Depot',
      destination: 'Clinic',
    };
    const badNotice = await declare(keys.bravo, {
      ...convoy,
      cargo: 'x'.repeat(501),
      contacts: [{ phone: '+963 11 000' }],
    });
    assertProblem(badNotice, 400, 'invalid-request');
    assert.deepEqual([...new Set(problemFields(badNotice))].sort(), [
      '/command/declaration/cargo',
      '/command/declaration/contacts/0/name',
    ]);
  });

  test('amend needs the current version and is checked again; only the owner may change it', async () => {
    const home = site('charlie/clinic', [30, 20], 100, T, 24, { function: 'clinic', visibility: ['alpha'] });
    await assertAccepted(declare(keys.charlie, home));
    const moved = { ...home, geometry: { type: 'Point', coordinates: [30.01, 20] } };
    const amend = (signer: OperatorSigner, version: number, known: object[] = []) =>
      send(signer, 'declaration.amend', {
        declaration: moved,
        replaces_version: version,
        known_conflicts: known,
      });
    assertProblem(await amend(keys.charlie, 2), 409, 'conflict');
    assertProblem(await amend(keys.alpha, 1), 403, 'forbidden');
    assertProblem(await amend(keys.bravo, 1), 404, 'not-found');
    await assertAccepted(amend(keys.charlie, 1));
    assertProblem(await amend(keys.charlie, 1), 409, 'conflict');
    assertProblem(await declare(keys.charlie, home), 409, 'conflict');
    // An alpha operation over the amended clinic must name version 2.
    const over = operation('alpha/over-clinic', [30.005, 19.995], 0.01, T);
    const refused = await declare(keys.alpha, over);
    assert.deepEqual(
      conflictsOf(refused).map((c) => c.declarations[1]?.version),
      [2],
    );
    assertProblem(await declare(keys.alphaViewer, over, [['charlie/clinic', 2]]), 403, 'forbidden');
    const withdraw = (signer: OperatorSigner, version: number) =>
      send(signer, 'declaration.withdraw', { declaration: 'charlie/clinic', version });
    assertProblem(await withdraw(keys.alpha, 2), 403);
    await assertAccepted(withdraw(keys.charlie, 2));
    assertProblem(await withdraw(keys.charlie, 2), 409);
    // Withdrawn, it conflicts with nothing.
    await assertAccepted(declare(keys.alpha, over));
  });

  test('agreements: in force once all have signed; their minima replace the defaults', async () => {
    // Two circles 1.5 km apart, edge to edge: apart under the hub's 1 km default.
    const a = site('alpha/post', [42, 30], 100, T, 24, { function: 'own-position' });
    const b = operation('bravo/patrol', [42.0 + 0.0179, 29.99], 0.02, T);
    await assertAccepted(declare(keys.alpha, a));
    const agreement = {
      id: 'alpha/wide',
      title: 'Wider margins',
      parties: ['alpha', 'bravo'],
      terms: '2 km between all declared activity.',
      separation: { horizontal_m: 2000, vertical_m: 300, time_s: 600 },
    };
    await assertAccepted(send(keys.alpha, 'agreement.propose', { agreement }));
    // Proposed, not yet in force: the default still holds.
    const token = await login(hub.url, hub.origin, keys.bravo);
    assert.equal((await get(hub.url, '/healthz', token)).status, 200);
    assertProblem(await send(keys.charlie, 'agreement.sign', { agreement: 'alpha/wide' }), 404);
    await assertAccepted(send(keys.bravo, 'agreement.sign', { agreement: 'alpha/wide' }));
    assertProblem(await send(keys.bravo, 'agreement.sign', { agreement: 'alpha/wide' }), 409);
    const refused = await declare(keys.bravo, b);
    assertProblem(refused, 409, 'unacknowledged-conflicts');
    assert.deepEqual(
      conflictsOf(refused).map((c) => c.declarations[1]?.id),
      ['alpha/post'],
    );
    await assertAccepted(
      send(keys.bravo, 'agreement.end', { agreement: 'alpha/wide', reason: 'Test over.' }),
    );
    await assertAccepted(declare(keys.bravo, b));
  });

  test('a zone conflicts only with the restricted party’s restricted activities', async () => {
    const agreement = { id: 'bravo/no-fly', title: 'No-fly', parties: ['alpha', 'bravo'], terms: 'No air.' };
    await assertAccepted(send(keys.bravo, 'agreement.propose', { agreement }));
    const zone = {
      kind: 'zone',
      id: 'bravo/no-fly-zone',
      title: 'No-fly zone',
      visibility: [],
      agreement: 'bravo/no-fly',
      geometry: squareGeometry([44, 33], 0.5),
      valid_from: iso(T),
      valid_until: iso(T + 24 * HOUR_MS),
      restrictions: [{ party: 'alpha', activities: ['air'], from: iso(T + 2 * HOUR_MS) }],
    };
    const notInForce = await declare(keys.bravo, zone);
    assert.deepEqual(problemFields(notInForce), ['/command/declaration/agreement']);
    await assertAccepted(send(keys.alpha, 'agreement.sign', { agreement: 'bravo/no-fly' }));
    await assertAccepted(declare(keys.bravo, zone));
    // The zone's parties see it: alpha learns what it may not do.
    const inside = (id: string, activity: string, from: number) =>
      operation(id, [44.2, 33.2], 0.05, from, 1, { activity });
    assertProblem(await declare(keys.alpha, inside('alpha/fly-in', 'air', T + 3 * HOUR_MS)), 409);
    await assertAccepted(declare(keys.alpha, inside('alpha/drive-in', 'ground', T + 3 * HOUR_MS)));
    // Before the restriction starts: allowed (the zone is its own margin, no time minimum).
    await assertAccepted(declare(keys.alpha, inside('alpha/fly-early', 'air', T)));
    await assertAccepted(declare(keys.charlie, inside('charlie/fly-in', 'air', T + 8 * HOUR_MS)));
  });

  test('a movement is protected along its route only while the convoy can be there', async () => {
    // 0.5° of longitude east along 34°N at 40 km/h: about 46 km, some 70 minutes.
    const convoy = {
      kind: 'movement',
      id: 'charlie/convoy-1',
      title: 'Convoy',
      visibility: [],
      route: {
        type: 'LineString',
        coordinates: [
          [38, 34],
          [38.25, 34],
          [38.5, 34],
        ],
      },
      half_width_m: 50,
      schedule: { departure: iso(T), speed_kmh: 40 },
      delay_tolerance_s: 600,
      vehicles: { count: 12, markings: 'UN' },
      armed_escort: false,
      personnel: 30,
    };
    await assertAccepted(declare(keys.charlie, convoy));
    // The first leg is done by about T+35 min (+10 min tolerance); a strike on it 3 h later is clear.
    const onFirstLeg = (id: string, from: number) =>
      operation(id, [38.1, 33.99], 0.02, from, 0.5, { activity: 'ground' });
    await assertAccepted(declare(keys.bravo, onFirstLeg('bravo/later', T + 3 * HOUR_MS)));
    const meanwhile = await declare(keys.bravo, onFirstLeg('bravo/meanwhile', T));
    assertProblem(meanwhile, 409);
    assert.deepEqual(
      conflictsOf(meanwhile).map((c) => c.declarations[1]?.id),
      ['charlie/convoy-1'],
    );
  });

  test('one notice per party and roster for all that one submit found with one other party', async () => {
    await ok(keys.alpha, 'roster.set', {
      roster: { duty: 'medical', members: [{ operator: 'alpha.admin', shifts: [] }], chief: 'alpha.admin' },
    });
    const sites = [
      site('alpha/well-1', [44.0, 30.0], 100, T, 48, { roster: 'medical' }),
      site('alpha/well-2', [44.01, 30.0], 100, T, 48, { roster: 'medical' }),
      site('alpha/well-3', [44.02, 30.0], 100, T, 48),
    ];
    for (const well of sites) await assertAccepted(declare(keys.alpha, well));
    const wide = operation('bravo/sweep', [43.99, 29.99], 0.04, T);
    const key: [string, number][] = sites.map((w) => [w.id, 1]);
    await assertAccepted(declare(keys.bravo, wide, key));
    const notices = async (signer: OperatorSigner) => {
      const inbox = (await get(hub.url, '/v1/messages?box=in', await login(hub.url, hub.origin, signer)))
        .body as {
        messages: { message: { template?: { name: string; fields: Record<string, unknown> } } }[];
      };
      return inbox.messages
        .map((m) => m.message.template)
        .filter((t) => t?.name === 'conflict-notice' && JSON.stringify(t.fields).includes('bravo/sweep'))
        .map((t) => [t?.fields.declaration, t?.fields.conflicting, t?.fields.roster]);
    };
    assert.deepEqual(await notices(keys.bravo), [
      [['bravo/sweep@1'], ['alpha/well-1@1', 'alpha/well-2@1', 'alpha/well-3@1'], 'medical, deconfliction'],
    ]);
    assert.deepEqual((await notices(keys.alpha)).sort(), [
      [['alpha/well-1@1', 'alpha/well-2@1'], ['bravo/sweep@1'], 'deconfliction'],
      [['alpha/well-3@1'], ['bravo/sweep@1'], 'deconfliction'],
    ]);
  });

  test('after a restart the index is rebuilt from the record and conflicts are still found', async () => {
    await hub.restart();
    const refused = await declare(keys.bravo, site('bravo/hospital-2', [40.02, 35.02], 100, T));
    assertProblem(refused, 409, 'unacknowledged-conflicts');
    assert.deepEqual(
      conflictsOf(refused).map((c) => c.declarations[1]?.id),
      ['alpha/strike-1'],
    );
  });
});

async function assertAccepted(reply: Promise<Reply>): Promise<void> {
  const r = await reply;
  assert.equal(r.status, 201, r.text);
}
