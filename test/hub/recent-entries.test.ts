// Streams catching up read the record's entries through one cache: each stored entry is read and
// parsed once, whoever asks next gets the same entry, and an entry whose stored bytes do not parse is
// handed on as damaged with the visibility its row states, so only the parties it concerns hear of it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { RecentEntries } from '../../src/hub/recent-entries.js';
import { parseTrustedEntry } from '../../src/record/index.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { addOperators } from '../support/api.js';
import { foundTestHub, serveInProcess } from '../support/hub.js';

test('each entry is read and parsed once, and a damaged one is handed on as such', async () => {
  const founded = await foundTestHub();
  try {
    const running = await serveInProcess(founded.dir);
    await addOperators(running.url, founded.origin, founded.admin, 6);
    await running.stop();
    const store = new SqliteStore(founded.dir.dbPath);
    try {
      const size = await store.size();
      const stored = await store.entries(0, size);
      const writer = new Database(founded.dir.dbPath);
      writer.prepare("UPDATE entry SET body = CAST('not an entry' AS BLOB) WHERE idx = 3").run();
      writer.close();
      const recent = new RecentEntries(store);
      const first = await recent.page(0, size);
      assert.deepEqual(
        first.map(({ index }) => index),
        stored.map(({ index }) => index),
      );
      for (const [i, read] of first.entries()) {
        const original = stored[i];
        assert.ok(original);
        assert.deepEqual(read.visibility, original.visibility);
        if (read.index === 3) assert.equal(read.entry, null, 'entry 3 is damaged');
        else assert.deepEqual(read.entry, parseTrustedEntry(original.bytes));
      }
      // Read again, even after the store changed under it: the entries read before, as they were.
      const again = new Database(founded.dir.dbPath);
      again.prepare("UPDATE entry SET body = CAST('changed again' AS BLOB) WHERE idx = 4").run();
      again.close();
      const second = await recent.page(2, size);
      for (const [i, read] of second.entries())
        assert.equal(read, first[i + 2], `entry ${read.index} is the one read first`);
    } finally {
      await store.close();
    }
  } finally {
    founded.remove();
  }
});
