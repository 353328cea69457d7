// The group-commit writer over a real SQLite store whose commits the test holds: each commit the
// writer asks for waits at a gate until the test lets it through to the store or fails it. What the
// hub's users would notice: commands arriving together share one commit, in the order they came;
// nothing is answered, published or readable through the committed door before its commit is
// durable; a failed commit or a lost lease refuses the batch and everything queued with a 503 and
// leaves the record on disk as it was; a recorded refusal says where it is recorded.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import {
  type BatchReport,
  GroupCommitWriter,
  type WriterCommand,
} from '../../src/hub/group-commit-writer.js';
import { Hub } from '../../src/hub/hub.js';
import { HubEntries } from '../../src/hub/hub-entries.js';
import { hubSigner } from '../../src/hub/hub-signer.js';
import { NonceWindow } from '../../src/hub/nonce-window.js';
import { operatorEntries } from '../../src/hub/operator-entries.js';
import { Problem } from '../../src/hub/problem.js';
import { RefusalTallies } from '../../src/hub/refusal-tallies.js';
import { replayRecord } from '../../src/hub/replay.js';
import { StoredRecord } from '../../src/hub/stored-record.js';
import { type CommittedEntry, Subscribers } from '../../src/hub/subscribers.js';
import { validateCommand } from '../../src/hub/validate-command.js';
import { WRITER_LEASE_TTL_MS } from '../../src/hub/writer-lease-keeper.js';
import { parseTrustedEntry } from '../../src/record/index.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { type CommitBatch, LeaseLost } from '../../src/store/store.js';
import { HOUR_MS, operation, site } from '../support/declarations.js';
import { tempDir } from '../support/temp-dir.js';
import { until } from '../support/until.js';

const ORIGIN = 'writer.test/hub';
const T = Date.parse('2026-06-01T08:00:00Z');

/** The real store; each commit waits until the test passes it through to the store or fails it. */
class HeldStore {
  /** Every commit the writer asked for, in order, passed or not. */
  readonly asked: CommitBatch[] = [];
  /** How many commits the store has made durable. */
  durable = 0;
  private readonly held: { pass(): void; fail(error: Error): void }[] = [];

  constructor(readonly store: SqliteStore) {}

  commit(batch: CommitBatch): Promise<void> {
    this.asked.push(batch);
    return new Promise<void>((resolve, reject) => {
      this.held.push({
        pass: () =>
          this.store.commit(batch).then(() => {
            this.durable++;
            resolve();
          }, reject),
        fail: reject,
      });
    });
  }

  /** Waits until the writer has asked for its `count`th commit. */
  async asks(count: number): Promise<CommitBatch> {
    return until(`commit ${count} asked for`, () => this.asked[count - 1]);
  }

  /** Lets the oldest held commit through to the store. */
  pass(): void {
    this.next().pass();
  }

  fail(error: Error): void {
    this.next().fail(error);
  }

  private next() {
    const held = this.held.shift();
    assert.ok(held, 'no commit is held');
    return held;
  }
}

/** An answer, and whether it has come yet. */
function watched<T>(answer: Promise<T>): { settled: boolean; answer: Promise<T> } {
  const seen = { settled: false, answer };
  answer.then(
    () => (seen.settled = true),
    () => (seen.settled = true),
  );
  return seen;
}

/** What a batch report says, but for how long it took. */
const counts = ({ commitMs: _, ...report }: BatchReport) => report;

