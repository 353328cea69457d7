// How fast an operator, and a party's operators together, may send signed commands, over the real
// HTTP API on a hub whose operator set low limits (20 a minute per operator, 30 per party): beyond
// them the answer is 429 with Retry-After and nothing is recorded; an operator out of room is refused
// before its signature is checked; forged commands naming an operator's key do not spend its room;
// another party is not held back; and the room comes back with time.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import {
  accept,
  assertProblem,
  get,
  login,
  postCommand,
  type Reply,
  signCommand,
  submit,
} from '../support/api.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { StreamClient } from '../support/ws-client.js';

describe('the rate of signed commands', () => {
  let hub: TestHub;
  const blue = OperatorSigner.generate();
  const blueDuty = OperatorSigner.generate();
  const red = OperatorSigner.generate();
  let notes = 0;
  /** A routine notification to the other party: well within the hotline's own limits. */
  const note = (signer: OperatorSigner, from: 'blue' | 'red') =>
    signCommand(signer, hub.origin, 'message.send', {
      message: {
        id: `${from}/note-${notes++}`,
        kind: 'notification',
        recipients: [{ party: from === 'blue' ? 'red' : 'blue' }],
        text: 'Routine.',
      },
    });
  const recordSize = async () => ((await get(hub.url, '/healthz')).body as { size: number }).size;
  const refusedForRate = (reply: Reply, reason: RegExp) => {
    assertProblem(reply, 429, 'too-many-requests');
    const retryAfter = Number(reply.headers?.get('retry-after'));
    assert.ok(
      Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 3,
      `Retry-After ${retryAfter}`,
    );
    assert.equal((reply.body as { retry_after_s: number }).retry_after_s, retryAfter);
    assert.match((reply.body as { detail: string }).detail, reason);
    return retryAfter;
  };

  before(async () => {
    hub = await startTestHub({ limits: { commandsPerOperatorPerMinute: 20, commandsPerPartyPerMinute: 30 } });
    for (const [party, signer] of [
      ['blue', blue],
      ['red', red],
    ] as const) {
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: party },
        administrator: { id: `${party}.admin`, name: party, public_key: signer.publicKey },
      });
    }
    await accept(hub.url, hub.origin, blue, 'operator.add', {
      operator: { id: 'blue.duty', name: 'Blue duty officer', public_key: blueDuty.publicKey },
      role: 'duty-officer',
    });
  });
  after(() => hub.stop());

  test('an operator beyond its rate is answered 429 with Retry-After, before its signature is checked, and nothing is recorded', async () => {
    // The operator.add above was blue.admin's first: 19 more fit in its minute.
    const sent = await Promise.all(
      Array.from({ length: 40 }, () => postCommand(hub.url, note(blue, 'blue'))),
    );
    assert.equal(sent.filter((reply) => reply.status === 201).length, 19);
    const size = await recordSize();
    for (const reply of sent.filter((r) => r.status !== 201)) refusedForRate(reply, /this operator/);

    const more = await postCommand(hub.url, note(blue, 'blue'));
    refusedForRate(more, /this operator/);
    // A signature that does not verify is not even looked at: the author named is out of room.
    const unverifiable = { ...note(blue, 'blue'), signature: note(red, 'red').signature };
    refusedForRate(await postCommand(hub.url, unverifiable), /this operator/);
    assert.equal(await recordSize(), size, 'refusals at the door are not recorded');
  });

  test('forged commands naming another operator’s key spend none of its room', async () => {
    for (let i = 0; i < 40; i++) {
      const forged = { ...note(blueDuty, 'blue'), signature: note(red, 'red').signature };
      assertProblem(await postCommand(hub.url, forged), 401);
    }
    const real = await postCommand(hub.url, note(blueDuty, 'blue'));
    assert.equal(real.status, 201, real.text);
  });

  test('the operators of one party together are held to the party’s rate; another party is not', async () => {
    // blue.admin spent 20 and blue.duty 1 of blue's 30: blue.duty has 9 more before the party is out.
    const sent: Reply[] = [];
    for (let i = 0; i < 10; i++) sent.push(await postCommand(hub.url, note(blueDuty, 'blue')));
    assert.deepEqual(
      sent.map((reply) => reply.status),
      [201, 201, 201, 201, 201, 201, 201, 201, 201, 429],
    );
    const retryAfter = refusedForRate(sent[9] as Reply, /operators of this party/);

    const redNote = await submit(hub.url, hub.origin, red, 'message.send', {
      message: { id: 'red/note-busy', kind: 'notification', recipients: [{ party: 'blue' }], text: 'Busy?' },
    });
    assert.equal(redNote.status, 201, redNote.text);

    // The room comes back with time: once Retry-After has passed, blue's next command goes through.
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    const later = await postCommand(hub.url, note(blueDuty, 'blue'));
    assert.equal(later.status, 201, later.text);
  });

  test('commands over the hotline WebSocket are held to the same rate', async () => {
    // red.admin has sent one command: 19 more fit in its minute, over either door.
    const client = await StreamClient.open(hub.url, { token: await login(hub.url, hub.origin, red) });
    try {
      const answers = [];
      for (let i = 0; i < 22; i++) answers.push(await client.command(note(red, 'red')));
      assert.equal(answers.filter((answer) => answer.type === 'accepted').length, 19);
      for (const answer of answers.slice(19)) {
        assert.ok(answer.type === 'refused', JSON.stringify(answer));
        assert.equal(answer.problem.status, 429);
        const retryAfter = (answer.problem as { retry_after_s?: number }).retry_after_s;
        assert.ok(retryAfter !== undefined && retryAfter >= 1, `retry_after_s ${retryAfter}`);
      }
    } finally {
      await client.close();
    }
  });
});
