// The failover drill through the CLI: a hub served with `--store` on the multi-host URL of a
// PostgreSQL primary and its synchronous standby, under write load from several signed clients.
// The primary is killed (SIGKILL of its postmaster) and the standby promoted. The hub, whose commit
// failed, does not stop: it drops what it never committed, rebuilds its state from the record once a
// server accepts writes again (the promoted standby, found through the multi-host URL), takes the
// writer's lease again there and accepts commands; every command it answered before is in the record
// at its index, and the record verifies. The time from the kill to the first command accepted again
// is measured and printed.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import type { SignedCommand } from '../../src/hub/signed-command.js';
import type { Entry } from '../../src/record/index.js';
import { accept, get, login, postCommand, recordView } from '../support/api.js';
import { describeRun, initOnPostgresql, printed, runCli, ServeProcess } from '../support/cli.js';
import { postgresUnavailable } from '../support/postgis.js';
import { type PostgresCluster, startPostgresCluster } from '../support/postgres-cluster.js';
import { tempDir } from '../support/temp-dir.js';

const unavailable = postgresUnavailable();
const ORIGIN = 'failover.deconflict.test/hub';
const CLIENTS = 4;
const ANSWERED_BEFORE_KILL = 60;
const RETRY_MS = 100;

interface LeaseRow {
  holder: string;
  epoch: number;
}

describe('a hub through a PostgreSQL failover', { skip: unavailable ?? false }, () => {
  let cluster: PostgresCluster;
  const temp = tempDir();
  const data = join(temp.path, 'data');
  const admin = OperatorSigner.generate();
  const clients = Array.from({ length: CLIENTS }, () => OperatorSigner.generate());
  const answered: { signed: SignedCommand; index: number }[] = [];
  let serving: ServeProcess | null = null;
  let url: string;

  before(async () => {
    cluster = await startPostgresCluster();
    await cluster.query('primary', 'CREATE DATABASE hub');
    url = cluster.url('hub');
    await initOnPostgresql(data, ORIGIN, admin.publicKey, url);
  });
  after(() => {
    serving?.kill('SIGKILL');
    cluster?.stop();
    temp.remove();
  });

  test('answered commands survive the loss of the primary, and the hub accepts commands again without a restart', async (t) => {
    const starting = performance.now();
    const hub = await ServeProcess.start(data, ['--store', url]);
    serving = hub;
    // For comparison: how long the hub takes to start at all, here.
    const coldStartMs = performance.now() - starting;
    let exited = false;
    void hub.exited.then(() => {
      exited = true;
    });
    for (const [at, client] of clients.entries())
      await accept(hub.url, ORIGIN, admin, 'operator.add', {
        operator: { id: `hub.client-${at}`, name: `Client ${at}`, public_key: client.publicKey },
        role: 'administrator',
      });
    const leaseBefore = (
      await cluster.query<LeaseRow>('primary', 'SELECT holder, epoch::int FROM writer_lease', [], 'hub')
    )[0] as LeaseRow;

    let killed = false;
    const load = async (at: number, signer: OperatorSigner) => {
      for (let n = 0; ; n++) {
        const signed = signer.command(ORIGIN, 'operator.add', {
          operator: {
            id: `hub.load-${at}-${n}`,
            name: `Load ${at}.${n}`,
            public_key: OperatorSigner.generate().publicKey,
          },
          role: 'viewer',
        });
        const reply = await postCommand(hub.url, signed).catch(() => null);
        if (reply?.status === 201) answered.push({ signed, index: (reply.body as { index: number }).index });
        else if (killed)
          return; // refused (503) or cut off with the hub: never answered
        else assert.fail(`refused before the kill: ${reply?.status} ${reply?.text}`);
      }
    };
    const loads = clients.map((signer, at) => load(at, signer));
    while (answered.length < ANSWERED_BEFORE_KILL) await sleep(5);

    const killedAt = performance.now();
    killed = true;
    await cluster.killPrimary();
    await Promise.all(loads);
    const refusingMs = performance.now() - killedAt;
    // Meanwhile the failover manager promotes the standby.
    await cluster.promoteStandby();
    const promotedMs = performance.now() - killedAt;
    let acceptedAgainMs = 0;
    for (;;) {
      const reply = await postCommand(
        hub.url,
        admin.command(ORIGIN, 'operator.add', {
          operator: {
            id: 'hub.after',
            name: 'After the failover',
            public_key: OperatorSigner.generate().publicKey,
          },
          role: 'viewer',
        }),
      );
      if (reply.status === 201) {
        acceptedAgainMs = performance.now() - killedAt;
        break;
      }
      assert.equal(exited, false, `the hub stopped:\n${hub.output}`);
      await sleep(RETRY_MS);
    }
    assert.equal(exited, false, `the hub stopped:\n${hub.output}`);
    const ms = (value: number) => `${Math.round(value)} ms`;
    t.diagnostic(`${answered.length} commands answered before the kill`);
    console.log(
      `PostgreSQL failover: after the kill, every client was refused or cut off within ${ms(refusingMs)}, ` +
        `the standby was promoted in ${ms(promotedMs)} and the same hub accepted a command again in ` +
        `${ms(acceptedAgainMs)} (a cold start of the hub took ${ms(coldStartMs)})`,
    );

    // The lease failed over with the record: the hub took it again there.
    const leaseAfter = (
      await cluster.query<LeaseRow>('standby', 'SELECT holder, epoch::int FROM writer_lease', [], 'hub')
    )[0] as LeaseRow;
    assert.equal(leaseAfter.holder, leaseBefore.holder);
    assert.ok(leaseAfter.epoch > leaseBefore.epoch, `epoch ${leaseAfter.epoch} after ${leaseBefore.epoch}`);

    const token = await login(hub.url, ORIGIN, admin);
    const { size } = await recordView(hub.url, token);
    const page = await get(hub.url, `/v1/record/entries?start=0&end=${size}`, token);
    assert.equal(page.status, 200, page.text);
    const entries = (page.body as { entries: { entry: Entry }[] }).entries.map((item) => item.entry);
    assert.equal(entries.length, size);
    for (const { signed, index } of answered) assert.deepEqual(entries[index]?.command, signed.command);
    assert.equal((await hub.stop()).code, 0, hub.output);
    serving = null;

    const verified = await runCli(['verify', data, '--store', url]);
    assert.equal(verified.code, 0, describeRun(verified));
    assert.equal(printed<{ entries: number }>(verified).entries, size);
  });

  test('a multi-host URL that cannot be read is refused, naming what is wrong and not the password', async () => {
    const result = await runCli([
      'serve',
      '--data',
      data,
      '--port',
      '0',
      '--store',
      'postgresql://hub:s3cret-word@db1:5432,db2:99999/hub?target_session_attrs=read-write',
    ]);
    assert.equal(result.code, 1, describeRun(result));
    assert.match(result.stderr, /--store: the PostgreSQL URL has an invalid port number "99999"/);
    assert.doesNotMatch(result.stderr + result.stdout, /s3cret-word/);
  });
});
