// The hub on PostgreSQL through the CLI: `init --store` and `serve --store` (and DECONFLICT_STORE),
// killed with SIGKILL under a write load and started again: every answered command is in the record
// at its index and the record verifies through the PostgreSQL store. And each configuration the hub
// must refuse: it says why, and neither the database nor the data directory is written.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import type { SignedCommand } from '../../src/hub/signed-command.js';
import type { Entry } from '../../src/record/index.js';
import { assertProblem, get, login, postCommand, recordView } from '../support/api.js';
import { describeRun, printed, runCli, ServeProcess } from '../support/cli.js';
import { type PostgresServer, postgresUnavailable, startPostgres } from '../support/postgis.js';
import { tempDir } from '../support/temp-dir.js';

const unavailable = postgresUnavailable();
const ORIGIN = 'pg.deconflict.test/hub';
const CLIENTS = 6;
const ANSWERED_BEFORE_KILL = 40;

describe('a hub on PostgreSQL', { skip: unavailable ?? false }, () => {
  let server: PostgresServer;
  const temp = tempDir();
  const data = join(temp.path, 'data');
  const admin = OperatorSigner.generate();
  let url: string;
  let serve: ServeProcess | null = null;
  const answered: { signed: SignedCommand; index: number }[] = [];

  const init = (dir: string, store: string | null, extra: string[] = []) =>
    runCli([
      'init',
      '--data',
      dir,
      '--origin',
      ORIGIN,
      '--admin-public-key',
      admin.publicKey,
      ...(store === null ? [] : ['--store', store]),
      ...extra,
    ]);

  before(async () => {
    server = await startPostgres();
    await server.query('CREATE DATABASE hub');
    url = server.url({ database: 'hub' });
  });
  after(async () => {
    serve?.kill('SIGKILL');
    await server?.stop();
    temp.remove();
  });

  test('init --store founds the hub in the database, and nothing of it in the data directory', async () => {
    const founded = await init(data, url);
    assert.equal(founded.code, 0, describeRun(founded));
    assert.equal(printed<{ entries: number }>(founded).entries, 1);
    assert.ok(!existsSync(join(data, 'hub.db')), 'an SQLite database was created too');
    const rows = await inDatabase(server, 'hub', 'SELECT count(*)::int AS n FROM entry');
    assert.deepEqual(rows, [{ n: 1 }]);
  });

  test('serve (DECONFLICT_STORE) killed with SIGKILL under load keeps every answered command', async (t) => {
    serve = await ServeProcess.start(data, [], { DECONFLICT_STORE: url });
    const first = serve;
    let killed = false;
    const client = async (id: number) => {
      for (let n = 0; !killed; n++) {
        const signed = admin.command(ORIGIN, 'operator.add', {
          operator: {
            id: `hub.pg-${id}-${n}`,
            name: `PG ${id}.${n}`,
            public_key: OperatorSigner.generate().publicKey,
          },
          role: 'viewer',
        });
        try {
          const reply = await postCommand(first.url, signed);
          assert.equal(reply.status, 201, reply.text);
          answered.push({ signed, index: (reply.body as { index: number }).index });
        } catch (error) {
          if (killed) return; // the connection died with the hub: never answered
          throw error;
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, id) => client(id));
    while (answered.length < ANSWERED_BEFORE_KILL) await sleep(10);
    killed = true;
    first.kill('SIGKILL');
    assert.equal((await first.exited).signal, 'SIGKILL');
    await Promise.all(clients);
    t.diagnostic(`${answered.length} commands answered before the kill`);
    serve = null;
  });

  test('after a restart (serve --store) every answered command is in the record at its index', async () => {
    assert.ok(answered.length >= ANSWERED_BEFORE_KILL, 'the load did not run');
    serve = await ServeProcess.start(data, ['--store', url]);
    const token = await login(serve.url, ORIGIN, admin);
    const { size } = await recordView(serve.url, token);
    const page = await get(serve.url, `/v1/record/entries?start=0&end=${size}`, token);
    assert.equal(page.status, 200, page.text);
    const entries = (page.body as { entries: { entry: Entry }[] }).entries.map((item) => item.entry);
    assert.equal(entries.length, size);
    for (const { signed, index } of answered) assert.deepEqual(entries[index]?.command, signed.command);
    // The nonces were kept too: an answered command sent again is a replay.
    assertProblem(
      await postCommand(serve.url, (answered[0] as { signed: SignedCommand }).signed),
      409,
      'replayed',
    );
    const stopped = await serve.stop();
    assert.equal(stopped.code, 0, serve.output);
    serve = null;

    const verified = await runCli(['verify', data, '--store', url]);
    assert.equal(verified.code, 0, describeRun(verified));
    assert.deepEqual(printed<{ ok: boolean; entries: number }>(verified).entries, size);
    // A clean stop saved a digest of the live state: the replay through PostgreSQL gives the same.
    const checked = await runCli(['replay', '--check', '--data', data], { env: { DECONFLICT_STORE: url } });
    assert.equal(checked.code, 0, describeRun(checked));
    const report = printed<{ entries: number; digestsCompared: number }>(checked);
    assert.equal(report.entries, size);
    assert.ok(report.digestsCompared >= 1);
  });

  /** Runs `args`, expects a refusal matching `reason`, and checks that nothing was written. */
  const refused = async (args: string[], reason: RegExp, databases: string[], dirs: string[]) => {
    const before = await Promise.all(databases.map((database) => contents(server, database)));
    const files = dirs.map(listing);
    const result = await runCli(args, { timeoutMs: 30_000 });
    assert.equal(result.code, 1, describeRun(result));
    assert.match(result.stderr, reason);
    assert.deepEqual(await Promise.all(databases.map((database) => contents(server, database))), before);
    assert.deepEqual(dirs.map(listing), files);
  };

  test('refuses a database that holds another hub’s record, writing nothing', async () => {
    const other = join(temp.path, 'other');
    await refused(
      ['init', '--data', other, '--origin', ORIGIN, '--store', url],
      /holds the record of another hub/,
      ['hub'],
      [temp.path],
    );
    // A second hub on its own database cannot be served from the first one's.
    await server.query('CREATE DATABASE second');
    const second = await init(other, server.url({ database: 'second' }));
    assert.equal(second.code, 0, describeRun(second));
    await refused(
      ['serve', '--data', other, '--port', '0', '--store', url],
      /holds the record of another hub/,
      ['hub', 'second'],
      [other],
    );
  });

  test('refuses a schema newer than it knows, writing nothing', async () => {
    await server.query('CREATE DATABASE newer');
    const newerUrl = server.url({ database: 'newer' });
    const founded = await init(join(temp.path, 'newer'), newerUrl);
    assert.equal(founded.code, 0, describeRun(founded));
    await inDatabase(server, 'newer', 'UPDATE schema_version SET version = 999');
    await refused(
      ['serve', '--data', join(temp.path, 'newer'), '--port', '0', '--store', newerUrl],
      /schema version 999, newer than this hub knows/,
      ['newer'],
      [join(temp.path, 'newer')],
    );
  });

  test('refuses a role that cannot create the tables or write them, writing nothing', async () => {
    await server.query('CREATE ROLE visitor LOGIN');
    await server.query('CREATE DATABASE empty');
    // PostgreSQL 15 lets no one but the owner create tables in the public schema.
    await refused(
      [
        'init',
        '--data',
        join(temp.path, 'visitor'),
        '--origin',
        ORIGIN,
        '--store',
        server.url({ role: 'visitor', database: 'empty' }),
      ],
      /role visitor cannot create the hub's tables: it lacks CREATE on schema public/,
      ['empty'],
      [temp.path],
    );
    assert.ok(!existsSync(join(temp.path, 'visitor')));
    await inDatabase(server, 'hub', 'GRANT SELECT ON ALL TABLES IN SCHEMA public TO visitor');
    await refused(
      ['serve', '--data', data, '--port', '0', '--store', server.url({ role: 'visitor', database: 'hub' })],
      /role visitor lacks rights the hub needs: INSERT on schema_version, UPDATE on schema_version/,
      ['hub'],
      [data],
    );
    // Reading and writing the tables is all a hub needs once its schema is in place.
    await inDatabase(server, 'hub', 'GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO visitor');
    const served = await ServeProcess.start(data, [
      '--store',
      server.url({ role: 'visitor', database: 'hub' }),
    ]);
    const token = await login(served.url, ORIGIN, admin);
    assert.ok((await recordView(served.url, token)).size > ANSWERED_BEFORE_KILL);
    assert.equal((await served.stop()).code, 0, served.output);
  });

  test('refuses a missing --store, a URL that is none, and a server that does not answer', async () => {
    await refused(
      ['serve', '--data', data, '--port', '0'],
      /is on PostgreSQL: give its URL with --store/,
      ['hub'],
      [data],
    );
    await refused(
      ['serve', '--data', data, '--port', '0', '--store', 'mysql://hub@localhost/hub'],
      /--store \(or DECONFLICT_STORE\) takes a postgresql:\/\/ URL/,
      ['hub'],
      [data],
    );
    // A server that does not answer: named, without the password the URL carried.
    const unreachable = 'postgresql://hub:s3cret-word@127.0.0.1:1/hub';
    await refused(
      ['init', '--data', join(temp.path, 'unreachable'), '--origin', ORIGIN, '--store', unreachable],
      /cannot connect to PostgreSQL as hub@127\.0\.0\.1:1\/hub: /,
      [],
      [temp.path],
    );
    const result = await runCli(['serve', '--data', data, '--port', '0', '--store', unreachable]);
    assert.doesNotMatch(result.stderr + result.stdout, /s3cret-word/);
  });
});

/** Runs one statement in `database` as the superuser. */
async function inDatabase(server: PostgresServer, database: string, sql: string): Promise<unknown[]> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: server.url({ database }) });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Every table of `database` with all its rows, in a stable order: to compare before and after. */
async function contents(server: PostgresServer, database: string): Promise<Record<string, unknown[]>> {
  const tables = (await inDatabase(
    server,
    database,
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  )) as { tablename: string }[];
  const all: Record<string, unknown[]> = {};
  // Every row as text, sorted: rows that tie on any column the query could order by come in no set order.
  for (const { tablename } of tables)
    all[tablename] = (await inDatabase(server, database, `SELECT * FROM ${tablename}`))
      .map((row) => JSON.stringify(row))
      .sort();
  return all;
}

function listing(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).sort() : [];
}
