// A throwaway PostgreSQL 15 cluster (with PostGIS 3 unless told otherwise) for a benchmark peer or a
// hub's store, set up as a durable server
// (fsync, synchronous_commit and full_page_writes on, the defaults) unless told otherwise, reached
// through a connection pool on a unix socket in its own temp dir. Like test/support/postgis.ts, which
// serves the oracle tests with durability off and one connection; under root the cluster belongs to
// the `postgres` system user.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PostgisCluster {
  /** One connection for setup and single queries. */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A pool of `size` connections. */
  pool(size: number): pg.Pool;
  /** A connection URL for a hub: the superuser on `database`, over the cluster's unix socket. */
  url(database: string): string;
  settings: string[];
  stop(): Promise<void>;
}

function asPostgresArgs(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function run(command: string, args: string[]): void {
  const [file, fullArgs] = asPostgresArgs(command, args);
  const result = spawnSync(file, fullArgs, { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${command} failed (${result.status}): ${result.stderr || result.stdout}`);
}

/** A durable server: the defaults, said out loud (fsync, synchronous_commit, full_page_writes on). */
export const DURABLE = ['fsync=on', 'synchronous_commit=on', 'full_page_writes=on', 'shared_buffers=128MB'];

/** Starts a cluster with the given `-c` settings added to a durable base. */
export async function startPostgisCluster(
  settings: string[],
  options: {
    postgis: boolean;
    /**
     * Also a streaming standby on the same machine that every commit waits for until it has applied
     * it (synchronous_commit = remote_apply), as a production pair runs.
     */
    synchronousStandby?: boolean;
  } = { postgis: true },
): Promise<PostgisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'deconflict-pg-'));
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = join(dir, 'data');
  const standbyData = join(dir, 'standby');
  const all = [
    `listen_addresses=''`,
    'max_connections=200',
    ...settings,
    ...(options.synchronousStandby
      ? ["synchronous_standby_names='standby'", 'synchronous_commit=remote_apply']
      : []),
  ];
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const startServer = (at: string, socketDir: string, serverSettings: string[]) =>
    run(join(BIN, 'pg_ctl'), [
      '-D',
      at,
      '-o',
      [`-k ${socketDir}`, ...serverSettings.map((s) => `-c ${s}`)].join(' '),
      '-l',
      `${at}.log`,
      '-w',
      'start',
    ]);
  try {
    run(join(BIN, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C']);
    startServer(data, dir, all);
    if (options.synchronousStandby) {
      // A copy of the primary streaming from it over its unix socket; its own socket is in a
      // directory of its own.
      run(join(BIN, 'pg_basebackup'), [
        ...['-D', standbyData, '-h', dir, '-U', 'postgres'],
        ...['-R', '-X', 'stream', '-c', 'fast'],
      ]);
      const standbySocket = join(dir, 'standby-socket');
      run('mkdir', ['-m', '700', standbySocket]);
      startServer(standbyData, standbySocket, [
        `listen_addresses=''`,
        'max_connections=200',
        ...settings,
        // The walreceiver's name, which the primary waits for; -R wrote where it streams from.
        'cluster_name=standby',
      ]);
    }
  } catch (error) {
    remove();
    throw error;
  }
  let stopped = false;
  const stopServer = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stopServer);
    try {
      if (options.synchronousStandby)
        run(join(BIN, 'pg_ctl'), ['-D', standbyData, '-m', 'immediate', '-w', 'stop']);
      run(join(BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      remove();
    }
  };
  process.on('exit', stopServer);
  const connection = { host: dir, user: 'postgres', database: 'postgres' };
  const client = new pg.Client(connection);
  const pools: pg.Pool[] = [];
  try {
    await client.connect();
    if (options.postgis) await client.query('CREATE EXTENSION postgis');
    if (options.synchronousStandby) await synchronousStandbyReady(client);
  } catch (error) {
    await client.end().catch(() => {});
    stopServer();
    throw error;
  }
  return {
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      return (await client.query(sql, params)).rows as T[];
    },
    pool(size: number): pg.Pool {
      const pool = new pg.Pool({ ...connection, max: size });
      pools.push(pool);
      return pool;
    },
    url: (database) => `postgresql://postgres@localhost/${database}?host=${encodeURIComponent(dir)}`,
    settings: all,
    async stop(): Promise<void> {
      await Promise.all(pools.map((pool) => pool.end().catch(() => {})));
      await client.end();
      stopServer();
    },
  };
}

/** Waits until the standby streams and the primary counts it as synchronous. */
async function synchronousStandbyReady(client: pg.Client): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { rows } = await client.query<{ sync_state: string }>(
      "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby'",
    );
    if (rows[0]?.sync_state === 'sync') return;
    if (Date.now() > deadline) throw new Error('the standby did not become synchronous within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
