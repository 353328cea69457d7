import pg from 'pg';

export type PostgresqlPool = pg.Pool;

const INT8 = 20;
/** The hub's integers (indexes, sizes, times in ms) stay below 2^53, so bigint reads as a number. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary'
      ? Number
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Where a URL points, without its password: for messages. */
export function describePostgresql(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.searchParams.get('host') ?? parsed.host;
    return `${parsed.username || 'the default role'}@${host || 'localhost'}${parsed.pathname}`;
  } catch {
    return 'an unreadable URL';
  }
}

/**
 * The hub never leaves a transaction waiting on itself: one open but idle this long belongs to a
 * paused or stuck process, and the server ends it, so that it cannot hold the writer's lease row
 * locked against a takeover.
 */
const IDLE_IN_TRANSACTION_MS = 5_000;

export function postgresqlPool(url: string): PostgresqlPool {
  const pool = new pg.Pool({
    connectionString: url,
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
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((failed: Error) => {
      broken = failed;
    });
    throw error;
  } finally {
    // A connection that could not even roll back is closed rather than reused.
    client.release(broken);
  }
}
