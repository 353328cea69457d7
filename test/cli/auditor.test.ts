// `deconflict verify URL` run by an outsider (an auditor, a witness's operator, an inquiry) holding
// no party's key: it reads only the record's hashes (checkpoint, proofs, level-0 hash tiles), sees
// the hub grow across runs, raises the alarm on a rewritten record or a changed hash, and signs in
// with a reader key where the hub names its readers.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { RECORD_READERS_ENV } from '../../src/api/record-readers.js';
import type { MonitorResult } from '../../src/cli/monitor.js';
import { addOperators } from '../support/api.js';
import { type CliResult, describeRun, printed, runCli } from '../support/cli.js';
import { foundWithHubKey, serveInProcess, startTestHub, type TestHub } from '../support/hub.js';
import { tempDir } from '../support/temp-dir.js';

const ALARM = 3;
const REFUSED = 2;

type Monitored = MonitorResult & { ok: boolean; witnessing: { policy: string | null; warnings: string[] } };

const audit = (url: string, state: string, ...extra: string[]) =>
  runCli(['verify', url, '--state', state, ...extra]);

function assertAlarm(result: CliResult, message: RegExp): void {
  assert.equal(result.code, ALARM, describeRun(result));
  assert.match(result.stderr, new RegExp(`ALARM: .*${message.source}`), describeRun(result));
}

describe('an auditor without a key, on a hub open to readers', () => {
  let hub: TestHub;
  let state: string;
  before(async () => {
    hub = await startTestHub();
    state = join(hub.root, 'auditor.json');
  });
  after(() => hub.stop());

  test('verifies the hub as it grows, across two runs, from the hash tiles alone', async () => {
    // 200 entries: one partial tile. Then 300: the first tile full, the second partial, and the
    // second run starts inside the first.
    await addOperators(hub.url, hub.origin, hub.admin, 199);
    const first = await audit(hub.url, state);
    assert.equal(first.code, 0, describeRun(first));
    const seen = printed<Monitored>(first);
    assert.equal(seen.size, 200);
    assert.equal(seen.previousSize, 0);
    assert.equal(seen.checkedEntries, 200);
    assert.equal(seen.hiddenEntries, 200, 'no entry content is read without a key');
    assert.ok(seen.checked.some((line) => /entries 0…199, from the hash tiles served/.test(line)));
    assert.match(seen.notChecked.join(), /content of 200 entries: not read without an operator’s --key/);
    assert.match(first.stderr, /WARNING: the parties have agreed on no witnesses/);

    await addOperators(hub.url, hub.origin, hub.admin, 100, 'hub.later');
    const second = await audit(hub.url, state);
    assert.equal(second.code, 0, describeRun(second));
    const grown = printed<Monitored>(second);
    assert.deepEqual(
      [grown.previousSize, grown.size, grown.checkedEntries, grown.hiddenEntries],
      [200, 300, 100, 100],
    );
    assert.ok(grown.checked.some((line) => /extends the checkpoint of size 200/.test(line)));
    assert.ok(grown.checked.some((line) => /entries 200…299/.test(line)));

    // The auditor's view agrees with an operator's, who re-hashes the entries themselves.
    const operator = await audit(hub.url, join(hub.root, 'operator.json'), '--key', hub.adminKeyPath);
    assert.equal(operator.code, 0, describeRun(operator));
    assert.equal(printed<Monitored>(operator).hiddenEntries, 0);
    assert.equal(
      printed<{ checkpoint: string }>(operator).checkpoint,
      printed<{ checkpoint: string }>(second).checkpoint,
    );
  });

  test('a record rewritten under the same key is an alarm', async () => {
    // The hub's key on another history, longer than what the auditor saw.
    const fork = await foundWithHubKey(hub.dir.keyPath, hub.admin);
    const forkHub = await serveInProcess(fork.dir);
    try {
      await addOperators(forkHub.url, fork.origin, hub.admin, 320, 'hub.fork');
      const [forked, firstLook] = await Promise.all([
        audit(forkHub.url, state),
        audit(forkHub.url, join(hub.root, 'fork-first-look.json')),
      ]);
      assertAlarm(forked, /forked: the checkpoint of size 321 does not extend the one of size 300/);
      // Seen for the first time, the rewritten record is self-consistent: only memory catches it.
      assert.equal(firstLook.code, 0, describeRun(firstLook));
    } finally {
      await forkHub.stop();
      fork.remove();
    }
  });

  test('a leaf hash changed in the hub’s store is caught in the tile that serves it', async () => {
    const db = new Database(hub.dir.dbPath);
    try {
      const row = db.prepare('SELECT hash FROM node WHERE level = 0 AND idx = 270').get() as { hash: Buffer };
      const hash = Buffer.from(row.hash);
      hash[0] = (hash[0] as number) ^ 0x01;
      db.prepare('UPDATE node SET hash = ? WHERE level = 0 AND idx = 270').run(hash);
    } finally {
      db.close();
    }
    const [firstLook, full] = await Promise.all([
      audit(hub.url, join(hub.root, 'tile-first-look.json')),
      audit(hub.url, state, '--full'),
    ]);
    assertAlarm(firstLook, /the hash tiles served do not add up to the signed root/);
    // One who saw the record before finds it no longer gives the root it remembers.
    assertAlarm(full, /the record was rewritten: its first 300 entries no longer give the root seen before/);
  });
});

describe('an auditor on a hub that lets only the readers it names read its record', () => {
  let hub: TestHub;
  const keys = tempDir('deconflict-reader-keys-');
  const readerKey = join(keys.path, 'reader.pem');
  const strangerKey = join(keys.path, 'stranger.pem');
  before(async () => {
    const [reader] = await Promise.all([keygen(readerKey), keygen(strangerKey)]);
    process.env[RECORD_READERS_ENV] = reader;
    hub = await startTestHub();
    await addOperators(hub.url, hub.origin, hub.admin, 4);
  });
  after(async () => {
    delete process.env[RECORD_READERS_ENV];
    await hub.stop();
    keys.remove();
  });

  test('without a key it is refused, saying which key to give; a named reader key verifies; another is refused', async () => {
    const [keyless, named, stranger] = await Promise.all([
      audit(hub.url, join(hub.root, 'keyless.json')),
      audit(hub.url, join(hub.root, 'named.json'), '--reader-key', readerKey),
      audit(hub.url, join(hub.root, 'stranger.json'), '--reader-key', strangerKey),
    ]);
    assert.equal(keyless.code, REFUSED, describeRun(keyless));
    assert.match(keyless.stderr, /lets only the readers it names read its record: give --reader-key/);

    assert.equal(named.code, 0, describeRun(named));
    const seen = printed<Monitored>(named);
    assert.equal(seen.size, 5);
    assert.equal(seen.checkedEntries, 5);

    assert.equal(stranger.code, REFUSED, describeRun(stranger));
    assert.match(stranger.stderr, /record reader sign-in refused: not a key this hub lets read its record/);
  });
});

/** A key written by `deconflict keygen`, as an auditor would make one; its public key. */
async function keygen(file: string): Promise<string> {
  const made = await runCli(['keygen', '--out', file]);
  assert.equal(made.code, 0, describeRun(made));
  return printed<{ public_key: string }>(made).public_key;
}