/** Lets everything already due run (commits in the store included) before looking. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

const refusal = async (answer: Promise<unknown>): Promise<Problem> => {
  const error = await answer.then(
    () => assert.fail('accepted'),
    (error: unknown) => error,
  );
  assert.ok(error instanceof Problem, String(error));
  return error;
};

describe('the group-commit writer', () => {
  const hubKey = generateKeyPairSync('ed25519').privateKey;
  const signer = hubSigner(ORIGIN, hubKey);
  const admins = { hub: OperatorSigner.generate(), alpha: OperatorSigner.generate() };
  const bravo = OperatorSigner.generate();
  let temp: ReturnType<typeof tempDir>;
  let store: SqliteStore;
  let held: HeldStore;
  let writer: GroupCommitWriter;
  let published: CommittedEntry[];
  let reports: BatchReport[];
  let fatal: Error[];
  /** The record's size once founded, before any command of the test. */
  let base: number;
  let foundedCheckpoint: string;
  const refusals = new RefusalTallies();
  const entries = new HubEntries(ORIGIN, signer);

  /** A command as the hub queues it once its signature is checked. */
  const command = (by: OperatorSigner, type: string, fields: Record<string, unknown>): WriterCommand => {
    const signed = by.command(ORIGIN, type, fields, T);
    const { handler } = validateCommand(signed.command);
    const nonce = NonceWindow.ofCommand(signed);
    return {
      nonce,
      decide: (state, now) =>
        operatorEntries(
          state,
          { now, nonces: writer.nonces, online: () => false, refusals, entries },
          handler,
          signed,
          nonce,
        ),
    };
  };
  let added = 0;
  const addViewer = () =>
    command(admins.alpha, 'operator.add', {
      operator: {
        id: `alpha.viewer-${++added}`,
        name: 'viewer',
        public_key: OperatorSigner.generate().publicKey,
      },
      role: 'viewer',
    });
  const viewerId = (n: number) => `alpha.viewer-${n}`;

  /** Opens the writer over the record as stored, as the hub does. */
  const openWriter = async (maxBatch?: number) => {
    const replayed = await replayRecord(store, { audit: false });
    replayed.state.deconfliction.buildIndex();
    const record = await StoredRecord.open(store, replayed.frontier);
    assert.ok(replayed.checkpoint);
    const subscribers = new Subscribers();
    subscribers.add({ name: 'test', entries: (committed) => published.push(...committed) });
    writer = new GroupCommitWriter(
      {
        store: held,
        origin: ORIGIN,
        signer,
        entries,
        subscribers,
        clock: () => T,
        maxBatch,
        onBatch: (report) => reports.push(report),
        onFatal: (error) => fatal.push(error),
      },
      { state: replayed.state, record, nonces: new NonceWindow(), checkpoint: replayed.checkpoint.text },
    );
  };

  /** What is stored from `start` on, as kinds. */
  const storedKinds = async (start: number) => {
    const stored = await store.entries(start, await store.size());
    return stored.map((item) => parseTrustedEntry(item.bytes).kind);
  };

  beforeEach(async () => {
    temp = tempDir();
    store = new SqliteStore(`${temp.path}/record.db`);
    // The record founded by the hub itself, with two parties: alpha and bravo.
    const hub = await Hub.open({ store, hubKey, origin: ORIGIN, clock: () => T, verifyThreads: 1 });
    await hub.found(
      { id: 'hub', name: 'Hub' },
      { id: 'hub.admin', name: 'Admin', publicKey: admins.hub.publicKey },
    );
    for (const [party, admin] of [
      ['alpha', admins.alpha],
      ['bravo', bravo],
    ] as const) {
      await hub.submit(
        admins.hub.command(
          ORIGIN,
          'party.create',
          {
            party: { id: party, name: party },
            administrator: { id: `${party}.admin`, name: party, public_key: admin.publicKey },
          },
          T,
        ),
      );
    }
    await hub.close();
    base = await store.size();
    foundedCheckpoint = hub.checkpoint();
    held = new HeldStore(store);
    published = [];
    reports = [];
    fatal = [];
    await openWriter();
  });
  afterEach(async () => {
    await store.close();
    temp.remove();
  });

  test('commands arriving together share one commit, at consecutive indices in the order they came', async () => {
    const answers = Array.from({ length: 5 }, () => writer.enqueue(addViewer()));
    const commit = await held.asks(1);
    held.pass();
    const accepted = await Promise.all(answers);
    assert.equal(held.asked.length, 1);
    assert.deepEqual(
      accepted.map((a) => a.index),
      [0, 1, 2, 3, 4].map((i) => base + i),
    );
    for (const answer of accepted) {
      assert.equal(answer.size, base + 5);
      assert.equal(answer.checkpoint, writer.checkpoint());
    }
    assert.deepEqual(
      commit.entries.map((e) => e.index),
      accepted.map((a) => a.index),
    );
    assert.equal(commit.checkpoint.size, base + 5);
    // In the order they came: each entry adds the viewer its command named.
    const stored = await store.entries(base, base + 5);
    assert.deepEqual(
      stored.map((item) => (parseTrustedEntry(item.bytes).command.operator as { id: string }).id),
      [1, 2, 3, 4, 5].map(viewerId),
    );
    assert.deepEqual(
      published.map((item) => item.index),
      accepted.map((a) => a.index),
    );
    assert.deepEqual(reports.map(counts), [{ commands: 5, accepted: 5, entries: 5, size: base + 5 }]);
  });

  test('nothing is answered or published while its commit is held, however long', async () => {
    const answers = [watched(writer.enqueue(addViewer())), watched(writer.enqueue(addViewer()))];
    await held.asks(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(
      answers.map((a) => a.settled),
      [false, false],
    );
    assert.deepEqual(published, []);
    assert.equal(await store.size(), base);
    held.pass();
    await Promise.all(answers.map((a) => a.answer));
    assert.equal(await store.size(), base + 2);
  });

  test('a command arriving while a commit is in flight goes in the next one', async () => {
    const first = watched(writer.enqueue(addViewer()));
    await held.asks(1);
    const later = [watched(writer.enqueue(addViewer())), watched(writer.enqueue(addViewer()))];
    await settle();
    assert.equal(held.asked.length, 1, 'a second commit began while the first was in flight');
    held.pass();
    assert.equal((await first.answer).size, base + 1);
    const next = await held.asks(2);
    assert.deepEqual(
      next.entries.map((e) => e.index),
      [base + 1, base + 2],
    );
    assert.deepEqual(
      later.map((a) => a.settled),
      [false, false],
    );
    held.pass();
    assert.deepEqual(
      (await Promise.all(later.map((a) => a.answer))).map((a) => [a.index, a.size]),
      [
        [base + 1, base + 3],
        [base + 2, base + 3],
      ],
    );
    assert.deepEqual(
      reports.map((r) => r.commands),
      [1, 2],
    );
  });

  test('the committed door waits until the batch is durable and then sees it; the live door sees it at once', async () => {
    const answer = writer.enqueue(addViewer());
    await held.asks(1);
    const id = viewerId(added);
    assert.equal(
      writer.live((state) => state.operators.has(id)),
      true,
    );
    let durableWhenRead = -1;
    const read = watched(
      writer.read((state) => {
        durableWhenRead = held.durable;
        return state.operators.has(id);
      }),
    );
    await settle();
    assert.equal(read.settled, false, 'a committed read went ahead of the commit');
    held.pass();
    assert.equal(await read.answer, true);
    assert.equal(durableWhenRead, 1);
    await answer;
    // With nothing in flight, the committed door opens at once.
    assert.equal(await writer.read((state) => state.operators.has(id)), true);
  });

  test('a commit that fails refuses its batch and everything queued with a 503, publishes nothing, and leaves the record as it was', async () => {
    const batch = [writer.enqueue(addViewer()), writer.enqueue(addViewer())];
    await held.asks(1);
    const queued = [writer.enqueue(addViewer()), writer.enqueue(addViewer())];
    const waiting = writer.read((state) => state.size);
    held.fail(new Error('disk I/O error'));
    for (const answer of [...batch, ...queued]) {
      const problem = await refusal(answer);
      assert.equal(problem.status, 503);
      assert.equal(problem.title, 'The hub cannot write its record');
    }
    assert.equal((await refusal(waiting)).status, 503);
    assert.equal(held.asked.length, 1, 'the queued commands were written after the failure');
    assert.deepEqual(published, []);
    assert.deepEqual(reports, []);
    assert.deepEqual(
      fatal.map((e) => e.message),
      ['disk I/O error'],
    );
    assert.equal(await store.size(), base);
    assert.equal((await store.checkpointAt(base))?.text, foundedCheckpoint);
    assert.equal(writer.checkpoint(), foundedCheckpoint);
    assert.equal(writer.record.size, base);
    // The state took in a batch the record does not hold: it is not served, and must be rebuilt.
    assert.equal(writer.diverged, true);
    assert.equal((await refusal(writer.enqueue(addViewer()))).status, 503);
    assert.equal(held.asked.length, 1);
  });

  test('a lease lost mid-commit refuses the queue at once and the batch once its commit is fenced off, saying when to retry', async () => {
    const batch = [writer.enqueue(addViewer()), writer.enqueue(addViewer())];
    await held.asks(1);
    const queued = watched(writer.enqueue(addViewer()));
    const waiting = writer.read((state) => state.size);
    const lost = new LeaseLost('another hub holds the writer lease');
    writer.loseLease(lost);
    const retryAfter = WRITER_LEASE_TTL_MS / 1000;
    // What waited behind the commit is refused without waiting for it.
    for (const answer of [queued.answer, waiting]) {
      const problem = await refusal(answer);
      assert.equal(problem.status, 503);
      assert.equal(problem.title, 'This hub is no longer the writer');
      assert.equal(problem.extensions.retry_after_s, retryAfter);
    }
    // The database refuses the commit of a writer whose lease is gone.
    held.fail(lost);
    for (const answer of batch) {
      const problem = await refusal(answer);
      assert.equal(problem.status, 503);
      assert.equal(problem.extensions.retry_after_s, retryAfter);
    }
    assert.deepEqual(published, []);
    assert.equal(await store.size(), base);
    assert.equal(writer.diverged, true);
  });

  test('a refusal with consequences is answered once they are durable, saying where they are recorded', async () => {
    const declare = (by: OperatorSigner, declaration: object) =>
      command(by, 'declaration.submit', { declaration, known_conflicts: [] });
    const strike = writer.enqueue(declare(admins.alpha, operation('alpha/strike-1', [40.0, 35.0], 0.1, T)));
    await held.asks(1);
    held.pass();
    await strike;
    // Bravo declares a hospital inside alpha's operation without naming the conflict; a viewer
    // alpha adds in the same batch comes after what bravo was told.
    const hospital = watched(
      writer.enqueue(declare(bravo, site('bravo/hospital-1', [40.05, 35.05], 300, T - HOUR_MS))),
    );
    const viewer = watched(writer.enqueue(addViewer()));
    // A refusal with nothing to record is answered at once, commit or not: here the viewer's id was
    // taken by the command just ahead of it in the same batch.
    const again = await refusal(writer.enqueue(addViewerAgain()));
    assert.equal(again.status, 409);
    const commit = await held.asks(2);
    await settle();
    assert.equal(hospital.settled, false, 'the refusal was answered before what it recorded was durable');
    const at = await store.size();
    assert.equal(at, base + 1);
    held.pass();
    const problem = await refusal(hospital.answer);
    assert.equal(problem.status, 409);
    assert.equal(problem.extensions.recorded_at, at);
    assert.equal((await viewer.answer).index, at + 1);
    assert.deepEqual(
      commit.entries.map((e) => e.index),
      [at, at + 1],
    );
    assert.deepEqual(await storedKinds(at), ['conflicts.disclosed', 'operator.add']);
    assert.deepEqual(reports.map(counts).at(-1), { commands: 3, accepted: 1, entries: 2, size: at + 2 });
    // The hospital itself was not declared.
    assert.equal(
      await writer.read((state) => state.deconfliction.declarations.has('bravo/hospital-1')),
      false,
    );
  });

  test('the batch cap splits a burst into commits of at most that many, in order', async () => {
    await openWriter(3);
    const answers = Array.from({ length: 7 }, () => writer.enqueue(addViewer()));
    for (const count of [1, 2, 3]) {
      await held.asks(count);
      held.pass();
    }
    const accepted = await Promise.all(answers);
    assert.deepEqual(
      held.asked.map((commit) => commit.entries.map((e) => e.index - base)),
      [[0, 1, 2], [3, 4, 5], [6]],
    );
    assert.deepEqual(
      accepted.map((a) => [a.index - base, a.size - base]),
      [
        [0, 3],
        [1, 3],
        [2, 3],
        [3, 6],
        [4, 6],
        [5, 6],
        [6, 7],
      ],
    );
    assert.deepEqual(
      published.map((item) => item.index - base),
      [0, 1, 2, 3, 4, 5, 6],
    );
  });

  /** The viewer added last, added again: refused, since the id is taken. */
  function addViewerAgain(): WriterCommand {
    return command(admins.alpha, 'operator.add', {
      operator: { id: viewerId(added), name: 'viewer', public_key: OperatorSigner.generate().publicKey },
      role: 'viewer',
    });
  }
});
