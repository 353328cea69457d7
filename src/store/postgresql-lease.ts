// The writer's lease on PostgreSQL: one row, `writer_lease`, timed only by the database's clock
// (clock_timestamp(), read when the row is locked), never by a hub's, so that a hub whose clock is
// off, or which was paused, cannot believe itself the writer for longer than the database does.
// Acquisition is serialised by the row's lock; every fenced commit locks the same row last, just
// before COMMIT, so a takeover either waits for that commit or makes it fail.
import type pg from 'pg';
import { type PostgresqlPool, transaction } from './postgresql-pool.js';
import { LeaseLost, type WriterLease, WriterLeaseHeld } from './store.js';

interface LeaseRow {
  holder: string | null;
  address: string | null;
  epoch: number;
  expires_at: Date;
  live: boolean;
}

const COLUMNS = 'holder, address, epoch, expires_at, expires_at > clock_timestamp() AS live';
const EXPIRY = "clock_timestamp() + $3::bigint * interval '1 millisecond'";

/** The lease a row records, when a hub holds one (a lapsed lease is still described, for messages). */
function leaseOf(row: LeaseRow | undefined): WriterLease | null {
  if (!row || row.holder === null) return null;
  return {
    holder: row.holder,
    address: row.address ?? '',
    epoch: row.epoch,
    expiresAt: row.expires_at.toISOString(),
  };
}

function checkTerms(holder: string, ttlMs: number): void {
  if (holder.length === 0) throw new RangeError('the lease holder must be named');
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0)
    throw new RangeError(`a lease lasts a positive whole number of milliseconds, not ${ttlMs}`);
}

export class PostgresqlLease {
  constructor(private readonly pool: PostgresqlPool) {}

  /**
   * Takes the lease if nobody holds it, it lapsed, or `holder` already holds it (a restarted hub),
   * raising the epoch; otherwise refuses with WriterLeaseHeld naming the holder. Two acquirers at
   * once queue on the row's lock, and the second sees the first's lease.
   */
  async acquire(holder: string, address: string, ttlMs: number): Promise<WriterLease> {
    checkTerms(holder, ttlMs);
    return transaction(this.pool, async (client) => {
      const current = (await client.query<LeaseRow>(`SELECT ${COLUMNS} FROM writer_lease FOR UPDATE`))
        .rows[0];
      const held = leaseOf(current);
      if (held && current?.live && held.holder !== holder) throw new WriterLeaseHeld(held);
      const taken = await client.query<LeaseRow>(
        `UPDATE writer_lease SET holder = $1, address = $2, epoch = epoch + 1, expires_at = ${EXPIRY}
         RETURNING ${COLUMNS}`,
        [holder, address, ttlMs],
      );
      return leaseOf(taken.rows[0]) as WriterLease;
    });
  }

  /** Extends the lease while `holder` still holds it with `epoch` and it has not lapsed. */
  async renew(holder: string, epoch: number, ttlMs: number, address?: string): Promise<WriterLease> {
    checkTerms(holder, ttlMs);
    const renewed = await this.pool.query<LeaseRow>(
      `UPDATE writer_lease SET expires_at = ${EXPIRY}, address = coalesce($4, address)
        WHERE holder = $1 AND epoch = $2 AND expires_at > clock_timestamp()
        RETURNING ${COLUMNS}`,
      [holder, epoch, ttlMs, address ?? null],
    );
    const lease = leaseOf(renewed.rows[0]);
    if (!lease) throw await this.lost(epoch);
    return lease;
  }

  /** Gives the lease up, if `holder` still holds it with `epoch`; the epoch stays, never reused. */
  async release(holder: string, epoch: number): Promise<void> {
    await this.pool.query(
      `UPDATE writer_lease SET holder = NULL, address = NULL, expires_at = clock_timestamp()
        WHERE holder = $1 AND epoch = $2`,
      [holder, epoch],
    );
  }

  /** Who is the writer now, by the database's clock; null when nobody is. */
  async current(): Promise<WriterLease | null> {
    const row = (await this.pool.query<LeaseRow>(`SELECT ${COLUMNS} FROM writer_lease`)).rows[0];
    return row?.live ? leaseOf(row) : null;
  }

  /**
   * In a commit's transaction, as its last statement: locks the lease row (so no takeover can slip
   * between this check and COMMIT) and throws LeaseLost unless `holder` still holds it with `epoch`.
   */
  async fence(client: pg.ClientBase, holder: string, epoch: number): Promise<void> {
    const held = await client.query(
      `SELECT 1 FROM writer_lease
        WHERE holder = $1 AND epoch = $2 AND expires_at > clock_timestamp() FOR SHARE`,
      [holder, epoch],
    );
    if (held.rowCount !== 1) throw await this.lost(epoch, client);
  }

  private async lost(epoch: number, client: pg.ClientBase | PostgresqlPool = this.pool): Promise<LeaseLost> {
    const row = (await client.query<LeaseRow>(`SELECT ${COLUMNS} FROM writer_lease`)).rows[0];
    const now = leaseOf(row);
    const why =
      now === null
        ? 'it was given up'
        : now.epoch !== epoch
          ? `${now.address} took it with epoch ${now.epoch}`
          : `it lapsed at ${now.expiresAt}`;
    return new LeaseLost(`this hub no longer holds the writer's lease of epoch ${epoch}: ${why}`);
  }
}
