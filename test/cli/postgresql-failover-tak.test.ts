// A TAK client through a PostgreSQL failover: two hubs, each with its CoT port, on the multi-host URL
// of a primary and its synchronous standby. A TAK client of blue's is signed in at the writer's port
// when the primary is killed (SIGKILL of its postmaster) and the standby promoted. Whichever hub holds
// the lease once the promoted standby accepts writes serves TAK clients: the client, signed in there
// (again, if its connection was closed), holds blue's whole picture, what red declared after the
// failover included, each item sent once on that connection, and its unit's positions are taken.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ServeProcess } from '../support/cli.js';
import { postgresUnavailable } from '../support/postgis.js';
import { type PostgresCluster, startPostgresCluster } from '../support/postgres-cluster.js';
import { siteUids, TakClient, unitReport } from '../support/tak-client.js';
import { tempDir } from '../support/temp-dir.js';
import { TAK_SECRET, TAK_UNIT, TwoHubsWithTak } from '../support/two-hubs-with-tak.js';
import { until } from '../support/until.js';

const unavailable = postgresUnavailable();

describe('a TAK client through a PostgreSQL failover', {
  skip: unavailable ?? false,
  timeout: 180_000,
}, () => {
  let cluster: PostgresCluster;
  const temp = tempDir();
  let drill: TwoHubsWithTak;
  const clients: TakClient[] = [];

  before(async () => {
    cluster = await startPostgresCluster();
    await cluster.query('primary', 'CREATE DATABASE hub');
    drill = await TwoHubsWithTak.start(temp.path, 'tak-failover.deconflict.test/hub', cluster.url('hub'));
  });
  after(() => {
    for (const client of clients) client.close();
    drill?.kill();
    cluster?.stop();
    temp.remove();
  });

  test('is served by the hub holding the lease after the failover, with the whole picture once, and reports there', async (t) => {
    const { hubs, cotPorts } = drill;
    const [first, second] = hubs as [ServeProcess, ServeProcess];
    assert.equal(await drill.declareSite(first, 'red/field-hospital', [37.2, 36.2]), 201);
    const before = await TakClient.signIn(cotPorts[0] as number, 'blue/tak', TAK_SECRET, TAK_UNIT);
    clients.push(before);
    await until('the hospital on the TAK client', () => before.latest('deconflict.red/field-hospital'));

    await cluster.killPrimary();
    await cluster.promoteStandby();
    // Declared once the promoted standby accepts writes, through either hub.
    await until(
      'a declaration accepted after the failover',
      async () => ((await drill.declareSite(second, 'red/camp', [37.3, 36.3])) === 201 ? true : undefined),
      60_000,
    );
    const writerAt = await until('one hub to hold the lease', async () => {
      const roles = await Promise.all(hubs.map((hub) => drill.role(hub)));
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
              TakClient.signIn(cotPorts[writerAt] as number, 'blue/tak', TAK_SECRET, TAK_UNIT).catch(
                () => undefined,
              ),
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

    served.send(unitReport(TAK_UNIT, 37.1));
    const track = await drill.unitTrack(hubs[writerAt] as ServeProcess);
    assert.equal(track.lon, 37.1);
    assert.equal(served.closed, false);
  });
});
