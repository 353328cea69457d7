// Escalation on a hub whose clock the test moves: a message to a roster goes to the first officer on
// duty and on line; each missed deadline moves it on — next officer, duty chief, whole party — and
// then it expires, and the sender and the hub's custodians are told; an officer going off line moves it on at once; an acknowledgment or withdrawal
// stops it; a restart keeps the deadlines running. Every step is an entry the sender can read.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { deliverySteps, stopRequest } from '../support/hotline-escalation.js';
import { InProcessHub } from '../support/in-process-hub.js';

const SECOND = 1000;

describe('escalation along a roster', () => {
  let t: InProcessHub;
  const officers = {
    r1: OperatorSigner.generate(),
    r2: OperatorSigner.generate(),
    r3: OperatorSigner.generate(),
  };
  let sent = 0;
  const urgent = () => t.submit(t.admin('blue'), 'message.send', stopRequest(`blue/stop-${++sent}`, 'red'));

  before(async () => {
    t = await InProcessHub.start(Date.parse('2026-09-17T12:00:00Z'), ['red', 'blue']);
    for (const [id, signer] of Object.entries(officers)) {
      await t.submit(t.admin('red'), 'operator.add', {
        operator: { id: `red.${id}`, name: id, public_key: signer.publicKey },
        role: 'duty-officer',
      });
    }
    await t.submit(t.admin('red'), 'roster.set', {
      roster: {
        duty: 'air-deconfliction',
        members: ['red.r1', 'red.r2', 'red.r3'].map((operator) => ({
          operator,
          shifts: [{ from: '06:00', to: '18:00', time_zone: 'Asia/Damascus' }],
        })),
        chief: 'red.admin',
      },
    });
    await t.newEntries();
  });
  after(() => t.stop());

  test('missed deadlines: next officer, chief, whole party, then expired; each step recorded for both', async () => {
    const disconnect = t.hub.connect('red.r2');
    await urgent();
    const sending = await t.newEntries();
    // r1 is off line, so the hub goes straight to r2.
    assert.deepEqual(deliverySteps(sending), ['message.send', 'sent → red.r2']);
    assert.deepEqual(sending[1]?.visibility, ['blue', 'red']);
    assert.deepEqual(deliverySteps(await t.advance(59 * SECOND)), []);
    assert.deepEqual(deliverySteps(await t.advance(1 * SECOND)), ['deadline → red.r3']);
    assert.deepEqual(deliverySteps(await t.advance(60 * SECOND)), ['deadline → red.admin']);
    assert.deepEqual(deliverySteps(await t.advance(60 * SECOND)), ['deadline → party']);
    // Nobody of red answered: blue is told at once, and so are the hub's custodians, there being no
    // agreement between them that names another contact.
    const expiring = await t.advance(60 * SECOND);
    assert.deepEqual(deliverySteps(expiring), [
      'delivery.expire',
      'message.notice',
      'sent → party',
      'sent → party',
    ]);
    const notice = expiring[1]?.command.message as {
      recipients: unknown;
      template: { name: string; fields: Record<string, unknown> };
    };
    assert.deepEqual(notice.recipients, [{ party: 'blue' }, { party: 'hub' }]);
    assert.equal(notice.template.name, 'request-expired');
    assert.equal(notice.template.fields.message, `blue/stop-${sent}`);
    assert.equal(
      notice.template.fields.asked,
      'red.r2, red.r3, duty chief red.admin, every operator of the party',
    );
    assert.deepEqual(
      expiring.slice(2).map((entry) => entry.visibility),
      [['blue'], ['hub']],
    );
    assert.deepEqual(deliverySteps(await t.advance(600 * SECOND)), []);
    await disconnect();
    assert.deepEqual(
      deliverySteps(await t.newEntries()),
      [],
      'an expired delivery does not move when r2 leaves',
    );
  });

  test('the officer asked goes off line: it moves on at once', async () => {
    const disconnect = t.hub.connect('red.r1');
    await urgent();
    assert.deepEqual(deliverySteps(await t.newEntries()), ['message.send', 'sent → red.r1']);
    await disconnect();
    assert.deepEqual(deliverySteps(await t.newEntries()), ['offline → red.r2']);
    // Withdrawn by its sender, it waits on nobody.
    await t.submit(t.admin('blue'), 'message.withdraw', {
      message: `blue/stop-${sent}`,
      reason: 'Strike called off.',
    });
    assert.deepEqual(deliverySteps(await t.advance(600 * SECOND)), ['message.withdraw']);
  });

  test('an acknowledgment stops the escalation; receipts only move forward', async () => {
    await urgent();
    assert.deepEqual(deliverySteps(await t.newEntries()), ['message.send', 'sent → red.r1']);
    const receipt = (signer: OperatorSigner, state: string) =>
      t.submit(signer, 'delivery.receipt', {
        message: `blue/stop-${sent}`,
        recipient: 'red/air-deconfliction',
        state,
      });
    await receipt(officers.r1, 'delivered');
    await receipt(officers.r2, 'acknowledged');
    await assert.rejects(receipt(officers.r1, 'read'), { status: 409 });
    await assert.rejects(receipt(t.admin('blue'), 'acknowledged'), { status: 404 });
    assert.deepEqual(deliverySteps(await t.newEntries()), ['delivery.receipt', 'delivery.receipt']);
    assert.deepEqual(deliverySteps(await t.advance(300 * SECOND)), []);
  });

  test('read but not acknowledged still escalates at the deadline', async () => {
    await urgent();
    assert.deepEqual(deliverySteps(await t.newEntries()), ['message.send', 'sent → red.r1']);
    await t.submit(officers.r1, 'delivery.receipt', {
      message: `blue/stop-${sent}`,
      recipient: 'red/air-deconfliction',
      state: 'read',
    });
    assert.deepEqual(deliverySteps(await t.advance(60 * SECOND)), ['delivery.receipt', 'deadline → red.r2']);
    await t.submit(officers.r2, 'delivery.receipt', {
      message: `blue/stop-${sent}`,
      recipient: 'red/air-deconfliction',
      state: 'acknowledged',
    });
    await t.newEntries();
  });

  test('a deadline running across a restart still fires', async () => {
    await urgent();
    assert.deepEqual(deliverySteps(await t.newEntries()), ['message.send', 'sent → red.r1']);
    await t.advance(30 * SECOND);
    await t.restart();
    assert.deepEqual(deliverySteps(await t.advance(30 * SECOND)), ['deadline → red.r2']);
  });
});
