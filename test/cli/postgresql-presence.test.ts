// A hub served on PostgreSQL, through the CLI, takes in who is on line on the other hubs of its
// database: an officer another hub states as connected is the one an urgent request goes to, and
// once that hub says the officer left, the writer moves the request on. The other hub here is the
// presence a second hub runs, over the same database, in the test's process.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dataDir, readHubKey } from '../../src/cli/data-dir.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { PRESENCE_REFRESH_MS, SharedPresence } from '../../src/hub/shared-presence.js';
import { parseTrustedEntry, verifierKeyString } from '../../src/record/index.js';
import { PostgresqlStore } from '../../src/store/postgresql-store.js';
import { accept } from '../support/api.js';
import { initOnPostgresql, ServeProcess } from '../support/cli.js';
import { deliverySteps, stopRequest } from '../support/hotline-escalation.js';
import { type PostgresServer, postgresUnavailable, startPostgres } from '../support/postgis.js';
import { tempDir } from '../support/temp-dir.js';
import { until } from '../support/until.js';

const unavailable = postgresUnavailable();
const ORIGIN = 'presence.deconflict.test/hub';

describe('on line on another hub of a PostgreSQL database', { skip: unavailable ?? false }, () => {
  let server: PostgresServer;
  const temp = tempDir();
  const data = join(temp.path, 'data');
  const admin = OperatorSigner.generate();
  const red = OperatorSigner.generate();
  const blue = OperatorSigner.generate();
  let writer: ServeProcess;
  let store: PostgresqlStore;
  let other: SharedPresence;

  /** The delivery steps of a message the record holds, as "reason → who". */
  const stepsOf = async (message: string): Promise<string[]> =>
    deliverySteps(
      (await store.entries(0, await store.size()))
        .map((stored) => parseTrustedEntry(stored.bytes))
        .filter((entry) => entry.kind === 'delivery.step' && entry.command.message === message),
    );

  before(async () => {
    server = await startPostgres();
    await server.query('CREATE DATABASE hub');
    const url = server.url({ database: 'hub' });
    await initOnPostgresql(data, ORIGIN, admin.publicKey, url);
    writer = await ServeProcess.start(data, ['--store', url]);
    for (const [party, signer] of [
      ['red', red],
      ['blue', blue],
    ] as const) {
      await accept(writer.url, ORIGIN, admin, 'party.create', {
        party: { id: party, name: party },
        administrator: { id: `${party}.admin`, name: party, public_key: signer.publicKey },
      });
    }
    const members = ['red.r1', 'red.r2', 'red.r3'];
    for (const id of members) {
      await accept(writer.url, ORIGIN, red, 'operator.add', {
        operator: { id, name: id, public_key: OperatorSigner.generate().publicKey },
        role: 'duty-officer',
      });
    }
    await accept(writer.url, ORIGIN, red, 'roster.set', {
      roster: {
        duty: 'air-deconfliction',
        // No shifts: on duty at any hour the test runs.
        members: members.map((operator) => ({ operator, shifts: [] })),
        chief: 'red.admin',
      },
    });
    const { hubKey, origin } = readHubKey(dataDir(data));
    store = await PostgresqlStore.open(url, verifierKeyString(origin, hubKey));
    other = await new SharedPresence(store).start();
  });
  after(async () => {
    await other?.close();
    await store?.close();
    await writer?.stop();
    await server?.stop();
    temp.remove();
  });

  test('an officer on line on the other hub is asked, and the request moves on once they leave it', async () => {
    other.connect('red.r2');
    // The other hub states it within a second, and the writer reads it within the next.
    await new Promise((resolve) => setTimeout(resolve, 2 * PRESENCE_REFRESH_MS + 500));
    await accept(writer.url, ORIGIN, blue, 'message.send', stopRequest('blue/stop-1', 'red'));
    assert.deepEqual(await stepsOf('blue/stop-1'), ['sent → red.r2']);
    assert.equal(other.disconnect('red.r2'), true);
    await until('the writer moves the request on', async () => (await stepsOf('blue/stop-1')).length === 2);
    assert.deepEqual(await stepsOf('blue/stop-1'), ['sent → red.r2', 'offline → red.r3']);
  });
});
