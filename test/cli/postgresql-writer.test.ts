// Two hubs (copies of one data directory) served on one PostgreSQL database, through the CLI: the
// second is refused while the first holds the writer's lease, naming it; once the first, paused
// with SIGSTOP, lets its lease lapse, the second takes over, and the first, continued, refuses every
// command with a 503 that says when to come back, writing nothing. A clean stop gives the lease up.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { WRITER_LEASE_TTL_MS } from '../../src/hub/writer-lease-keeper.js';
import { login, postCommand, recordView } from '../support/api.js';
import { describeRun, initOnPostgresql, runCli, ServeProcess } from '../support/cli.js';
import { type PostgresServer, postgresUnavailable, startPostgres } from '../support/postgis.js';
import { tempDir } from '../support/temp-dir.js';
import { until } from '../support/until.js';

const unavailable = postgresUnavailable();
const ORIGIN = 'writer.deconflict.test/hub';

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

  test('one writer at a time; a writer that lost its lease refuses commands with a 503', async () => {
    const writer = await ServeProcess.start(first, ['--store', url]);
    serving.push(writer);
    assert.equal((await addViewer(writer, 'one')).status, 201);
    const held = await lease();
    assert.equal(held?.address, writer.url, 'the lease does not name where the writer serves');

    const refused = await runCli(['serve', '--data', standby, '--port', '0', '--store', url], {
      timeoutMs: 30_000,
    });
    assert.equal(refused.code, 1, describeRun(refused));
    assert.match(
      refused.stderr,
      new RegExp(`another hub is the writer: ${writer.url}, epoch ${held?.epoch}, until \\d{4}-`),
    );

    // Paused past its lease: by the database's clock nobody is the writer, and the standby takes over.
    writer.kill('SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, WRITER_LEASE_TTL_MS + 500));
    const takeover = await ServeProcess.start(standby, ['--store', url]);
    serving.push(takeover);
    assert.equal((await lease())?.epoch, (held?.epoch ?? 0) + 1);
    const { size } = await recordView(takeover.url, await login(takeover.url, ORIGIN, admin));

    writer.kill('SIGCONT');
    const reply = await until('the old writer refuses commands', async () => {
      const answer = await addViewer(writer, 'stale');
      return answer.status === 503 && answer;
    });
    assert.match(reply.contentType, /^application\/problem\+json/);
    const problem = reply.body as { title: string; detail: string; retry_after_s: number };
    assert.equal(problem.title, 'This hub is no longer the writer');
    assert.equal(problem.retry_after_s, WRITER_LEASE_TTL_MS / 1000);
    assert.equal(reply.headers?.get('retry-after'), String(WRITER_LEASE_TTL_MS / 1000));
    assert.match(writer.output, /no longer the writer, refusing commands/);

    assert.equal((await addViewer(takeover, 'two')).status, 201);
    const after = await recordView(takeover.url, await login(takeover.url, ORIGIN, admin));
    assert.equal(after.size, size + 1, 'the old writer wrote something');

    // Clean stops: the deposed hub stops as well, and the writer gives its lease up for the next.
    assert.equal((await writer.stop()).code, 0, writer.output);
    assert.equal((await takeover.stop()).code, 0, takeover.output);
    assert.equal((await lease())?.holder, null);
  });
});
