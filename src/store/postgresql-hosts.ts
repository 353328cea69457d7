// Host selection for a multi-host PostgreSQL URL, as libpq does it: try the hosts in order and keep
// the first whose session is of the kind asked for (target_session_attrs), so that after a
// failover the pool's new connections reach the promoted standby, never the old primary come back
// read-only. Each connection the pool opens first finds its host with a short-lived probe
// connection, then connects to it and checks its session again: a server may change role between.
import pg from 'pg';
import type { PostgresqlHost, PostgresqlUrl, TargetSessionAttrs } from './postgresql-url.js';

type Session = 'read-write' | 'read-only' | 'primary' | 'standby' | 'any';

/** A host's session, as libpq judges it: by transaction_read_only, or by recovery for primary/standby. */
async function fits(client: pg.ClientBase, wanted: Session): Promise<boolean> {
  if (wanted === 'any') return true;
  const row = (
    await client.query<{ recovery: boolean; read_only: string }>(
      "SELECT pg_is_in_recovery() AS recovery, current_setting('transaction_read_only') AS read_only",
    )
  ).rows[0] as { recovery: boolean; read_only: string };
  switch (wanted) {
    case 'read-write':
      return row.read_only === 'off';
    case 'read-only':
      return row.read_only === 'on';
    case 'primary':
      return !row.recovery;
    case 'standby':
      return row.recovery;
  }
}

/** prefer-standby is a standby if any host is one, else any host (libpq's second pass). */
function passes(attrs: TargetSessionAttrs): Session[] {
  return attrs === 'prefer-standby' ? ['standby', 'any'] : [attrs];
}

export function describeHost({ host, port }: PostgresqlHost): string {
  return `${host ?? 'localhost'}${port === null ? '' : `:${port}`}`;
}

/**
 * A pg.Client class for pg.Pool's `Client` option that connects to the first of `url`'s hosts
 * whose session fits. `connection` is what each attempt is given (time limit, keepalive).
 */
export function hostSelectingClient(url: PostgresqlUrl, connection: pg.ClientConfig): typeof pg.Client {
  const single = url.hosts.length === 1 && url.targetSessionAttrs === 'any';
  const first = url.hosts[0] as PostgresqlHost;

  return class HostSelectingClient extends pg.Client {
    private readonly config: pg.ClientConfig;

    constructor(config: pg.ClientConfig = {}) {
      const own = { ...config, ...connection, connectionString: url.forHost(first) };
      super(own);
      this.config = own;
      // What the server says between statements (it is shutting down, the connection is gone) also
      // fails this connection's next statement; as an event without a listener it would end the process.
      this.on('error', () => {});
    }

    override connect(): Promise<pg.Client>;
    override connect(callback: (error: Error | null, client?: pg.Client) => void): void;
    override connect(
      callback?: (error: Error | null, client?: pg.Client) => void,
    ): Promise<pg.Client> | undefined {
      const connected = this.connectToFitting();
      if (!callback) return connected;
      connected.then(
        (client) => callback(null, client),
        (error: Error) => callback(error),
      );
      return undefined;
    }

    private async connectToFitting(): Promise<pg.Client> {
      // One host and no condition: the connection itself is the only try, as before.
      if (single) return super.connect();
      const { target, session, host, port } = await this.find();
      this.host = host;
      this.port = port;
      await super.connect();
      if (!(await fits(this, session).catch(() => false))) {
        await this.end().catch(() => {});
        throw new Error(`${describeHost(target)} no longer gives a ${url.targetSessionAttrs} session`);
      }
      return this;
    }

    /**
     * The first host, in order, whose session fits, each tried on a connection of its own; with
     * where pg reached it (a host or port the URL leaves out resolved as pg resolves it).
     */
    private async find(): Promise<{ target: PostgresqlHost; session: Session; host: string; port: number }> {
      const failures: string[] = [];
      for (const session of passes(url.targetSessionAttrs)) {
        for (const target of url.hosts) {
          const probe = new pg.Client({ ...this.config, connectionString: url.forHost(target) });
          // A probe the server drops while it is being closed is no concern of the pool's.
          probe.on('error', () => {});
          try {
            await probe.connect();
            if (await fits(probe, session)) return { target, session, host: probe.host, port: probe.port };
            failures.push(`${describeHost(target)}: not ${session}`);
          } catch (error) {
            failures.push(`${describeHost(target)}: ${(error as Error).message}`);
          } finally {
            // Not waited for: closing one to a server that stopped answering would hold up the search.
            probe.end().catch(() => {});
          }
        }
      }
      throw new Error(
        `no PostgreSQL server gives a ${url.targetSessionAttrs} session (${failures.join('; ')})`,
      );
    }
  };
}
