// One party flooding another's roster, over the real HTTP API: a burst of 2,000 urgent stop requests
// gets 429 with Retry-After once over the limit; the record grows by one refusal entry for the
// episode, not one per attempt, and the recipient still sees who floods it and exactly how often;
// the roster's officers are asked about a bounded number, another party's request still gets through
// on top; once the window has passed the attempts counted meanwhile are written as one entry and the
// sender may send again. Repeats of a request still waiting are grouped with it.
// Agreements raise or lower the limit, and name whom to tell when an urgent request expires with
// nobody answering (the hub's custodians by default).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RefusedSenderView } from '../../src/client/hub-views.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, assertProblem, get, login, type Reply, submit } from '../support/api.js';
import { mapLimit } from '../support/concurrency.js';
import { startTestHub, type TestHub } from '../support/hub.js';

interface DeliveryView {
  recipient: string;
  state: string;
  step: { kind: string; operator?: string };
  deadline: string | null;
  acknowledged_by?: string;
  grouped_with?: string;
  repeats?: { count: number; first: string; last: string; messages: string[] };
}
interface MessageView {
  id: string;
  from: string;
  kind: string;
  message: { template?: { name: string; fields: Record<string, unknown> } };
  deliveries: DeliveryView[];
}
interface RecordedEntry {
  kind: string;
  command: Record<string, unknown>;
  visibility: string[];
}

const PARTIES = ['blue', 'red', 'green', 'yellow', 'orange', 'purple', 'grey', 'un'] as const;
/** How many attempts a refusal entry stands for. */
const attemptsOf = (entry: RecordedEntry) =>
  (entry.command.attempts as { count: number } | undefined)?.count ?? 1;
type Party = (typeof PARTIES)[number];

