// The writer's lease on a real PostgreSQL cluster: hubs sharing one database race for it and one
// wins; it lapses by the database's clock, whatever the hubs' clocks say; and a hub that lost it,
// whether it stopped renewing, had a commit under way at the takeover, or was paused with SIGSTOP,
// writes nothing of its batch.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { PostgresqlStore } from '../../src/store/postgresql-store.js';
import { type CommitBatch, LeaseLost, type WriterLease, WriterLeaseHeld } from '../../src/store/store.js';
import { REPO } from '../support/cli.js';
import { type PostgresServer, postgresUnavailable, startPostgres } from '../support/postgis.js';
import { until } from '../support/until.js';

const unavailable = postgresUnavailable();
const VERIFIER_KEY = 'lease.example/hub+00000000+AQ==';
const SHORT_TTL_MS = 600;
const LONG_TTL_MS = 60_000;

/** One entry at `size`, as the hub would write it (the store checks only that it is contiguous). */
function batchAt(size: number, kind: string): CommitBatch {
  return {
    entries: [
      { index: size, kind, time: new Date(0).toISOString(), visibility: ['*'], bytes: new Uint8Array([7]) },
    ],
    nodes: [],
    checkpoint: { size: size + 1, text: `${kind} at ${size}` },
  };
}

