import pg from 'pg';
import { hostSelectingClient } from './postgresql-hosts.js';
import { parsePostgresqlUrl } from './postgresql-url.js';

export type PostgresqlPool = pg.Pool;

const INT8 = 20;
/** The hub's integers (indexes, sizes, times in ms) stay below 2^53, so bigint reads as a number. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary'
      ? Number
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * The hub never leaves a transaction waiting on itself: one open but idle this long belongs to a
 * paused or stuck process, and the server ends it, so that it cannot hold the writer's lease row
 * locked against a takeover.
 */
const IDLE_IN_TRANSACTION_MS = 5_000;
/** How long to wait for each server to accept a connection, unless the URL's connect_timeout says. */
const CONNECT_TIMEOUT_MS = 10_000;
/**
 * A connection that carries nothing for this long is probed by TCP keepalive, so that one to a
 * machine that vanished (no reset ever comes) is found dead rather than kept for ever.
 */
const KEEPALIVE_IDLE_MS = 10_000;
/**
 * A statement the server has not answered in this long is taken as lost with its server (a machine
 * gone mid-statement, a commit waiting on a synchronous standby that is gone): it fails, and the
 * connection is dropped. The hub's statements are small; this is far beyond any of them.
 */
const STATEMENT_ANSWER_MS = 60_000;
/** Rolling back after a failure waits no longer than this: the connection is dropped instead. */
const ROLLBACK_ANSWER_MS = 5_000;

/**
 * A pool on `url`, which may name several hosts (libpq's multi-host URLs, target_session_attrs,
 * connect_timeout): each new connection goes to the first host that fits. Throws
 * PostgresqlUrlError for a URL that cannot be read.
 */
export function postgresqlPool(url: string): PostgresqlPool {
  const parsed = parsePostgresqlUrl(url);
  const pool = new pg.Pool({
    // Each connection's own time limit, per host tried: the pool's would cut the search short.
    Client: hostSelectingClient(parsed, {
      connectionTimeoutMillis:
        parsed.connectTimeoutS === null ? CONNECT_TIMEOUT_MS : parsed.connectTimeoutS * 1000,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_IDLE_MS,
      query_timeout: STATEMENT_ANSWER_MS,
    }),
    types,
    max: 4,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
  });
  // An idle connection the server closed is dropped from the pool and the next query opens a new
  // one; without a listener the error would end the process.
  pool.on('error', () => {});
  return pool;
}

/**
 * COMMIT was sent but no answer came back (the connection died, or the server stopped answering):
 * the transaction may or may not be committed. Only reading the database again can tell.
 */
export class CommitOutcomeUnknown extends Error {
  constructor(cause: Error) {
    super(`the outcome of the commit is unknown, the connection to PostgreSQL failed: ${cause.message}`, {
      cause,
    });
    this.name = 'CommitOutcomeUnknown';
  }
}

/**
 * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. The
 * place where a check that this hub may still write (a lease, an epoch) belongs.
 */
export async function transaction<T>(
  pool: PostgresqlPool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT').catch((error: Error) => {
      // An ERROR is the server refusing it, rolled back: a definite answer. A FATAL one ends the
      // connection, maybe after a local commit (a wait for the synchronous standby cut short), and
      // anything else lost the answer.
      const refused = error instanceof pg.DatabaseError && error.severity === 'ERROR';
      throw refused ? error : new CommitOutcomeUnknown(error);
    });
    return result;
  } catch (error) {
    // A connection that died or stops answering fails this at once or within the time limit.
    await answeredWithin(client.query('ROLLBACK'), ROLLBACK_ANSWER_MS).catch((failed: Error) => {
      broken = failed;
    });
    throw error;
  } finally {
    // A connection that could not even roll back is closed rather than reused.
    client.release(broken);
  }
}

function answeredWithin<T>(statement: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from PostgreSQL in ${ms} ms`)), ms);
  });
  return Promise.race([statement, late]).finally(() => clearTimeout(timer));
}
