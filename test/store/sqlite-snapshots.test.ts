// The embedded store keeps its snapshots as files beside the database, each written under a
// temporary name and renamed once synced: a save cut short (the hub stopped, the machine lost
// power) is never listed nor read, and what it left goes at the next save; a file damaged on disk
// is named as such rather than read as some other snapshot.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { StoreIntegrityError } from '../../src/store/store.js';
import { tempDir } from '../support/temp-dir.js';

function withStore(run: (store: SqliteStore, snapshots: string) => Promise<void>) {
  return async () => {
    const temp = tempDir();
    const path = join(temp.path, 'hub.db');
    const store = new SqliteStore(path);
    try {
      await run(store, `${path}-snapshots`);
    } finally {
      await store.close();
      temp.remove();
    }
  };
}

test(
  'a snapshot whose save was cut short is not listed nor read, and what it left goes at the next save',
  withStore(async (store, snapshots) => {
    await store.saveSnapshot(10, [Uint8Array.of(1), Uint8Array.of(2)]);
    writeFileSync(join(snapshots, '20.partial'), 'the first bytes of a snapshot');
    assert.deepEqual(await store.snapshotSizes(), [10]);
    assert.equal(await store.snapshot(20), null);
    assert.deepEqual(await store.snapshot(10), [Uint8Array.of(1), Uint8Array.of(2)]);
    await store.saveSnapshot(30, [Uint8Array.of(3)]);
    assert.deepEqual(await store.snapshotSizes(), [30, 10]);
    assert.deepEqual(readdirSync(snapshots).sort(), ['10.snapshot', '30.snapshot']);
  }),
);

test(
  'pieces are read in place, each on an 8-byte boundary, so arrays of doubles need no copy',
  withStore(async (store) => {
    const doubles = Float64Array.of(Math.PI, -0, 1e300);
    await store.saveSnapshot(5, [Uint8Array.of(1, 2, 3), new Uint8Array(doubles.buffer), new Uint8Array(0)]);
    const [odd, numbers, empty] = (await store.snapshot(5)) as Uint8Array[];
    assert.deepEqual([...(odd as Uint8Array)], [1, 2, 3]);
    assert.equal((numbers as Uint8Array).byteOffset % 8, 0);
    const read = numbers as Uint8Array;
    assert.deepEqual([...new Float64Array(read.buffer, read.byteOffset, 3)], [...doubles]);
    assert.equal(empty?.byteLength, 0);
  }),
);

test(
  'a snapshot file cut short on disk is named as damaged',
  withStore(async (store, snapshots) => {
    await store.saveSnapshot(7, [new Uint8Array(100).fill(7)]);
    const file = join(snapshots, '7.snapshot');
    writeFileSync(file, readFileSync(file).subarray(0, 60));
    await assert.rejects(store.snapshot(7), (error: Error) => {
      assert.ok(error instanceof StoreIntegrityError);
      assert.match(error.message, /snapshot file at size 7 is damaged: piece 0 runs past its end/);
      return true;
    });
  }),
);
