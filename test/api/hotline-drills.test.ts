// Hotline drills, end to end through the real HTTP API and the operators' WebSocket. blue sends;
// red answers on its roster "air-deconfliction" (red.1, then red.2, then duty chief red.chief);
// grey is a third party that must learn nothing of it. The agreement between blue and red sets
// acknowledgment deadlines of 2 s (urgent) and 3 s (coordination), and a grace of 1 s before an
// officer off line counts as gone, so the drills wait for real deadlines and graces in seconds, and
// never on a fixed sleep: each step is awaited as an entry on a socket.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, addParties, assertProblem, login, submit } from '../support/api.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { type Answer, type OpenOptions, StreamClient, type StreamEntry } from '../support/ws-client.js';

const ROSTER = 'red/air-deconfliction';
/** A roster of one member, for the drill where only going off line can move a delivery on. */
const LIAISON = 'red/ground-liaison';

const signers = {
  'blue.admin': OperatorSigner.generate(),
  'blue.duty': OperatorSigner.generate(),
  'red.admin': OperatorSigner.generate(),
  'red.1': OperatorSigner.generate(),
  'red.2': OperatorSigner.generate(),
  'red.chief': OperatorSigner.generate(),
  'grey.admin': OperatorSigner.generate(),
  'grey.duty': OperatorSigner.generate(),
};
type Operator = keyof typeof signers;

/** The message an entry is about: a message.send carries the message, the rest name it. */
function messageOf(entry: StreamEntry): string | undefined {
  const { message } = entry.command as { message?: string | { id: string } };
  return typeof message === 'object' ? message.id : message;
}

const isStep = (id: string) => (e: StreamEntry) =>
  (e.kind === 'delivery.step' || e.kind === 'delivery.expire') && messageOf(e) === id;

/** What a delivery's step entries say, in order: reason and who is asked ("expired" at the end). */
const stepsOf = (entries: StreamEntry[]) =>
  entries.map((e) =>
    e.kind === 'delivery.expire'
      ? 'expired'
      : `${String(e.command.reason)}: ${JSON.stringify(e.command.step)}`,
  );

const member = (operator: string, position: number) => JSON.stringify({ kind: 'member', operator, position });

function urgentStop(id: string) {
  return {
    id,
    kind: 'urgent-request',
    action: 'stop',
    recipients: [{ party: 'red', duty: 'air-deconfliction' }],
    template: {
      name: 'stop-request',
      fields: {
        position: [40.1412, 35.3065],
        activity: 'air strike on the bridge',
        at_risk: 'a UN convoy of 12 vehicles, stopped on the bridge',
      },
    },
    text: 'Stop: our convoy is on the bridge.',
    language: 'en',
  };
}

function accepted(answer: Answer): Extract<Answer, { type: 'accepted' }> {
  assert.equal(answer.type, 'accepted', JSON.stringify(answer));
  return answer as Extract<Answer, { type: 'accepted' }>;
}

function refusedWith(answer: Answer, status: number): void {
  assert.equal(answer.type, 'refused', JSON.stringify(answer));
  const { problem } = answer as Extract<Answer, { type: 'refused' }>;
  assert.equal(problem.status, status, JSON.stringify(problem));
}

