// A TAK client through a PostgreSQL failover: two hubs, each with its CoT port, on the multi-host URL
// of a primary and its synchronous standby. A TAK client of blue's is signed in at the writer's port
// when the primary is killed (SIGKILL of its postmaster) and the standby promoted. Whichever hub holds
// the lease once the promoted standby accepts writes serves TAK clients: the client, signed in there
// (again, if its connection was closed), holds blue's whole picture, what red declared after the
// failover included, each item sent once on that connection, and its unit's positions are taken.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, get, login, submit } from '../support/api.js';
import { initOnPostgresql, ServeProcess } from '../support/cli.js';
import { site } from '../support/declarations.js';
import { postgresUnavailable } from '../support/postgis.js';
import { freePort, type PostgresCluster, startPostgresCluster } from '../support/postgres-cluster.js';
import { siteUids, TakClient, unitReport } from '../support/tak-client.js';
import { tempDir } from '../support/temp-dir.js';
import { until } from '../support/until.js';

const unavailable = postgresUnavailable();
const ORIGIN = 'tak-failover.deconflict.test/hub';
const SECRET = 'a long random secret for the blue TAK server';
const UNIT = 'ANDROID-BLUE-1';
const signers = { 'blue.admin': OperatorSigner.generate(), 'red.admin': OperatorSigner.generate() };

describe('a TAK client through a PostgreSQL failover', {
  skip: unavailable ?? false,
  timeout: 180_000,
}, () => {
  let cluster: PostgresCluster;
  const temp = tempDir();
  const dirs = ['one', 'two'].map((name) => join(temp.path, name));
  const admin = OperatorSigner.generate();
  const hubs: ServeProcess[] = [];
  const cotPorts: number[] = [];
  const clients: TakClient[] = [];

  before(async () => {
    cluster = await startPostgresCluster();
    await cluster.query('primary', 'CREATE DATABASE hub');
    const url = cluster.url('hub');
    await initOnPostgresql(dirs[0] as string, ORIGIN, admin.publicKey, url);
    cpSync(dirs[0] as string, dirs[1] as string, { recursive: true });
    for (const dir of dirs) {
      const port = await freePort();
      cotPorts.push(port);
      hubs.push(await ServeProcess.start(dir, ['--store', url, '--cot-port', String(port)]));
    }
    const writer = hubs[0] as ServeProcess;
    for (const party of ['blue', 'red'] as const)
      await accept(writer.url, ORIGIN, admin, 'party.create', {
        party: { id: party, name: `Party ${party}` },
        administrator: { id: `${party}.admin`, name: party, public_key: signers[`${party}.admin`].publicKey },
      });
    await accept(writer.url, ORIGIN, signers['blue.admin'], 'feed.set', {
      feed: { name: 'tak', kind: 'cot', secret_sha256: createHash('sha256').update(SECRET).digest('hex') },
    });
  });
  after(() => {
    for (const client of clients) client.close();
    for (const hub of hubs) hub.kill('SIGKILL');
    cluster?.stop();
    temp.remove();
  });

  test('is served by the hub holding the lease after the failover, with the whole picture once, and reports there', async (t) => {
    const declare = (hub: ServeProcess, id: string, at: [number, number]) =>
      submit(hub.url, ORIGIN, signers['red.admin'], 'declaration.submit', {
        declaration: site(id, at, 300, Date.now() - 60_000, 24, { visibility: ['blue'] }),
        known_conflicts: [],
      });
    const [first, second] = hubs as [ServeProcess, ServeProcess];
    assert.equal((await declare(first, 'red/field-hospital', [37.2, 36.2])).status, 201);
    const before = await TakClient.signIn(cotPorts[0] as number, 'blue/tak', SECRET, UNIT);
    clients.push(before);
    await until('the hospital on the TAK client', () => before.latest('deconflict.red/field-hospital'));

    await cluster.killPrimary();
    await cluster.promoteStandby();
    // Declared once the promoted standby accepts writes, through either hub.
    await until(
      'a declaration accepted after the failover',
      async () => ((await declare(second, 'red/camp', [37.3, 36.3])).status === 201 ? true : undefined),
      60_000,
    );
    const health = async (hub: ServeProcess) => (await get(hub.url, '/healthz')).body as { role: string };
    const writerAt = await until('one hub to hold the lease', async () => {
      const roles = await Promise.all(hubs.map(async (hub) => (await health(hub)).role));
      const at = roles.indexOf('writer');
      return at === -1 ? undefined : at;
    });
    // A TAK client retries its server until it answers, at the one address the hubs are behind.
    const served =
      writerAt === 0 && !before.closed
        ? before
        : await until(
            'the writer’s CoT port to accept the client',
            async () =>
              TakClient.signIn(cotPorts[writerAt] as number, 'blue/tak', SECRET, UNIT).catch(() => undefined),
            30_000,
          );
    if (served !== before) clients.push(served);
    t.diagnostic(
      `the ${writerAt === 0 ? 'same' : 'other'} hub holds the lease; the client ${served === before ? 'kept its connection' : 'signed in again'}`,
    );
    const expected = [...siteUids('red/field-hospital'), ...siteUids('red/camp')];
    await until('the whole picture on the client', () =>
      expected.every((uid) => served.latest(uid) !== undefined),
    );
    // Nothing twice: each item is sent once on a connection (on sign-in, or when it was declared).
    for (const uid of expected)
      assert.equal(served.events.filter((reading) => reading.event.uid === uid).length, 1, uid);

    served.send(unitReport(UNIT, 37.1));
    const writer = hubs[writerAt] as ServeProcess;
    const token = await login(writer.url, ORIGIN, signers['blue.admin']);
    const track = await until('blue’s unit among the writer’s tracks', async () => {
      const { tracks } = (await get(writer.url, '/v1/tracks', token)).body as {
        tracks: { id: string; lon: number }[];
      };
      return tracks.find((candidate) => candidate.id === `blue/tak:${UNIT}`);
    });
    assert.equal(track.lon, 37.1);
    assert.equal(served.closed, false);
  });
});
