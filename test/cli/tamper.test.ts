// One byte changed anywhere that matters in the SQLite file is found: by `deconflict verify DIR` and
// `deconflict replay --check`,
// by the hub refusing to start, and by `deconflict verify URL --full` against a running hub.
// The monitor also keeps what it saw between runs, so a record that shrinks, forks or is signed by
// another key is an alarm.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { type DataDir, dataDir } from '../../src/cli/data-dir.js';
import { verifierKeyString } from '../../src/record/index.js';
import { addOperators } from '../support/api.js';
import { type CliResult, describeRun, printed, runCli, ServeProcess } from '../support/cli.js';
import { mapLimit } from '../support/concurrency.js';
import { type FoundedHub, foundTestHub, foundWithHubKey, serveInProcess } from '../support/hub.js';
import { tempDir } from '../support/temp-dir.js';

/** Entries in the pristine record: enough for interior nodes up to level 4. */
const SIZE = 21;
const ALARM = 3;
/** A checkpoint the pristine record stored along the way (every batch stores one). */
const OLD_CHECKPOINT = 5;

type Db = Database.Database;

/** Copies a stopped hub's data dir (the database and the hub key). */
function copyDataDir(from: DataDir, to: string): DataDir {
  const copy = dataDir(to);
  mkdirSync(copy.path, { recursive: true, mode: 0o700 });
  for (const suffix of ['', '-wal']) {
    if (existsSync(`${from.dbPath}${suffix}`))
      copyFileSync(`${from.dbPath}${suffix}`, `${copy.dbPath}${suffix}`);
  }
  copyFileSync(from.keyPath, copy.keyPath);
  return copy;
}

/** Changes one byte of a BLOB (or TEXT, as UTF-8) column of one row. */
function changeByte(
  db: Db,
  table: string,
  column: string,
  where: string,
  pick: (bytes: Buffer) => [number, number],
): void {
  const row = db.prepare(`SELECT ${column} AS value FROM ${table} WHERE ${where}`).get() as
    | { value: Buffer | string }
    | undefined;
  assert.ok(row, `no row in ${table} where ${where}`);
  const isText = typeof row.value === 'string';
  const bytes = Buffer.from(row.value);
  const [position, value] = pick(bytes);
  assert.notEqual(bytes[position], value, 'the change must change something');
  bytes[position] = value;
  db.prepare(`UPDATE ${table} SET ${column} = ? WHERE ${where}`).run(isText ? bytes.toString('utf8') : bytes);
}

/** A letter inside an entry's operator name: the JSON stays valid and canonical, the content differs. */
function letterOfName(entry: number) {
  return (db: Db) =>
    changeByte(db, 'entry', 'body', `idx = ${entry}`, (bytes) => {
      const at = bytes.indexOf(`"Operator hub.op ${entry - 1}"`);
      assert.ok(at >= 0, `entry ${entry} does not hold its operator's name`);
      return [at + 1, 'Q'.charCodeAt(0)];
    });
}

function withDb(path: string, change: (db: Db) => void): void {
  const db = new Database(path);
  try {
    change(db);
  } finally {
    db.close();
  }
}

