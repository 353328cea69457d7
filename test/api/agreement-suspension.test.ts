// Suspending and resuming an agreement through the real HTTP API. alpha and bravo agree 2 km
// minima, 5 minutes to acknowledge an urgent request, one notification an hour, and bravo's no-fly
// zone over alpha's aircraft; charlie is party to none of it. Suspended, the hub's defaults apply
// (1 km, 60 s, 30 notifications a minute), the zone binds nobody and is shown suspended, and the
// hotline between them still delivers; once both have signed the resumption the terms are back.
// Every refusal is a 4xx problem that writes nothing; charlie reads none of it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, assertProblem, get, login, problemFields, type Reply, submit } from '../support/api.js';
import { HOUR_MS, iso, operation, site, squareGeometry } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const AGREEMENT = 'alpha/terms';
const ZONE = 'bravo/no-fly-zone';

interface AgreementView {
  status: string;
  suspensions?: {
    party: string;
    operator: string;
    time: string;
    entry: number;
    reason: string;
    resumptions: { party: string; operator: string }[];
    resumed?: string;
  }[];
  awaiting_resumption?: string[];
}

interface DeliveryView {
  recipient: string;
  state: string;
  deadline_s: number;
  acknowledged_by?: string;
}

describe('suspending and resuming an agreement', () => {
  let hub: TestHub;
  const keys = {
    alpha: OperatorSigner.generate(),
    bravo: OperatorSigner.generate(),
    charlie: OperatorSigner.generate(),
    alphaDuty: OperatorSigner.generate(),
    bravoDuty: OperatorSigner.generate(),
  };
  const tokens = new Map<OperatorSigner, string>();
  // An hour from now, so that every window starts in the future.
  const T = Math.ceil((Date.now() + HOUR_MS) / HOUR_MS) * HOUR_MS;
  let sent = 0;

  const send = (signer: OperatorSigner, type: string, fields: Record<string, unknown>) =>
    submit(hub.url, hub.origin, signer, type, fields);
  const ok = (signer: OperatorSigner, type: string, fields: Record<string, unknown>) =>
    accept(hub.url, hub.origin, signer, type, fields);
  const declare = (signer: OperatorSigner, declaration: object) =>
    send(signer, 'declaration.submit', { declaration, known_conflicts: [] });
  // Each test may restart the hub, which ends no session: tokens outlive the process.
  const read = async (signer: OperatorSigner, path: string) => {
    let token = tokens.get(signer);
    if (token === undefined) {
      token = await login(hub.url, hub.origin, signer);
      tokens.set(signer, token);
    }
    return get(hub.url, path, token);
  };
  const agreement = async (signer = keys.alpha) => {
    const reply = await read(signer, `/v1/agreements/${AGREEMENT}`);
    assert.equal(reply.status, 200, reply.text);
    return reply.body as AgreementView;
  };
  const recordSize = async () => ((await get(hub.url, '/healthz')).body as { size: number }).size;
  /** The declarations a refused submit conflicts with. */
  const conflictIds = (reply: Reply) => {
    assertProblem(reply, 409, 'unacknowledged-conflicts');
    return (reply.body as { conflicts: { declarations: { id: string }[] }[] }).conflicts.map(
      (c) => c.declarations[1]?.id,
    );
  };

  /** alpha's urgent request to bravo, each saying something new (a repeat would join the first): its delivery as alpha sees it. */
  const urgentToBravo = async (): Promise<{ id: string; delivery: DeliveryView }> => {
    const id = `alpha/stop-${++sent}`;
    await ok(keys.alphaDuty, 'message.send', {
      message: {
        id,
        kind: 'urgent-request',
        action: 'stop',
        recipients: [{ party: 'bravo' }],
        text: `Stop ${sent}.`,
      },
    });
    return { id, delivery: await deliveryOf(id) };
  };
  const deliveryOf = async (id: string) => {
    const reply = await read(keys.alphaDuty, `/v1/messages/${id}`);
    assert.equal(reply.status, 200, reply.text);
    const [delivery] = (reply.body as { deliveries: DeliveryView[] }).deliveries;
    assert.ok(delivery);
    return delivery;
  };
  const notifyBravo = () =>
    send(keys.alphaDuty, 'message.send', {
      message: {
        id: `alpha/note-${++sent}`,
        kind: 'notification',
        recipients: [{ party: 'bravo' }],
        text: `Notice ${sent}.`,
      },
    });

  /** Two sites 1.5 km apart, edge to edge: a conflict under 2 km minima, none under the hub's 1 km. */
  const patrolNearPost = (id: string) => operation(id, [42.0 + 0.0179, 29.99], 0.02, T);
  const flightInZone = (id: string) => operation(id, [44.2, 33.2], 0.05, T + 3 * HOUR_MS, 1);

  before(async () => {
    hub = await startTestHub();
    for (const party of ['alpha', 'bravo', 'charlie'] as const) {
      await ok(hub.admin, 'party.create', {
        party: { id: party, name: party },
        administrator: { id: `${party}.admin`, name: party, public_key: keys[party].publicKey },
      });
    }
    for (const [admin, id, signer] of [
      [keys.alpha, 'alpha.duty', keys.alphaDuty],
      [keys.bravo, 'bravo.duty', keys.bravoDuty],
    ] as const) {
      await ok(admin, 'operator.add', {
        operator: { id, name: id, public_key: signer.publicKey },
        role: 'duty-officer',
      });
    }
    await ok(keys.alpha, 'agreement.propose', {
      agreement: {
        id: AGREEMENT,
        title: 'Terms between alpha and bravo',
        parties: ['alpha', 'bravo'],
        terms: '2 km between declared activity; urgent requests acknowledged within 5 minutes.',
        separation: { horizontal_m: 2000, vertical_m: 300, time_s: 600 },
        ack_deadlines_s: { 'urgent-request': 300 },
        send_limits: { notification: { count: 1, window_s: 3600 } },
      },
    });
    await ok(keys.bravo, 'agreement.sign', { agreement: AGREEMENT });
    await ok(keys.alpha, 'declaration.submit', {
      declaration: site('alpha/post', [42, 30], 100, T, 24, { function: 'own-position' }),
      known_conflicts: [],
    });
    await ok(keys.bravo, 'declaration.submit', {
      declaration: {
        kind: 'zone',
        id: ZONE,
        title: 'No-fly zone',
        visibility: ['*'],
        agreement: AGREEMENT,
        geometry: squareGeometry([44, 33], 0.5),
        valid_from: iso(T),
        valid_until: iso(T + 24 * HOUR_MS),
        restrictions: [{ party: 'alpha', activities: ['air'] }],
      },
      known_conflicts: [],
    });
  });
  after(() => hub?.stop());

  test('suspended: the hub’s minima, deadlines and limits apply and the zone binds nobody, while the hotline still delivers; resumed by both, the terms apply again', async () => {
    // In force: the agreement's 2 km, 5 minutes, one notification an hour, and its zone.
    assert.deepEqual(conflictIds(await declare(keys.bravo, patrolNearPost('bravo/patrol-1'))), [
      'alpha/post',
    ]);
    assert.deepEqual(conflictIds(await declare(keys.alpha, flightInZone('alpha/flight-1'))), [ZONE]);
    assert.equal((await urgentToBravo()).delivery.deadline_s, 300);
    assert.equal((await notifyBravo()).status, 201);
    assertProblem(await notifyBravo(), 429, 'too-many-messages');

    const suspended = await ok(keys.bravo, 'agreement.suspend', {
      agreement: AGREEMENT,
      reason: 'Talks suspended; the deconfliction channel stays open.',
    });
    const seen = await agreement();
    assert.equal(seen.status, 'suspended');
    assert.deepEqual(seen.awaiting_resumption, ['alpha', 'bravo'], 'the suspending party signs too');
    const [suspension] = seen.suspensions ?? [];
    assert.equal(suspension?.party, 'bravo');
    assert.equal(suspension?.operator, 'bravo.admin');
    assert.equal(suspension?.entry, suspended.index);
    assert.equal(suspension?.reason, 'Talks suspended; the deconfliction channel stays open.');
    assert.ok(Math.abs(Date.parse(suspension?.time ?? '') - Date.now()) < 60_000, suspension?.time);
    // What was a conflict under the agreement is none under the hub's defaults, at once.
    await accept(hub.url, hub.origin, keys.bravo, 'declaration.submit', {
      declaration: patrolNearPost('bravo/patrol-2'),
      known_conflicts: [],
    });
    await accept(hub.url, hub.origin, keys.alpha, 'declaration.submit', {
      declaration: flightInZone('alpha/flight-2'),
      known_conflicts: [],
    });
    // The record says so after a restart too: the suspension is replayed, not remembered.
    await hub.restart();
    assert.equal((await agreement(keys.bravo)).status, 'suspended');
    // The zone is shown suspended to whoever may see it, the agreement's parties or not.
    for (const reader of [keys.alpha, keys.charlie]) {
      const zone = await read(reader, `/v1/declarations/${ZONE}`);
      assert.equal((zone.body as { suspended?: boolean }).suspended, true, zone.text);
    }
    // The hotline stays open: the request is sent on the hub's 60 s, delivered to bravo, and its
    // acknowledgment is seen by alpha; notifications go by the hub's limit.
    const during = await urgentToBravo();
    assert.equal(during.delivery.deadline_s, 60);
    const inbox = await read(keys.bravoDuty, '/v1/messages?box=in&waiting=true');
    assert.ok(
      (inbox.body as { messages: { id: string }[] }).messages.some((m) => m.id === during.id),
      inbox.text,
    );
    await ok(keys.bravoDuty, 'delivery.receipt', {
      message: during.id,
      recipient: 'bravo',
      state: 'acknowledged',
    });
    const acknowledged = await deliveryOf(during.id);
    assert.equal(acknowledged.state, 'acknowledged');
    assert.equal(acknowledged.acknowledged_by, 'bravo.duty');
    assert.equal((await notifyBravo()).status, 201, 'within the hub’s limit, not the agreement’s');

    // One party's resumption is not enough.
    await ok(keys.alpha, 'agreement.resume', { agreement: AGREEMENT });
    assert.deepEqual((await agreement()).awaiting_resumption, ['bravo']);
    assert.equal((await urgentToBravo()).delivery.deadline_s, 60);
    await accept(hub.url, hub.origin, keys.bravo, 'declaration.submit', {
      declaration: patrolNearPost('bravo/patrol-3'),
      known_conflicts: [],
    });
    await ok(keys.bravo, 'agreement.resume', { agreement: AGREEMENT });
    const resumed = await agreement();
    assert.equal(resumed.status, 'in-force');
    assert.equal(resumed.awaiting_resumption, undefined);
    assert.deepEqual(
      resumed.suspensions?.[0]?.resumptions.map((r) => [r.party, r.operator]),
      [
        ['alpha', 'alpha.admin'],
        ['bravo', 'bravo.admin'],
      ],
    );
    assert.ok(resumed.suspensions?.[0]?.resumed);

    assert.deepEqual(conflictIds(await declare(keys.bravo, patrolNearPost('bravo/patrol-4'))), [
      'alpha/post',
    ]);
    assert.deepEqual(conflictIds(await declare(keys.alpha, flightInZone('alpha/flight-3'))), [ZONE]);
    const zone = await read(keys.charlie, `/v1/declarations/${ZONE}`);
    assert.equal((zone.body as { suspended?: boolean }).suspended, undefined, zone.text);
    assert.equal((await urgentToBravo()).delivery.deadline_s, 300);
    assertProblem(await notifyBravo(), 429, 'too-many-messages');
  });

  test('what cannot be suspended or resumed, or by whom, is refused with a problem and writes nothing', async () => {
    await ok(keys.charlie, 'agreement.propose', {
      agreement: { id: 'charlie/draft', title: 'Draft', parties: ['charlie', 'alpha'], terms: 'None yet.' },
    });
    const size = await recordSize();
    const before = await agreement();
    const refused = async (
      signer: OperatorSigner,
      type: string,
      fields: Record<string, unknown>,
      status: number,
      field: string,
    ) => {
      const reply = await send(signer, type, fields);
      assertProblem(reply, status);
      assert.ok(problemFields(reply).includes(field), `${type}: ${reply.text}`);
    };
    const reason = 'Testing.';
    // Not in force: proposed, or already suspended; resuming what is in force.
    await refused(
      keys.alpha,
      'agreement.suspend',
      { agreement: 'charlie/draft', reason },
      409,
      '/command/agreement',
    );
    await refused(keys.alpha, 'agreement.resume', { agreement: AGREEMENT }, 409, '/command/agreement');
    // Not a party: to charlie the agreement does not exist. Not an administrator: forbidden.
    await refused(
      keys.charlie,
      'agreement.suspend',
      { agreement: AGREEMENT, reason },
      404,
      '/command/agreement',
    );
    assertProblem(await send(keys.alphaDuty, 'agreement.suspend', { agreement: AGREEMENT, reason }), 403);
    // No reason.
    await refused(
      keys.alpha,
      'agreement.suspend',
      { agreement: AGREEMENT, reason: '' },
      400,
      '/command/reason',
    );
    assert.equal(await recordSize(), size);
    assert.deepEqual(await agreement(), before);

    await ok(keys.alpha, 'agreement.suspend', { agreement: AGREEMENT, reason: 'Second suspension.' });
    const suspendedSize = await recordSize();
    await refused(
      keys.bravo,
      'agreement.suspend',
      { agreement: AGREEMENT, reason },
      409,
      '/command/agreement',
    );
    await ok(keys.alpha, 'agreement.resume', { agreement: AGREEMENT });
    await refused(keys.alpha, 'agreement.resume', { agreement: AGREEMENT }, 409, '/command/agreement');
    await refused(keys.charlie, 'agreement.resume', { agreement: AGREEMENT }, 404, '/command/agreement');
    assert.equal(await recordSize(), suspendedSize + 1);
    const stillSuspended = await agreement();
    assert.equal(stillSuspended.status, 'suspended');
    assert.deepEqual(stillSuspended.awaiting_resumption, ['bravo']);
    assert.equal(stillSuspended.suspensions?.length, 2);

    // Suspended, it may still be ended; ended, it can be neither suspended nor resumed.
    await ok(keys.bravo, 'agreement.end', { agreement: AGREEMENT, reason: 'Over.' });
    const endedSize = await recordSize();
    await refused(keys.bravo, 'agreement.resume', { agreement: AGREEMENT }, 409, '/command/agreement');
    await refused(
      keys.alpha,
      'agreement.suspend',
      { agreement: AGREEMENT, reason },
      409,
      '/command/agreement',
    );
    assert.equal(await recordSize(), endedSize);
    assert.equal((await agreement()).status, 'ended');
    // Ended, its zone binds as it did before suspensions existed; the hotline is the hub's.
    const zone = await read(keys.alpha, `/v1/declarations/${ZONE}`);
    assert.equal((zone.body as { suspended?: boolean }).suspended, undefined, zone.text);
  });

  test('a non-party reads neither the agreement nor its suspension entries; its parties do', async () => {
    const suspensions = (await agreement()).suspensions ?? [];
    assert.equal(suspensions.length, 2);
    for (const { entry } of suspensions) {
      const path = `/v1/record/entries?start=${entry}&end=${entry + 1}`;
      const entryAs = async (signer: OperatorSigner) =>
        ((await read(signer, path)).body as { entries: { index: number; entry?: { kind: string } }[] })
          .entries[0];
      for (const party of [keys.alpha, keys.bravo]) {
        const seen = await entryAs(party);
        assert.equal(seen?.entry?.kind, 'agreement.suspend');
      }
      const hidden = await entryAs(keys.charlie);
      assert.equal(hidden?.index, entry);
      assert.equal(hidden?.entry, undefined, 'charlie gets the leaf hash only');
    }
    assertProblem(await read(keys.charlie, `/v1/agreements/${AGREEMENT}`), 404);
    const listed = await read(keys.charlie, '/v1/agreements');
    assert.deepEqual(
      (listed.body as { agreements: { id: string }[] }).agreements.map((a) => a.id),
      ['charlie/draft'],
    );
  });

  test('OpenAPI describes the two commands, the status and the suspensions of an agreement, and a suspended zone', async () => {
    const document = (await get(hub.url, '/openapi.json')).body as {
      paths: Record<string, { get?: unknown }>;
      components: { schemas: Record<string, { description?: string }> };
    };
    for (const type of ['agreement.suspend', 'agreement.resume'])
      assert.ok(document.components.schemas[type]?.description, `${type} is not described`);
    const agreementPath = JSON.stringify(document.paths['/v1/agreements/{party}/{name}']?.get);
    for (const word of ['suspended', 'suspensions', 'awaiting_resumption', 'resumptions'])
      assert.ok(agreementPath.includes(word), `GET /v1/agreements/{party}/{name} does not describe ${word}`);
    const declarationPath = JSON.stringify(document.paths['/v1/declarations/{party}/{name}']?.get);
    assert.match(declarationPath, /"suspended"/);
  });
});