describe('hotline drills over the WebSocket', { timeout: 300_000 }, () => {
  let hub: TestHub;
  const tokens = new Map<Operator, string>();
  const open: StreamClient[] = [];

  const sign = (operator: Operator, type: string, fields: Record<string, unknown>) =>
    signers[operator].command(hub.origin, type, fields);
  const ok = (operator: Operator, type: string, fields: Record<string, unknown>) =>
    accept(hub.url, hub.origin, signers[operator], type, fields);
  const receipt = (operator: Operator, message: string, state: string, recipient = ROSTER) =>
    sign(operator, 'delivery.receipt', { message, recipient, state });

  async function token(operator: Operator): Promise<string> {
    let found = tokens.get(operator);
    if (!found) {
      found = await login(hub.url, hub.origin, signers[operator]);
      tokens.set(operator, found);
    }
    return found;
  }

  /** An operator's client, signed in: from then on the operator is on line. */
  async function connect(
    operator: Operator,
    options: Omit<OpenOptions, 'token'> = {},
  ): Promise<StreamClient> {
    const client = await StreamClient.open(hub.url, { token: await token(operator), ...options });
    open.push(client);
    return client;
  }

  before(async () => {
    hub = await startTestHub();
    await addParties(hub.url, hub.origin, hub.admin, ['blue', 'red', 'grey'], signers);
    const duty = (admin: Operator, id: Operator) =>
      ok(admin, 'operator.add', {
        operator: { id, name: `Officer ${id}`, public_key: signers[id].publicKey },
        role: 'duty-officer',
      });
    await duty('blue.admin', 'blue.duty');
    for (const id of ['red.1', 'red.2', 'red.chief'] as const) await duty('red.admin', id);
    await duty('grey.admin', 'grey.duty');

    await ok('blue.admin', 'agreement.propose', {
      agreement: {
        id: 'blue/hotline',
        title: 'Hotline between blue and red',
        parties: ['blue', 'red'],
        terms:
          'Urgent requests are acknowledged within 2 s, coordination requests within 3 s; an officer off line for 1 s counts as gone.',
        ack_deadlines_s: { 'urgent-request': 2, 'coordination-request': 3 },
        offline_grace_s: 1,
      },
    });
    await ok('red.admin', 'agreement.sign', { agreement: 'blue/hotline' });
    const always: never[] = [];
    await ok('red.admin', 'roster.set', {
      roster: {
        duty: 'air-deconfliction',
        members: [
          { operator: 'red.1', shifts: always },
          { operator: 'red.2', shifts: always },
        ],
        chief: 'red.chief',
      },
    });
    await ok('red.admin', 'roster.set', {
      roster: {
        duty: 'ground-liaison',
        members: [{ operator: 'red.2', shifts: always }],
        chief: 'red.chief',
      },
    });
  });
  after(async () => {
    await Promise.all(open.map((client) => client.close()));
    await hub.stop();
  });

  test('an urgent stop request skips the first officer, off line, for the second, who receives, reads and acknowledges it over the socket; the sender sees each step live', async () => {
    const sender = await connect('blue.duty');
    const second = await connect('red.2');
    const id = 'blue/stop-1';

    accepted(await sender.command(sign('blue.duty', 'message.send', { message: urgentStop(id) })));

    const received = await second.until((e) => e.kind === 'message.send' && messageOf(e) === id);
    assert.deepEqual(received.at(-1)?.command.message, urgentStop(id));
    const [routed] = (await second.until(isStep(id))).slice(-1);
    assert.ok(routed);
    assert.deepEqual(stepsOf([routed]), [`sent: ${member('red.2', 1)}`]);
    assert.equal(routed.command.deadline_s, 2, 'the agreed deadline for urgent requests');

    for (const state of ['delivered', 'read', 'acknowledged']) {
      const answer = accepted(await second.command(receipt('red.2', id, state)));
      const [seen] = (await sender.until((e) => e.kind === 'delivery.receipt' && messageOf(e) === id)).slice(
        -1,
      );
      assert.ok(seen);
      assert.equal(seen.index, answer.index);
      assert.equal(seen.command.state, state);
      assert.deepEqual(seen.author, {
        party: 'red',
        operator: 'red.2',
        key: signers['red.2'].keyId,
      });
    }
    await Promise.all([sender.close(), second.close()]);
  });

  test('unacknowledged, an urgent request escalates at each 2 s deadline: the next officer, the duty chief, the whole party, then it expires; the sender sees each step', async () => {
    const sender = await connect('blue.duty');
    const first = await connect('red.1');
    const id = 'blue/stop-2';

    accepted(await sender.command(sign('blue.duty', 'message.send', { message: urgentStop(id) })));
    await first.until((e) => e.kind === 'message.send' && messageOf(e) === id);

    const steps = (await sender.until((e) => e.kind === 'delivery.expire' && messageOf(e) === id)).filter(
      isStep(id),
    );
    assert.deepEqual(stepsOf(steps), [
      `sent: ${member('red.1', 0)}`,
      `deadline: ${member('red.2', 1)}`,
      `deadline: ${JSON.stringify({ kind: 'chief', operator: 'red.chief' })}`,
      `deadline: ${JSON.stringify({ kind: 'party' })}`,
      'expired',
    ]);
    // Never early: each step comes once the one before it has let its deadline pass.
    for (let i = 1; i < steps.length; i++) {
      const due = Date.parse(String(steps[i - 1]?.command.deadline));
      assert.ok(
        Date.parse(String(steps[i]?.time)) >= due,
        `step ${i} came before ${steps[i - 1]?.command.deadline}`,
      );
    }
    await Promise.all([sender.close(), first.close()]);
  });

  test('a coordination request answered agreed with changes: the reply is a message of its own, with its own delivery', async () => {
    const sender = await connect('blue.duty');
    const officer = await connect('red.1');
    const id = 'blue/convoy-1';
    const request = {
      id,
      kind: 'coordination-request',
      recipients: [{ party: 'red', duty: 'air-deconfliction' }],
      template: {
        name: 'convoy-movement-notice',
        fields: {
          movement: 'blue/convoy-7',
          departure: new Date(Date.now() + 3_600_000).toISOString(),
          origin: [36.2021, 37.1102],
          destination: [36.4113, 37.2205],
          vehicles: 12,
          personnel: 40,
        },
      },
      text: 'Request passage for the convoy on the northern road.',
    };

    accepted(await sender.command(sign('blue.duty', 'message.send', { message: request })));
    const [routed] = (await officer.until(isStep(id))).slice(-1);
    assert.equal(routed?.command.deadline_s, 3, 'the agreed deadline for coordination requests');
    accepted(await officer.command(receipt('red.1', id, 'delivered')));
    accepted(await officer.command(receipt('red.1', id, 'acknowledged')));

    const replyId = 'red/convoy-1-answer';
    const reply = {
      id: replyId,
      kind: 'reply',
      recipients: [{ party: 'blue' }],
      reply_to: id,
      answer: 'agreed-with-changes',
      reasons: 'The northern road is closed to traffic until 14:00 UTC; pass after then.',
      text: 'Agreed, departing after 14:00 UTC.',
    };
    accepted(await officer.command(sign('red.1', 'message.send', { message: reply })));

    const heard = await sender.until((e) => e.kind === 'message.send' && messageOf(e) === replyId);
    const acknowledged = heard.find(
      (e) => e.kind === 'delivery.receipt' && e.command.state === 'acknowledged',
    );
    assert.equal((acknowledged?.author as { operator?: string } | undefined)?.operator, 'red.1');
    assert.deepEqual(heard.at(-1)?.command.message, reply);
    // The whole party is asked, blue having no roster for it.
    const [replyStep] = (await sender.until(isStep(replyId))).slice(-1);
    assert.deepEqual(stepsOf(replyStep ? [replyStep] : []), [`sent: ${JSON.stringify({ kind: 'party' })}`]);
    assert.equal(replyStep?.command.recipient, 'blue');

    for (const state of ['delivered', 'acknowledged']) {
      const answer = accepted(await sender.command(receipt('blue.duty', replyId, state, 'blue')));
      const [seen] = (
        await officer.until((e) => e.kind === 'delivery.receipt' && messageOf(e) === replyId)
      ).slice(-1);
      assert.equal(seen?.index, answer.index);
      assert.equal(seen?.command.state, state);
    }
    await Promise.all([sender.close(), officer.close()]);
  });

  test('a restart in the middle: the pending delivery still escalates after it, and a client resuming from its last index gets everything after it, once', async () => {
    let sender = await connect('blue.duty');
    const first = await connect('red.1');
    const since = (await sender.ready).after;
    const id = 'blue/stop-3';

    accepted(await sender.command(sign('blue.duty', 'message.send', { message: urgentStop(id) })));
    const beforeRestart = await sender.until(isStep(id));
    assert.deepEqual(stepsOf(beforeRestart.filter(isStep(id))), [`sent: ${member('red.1', 0)}`]);

    const sizeAtRestart = hub.running.hub.record.size;
    await hub.restart();
    // Closed as the hub going away (resume), not as the operators going off line (escalate).
    assert.equal((await sender.closed).code, 1001);
    assert.equal((await first.closed).code, 1001);

    // While blue's officer is away, blue's administrator sends a notice of its own.
    tokens.clear();
    await ok('blue.admin', 'message.send', {
      message: {
        id: 'blue/notice-1',
        kind: 'notification',
        recipients: [{ party: 'red' }],
        text: 'Our convoy will wait at the bridge until the strike is called off.',
      },
    });

    sender = await connect('blue.duty', { after: sender.last });
    // The escalation and the notice, in whichever order they were recorded.
    let escalated = false;
    let noticed = false;
    const afterRestart = await sender.until((e) => {
      escalated ||= isStep(id)(e) && e.index >= sizeAtRestart;
      noticed ||= e.kind === 'message.send' && messageOf(e) === 'blue/notice-1';
      return escalated && noticed;
    });
    const [escalation] = afterRestart.filter((e) => isStep(id)(e) && e.index >= sizeAtRestart);
    assert.deepEqual(stepsOf(escalation ? [escalation] : []), [`deadline: ${member('red.2', 1)}`]);

    // Everything blue may read since the first connection, as a client reading it whole sees it.
    const whole = await connect('blue.duty', { after: since });
    const expected = await whole.until((e) => e.index === sender.last);
    assert.deepEqual(
      [...beforeRestart, ...afterRestart].map((e) => e.index),
      expected.map((e) => e.index),
    );

    const second = await connect('red.2');
    accepted(await second.command(receipt('red.2', id, 'acknowledged')));
    await Promise.all([sender.close(), whole.close(), second.close()]);
  });

  test('an operator of another party is never sent a delivery and cannot receive or acknowledge it', async () => {
    const outsider = await connect('grey.duty', { after: -1 });
    const officer = await connect('red.1');
    const sender = await connect('blue.duty');
    const id = 'blue/stop-4';

    accepted(await sender.command(sign('blue.duty', 'message.send', { message: urgentStop(id) })));
    await officer.until((e) => e.kind === 'message.send' && messageOf(e) === id);

    // Reported as absent, whether over the socket or over HTTP.
    for (const state of ['delivered', 'acknowledged'])
      refusedWith(await outsider.command(receipt('grey.duty', id, state)), 404);
    assertProblem(
      await submit(hub.url, hub.origin, signers['grey.duty'], 'delivery.receipt', {
        message: id,
        recipient: ROSTER,
        state: 'acknowledged',
      }),
      404,
      'not-found',
    );
    // Nor may the sender acknowledge on the recipient's behalf.
    refusedWith(await sender.command(receipt('blue.duty', id, 'acknowledged')), 404);

    // An entry everyone may read marks where grey's stream has caught up.
    const marker = await ok('grey.admin', 'operator.add', {
      operator: { id: 'grey.viewer', name: 'Grey viewer', public_key: OperatorSigner.generate().publicKey },
      role: 'viewer',
    });
    const seen = await outsider.until((e) => e.index === marker.index);
    const hotline = seen.filter((e) => /^(message|delivery)\./.test(e.kind));
    assert.deepEqual(hotline, [], 'grey was sent hotline entries of blue and red');

    // The delivery itself is untouched: its own party acknowledges it.
    accepted(await officer.command(receipt('red.1', id, 'acknowledged')));
    await Promise.all([outsider.close(), officer.close(), sender.close()]);
  });

  test('an operator going off line with a delivery waiting on it: it passes on to the duty chief once the agreed grace is over', async () => {
    const sender = await connect('blue.duty');
    const liaison = await connect('red.2');
    const id = 'blue/position-1';
    // A notification's deadline is the hub's hour: only going off line can move it on in this test.
    const notice = {
      id,
      kind: 'notification',
      recipients: [{ party: 'red', duty: 'ground-liaison' }],
      template: {
        name: 'position-report',
        fields: { position: [36.3, 37.15], time: new Date().toISOString(), unit: 'Convoy 7' },
      },
    };

    accepted(await sender.command(sign('blue.duty', 'message.send', { message: notice })));
    const [routed] = (await liaison.until(isStep(id))).slice(-1);
    assert.deepEqual(stepsOf(routed ? [routed] : []), [`sent: ${member('red.2', 0)}`]);
    // Its client confirms the message reached it, and then the operator goes off line.
    accepted(await liaison.command(receipt('red.2', id, 'delivered', LIAISON)));
    const left = Date.now();
    await liaison.close();

    const steps = (await sender.until((e) => isStep(id)(e) && e.command.reason !== 'sent')).filter(
      isStep(id),
    );
    assert.deepEqual(stepsOf(steps), [
      `sent: ${member('red.2', 0)}`,
      `offline: ${JSON.stringify({ kind: 'chief', operator: 'red.chief' })}`,
    ]);
    const movedAt = Date.parse(String(steps.at(-1)?.command.time));
    assert.ok(movedAt - left >= 1000, `moved ${movedAt - left} ms after the officer left, within the grace`);
    await ok('red.chief', 'delivery.receipt', { message: id, recipient: LIAISON, state: 'acknowledged' });
    await sender.close();
  });
});
