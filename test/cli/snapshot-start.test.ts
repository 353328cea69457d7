// `deconflict serve` stopped cleanly keeps a snapshot of its state, and started again it begins from
// it: it replays only what follows, so damage to an entry the snapshot covers does not stop it,
// while `replay --check`, an audit that never trusts a snapshot, still replays everything and names it.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { addOperators } from '../support/api.js';
import { describeRun, runCli, ServeProcess } from '../support/cli.js';
import { type FoundedHub, foundTestHub } from '../support/hub.js';

const OPERATORS = 12;

describe('serve restarted from its snapshot', { timeout: 180_000 }, () => {
  let founded: FoundedHub;

  before(async () => {
    founded = await foundTestHub();
  });
  after(() => founded.remove());

  test('a clean stop keeps a snapshot at the record size and the next start uses it', async () => {
    const first = await ServeProcess.start(founded.dir.path);
    await addOperators(first.url, founded.origin, founded.admin, OPERATORS);
    assert.deepEqual(await first.stop(), { code: 0, signal: null });
    const size = OPERATORS + 1;
    assert.ok(
      readdirSync(`${founded.dir.dbPath}-snapshots`).includes(`${size}.snapshot`),
      'a snapshot at the record size is kept beside the database',
    );
    const db = new Database(founded.dir.dbPath);
    try {
      // An entry the snapshot covers is altered where only a replay looks: its stored kind.
      db.prepare("UPDATE entry SET kind = 'party.create' WHERE idx = 3").run();
    } finally {
      db.close();
    }

    const second = await ServeProcess.start(founded.dir.path);
    try {
      assert.doesNotMatch(second.output, /was not loaded/, second.output);
      const added = await addOperators(second.url, founded.origin, founded.admin, 1, 'hub.after');
      assert.deepEqual({ index: added?.index, size: added?.size }, { index: size, size: size + 1 });
    } finally {
      await second.stop();
    }
    const audit = await runCli(['replay', '--check', '--data', founded.dir.path]);
    assert.notEqual(audit.code, 0, describeRun(audit));
    assert.match(audit.stderr, /entry 3\b.*stored kind, time or visibility differ/, describeRun(audit));
  });
});
