// Two hubs (copies of one data directory) served on one PostgreSQL database, through the CLI: the
// second follows while the first holds the writer's lease, naming it; once the first, paused with
// SIGSTOP, lets its lease lapse, the second takes over in place, and the first, continued, goes on
// as a follower that passes commands on, having written nothing itself. A clean stop gives the
// lease up.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { WRITER_LEASE_TTL_MS } from '../../src/hub/writer-lease-keeper.js';
import { get, login, postCommand, recordView } from '../support/api.js';
import { describeRun, initOnPostgresql, runCli, ServeProcess } from '../support/cli.js';
import { type PostgresServer, postgresUnavailable, startPostgres } from '../support/postgis.js';
import { tempDir } from '../support/temp-dir.js';
import { until } from '../support/until.js';

const unavailable = postgresUnavailable();
const ORIGIN = 'writer.deconflict.test/hub';

/** A port nothing listens on now, for a hub that must be started on a known one. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

describe('hubs sharing a PostgreSQL database', { skip: unavailable ?? false }, () => {
  let server: PostgresServer;
  const temp = tempDir();
  const first = join(temp.path, 'first');
  const standby = join(temp.path, 'standby');
  const admin = OperatorSigner.generate();
  const serving: ServeProcess[] = [];
  let url: string;

  const addViewer = (hub: ServeProcess, name: string) =>
    postCommand(
      hub.url,
      admin.command(ORIGIN, 'operator.add', {
        operator: { id: `hub.${name}`, name, public_key: OperatorSigner.generate().publicKey },
        role: 'viewer',
      }),
    );
  /** The writer's lease as the database records it. */
  const lease = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const rows = await client.query<{ holder: string | null; address: string | null; epoch: number }>(
        'SELECT holder, address, epoch::int FROM writer_lease',
      );
      return rows.rows[0];
    } finally {
      await client.end();
    }
  };

  before(async () => {
    server = await startPostgres();
    await server.query('CREATE DATABASE hub');
    url = server.url({ database: 'hub' });
    await initOnPostgresql(first, ORIGIN, admin.publicKey, url);
    // A standby is the same hub (its key) on another machine: here, a copy of the data directory.
    cpSync(first, standby, { recursive: true });
  });
  after(async () => {
    for (const hub of serving) {
      hub.kill('SIGCONT');
      hub.kill('SIGKILL');
    }
    await server?.stop();
    temp.remove();
  });

  test('one writer at a time; a writer that lost its lease goes on as a follower', async () => {
    const writer = await ServeProcess.start(first, ['--store', url]);
    serving.push(writer);
    assert.equal((await addViewer(writer, 'one')).status, 201);
    const held = await lease();
    assert.equal(held?.address, writer.url, 'the lease does not name where the writer serves');

    const standing = await ServeProcess.start(standby, ['--store', url]);
    serving.push(standing);
    const written = (await get(writer.url, '/healthz')).body as Record<string, unknown>;
    assert.deepEqual(written, { status: 'ok', role: 'writer', size: written.size, writer: writer.url });
    const health = (await get(standing.url, '/healthz')).body as Record<string, unknown>;
    assert.deepEqual(health, { status: 'ok', role: 'follower', size: written.size, writer: writer.url });
    assert.equal((await lease())?.epoch, held?.epoch, 'the follower took the lease');

    // Paused past its lease: by the database's clock nobody is the writer, and the follower takes over.
    writer.kill('SIGSTOP');
    const took = await until(
      'the follower takes over',
      async () => ((await get(standing.url, '/healthz')).body as { role: string }).role === 'writer',
      WRITER_LEASE_TTL_MS * 3,
    );
    assert.ok(took);
    assert.equal((await lease())?.epoch, (held?.epoch ?? 0) + 1);
    assert.equal((await lease())?.address, standing.url);
    const { size } = await recordView(standing.url, await login(standing.url, ORIGIN, admin));

    writer.kill('SIGCONT');
    await until('the old writer follows', async () => {
      const role = ((await get(writer.url, '/healthz')).body as { role: string }).role;
      return role === 'follower';
    });
    assert.match(writer.output, /no longer the writer/);
    // Its commands now go to the writer, and its own record shows them at once.
    const passed = await addViewer(writer, 'passed');
    assert.equal(passed.status, 201, passed.text);
    const seen = await recordView(writer.url, await login(writer.url, ORIGIN, admin));
    assert.equal(seen.size, size + 1);

    assert.equal((await addViewer(standing, 'two')).status, 201);
    const after = await recordView(standing.url, await login(standing.url, ORIGIN, admin));
    assert.equal(after.size, size + 2, 'an entry is missing or was written twice');

    // Clean stops: the follower stops, and the writer gives its lease up for the next.
    assert.equal((await writer.stop()).code, 0, writer.output);
    assert.equal((await standing.stop()).code, 0, standing.output);
    assert.equal((await lease())?.holder, null);
  });

  test('a hub names the address it advertises, and the others pass commands on to it there', async () => {
    const port = await freePort();
    // Another name for this machine than the one it listens on: what a load balancer or DNS would give.
    const advertised = `http://localhost:${port}`;
    const writer = await ServeProcess.start(first, ['--store', url, '--port', String(port)], {
      DECONFLICT_ADVERTISE_URL: advertised,
    });
    serving.push(writer);
    const follower = await ServeProcess.start(standby, ['--store', url]);
    serving.push(follower);
    assert.equal((await lease())?.address, advertised);
    const health = (await get(follower.url, '/healthz')).body as { role: string; writer: string };
    assert.deepEqual([health.role, health.writer], ['follower', advertised]);
    const passed = await addViewer(follower, 'advertised');
    assert.equal(passed.status, 201, passed.text);
    assert.equal((await follower.stop()).code, 0, follower.output);
    assert.equal((await writer.stop()).code, 0, writer.output);

    const refused = await runCli([
      'serve',
      '--data',
      first,
      '--store',
      url,
      '--advertise-url',
      'ftp://hub-b',
    ]);
    assert.equal(refused.code, 1, describeRun(refused));
    assert.match(refused.stderr, /--advertise-url.*an http:\/\/ or https:\/\/ URL of a host and port/);
  });
});
