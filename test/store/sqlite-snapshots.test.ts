// The embedded store keeps a snapshot a piece per transaction, so that the writer's commits on the
// hub's own connection never wait behind hundreds of megabytes: a snapshot whose save was cut short
// (the hub stopped, the machine lost power) is never listed nor read, and its pieces go at the next
// save. A database that kept snapshots before they were listed keeps them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite-migrations.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from '../support/temp-dir.js';

test('a snapshot whose save was cut short is not listed nor read, and its pieces go at the next save', async () => {
  const temp = tempDir();
  const path = join(temp.path, 'hub.db');
  const store = new SqliteStore(path);
  try {
    await store.saveSnapshot(10, [Uint8Array.of(1), Uint8Array.of(2)]);
    // A save cut short after its first piece, as another connection (the snapshot's thread) left it.
    const other = new Database(path);
    other.prepare('INSERT INTO snapshot_chunk (size, piece, bytes) VALUES (20, 0, ?)').run(Buffer.of(9));
    other.close();
    assert.deepEqual(await store.snapshotSizes(), [10]);
    assert.equal(await store.snapshot(20), null);
    assert.deepEqual(await store.snapshot(10), [Uint8Array.of(1), Uint8Array.of(2)]);
    await store.saveSnapshot(30, [Uint8Array.of(3)]);
    assert.deepEqual(await store.snapshotSizes(), [30, 10]);
    const pieces = new Database(path, { readonly: true });
    assert.deepEqual(
      pieces.prepare('SELECT DISTINCT size FROM snapshot_chunk ORDER BY size').pluck().all(),
      [10, 30],
    );
    pieces.close();
  } finally {
    await store.close();
    temp.remove();
  }
});

test('snapshots kept before they were listed are listed after the upgrade', async () => {
  const temp = tempDir();
  const path = join(temp.path, 'hub.db');
  try {
    const old = new Database(path);
    const before = SQLITE_MIGRATIONS.length - 1;
    for (const migration of SQLITE_MIGRATIONS.slice(0, before)) old.exec(migration);
    old.pragma(`user_version = ${before}`);
    const insert = old.prepare('INSERT INTO snapshot_chunk (size, piece, bytes) VALUES (?, ?, ?)');
    insert.run(7, 0, Buffer.of(7));
    insert.run(7, 1, Buffer.of(8));
    old.close();
    const store = new SqliteStore(path);
    try {
      assert.deepEqual(await store.snapshotSizes(), [7]);
      assert.deepEqual(await store.snapshot(7), [Uint8Array.of(7), Uint8Array.of(8)]);
    } finally {
      await store.close();
    }
  } finally {
    temp.remove();
  }
});