describe('the writer’s lease on PostgreSQL', { skip: unavailable ?? false }, () => {
  let server: PostgresServer;
  let databases = 0;
  const opened: PostgresqlStore[] = [];

  /** A fresh database, and a way to open stores on it as several hubs would. */
  async function sharedDatabase(): Promise<{ name: string; url: string; open(): Promise<PostgresqlStore> }> {
    const name = `lease_${++databases}`;
    await server.query(`CREATE DATABASE ${name}`);
    const url = server.url({ database: name });
    return {
      name,
      url,
      open: async () => {
        const store = await PostgresqlStore.open(url, VERIFIER_KEY);
        opened.push(store);
        return store;
      },
    };
  }

  /** Waits until the database's clock says nobody holds the lease. */
  const lapsed = (store: PostgresqlStore) =>
    until('the lease lapsed', async () => (await store.writerLease()) === null);

  before(async () => {
    server = await startPostgres();
  });
  after(async () => {
    for (const store of opened) await store.close().catch(() => {});
    await server?.stop();
  });

  test('of hubs racing for it exactly one wins, and the others are told who holds it', async () => {
    const db = await sharedDatabase();
    const hubs = await Promise.all(Array.from({ length: 6 }, () => db.open()));
    const attempts = await Promise.allSettled(
      hubs.map((hub, n) => hub.acquireWriterLease(`hub-${n}`, `http://hub-${n}.test`, LONG_TTL_MS)),
    );
    const won = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    assert.equal(won.length, 1, 'not exactly one writer');
    const winner = won[0] as WriterLease;
    assert.equal(winner.epoch, 1);
    for (const attempt of attempts.filter((a) => a.status === 'rejected')) {
      const refusal = (attempt as PromiseRejectedResult).reason;
      assert.ok(refusal instanceof WriterLeaseHeld, String(refusal));
      assert.deepEqual(refusal.lease, winner);
      assert.match(
        refusal.message,
        new RegExp(`^another hub is the writer: ${winner.address}, epoch 1, until ${winner.expiresAt}$`),
      );
    }
    for (const hub of hubs) assert.deepEqual(await hub.writerLease(), winner);

    // Only the winner writes; a loser's commit is refused before anything is written.
    const loser = hubs[attempts.findIndex((a) => a.status === 'rejected')] as PostgresqlStore;
    await assert.rejects(loser.commit(batchAt(0, 'loser')), LeaseLost);
    const writer = hubs[attempts.findIndex((a) => a.status === 'fulfilled')] as PostgresqlStore;
    await writer.commit(batchAt(0, 'winner'));
    assert.equal(await loser.size(), 1);
    assert.equal((await loser.entries(0, 1))[0]?.kind, 'winner');
  });

  test('the holder renews it; once it lapses another hub takes it with a higher epoch', async () => {
    const db = await sharedDatabase();
    const [first, second] = [await db.open(), await db.open()];
    const taken = await first.acquireWriterLease('first', 'http://first.test', SHORT_TTL_MS);
    await new Promise((resolve) => setTimeout(resolve, SHORT_TTL_MS / 3));
    const renewed = await first.renewWriterLease(SHORT_TTL_MS, 'http://first.test:8080');
    assert.equal(renewed.epoch, taken.epoch);
    assert.ok(Date.parse(renewed.expiresAt) > Date.parse(taken.expiresAt), 'the renewal did not extend it');
    assert.equal((await second.writerLease())?.address, 'http://first.test:8080');
    await assert.rejects(
      second.acquireWriterLease('second', 'http://second.test', SHORT_TTL_MS),
      WriterLeaseHeld,
    );
    await first.commit(batchAt(0, 'first'));

    await lapsed(second);
    const takeover = await second.acquireWriterLease('second', 'http://second.test', LONG_TTL_MS);
    assert.ok(takeover.epoch > taken.epoch, `epoch ${takeover.epoch} after ${taken.epoch}`);
    await assert.rejects(first.renewWriterLease(LONG_TTL_MS), {
      name: 'LeaseLost',
      message: /took it with epoch/,
    });
    await assert.rejects(first.commit(batchAt(1, 'first')), LeaseLost);
    await second.commit(batchAt(1, 'second'));
    assert.deepEqual(
      (await second.entries(0, 10)).map((entry) => entry.kind),
      ['first', 'second'],
    );
  });

  test('a lapsed lease fences its holder even when nobody took it, and a released one frees it at once', async () => {
    const db = await sharedDatabase();
    const [first, second] = [await db.open(), await db.open()];
    await first.acquireWriterLease('first', 'http://first.test', SHORT_TTL_MS);
    await lapsed(first);
    await assert.rejects(first.commit(batchAt(0, 'late')), { name: 'LeaseLost', message: /lapsed/ });
    await assert.rejects(first.renewWriterLease(LONG_TTL_MS), LeaseLost);
    assert.equal(await first.size(), 0);

    const again = await first.acquireWriterLease('first', 'http://first.test', LONG_TTL_MS);
    await first.releaseWriterLease();
    assert.equal(await second.writerLease(), null);
    const next = await second.acquireWriterLease('second', 'http://second.test', LONG_TTL_MS);
    assert.equal(next.epoch, again.epoch + 1);
  });

  test('a lease without a holder or a whole positive number of milliseconds is refused, changing nothing', async () => {
    const db = await sharedDatabase();
    const hub = await db.open();
    await assert.rejects(hub.acquireWriterLease('', 'http://a.test', LONG_TTL_MS), /must be named/);
    for (const ttl of [0, -5, 1.5, Number.NaN])
      await assert.rejects(hub.acquireWriterLease('hub-a', 'http://a.test', ttl), /positive whole number/);
    assert.equal(await hub.writerLease(), null);
    assert.equal((await hub.acquireWriterLease('hub-a', 'http://a.test', LONG_TTL_MS)).epoch, 1);
    await assert.rejects(hub.renewWriterLease(0), /positive whole number/);
  });

  test('a restarted hub takes its own lease back at once, fencing what is left of its previous run', async () => {
    const db = await sharedDatabase();
    const [before, restarted] = [await db.open(), await db.open()];
    const old = await before.acquireWriterLease('hub-a', 'http://a.test', LONG_TTL_MS);
    const now = await restarted.acquireWriterLease('hub-a', 'http://a.test', LONG_TTL_MS);
    assert.equal(now.epoch, old.epoch + 1);
    await assert.rejects(before.commit(batchAt(0, 'old run')), LeaseLost);
    await restarted.commit(batchAt(0, 'new run'));
    assert.equal((await restarted.entries(0, 1))[0]?.kind, 'new run');
  });

  test('a commit under way when another hub takes over writes nothing', async () => {
    const db = await sharedDatabase();
    const [first, second] = [await db.open(), await db.open()];
    await first.acquireWriterLease('first', 'http://first.test', SHORT_TTL_MS);
    await first.commit(batchAt(0, 'before'));
    // Hold the first hub's next commit inside its transaction: its insert waits on this lock.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE entry IN SHARE ROW EXCLUSIVE MODE');
      const underWay = first.commit(batchAt(1, 'under way')).then(
        () => 'committed',
        (error: Error) => error,
      );
      await until('the commit waits inside its transaction', async () => {
        const rows = await server.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = $1 AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO entry%'`,
          [db.name],
        );
        return rows[0]?.n === 1;
      });
      await lapsed(second);
      await second.acquireWriterLease('second', 'http://second.test', LONG_TTL_MS);
      await blocker.query('ROLLBACK');
      const outcome = await underWay;
      assert.ok(outcome instanceof LeaseLost, `the commit under way ended: ${String(outcome)}`);
    } finally {
      await blocker.end();
    }
    assert.equal(await second.size(), 1);
    assert.equal(await second.checkpointAt(2), null);
    await second.commit(batchAt(1, 'after'));
    assert.deepEqual(
      (await second.entries(0, 10)).map((entry) => entry.kind),
      ['before', 'after'],
    );
  });

  test('the database’s clock times the lease: a hub clock hours off changes nothing', async () => {
    const db = await sharedDatabase();
    const [skewed, other] = [await db.open(), await db.open()];
    const realNow = Date.now;
    const [databaseNow] = await server.query<{ now: Date }>('SELECT clock_timestamp() AS now');
    let lease: WriterLease;
    try {
      Date.now = () => realNow() + 5 * 3_600_000;
      lease = await skewed.acquireWriterLease('skewed', 'http://skewed.test', LONG_TTL_MS);
      await skewed.commit(batchAt(0, 'skewed'));
      await assert.rejects(
        other.acquireWriterLease('other', 'http://other.test', LONG_TTL_MS),
        WriterLeaseHeld,
      );
      Date.now = () => realNow() - 5 * 3_600_000;
      await skewed.renewWriterLease(LONG_TTL_MS);
      await skewed.commit(batchAt(1, 'skewed'));
    } finally {
      Date.now = realNow;
    }
    const lasts = Date.parse(lease.expiresAt) - (databaseNow as { now: Date }).now.getTime();
    assert.ok(lasts >= LONG_TTL_MS && lasts < LONG_TTL_MS + 10_000, `the lease lasts ${lasts} ms`);
    assert.equal(await other.size(), 2);
  });

  test('a hub paused with SIGSTOP past its lease cannot commit once continued', async () => {
    const db = await sharedDatabase();
    const watcher = await db.open();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(REPO, 'test/store/paused-writer.ts'),
        db.url,
        VERIFIER_KEY,
        'paused',
        String(SHORT_TTL_MS),
      ],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const acquired = await until(
        'the child acquired the lease',
        () => stdout.includes('\n') && stdout,
        30_000,
      );
      child.kill('SIGSTOP');
      assert.deepEqual(JSON.parse(acquired), { acquired: 1, size: 0 });
      await lapsed(watcher);
      const takeover = await watcher.acquireWriterLease('watcher', 'http://watcher.test', LONG_TTL_MS);
      child.kill('SIGCONT');
      assert.equal(await exited, 0, stderr);
      const report = JSON.parse(stdout.split('\n')[1] as string) as { commit: string; renew: string };
      assert.match(report.commit, /^LeaseLost: .*http:\/\/watcher\.test took it with epoch 2/);
      assert.match(report.renew, /^LeaseLost: /);
      assert.equal(takeover.epoch, 2);
      assert.equal(await watcher.size(), 0);
      assert.equal(await watcher.checkpointAt(1), null);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
      }
    }
  });
});
