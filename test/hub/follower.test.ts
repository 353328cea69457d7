// A follower over the writer's PostgreSQL database, each with its own store: it takes in what the
// writer commits, in order, publishing it to its own subscribers, and serves it; it takes in nothing
// that its signed checkpoint does not vouch for; it decides nothing itself, and with nobody to pass
// a command on to it says so with a 503; it becomes the writer in place once it has caught up; and a
// writer whose commit was fenced off drops what it never committed and follows again.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { Hub, type HubOptions } from '../../src/hub/hub.js';
import { Problem } from '../../src/hub/problem.js';
import type { CommittedEntry } from '../../src/hub/subscribers.js';
import { WRITER_LEASE_TTL_MS } from '../../src/hub/writer-lease-keeper.js';
import { verifierKeyString } from '../../src/record/index.js';
import { PostgresqlStore } from '../../src/store/postgresql-store.js';
import { StoreIntegrityError } from '../../src/store/store.js';
import { type PostgresServer, postgresUnavailable, startPostgres } from '../support/postgis.js';

const ORIGIN = 'follower.test/hub';

describe('a follower of the writer’s record', { skip: postgresUnavailable() ?? false }, () => {
  let server: PostgresServer;
  const hubKey = generateKeyPairSync('ed25519').privateKey;
  const admin = OperatorSigner.generate();
  let stores: [PostgresqlStore, PostgresqlStore];
  const options = (store: PostgresqlStore): HubOptions => ({
    store,
    hubKey,
    origin: ORIGIN,
    verifyThreads: 1,
  });
  let writer: Hub;
  let follower: Hub;
  const published: CommittedEntry[] = [];
  let added = 0;
  const addViewer = (hub: Hub) =>
    hub.submit(
      admin.command(ORIGIN, 'operator.add', {
        operator: {
          id: `hub.viewer-${++added}`,
          name: 'viewer',
          public_key: OperatorSigner.generate().publicKey,
        },
        role: 'viewer',
      }),
    );

  before(async () => {
    server = await startPostgres();
    const url = server.url();
    const open = () => PostgresqlStore.open(url, verifierKeyString(ORIGIN, hubKey));
    stores = [await open(), await open()];
    await stores[0].acquireWriterLease('writer', 'http://writer.invalid', 600_000);
    writer = await Hub.open(options(stores[0]));
    await writer.found(
      { id: 'hub', name: 'Hub' },
      { id: 'hub.admin', name: 'Admin', publicKey: admin.publicKey },
    );
    await addViewer(writer);
    follower = await Hub.open({ ...options(stores[1]), role: 'follower' });
    follower.subscribe({ name: 'test', entries: (committed) => published.push(...committed) });
  });
  after(async () => {
    await writer.close();
    await follower.close();
    for (const store of stores ?? []) await store.close();
    await server?.stop();
  });

  test('takes in every commit in order, publishes it, and serves it', async () => {
    const opened = follower.record.size;
    assert.equal(opened, writer.record.size);
    await Promise.all([addViewer(writer), addViewer(writer), addViewer(writer)]);
    await addViewer(writer);
    await follower.follow();
    assert.equal(follower.record.size, writer.record.size);
    assert.equal(follower.checkpoint(), writer.checkpoint());
    assert.deepEqual(
      published.map((item) => item.index),
      Array.from({ length: writer.record.size - opened }, (_, i) => opened + i),
    );
    assert.ok(await follower.read((state) => state.operators.has(`hub.viewer-${added}`)));
    // The tree it grew gives the writer's proofs.
    assert.deepEqual(
      await follower.record.inclusionProof(opened, follower.record.size),
      await writer.record.inclusionProof(opened, writer.record.size),
    );
    await follower.follow();
    assert.equal(published.length, writer.record.size - opened, 'an entry was published twice');
  });

  test('refuses a commit its stored checkpoint does not vouch for, taking in nothing', async () => {
    const before = follower.record.size;
    const seen = published.length;
    await addViewer(writer);
    // A genuine checkpoint of the hub, but of the size before: it does not cover the new entry.
    await server.query(
      'UPDATE checkpoint SET body = (SELECT body FROM checkpoint WHERE size = $1) WHERE size = $2',
      [before, writer.record.size],
    );
    await assert.rejects(follower.follow(), StoreIntegrityError);
    assert.equal(follower.record.size, before);
    assert.equal(published.length, seen);
    await server.query('UPDATE checkpoint SET body = $1 WHERE size = $2', [
      writer.checkpoint(),
      writer.record.size,
    ]);
    await follower.follow();
    assert.equal(follower.record.size, writer.record.size);
  });

  test('decides nothing itself: with no writer to pass a command on to, a 503 saying when to retry', async () => {
    const refused = await addViewer(follower).catch((error: unknown) => error);
    assert.ok(refused instanceof Problem, String(refused));
    assert.equal(refused.status, 503);
    assert.equal(refused.title, 'No hub is the writer now');
    // By then a follower will have taken a lapsed lease.
    assert.equal(refused.extensions.retry_after_s, WRITER_LEASE_TTL_MS / 1000);
    assert.equal(follower.record.size, writer.record.size);
  });

  test('becomes the writer once caught up, and writes on from where the record ends', async () => {
    await addViewer(writer);
    await writer.close();
    await stores[0].releaseWriterLease();
    await stores[1].acquireWriterLease('follower', 'http://follower.invalid', 600_000);
    await follower.becomeWriter();
    assert.equal(follower.role, 'writer');
    const accepted = await addViewer(follower);
    assert.equal(accepted.index, writer.record.size);
    assert.equal(published.at(-1)?.index, accepted.index);
  });

  test('a writer whose commit was fenced off rebuilds its state from the record and follows the new writer', async () => {
    const rebuilt: string[] = [];
    follower.subscribe({ name: 'rebuilt', entries: () => {}, rebuilt: () => rebuilt.push('rebuilt') });
    const size = follower.record.size;
    // Its lease lapses (a pause), and the other hub takes it: the next commit is fenced off.
    await server.query("UPDATE writer_lease SET expires_at = now() - interval '1 second'");
    await stores[0].acquireWriterLease('writer', 'http://writer.invalid', 600_000);
    const refused = await addViewer(follower).catch((error: unknown) => error);
    assert.ok(refused instanceof Problem && refused.status === 503, String(refused));
    const lost = `hub.viewer-${added}`;
    await follower.becomeFollower();
    assert.equal(follower.role, 'follower');
    assert.deepEqual(rebuilt, ['rebuilt']);
    assert.equal(follower.record.size, size);
    assert.equal(await follower.read((state) => state.operators.has(lost)), false);

    const next = await Hub.open(options(stores[0]));
    try {
      const accepted = await addViewer(next);
      assert.equal(accepted.index, size);
      await follower.follow();
      assert.equal(follower.record.size, next.record.size);
      assert.equal(follower.checkpoint(), next.checkpoint());
      assert.ok(await follower.read((state) => state.operators.has(`hub.viewer-${added}`)));
    } finally {
      await next.close();
    }
  });
});