describe('tampering with the stored record', () => {
  let pristine: FoundedHub;
  const temp = tempDir('deconflict-tamper-');
  let copies = 0;
  const freshPath = (name: string) => join(temp.path, `${name}-${++copies}`);

  before(async () => {
    pristine = await foundTestHub();
    const running = await serveInProcess(pristine.dir);
    await addOperators(running.url, pristine.origin, pristine.admin, SIZE - 1);
    assert.equal(running.hub.record.size, SIZE);
    await running.stop();
    // A start from a snapshot checks only the record after it (the audits check all of it): without
    // one, a start replays, and so checks, every entry.
    rmSync(`${pristine.dir.dbPath}-snapshots`, { recursive: true, force: true });
    withDb(pristine.dir.dbPath, (db) =>
      assert.ok(
        db.prepare('SELECT 1 FROM checkpoint WHERE size = ?').get(OLD_CHECKPOINT),
        'no old checkpoint',
      ),
    );
  });
  after(() => {
    pristine.remove();
    temp.remove();
  });

  const verifyDir = (dir: DataDir) => runCli(['verify', dir.path]);
  const monitor = (url: string, state: string, ...extra: string[]) =>
    runCli(['verify', url, '--key', pristine.adminKeyPath, '--state', state, ...extra]);

  function assertAlarm(result: CliResult, message: RegExp): void {
    assert.equal(result.code, ALARM, describeRun(result));
    assert.match(result.stderr, /ALARM/, describeRun(result));
    assert.match(result.stderr, message, describeRun(result));
  }

  test('an untouched copy verifies', async () => {
    const copy = copyDataDir(pristine.dir, freshPath('untouched'));
    const result = await verifyDir(copy);
    assert.equal(result.code, 0, describeRun(result));
    assert.deepEqual(printed(result), {
      ok: true,
      entries: SIZE,
      kept_positions: {
        checked: { batches: 0, positions: 0 },
        deleted_by_policy: { batches: 0, positions: 0 },
        not_in_record: { batches: 0, positions: 0 },
      },
    });
  });

  const damages: { name: string; change: (db: Db) => void; message: RegExp }[] = [
    {
      // The name is signed: the audit, which re-verifies signatures, says so first.
      name: 'a letter inside an entry body',
      change: letterOfName(7),
      message: /entry 7\b.*(signature does not verify|does not match .*leaf hash)/,
    },
    {
      name: 'a byte of an entry’s salt',
      change: (db) =>
        changeByte(db, 'entry', 'body', 'idx = 15', (bytes) => {
          const at = bytes.indexOf('"salt":"') + 10;
          return [at, bytes[at] === 'A'.charCodeAt(0) ? 'B'.charCodeAt(0) : 'A'.charCodeAt(0)];
        }),
      message: /entry 15 does not match .*leaf hash/,
    },
    {
      name: 'a byte of a leaf node hash',
      change: (db) =>
        changeByte(db, 'node', 'hash', 'level = 0 AND idx = 9', (bytes) => [5, (bytes[5] as number) ^ 0x01]),
      message: /entry 9 does not match .*leaf hash/,
    },
    {
      name: 'a byte of an interior node hash at level 2',
      change: (db) =>
        changeByte(db, 'node', 'hash', 'level = 2 AND idx = 1', (bytes) => [
          31,
          (bytes[31] as number) ^ 0x80,
        ]),
      message: /node 2\/1 was altered/,
    },
    {
      name: 'a byte of the latest checkpoint’s signature',
      change: (db) =>
        changeByte(db, 'checkpoint', 'body', `size = ${SIZE}`, (bytes) => {
          // Well inside the signature's base64, past the 4-byte key id: still base64, another signature.
          const at = bytes.length - 10;
          return [at, bytes[at] === 'A'.charCodeAt(0) ? 'B'.charCodeAt(0) : 'A'.charCodeAt(0)];
        }),
      message: /checkpoint .*does not verify/,
    },
    {
      name: 'a byte of an old checkpoint’s signature',
      change: (db) =>
        changeByte(db, 'checkpoint', 'body', `size = ${OLD_CHECKPOINT}`, (bytes) => {
          const at = bytes.length - 10;
          return [at, bytes[at] === 'A'.charCodeAt(0) ? 'B'.charCodeAt(0) : 'A'.charCodeAt(0)];
        }),
      message: new RegExp(`checkpoint stored at size ${OLD_CHECKPOINT} does not verify`),
    },
    {
      // Validly signed, but for another size: the row no longer says what the tree was at its size.
      name: 'an old checkpoint replaced by a later one',
      change: (db) =>
        db
          .prepare('UPDATE checkpoint SET body = (SELECT body FROM checkpoint WHERE size = ?) WHERE size = ?')
          .run(SIZE, OLD_CHECKPOINT),
      message: new RegExp(
        `checkpoint stored at size ${OLD_CHECKPOINT} \\(signed for size ${SIZE}\\) does not match`,
      ),
    },
    {
      name: 'a checkpoint row beyond the record',
      change: (db) =>
        db
          .prepare('INSERT INTO checkpoint (size, body) SELECT ?, body FROM checkpoint WHERE size = ?')
          .run(SIZE + 5, SIZE),
      message: new RegExp(`checkpoint of size ${SIZE + 5} is beyond its ${SIZE} entries`),
    },
    {
      name: 'the kind column of an entry',
      change: (db) => changeByte(db, 'entry', 'kind', 'idx = 3', () => [0, 'x'.charCodeAt(0)]),
      message: /entry 3\b.*stored kind, time or visibility differ/,
    },
  ];

  test('one changed byte: `verify DIR` raises the alarm (exit 3), `replay --check` fails and the hub refuses to start', async () => {
    const outcomes = await mapLimit(damages, 2, async (damage) => {
      const copy = copyDataDir(pristine.dir, freshPath('damaged'));
      withDb(copy.dbPath, damage.change);
      const [audit, start, replay] = await Promise.all([
        verifyDir(copy),
        ServeProcess.refusal(copy.path),
        runCli(['replay', '--check', '--data', copy.path]),
      ]);
      return { damage, audit, start, replay };
    });
    for (const { damage, audit, start, replay } of outcomes) {
      assertAlarm(audit, damage.message);
      assert.notEqual(replay.code, 0, `${damage.name}: replay --check passed\n${describeRun(replay)}`);
      assert.match(replay.stderr, damage.message, `${damage.name}\n${describeRun(replay)}`);
      assert.notEqual(start.code, 0, `${damage.name}: the hub started\n${describeRun(start)}`);
      assert.equal(
        start.signal,
        null,
        `${damage.name}: the hub did not stop by itself\n${describeRun(start)}`,
      );
      assert.match(start.stderr, damage.message, `${damage.name}\n${describeRun(start)}`);
      assert.doesNotMatch(start.stderr, /serving/);
    }
  });

  test('an entry changed under a running hub: `verify URL --full` says it was altered', async () => {
    const copy = copyDataDir(pristine.dir, freshPath('running'));
    const running = await serveInProcess(copy);
    try {
      const state = join(temp.path, 'running-monitor.json');
      const before = await monitor(running.url, state);
      assert.equal(before.code, 0, describeRun(before));
      withDb(copy.dbPath, letterOfName(5));
      const [full, firstLook] = await Promise.all([
        monitor(running.url, state, '--full'),
        monitor(running.url, join(temp.path, 'running-first-look.json')),
      ]);
      assertAlarm(full, /entry 5 was altered/);
      // A monitor that has seen nothing before checks every entry anyway.
      assertAlarm(firstLook, /entry 5 was altered/);
    } finally {
      await running.stop();
    }
  });

  test('the monitor remembers: a record that shrank is an alarm', async () => {
    const dir = copyDataDir(pristine.dir, freshPath('shrink'));
    const older = copyDataDir(pristine.dir, freshPath('older'));
    const state = join(temp.path, 'shrink-monitor.json');
    let running = await serveInProcess(dir);
    await addOperators(running.url, pristine.origin, pristine.admin, 5, 'hub.later');
    const seen = await monitor(running.url, state);
    assert.equal(seen.code, 0, describeRun(seen));
    assert.equal(printed<{ size: number }>(seen).size, SIZE + 5);
    await running.stop();

    // The hub is restored from an older copy of its database.
    copyFileSync(older.dbPath, dir.dbPath);
    running = await serveInProcess(dir);
    try {
      assertAlarm(await monitor(running.url, state), new RegExp(`shrank from ${SIZE + 5} to ${SIZE}`));
    } finally {
      await running.stop();
    }
  });

  test('the monitor remembers: a fork, or a checkpoint signed by another key, is an alarm', async () => {
    const state = join(temp.path, 'fork-monitor.json');
    const original = copyDataDir(pristine.dir, freshPath('original'));
    const originalHub = await serveInProcess(original);
    try {
      const seen = await monitor(originalHub.url, state);
      assert.equal(seen.code, 0, describeRun(seen));
    } finally {
      await originalHub.stop();
    }

    // Same key file, another history, longer than what the monitor saw.
    const fork = await foundWithHubKey(pristine.dir.keyPath, pristine.admin);
    // Same origin, another key.
    const impostor = await foundTestHub({ origin: pristine.origin, admin: pristine.admin });
    const forkHub = await serveInProcess(fork.dir);
    const impostorHub = await serveInProcess(impostor.dir);
    try {
      await addOperators(forkHub.url, fork.origin, pristine.admin, SIZE + 3, 'hub.fork');
      const otherKey = verifierKeyString(pristine.origin, generateKeyPairSync('ed25519').publicKey);
      const [forked, signedByOther, otherKeyGiven, otherKeyFirstRun] = await Promise.all([
        monitor(forkHub.url, state),
        monitor(impostorHub.url, state),
        monitor(forkHub.url, state, '--hub-key', otherKey),
        monitor(forkHub.url, join(temp.path, 'first-run-monitor.json'), '--hub-key', otherKey),
      ]);
      assertAlarm(forked, new RegExp(`forked.*size ${1 + SIZE + 3}.*size ${SIZE}`));
      assertAlarm(signedByOther, /not validly signed by the hub/);
      assertAlarm(otherKeyGiven, /hub key differs from the one this monitor trusted before/);
      assertAlarm(otherKeyFirstRun, /not validly signed by the hub/);
    } finally {
      await forkHub.stop();
      await impostorHub.stop();
      fork.remove();
      impostor.remove();
    }
  });
});
