// A throwaway PostgreSQL 15 cluster, with PostGIS 3 for oracle tests or bare for the hub's PostgreSQL
// store: initdb into a temp dir, listen on a unix socket in that dir only, no fsync (a crash of the
// machine is not what these tests try), stopped and removed afterwards. PostgreSQL refuses to run
// as root, so under root the cluster belongs to the `postgres` system user (the Debian packages
// create it) and its commands run through runuser.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const POSTGIS_CONTROL = process.env.PG_SHARE_EXTENSION
  ? join(process.env.PG_SHARE_EXTENSION, 'postgis.control')
  : '/usr/share/postgresql/15/extension/postgis.control';

export interface Postgis {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export interface PostgresServer extends Postgis {
  /** A connection URL for the hub: `role` (default the superuser) on `database` (default postgres). */
  url(options?: { role?: string; database?: string }): string;
  /** With `tls`: where it also listens for TLS connections, `127.0.0.1:<port>`. */
  tcp: string | null;
}

/** Why the PostgreSQL store's tests cannot run here, or null when they can (always null on CI). */
export function postgresUnavailable(): string | null {
  if (process.env.CI) return null;
  if (!existsSync(join(BIN, 'initdb')))
    return `PostgreSQL 15 not found in ${BIN}: apt-get install postgresql`;
  return null;
}

/**
 * Why the PostGIS tests cannot run here, or null when they can. On CI (CI set) this is always null:
 * there the packages are installed, and a missing one must fail the run, not skip it.
 */
export function postgisUnavailable(): string | null {
  if (process.env.CI) return null;
  if (!existsSync(join(BIN, 'initdb'))) {
    return `PostgreSQL 15 not found in ${BIN}: apt-get install postgresql postgresql-15-postgis-3`;
  }
  if (!existsSync(POSTGIS_CONTROL)) return 'PostGIS 3 not installed: apt-get install postgresql-15-postgis-3';
  return null;
}

export function postgresUid(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

export function run(asPostgres: boolean, command: string, args: string[]): void {
  const [file, fullArgs] = asPostgres
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, args];
  const result = spawnSync(file, fullArgs, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
}

/** A cluster's data directory, its superuser `postgres`, every local and loopback connection trusted. */
export function initdb(asPostgres: boolean, data: string): void {
  run(asPostgres, join(BIN, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
    '--no-instructions',
  ]);
}

/** Server settings for speed where the tests do not look: a crash of the machine is not tried. */
export const SERVER_SETTINGS = [
  '-c fsync=off',
  '-c full_page_writes=off',
  '-c shared_buffers=64MB',
  '-c work_mem=64MB',
  '-c max_parallel_workers_per_gather=0',
];

export function startPostgis(): Promise<Postgis> {
  return startPostgres({ postgis: true });
}

/**
 * Starts a cluster. The oracle's (`postgis`) also commits asynchronously, for speed; the store's
 * keeps the server's default, so that a commit is acknowledged as a production server would.
 */
export async function startPostgres(
  options: {
    postgis: boolean;
    /** Also listen on the loopback, for TLS connections only, with this certificate and key (PEM files). */
    tls?: { certFile: string; keyFile: string; port: number };
  } = { postgis: false },
): Promise<PostgresServer> {
  const owner = postgresUid();
  const dir = mkdtempSync(join(tmpdir(), 'deconflict-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const asPostgres = owner !== null;
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    initdb(asPostgres, data);
    const { tls } = options;
    if (tls) {
      // The server reads its key only if nobody else may: its own copy, owned by the server's user.
      for (const [from, to] of [
        [tls.certFile, 'server.crt'],
        [tls.keyFile, 'server.key'],
      ] as const) {
        copyFileSync(from, join(data, to));
        chmodSync(join(data, to), 0o600);
        if (owner) chownSync(join(data, to), owner.uid, owner.gid);
      }
      // The unix socket for the test's own client; on the loopback, TLS or nothing.
      writeFileSync(join(data, 'pg_hba.conf'), 'local all all trust\nhostssl all all 127.0.0.1/32 trust\n');
    }
    const serverOptions = [
      `-k ${dir}`,
      tls ? `-c listen_addresses=127.0.0.1 -c port=${tls.port} -c ssl=on` : "-c listen_addresses=''",
      ...(options.postgis ? ['-c synchronous_commit=off'] : []),
      ...SERVER_SETTINGS,
    ].join(' ');
    run(asPostgres, join(BIN, 'pg_ctl'), [
      '-D',
      data,
      '-o',
      serverOptions,
      '-l',
      join(dir, 'log'),
      '-w',
      'start',
    ]);
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
      run(asPostgres, join(BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      remove();
    }
  };
  // A test process that exits without calling stop() (a failed before hook, process.exit) must not
  // leave a server behind.
  process.on('exit', stopServer);
  // The unix socket is named by the port the server listens on.
  const port = options.tls?.port ?? 5432;
  const client = new pg.Client({ host: dir, port, user: 'postgres', database: 'postgres' });
  try {
    await client.connect();
    if (options.postgis) await client.query('CREATE EXTENSION postgis');
  } catch (error) {
    await client.end().catch(() => {});
    stopServer();
    throw error;
  }
  return {
    url: ({ role = 'postgres', database = 'postgres' } = {}) =>
      `postgresql://${role}@localhost:${port}/${database}?host=${encodeURIComponent(dir)}`,
    tcp: options.tls ? `127.0.0.1:${options.tls.port}` : null,
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      const result = await client.query(sql, params);
      return result.rows as T[];
    },
    async stop(): Promise<void> {
      await client.end();
      stopServer();
    },
  };
}
