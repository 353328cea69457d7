// Escalation on a hub whose clock the test moves: a message to a roster goes to the first officer on
// duty and on line; each missed deadline moves it on — next officer, duty chief, whole party — and
// then it expires, and the sender and the hub's custodians are told; an officer off line past the
// grace (the hub's 30 s, or what an agreement between the parties sets) moves it on, one back within
// it keeps it; an acknowledgment or withdrawal stops it; a restart keeps the deadlines running.
// Every step is an entry the sender can read.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { deliverySteps, redDayRoster, stopRequest } from '../support/hotline-escalation.js';
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
    await redDayRoster(t, officers);
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

  test('the officer asked goes off line: it moves on once the 30 s grace is over', async () => {
    const disconnect = t.hub.connect('red.r1');
    await urgent();
    assert.deepEqual(deliverySteps(await t.newEntries()), ['message.send', 'sent → red.r1']);
    await disconnect();
    assert.deepEqual(deliverySteps(await t.newEntries()), [], 'not at once');
    assert.deepEqual(deliverySteps(await t.advance(29 * SECOND)), [], 'within the grace');
    assert.deepEqual(deliverySteps(await t.advance(1 * SECOND)), ['offline → red.r2']);
    const [moved] = await t.hub.read((state) => state.hotline.waitingOn('red.r2'));
    assert.equal(moved?.delivery.deadline, t.now + 60 * SECOND, 'a fresh deadline from when it moved');
    // Withdrawn by its sender, it waits on nobody.
    await t.submit(t.admin('blue'), 'message.withdraw', {
      message: `blue/stop-${sent}`,
      reason: 'Strike called off.',
    });
    assert.deepEqual(deliverySteps(await t.advance(600 * SECOND)), ['message.withdraw']);
  });

  test('back on line within the grace: the request stays with the officer, and so does its deadline', async () => {
    const disconnect = t.hub.connect('red.r1');
    await urgent();
    assert.deepEqual(deliverySteps(await t.newEntries()), ['message.send', 'sent → red.r1']);
    const [asked] = await t.hub.read((state) => state.hotline.waitingOn('red.r1'));
    const deadline = asked?.delivery.deadline;
    await disconnect();
    assert.deepEqual(deliverySteps(await t.advance(20 * SECOND)), []);
    const reconnect = t.hub.connect('red.r1');
    // Past the grace it would have had, it still waits on red.r1 with the deadline it was sent with.
    assert.deepEqual(deliverySteps(await t.advance(15 * SECOND)), []);
    const [still] = await t.hub.read((state) => state.hotline.waitingOn('red.r1'));
    assert.equal(still?.message.id, `blue/stop-${sent}`);
    assert.equal(still?.delivery.deadline, deadline);
    // Not acknowledged by that deadline, it escalates as ever, by the deadline.
    assert.deepEqual(deliverySteps(await t.advance(25 * SECOND)), ['deadline → red.r2']);
    await reconnect();
    await t.submit(t.admin('blue'), 'message.withdraw', { message: `blue/stop-${sent}`, reason: 'Done.' });
    await t.newEntries();
  });

  test('an agreement between the parties sets the grace', async () => {
    await t.submit(t.admin('blue'), 'agreement.propose', {
      agreement: {
        id: 'blue/hotline',
        title: 'Hotline',
        parties: ['blue', 'red'],
        terms: 'An officer off line for 5 s counts as gone.',
        offline_grace_s: 5,
      },
    });
    await t.submit(t.admin('red'), 'agreement.sign', { agreement: 'blue/hotline' });
    const disconnect = t.hub.connect('red.r1');
    await urgent();
    assert.deepEqual(deliverySteps(await t.newEntries()), [
      'agreement.propose',
      'agreement.sign',
      'message.send',
      'sent → red.r1',
    ]);
    await disconnect();
    assert.equal(t.hub.nextDeadline(), t.now + 5 * SECOND, 'the hub is woken when the grace ends');
    assert.deepEqual(deliverySteps(await t.advance(4 * SECOND)), []);
    assert.deepEqual(deliverySteps(await t.advance(1 * SECOND)), ['offline → red.r2']);
    await t.submit(t.admin('blue'), 'agreement.end', { agreement: 'blue/hotline', reason: 'Drill over.' });
    await t.submit(t.admin('blue'), 'message.withdraw', { message: `blue/stop-${sent}`, reason: 'Done.' });
    await t.newEntries();
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
