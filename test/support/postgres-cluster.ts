// A throwaway PostgreSQL 15 primary with a synchronous streaming standby, both on loopback TCP, for
// failover drills: the primary acknowledges a commit only once the standby has applied it
// (synchronous_commit = remote_apply), as a production pair (Patroni, pg_auto_failover) runs.
// `killPrimary` is the loss of the primary's machine as the database sees it (SIGKILL of its
// postmaster: no shutdown, no last words), `promoteStandby` what the failover manager then does.
// The standby is started without synchronous_standby_names, so that once promoted, alone, it commits
// (a manager would drop the lost standby from the list the same way).
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { BIN, initdb, postgresUid, run, SERVER_SETTINGS } from './postgis.js';
import { until } from './until.js';

export interface PostgresCluster {
  readonly primaryPort: number;
  readonly standbyPort: number;
  /** Both servers, primary first, for a read-write session: the URL a hub is given. */
  url(database?: string): string;
  /** One server's URL. */
  serverUrl(which: 'primary' | 'standby', database?: string): string;
  /** Runs one statement on one server (in `database`, default postgres), on a connection of its own. */
  query<T>(which: 'primary' | 'standby', sql: string, params?: unknown[], database?: string): Promise<T[]>;
  /** SIGKILL of the primary's postmaster; resolves once it accepts no more connections. */
  killPrimary(): Promise<void>;
  /** Promotes the standby and waits until it accepts writes. */
  promoteStandby(): Promise<void>;
  stop(): void;
}

/** A loopback TCP port nothing listens on (now). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const serverOptions = (dir: string, port: number, settings: string[]) =>
  [`-k ${dir}`, '-c listen_addresses=127.0.0.1', `-c port=${port}`, ...settings, ...SERVER_SETTINGS].join(
    ' ',
  );

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const owner = postgresUid();
  const asPostgres = owner !== null;
  const dir = mkdtempSync(join(tmpdir(), 'deconflict-pgcluster-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const primaryData = join(dir, 'primary');
  const standbyData = join(dir, 'standby');
  const primaryPort = await freePort();
  const standbyPort = await freePort();
  const pgCtl = (data: string, ...args: string[]) =>
    run(asPostgres, join(BIN, 'pg_ctl'), ['-D', data, ...args]);

  const stop = () => {
    process.off('exit', stop);
    for (const data of [standbyData, primaryData]) {
      try {
        pgCtl(data, '-m', 'immediate', '-w', 'stop');
      } catch {
        // Killed, or never started.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', stop);
  try {
    initdb(asPostgres, primaryData);
    pgCtl(
      primaryData,
      '-o',
      serverOptions(dir, primaryPort, [
        '-c synchronous_standby_names=standby',
        '-c synchronous_commit=remote_apply',
      ]),
      '-l',
      join(dir, 'primary.log'),
      '-w',
      'start',
    );
    // -R writes the standby's primary_conninfo; its cluster_name is the name the primary waits for.
    run(asPostgres, join(BIN, 'pg_basebackup'), [
      '-D',
      standbyData,
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
      '--no-sync',
    ]);
    pgCtl(
      standbyData,
      '-o',
      serverOptions(dir, standbyPort, ['-c cluster_name=standby']),
      '-l',
      join(dir, 'standby.log'),
      '-w',
      'start',
    );
  } catch (error) {
    stop();
    throw error;
  }

  const serverUrl = (which: 'primary' | 'standby', database = 'postgres') =>
    `postgresql://postgres@127.0.0.1:${which === 'primary' ? primaryPort : standbyPort}/${database}`;
  const query = async <T>(
    which: 'primary' | 'standby',
    sql: string,
    params: unknown[] = [],
    database?: string,
  ) => {
    const client = new pg.Client({
      connectionString: serverUrl(which, database),
      connectionTimeoutMillis: 5_000,
    });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  };
  const accepts = (which: 'primary' | 'standby') =>
    query(which, 'SELECT 1').then(
      () => true,
      () => false,
    );

  try {
    await until(
      'the standby to replicate synchronously',
      async () =>
        (await query<{ sync_state: string }>('primary', 'SELECT sync_state FROM pg_stat_replication'))[0]
          ?.sync_state === 'sync',
      30_000,
    );
  } catch (error) {
    stop();
    throw error;
  }

  return {
    primaryPort,
    standbyPort,
    url: (database = 'postgres') =>
      `postgresql://postgres@127.0.0.1:${primaryPort},127.0.0.1:${standbyPort}/${database}?target_session_attrs=read-write`,
    serverUrl,
    query,
    async killPrimary() {
      const pid = Number(readFileSync(join(primaryData, 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 'SIGKILL');
      await until(
        'the killed primary to stop accepting connections',
        async () => !(await accepts('primary')),
        30_000,
      );
    },
    async promoteStandby() {
      pgCtl(standbyData, '-w', 'promote');
      await until(
        'the standby to be promoted',
        async () =>
          (await query<{ recovery: boolean }>('standby', 'SELECT pg_is_in_recovery() AS recovery'))[0]
            ?.recovery === false,
        30_000,
      );
    },
    stop,
  };
}
