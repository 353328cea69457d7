// The hotline between the parties of a suspended agreement, on a hub whose clock the test moves: it
// stays open — an urgent request still goes to the roster, moves on from an officer gone off line
// and escalates to the chief and the whole party — but by the hub's own terms (30 s of grace, 60 s
// deadlines, the hub's custodians told of an expiry) instead of the agreement's (5 s, 300 s, its
// next contact), until both parties have signed the resumption.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { deliverySteps, redDayRoster, stopRequest } from '../support/hotline-escalation.js';
import { InProcessHub } from '../support/in-process-hub.js';

const SECOND = 1000;

describe('the hotline of a suspended agreement', () => {
  let t: InProcessHub;
  const officers = { r1: OperatorSigner.generate(), r2: OperatorSigner.generate() };
  let sent = 0;
  const urgent = () =>
    t.submit(
      t.admin('blue'),
      'message.send',
      stopRequest(`blue/stop-${++sent}`, 'red', `Stop strike ${sent}.`),
    );
  const waitingOn = (operator: string) =>
    t.hub.read((state) => state.hotline.waitingOn(operator).map((w) => w.delivery));

  before(async () => {
    t = await InProcessHub.start(Date.parse('2026-09-17T12:00:00Z'), ['red', 'blue']);
    await redDayRoster(t, officers);
    await t.submit(t.admin('blue'), 'agreement.propose', {
      agreement: {
        id: 'blue/hotline',
        title: 'Hotline',
        parties: ['blue', 'red'],
        terms:
          'Urgent requests acknowledged within 5 minutes; off line 5 s is gone; blue is told of expiries.',
        ack_deadlines_s: { 'urgent-request': 300 },
        offline_grace_s: 5,
        next_contact: { party: 'blue' },
      },
    });
    await t.submit(t.admin('red'), 'agreement.sign', { agreement: 'blue/hotline' });
    await t.newEntries();
  });
  after(() => t.stop());

  test('suspended, a request still reaches the roster and escalates through it, by the hub’s grace and deadlines, and its expiry is told to the hub’s custodians', async () => {
    await t.submit(t.admin('red'), 'agreement.suspend', {
      agreement: 'blue/hotline',
      reason: 'Talks suspended.',
    });
    const disconnect = t.hub.connect('red.r1');
    await urgent();
    assert.deepEqual(deliverySteps(await t.newEntries()), [
      'agreement.suspend',
      'message.send',
      'sent → red.r1',
    ]);
    assert.equal((await waitingOn('red.r1'))[0]?.deadlineS, 60, 'the hub’s deadline, not the agreed 300 s');
    await disconnect();
    assert.deepEqual(deliverySteps(await t.advance(5 * SECOND)), [], 'the agreed 5 s grace does not apply');
    assert.deepEqual(deliverySteps(await t.advance(25 * SECOND)), ['offline → red.r2']);
    assert.deepEqual(deliverySteps(await t.advance(60 * SECOND)), ['deadline → red.admin']);
    assert.deepEqual(deliverySteps(await t.advance(60 * SECOND)), ['deadline → party']);
    const expiring = await t.advance(60 * SECOND);
    assert.deepEqual(deliverySteps(expiring), [
      'delivery.expire',
      'message.notice',
      'sent → party',
      'sent → party',
    ]);
    const notice = expiring[1]?.command.message as { recipients: unknown };
    assert.deepEqual(
      notice.recipients,
      [{ party: 'blue' }, { party: 'hub' }],
      'not only the agreed next contact',
    );
  });

  test('resumed by both parties, the agreed grace and deadline apply again', async () => {
    await t.submit(t.admin('blue'), 'agreement.resume', { agreement: 'blue/hotline' });
    const disconnect = t.hub.connect('red.r1');
    await urgent();
    assert.equal((await waitingOn('red.r1'))[0]?.deadlineS, 60, 'one party’s resumption is not enough');
    await t.submit(t.admin('red'), 'agreement.resume', { agreement: 'blue/hotline' });
    await urgent();
    const asked = await waitingOn('red.r1');
    assert.deepEqual(
      asked.map((delivery) => delivery.deadlineS),
      [60, 300],
    );
    await disconnect();
    await t.newEntries();
    assert.deepEqual(deliverySteps(await t.advance(5 * SECOND)), ['offline → red.r2', 'offline → red.r2']);
  });
});