describe('a party flooding another’s roster', () => {
  let hub: TestHub;
  const admins = Object.fromEntries(PARTIES.map((p) => [p, OperatorSigner.generate()])) as Record<
    Party,
    OperatorSigner
  >;
  const r1 = OperatorSigner.generate();
  /** `hub`: the hub's custodians, whose administrator founded it. */
  type Reader = Party | 'r1' | 'hub';
  const tokens: Partial<Record<Reader, string>> = {};
  const read = (who: Reader, path: string) => get(hub.url, path, tokens[who]);

  /** An urgent stop request to red's air-deconfliction roster; `at` varies the position. */
  const stopRequest = (id: string, at: number) => ({
    message: {
      id,
      kind: 'urgent-request',
      action: 'stop',
      recipients: [{ party: 'red', duty: 'air-deconfliction' }],
      template: {
        name: 'stop-request',
        fields: { position: [40.14, 35.29 + at / 1000], activity: 'air strike' },
      },
    },
  });
  const send = (party: Party, id: string, at: number) =>
    submit(hub.url, hub.origin, admins[party], 'message.send', stopRequest(`${party}/${id}`, at));

  const inbox = async (who: Reader, query = 'box=in&waiting=true') =>
    ((await read(who, `/v1/messages?${query}`)).body as { messages: MessageView[] }).messages;
  const message = async (who: Reader, id: string) =>
    (await read(who, `/v1/messages/${id}`)).body as MessageView;

  /** The entries from `start` to the end of the record that `who` may read. */
  async function entriesFrom(who: Party, start: number): Promise<{ index: number; entry: RecordedEntry }[]> {
    const found: { index: number; entry: RecordedEntry }[] = [];
    for (;;) {
      const size = ((await get(hub.url, '/healthz')).body as { size: number }).size;
      if (start >= size) return found;
      const end = Math.min(size, start + 1000);
      const page = (await read(who, `/v1/record/entries?start=${start}&end=${end}`)).body as {
        entries: { index: number; entry?: RecordedEntry }[];
      };
      for (const item of page.entries) if (item.entry) found.push({ index: item.index, entry: item.entry });
      start = end;
    }
  }
  const recordSize = async () => ((await get(hub.url, '/healthz')).body as { size: number }).size;
  const refusedRows = async (who: Party) =>
    ((await read(who, '/v1/hotline/refused')).body as { refused: RefusedSenderView[] }).refused;

  async function agreement(id: string, parties: Party[], terms: Record<string, unknown>) {
    const [proposer, ...others] = parties as [Party, ...Party[]];
    await accept(hub.url, hub.origin, admins[proposer], 'agreement.propose', {
      agreement: { id, title: id, parties, terms: 'Hotline terms.', ...terms },
    });
    for (const party of others)
      await accept(hub.url, hub.origin, admins[party], 'agreement.sign', { agreement: id });
  }

  /** Polls until `check` returns something, for what the hub's own clock brings about. */
  async function eventually<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
    const until = Date.now() + 30_000;
    for (;;) {
      const found = await check();
      if (found !== undefined) return found;
      if (Date.now() > until) assert.fail(`never happened: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  before(async () => {
    // The rate of commands at the door is lifted: what is tested is what the hub records of the
    // attempts that reach the writer (a party with many operators reaches it as fast).
    hub = await startTestHub({
      limits: { commandsPerOperatorPerMinute: 100_000, commandsPerPartyPerMinute: 100_000 },
    });
    for (const party of PARTIES) {
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: party },
        administrator: { id: `${party}.admin`, name: party, public_key: admins[party].publicKey },
      });
      tokens[party] = await login(hub.url, hub.origin, admins[party]);
    }
    await accept(hub.url, hub.origin, admins.red, 'operator.add', {
      operator: { id: 'red.r1', name: 'Red duty officer', public_key: r1.publicKey },
      role: 'duty-officer',
    });
    tokens.r1 = await login(hub.url, hub.origin, r1);
    tokens.hub = await login(hub.url, hub.origin, hub.admin);
    await accept(hub.url, hub.origin, admins.red, 'roster.set', {
      roster: {
        duty: 'air-deconfliction',
        members: [{ operator: 'red.r1', shifts: [] }],
        chief: 'red.admin',
      },
    });
  });
  after(() => hub.stop());

  test('2,000 urgent requests in a burst: 5 go through, the rest get 429 with Retry-After; the record grows by one refusal entry, not 1,995; another party still gets through', async () => {
    const start = await recordSize();
    const started = Date.now();
    // 32 at a time, as fast as the hub answers.
    const replies = await mapLimit(Array.from({ length: 2000 }), 32, (_, i) => send('blue', `flood-${i}`, i));
    const elapsedS = (Date.now() - started) / 1000;

    const accepted = replies.filter((reply) => reply.status === 201);
    const refused = replies.filter((reply) => reply.status !== 201);
    assert.equal(accepted.length, 5, 'the default: 5 urgent requests a minute from one party to one roster');
    assert.equal(refused.length, 1995);
    for (const reply of refused) {
      assertProblem(reply, 429, 'too-many-messages');
      const retryAfter = Number(reply.headers?.get('retry-after'));
      assert.ok(
        Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60,
        `Retry-After ${retryAfter}`,
      );
      const problem = reply.body as { retry_after_s: number; errors: { field: string }[] };
      assert.equal(problem.retry_after_s, retryAfter);
      assert.deepEqual(
        problem.errors.map((e) => e.field),
        ['/command/message/recipients/0'],
      );
    }

    // The record grew by the five messages, their five deliveries and one refusal for the episode
    // (one more for each minute the burst lasted), readable by the sender and the recipient only.
    const redSees = await entriesFrom('red', start);
    const refusals = redSees.filter(({ entry }) => entry.kind === 'message.refused');
    const windows = Math.ceil(elapsedS / 60);
    assert.ok(refusals.length >= 1 && refusals.length <= windows, `${refusals.length} refusal entries`);
    assert.ok(
      (await recordSize()) - start <= 10 + windows,
      `the record grew by ${(await recordSize()) - start}`,
    );
    const namedIn = refused.flatMap((reply) => {
      const at = (reply.body as { recorded_at?: number }).recorded_at;
      return at === undefined ? [] : [at];
    });
    assert.deepEqual(
      new Set(namedIn),
      new Set(refusals.filter(({ entry }) => !entry.command.attempts).map(({ index }) => index)),
      'the 429 whose refusal was written at once names its entry',
    );
    for (const { entry } of refusals) {
      assert.deepEqual(entry.visibility, ['blue', 'red']);
      assert.deepEqual(entry.command.by, { party: 'blue', operator: 'blue.admin' });
      assert.equal(entry.command.recipient, 'red/air-deconfliction');
      assert.deepEqual(entry.command.limit, { count: 5, window_s: 60 });
    }
    assert.deepEqual(
      (await entriesFrom('blue', start)).filter((e) => e.entry.kind === 'message.refused'),
      refusals,
    );
    assert.equal((await entriesFrom('green', start)).length, 0);

    // Every attempt is accounted for: those written, and those counted to be written together.
    const [row] = await refusedRows('red');
    assert.equal(row?.count, 1995);
    assert.equal(
      refusals.reduce((sum, { entry }) => sum + attemptsOf(entry), 0) + (row?.unrecorded ?? 0),
      1995,
    );

    // Red's officer is asked about five of them, not three hundred.
    const waiting = await inbox('r1');
    assert.equal(waiting.length, 5);
    assert.ok(waiting.every((m) => m.from === 'blue' && m.deliveries[0]?.step.operator === 'red.r1'));

    // Green's real request is not buried: it goes through, and is first in the officer's list.
    const green = await send('green', 'stop-now', 0);
    assert.equal(green.status, 201, green.text);
    const after = await inbox('r1');
    assert.equal(after.length, 6);
    assert.equal(after[0]?.id, 'green/stop-now');
    assert.equal(after[0]?.deliveries[0]?.step.operator, 'red.r1');

    // Blue's routine messages to red have a budget of their own.
    const notification = await submit(hub.url, hub.origin, admins.blue, 'message.send', {
      message: { id: 'blue/note-1', kind: 'notification', recipients: [{ party: 'red' }], text: 'Routine.' },
    });
    assert.equal(notification.status, 201, notification.text);
  });

  test('the recipient sees who is flooding it, and how often; the sender sees its own; others nothing', async () => {
    const row = {
      party: 'blue',
      operator: 'blue.admin',
      recipient: 'red/air-deconfliction',
      kind: 'urgent-request',
      count: 1995,
    };
    for (const who of ['red', 'blue'] as const) {
      const [found, ...rest] = await refusedRows(who);
      assert.deepEqual(rest, []);
      assert.ok(found, `${who} sees the refusals`);
      const { first, last, entry, unrecorded, ...counted } = found;
      assert.deepEqual(counted, row);
      assert.ok(Date.parse(first) < Date.parse(last));
      assert.ok(entry > 0);
      assert.ok(unrecorded >= 0 && unrecorded < 1995);
    }
    assert.deepEqual(await refusedRows('green'), []);
  });

  test('repeats of a request still waiting are grouped with it, ring once, and are acknowledged with it', async () => {
    const start = await recordSize();
    for (const id of ['stop-a', 'stop-b', 'stop-c']) {
      const reply = await send('yellow', id, 7);
      assert.equal(reply.status, 201, reply.text);
    }
    const written = (await entriesFrom('yellow', start)).map(({ entry }) => entry.kind);
    assert.deepEqual(written, [
      'message.send',
      'delivery.step',
      'message.send',
      'delivery.grouped',
      'message.send',
      'delivery.grouped',
    ]);

    // One item for red's officer, counting the repeats, each of which waits on nobody.
    const fromYellow = (await inbox('r1')).filter((m) => m.from === 'yellow');
    assert.deepEqual(
      fromYellow.map((m) => m.id),
      ['yellow/stop-a'],
    );
    const first = fromYellow[0]?.deliveries[0];
    assert.equal(first?.repeats?.count, 2);
    assert.deepEqual(first?.repeats?.messages, ['yellow/stop-b', 'yellow/stop-c']);
    assert.ok(Date.parse(first?.repeats?.first ?? '') <= Date.parse(first?.repeats?.last ?? ''));
    const repeat = (await message('yellow', 'yellow/stop-c')).deliveries[0];
    assert.equal(repeat?.grouped_with, 'yellow/stop-a');
    assert.equal(repeat?.deadline, null, 'no deadline of its own: it does not escalate');

    // Acknowledging the first acknowledges the repeats, as the sender sees.
    await accept(hub.url, hub.origin, r1, 'delivery.receipt', {
      message: 'yellow/stop-a',
      recipient: 'red/air-deconfliction',
      state: 'acknowledged',
    });
    for (const id of ['yellow/stop-b', 'yellow/stop-c']) {
      const delivery = (await message('yellow', id)).deliveries[0];
      assert.equal(delivery?.state, 'acknowledged');
      assert.equal(delivery?.acknowledged_by, 'red.r1');
    }
    assert.deepEqual(
      (await inbox('r1')).filter((m) => m.from === 'yellow'),
      [],
    );

    // Sent again after it was acknowledged, it is news: it rings again.
    const again = await send('yellow', 'stop-d', 7);
    assert.equal(again.status, 201, again.text);
    const [, routed] = (await entriesFrom('yellow', (again.body as { index: number }).index)).map(
      (e) => e.entry,
    );
    assert.equal(routed?.kind, 'delivery.step');
  });

  test('an agreement raises the limit between its parties', async () => {
    await agreement('purple/hotline', ['purple', 'red'], {
      send_limits: { 'urgent-request': { count: 8, window_s: 60 } },
    });
    const replies: Reply[] = [];
    for (let i = 0; i < 9; i++) replies.push(await send('purple', `stop-${i}`, i));
    assert.deepEqual(
      replies.map((reply) => reply.status),
      [201, 201, 201, 201, 201, 201, 201, 201, 429],
    );
  });

  test('an agreement lowers the limit; when an urgent request expires with nobody answering, the sender and the agreement’s next contact are told at once', async () => {
    await agreement('orange/hotline', ['orange', 'red', 'un'], {
      send_limits: { 'urgent-request': { count: 2, window_s: 600 } },
      ack_deadlines_s: { 'urgent-request': 1 },
      next_contact: { party: 'un' },
    });
    const replies: Reply[] = [];
    for (let i = 0; i < 3; i++) replies.push(await send('orange', `stop-${i}`, i));
    assert.deepEqual(
      replies.map((reply) => reply.status),
      [201, 201, 429],
    );
    const retryAfter = Number(replies[2]?.headers?.get('retry-after'));
    assert.ok(retryAfter > 590 && retryAfter <= 600, `Retry-After ${retryAfter}`);

    // r1, then the duty chief, then all of red let a second each pass: the request expires.
    const expiredNotice = async (who: Reader) => {
      const found = (await inbox(who, 'box=in')).filter(
        (m) =>
          m.message.template?.name === 'request-expired' &&
          m.message.template.fields.message === 'orange/stop-0',
      );
      return found.length > 0 ? found : undefined;
    };
    const [toOrange] = await eventually('orange is told its request expired', () => expiredNotice('orange'));
    assert.equal(toOrange?.from, 'hub');
    assert.equal(toOrange?.message.template?.fields.recipient, 'red/air-deconfliction');
    assert.equal(
      toOrange?.message.template?.fields.asked,
      'red.r1, duty chief red.admin, every operator of the party',
    );
    assert.equal(toOrange?.deliveries[0]?.recipient, 'orange');
    assert.ok(await expiredNotice('un'), 'the agreement’s next contact is told');
    assert.equal((await message('orange', 'orange/stop-0')).deliveries[0]?.state, 'expired');
    // The agreement named UN: the custodians are not told of it.
    assert.equal(await expiredNotice('hub'), undefined);
  });

  test('without an agreement naming one, the hub’s custodians are told', async () => {
    await agreement('green/fast-hotline', ['green', 'red'], { ack_deadlines_s: { 'urgent-request': 1 } });
    const reply = await send('green', 'stop-late', 99);
    assert.equal(reply.status, 201, reply.text);
    await eventually('the custodians are told', async () =>
      (await inbox('hub', 'box=in')).find(
        (m) =>
          m.message.template?.name === 'request-expired' &&
          m.message.template.fields.message === 'green/stop-late',
      ),
    );
  });

  test('once the window has passed, the attempts counted meanwhile are written as one entry and the sender may send again', async () => {
    await agreement('grey/hotline', ['grey', 'red'], {
      send_limits: { 'urgent-request': { count: 2, window_s: 2 } },
    });
    const start = await recordSize();
    const replies = await mapLimit(Array.from({ length: 202 }), 32, (_, i) => send('grey', `burst-${i}`, i));
    assert.equal(replies.filter((reply) => reply.status === 201).length, 2);
    const greyRow = async () => (await refusedRows('grey')).find((row) => row.party === 'grey');

    // Within a few seconds of the window passing, the hub has written every attempt it counted.
    const row = await eventually('the counted attempts are written', async () => {
      const found = await greyRow();
      return found?.unrecorded === 0 ? found : undefined;
    });
    assert.equal(row.count, 200);
    const refusals = (await entriesFrom('grey', start)).filter(
      ({ entry }) => entry.kind === 'message.refused',
    );
    assert.equal(
      refusals.reduce((sum, { entry }) => sum + attemptsOf(entry), 0),
      200,
    );
    assert.ok(refusals.length < 200 / 4, `${refusals.length} refusal entries for 200 attempts`);
    const tally = refusals.find(({ entry }) => entry.command.attempts)?.entry.command.attempts as
      | { count: number; first: string; last: string }
      | undefined;
    assert.ok(tally && tally.count > 1 && Date.parse(tally.first) <= Date.parse(tally.last));

    // The window has passed: grey's next request goes through.
    const again = await send('grey', 'after-window', 0);
    assert.equal(again.status, 201, again.text);
  });

  test('after a restart, replaying the record gives the same limits, refusals and groups', async () => {
    // Orange, still over its agreed two in ten minutes, is refused three times more: counted, not yet written.
    for (let i = 0; i < 3; i++)
      assertProblem(await send('orange', `stop-more-${i}`, i), 429, 'too-many-messages');
    const before = await refusedRows('red');
    const orangeBefore = before.find((row) => row.party === 'orange');
    assert.equal(orangeBefore?.unrecorded, 3);
    await hub.restart();
    for (const who of ['red', 'orange', 'yellow'] as const)
      tokens[who] = await login(hub.url, hub.origin, admins[who]);
    // The hub wrote what it had counted as it stopped: the same counts, all of them in the record.
    const seen = ({ entry: _, unrecorded: __, ...row }: RefusedSenderView) => row;
    const after = await refusedRows('red');
    assert.deepEqual(after.map(seen), before.map(seen));
    assert.ok(after.every((row) => row.unrecorded === 0));
    // Orange's two of its agreed two in ten minutes are still counted.
    const orange = await send('orange', 'stop-after-restart', 50);
    assertProblem(orange, 429, 'too-many-messages');
    // Yellow's last request still waits, so the same again is grouped with it.
    const repeat = await send('yellow', 'stop-e', 7);
    assert.equal(repeat.status, 201, repeat.text);
    assert.equal((await message('yellow', 'yellow/stop-e')).deliveries[0]?.grouped_with, 'yellow/stop-d');
  });

  test('withdrawing a request withdraws its repeats: none is left waiting on nobody', async () => {
    await accept(hub.url, hub.origin, admins.yellow, 'message.withdraw', {
      message: 'yellow/stop-d',
      reason: 'The strike is over.',
    });
    const repeat = (await message('yellow', 'yellow/stop-e')).deliveries[0];
    assert.equal(repeat?.state, 'withdrawn');
  });
});
