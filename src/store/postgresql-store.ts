import type pg from 'pg';
import type { NodeId } from '../record/index.js';
import { COMMIT_CHANNEL, type CommitFeed, listenForCommits } from './postgresql-commit-feed.js';
import { copyOutBytea } from './postgresql-copy-out.js';
import { PostgresqlLease } from './postgresql-lease.js';
import { type PostgresqlPool, postgresqlPool, transaction } from './postgresql-pool.js';
import { prepareSchema } from './postgresql-schema.js';
import { PostgresqlTrackArchive } from './postgresql-track-archive.js';
import { describePostgresql } from './postgresql-url.js';
import type {
  CommitBatch,
  PresentOperator,
  StateDigest,
  Store,
  StoreAddress,
  StoredCheckpoint,
  StoredEntry,
  TrackFix,
  TrackFixQuery,
  UsedNonce,
  WriterLease,
  WriterLeaseStore,
} from './store.js';
import {
  checkSnapshotPieces,
  LeaseLost,
  SNAPSHOTS_KEPT,
  StoreIntegrityError,
  StoreRefusal,
} from './store.js';

/** A Uint8Array as the Buffer pg sends as bytea, without copying. */
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
/** A bytea as read, as a plain Uint8Array like every other store gives. */
const asBytes = (buffer: Buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

/**
 * The hub's record on a PostgreSQL server (15 or newer). Each group commit is one transaction,
 * resolved once the server reports it committed: as durable as the server's synchronous_commit
 * makes it, which the hub never lowers. Several hubs may share the database, so the record is
 * written only by the holder of the writer's lease, and each commit checks it still is.
 */
export class PostgresqlStore implements Store, WriterLeaseStore {
  private readonly archive: PostgresqlTrackArchive;
  private readonly lease: PostgresqlLease;
  /** The lease this store acquired: its commits are fenced by its epoch. */
  private held: WriterLease | null = null;

  readonly address: StoreAddress;

  private constructor(
    private readonly pool: PostgresqlPool,
    private readonly url: string,
  ) {
    this.address = { kind: 'postgresql', url };
    this.archive = new PostgresqlTrackArchive(pool);
    this.lease = new PostgresqlLease(pool);
  }

  /**
   * Connects, refuses a database that is not this hub's to use (see prepareSchema), and applies
   * pending migrations. `verifierKey` names the hub whose record the database holds or will hold.
   */
  static async open(url: string, verifierKey: string): Promise<PostgresqlStore> {
    const pool = postgresqlPool(url);
    try {
      const client = await pool.connect().catch((error: Error) => {
        throw new StoreRefusal(
          `cannot connect to PostgreSQL as ${describePostgresql(url)}: ${error.message}`,
        );
      });
      client.release();
      await transaction(pool, (client) => prepareSchema(client, verifierKey));
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresqlStore(pool, url);
  }

  async acquireWriterLease(holder: string, address: string, ttlMs: number): Promise<WriterLease> {
    this.held = await this.lease.acquire(holder, address, ttlMs);
    return this.held;
  }

  async renewWriterLease(ttlMs: number, address?: string): Promise<WriterLease> {
    const held = this.heldLease();
    this.held = await this.lease.renew(held.holder, held.epoch, ttlMs, address);
    return this.held;
  }

  async releaseWriterLease(): Promise<void> {
    const held = this.heldLease();
    await this.lease.release(held.holder, held.epoch);
    this.held = null;
  }

  writerLease(): Promise<WriterLease | null> {
    return this.lease.current();
  }

  listenForCommits(committed: () => void, lost: (error: Error) => void): Promise<CommitFeed> {
    return listenForCommits(this.url, committed, lost);
  }

  private heldLease(): WriterLease {
    if (!this.held) throw new LeaseLost('this hub has not acquired the writer’s lease');
    return this.held;
  }

  /**
   * Writes the batch only if this store still holds the lease it acquired, checked last. The size
   * check, the three inserts and the NOTIFY are one statement (one round trip; its parts all see the
   * record as it was before it), so a commit is four round trips: BEGIN, the write, the fence, COMMIT.
   */
  async commit(batch: CommitBatch): Promise<void> {
    const held = this.heldLease();
    await transaction(this.pool, async (client) => {
      const first = batch.entries[0];
      // Nothing is written unless the batch starts where the record ends.
      const written = await client.query<{ size: number; fits: boolean }>(
        `WITH stored AS (SELECT coalesce(max(idx) + 1, 0) AS size FROM entry),
              fits AS (SELECT size, $1::bigint IS NULL OR size = $1 AS fits FROM stored),
              entries AS (
                INSERT INTO entry (idx, kind, time, visibility, body)
                SELECT e.* FROM fits,
                       unnest($2::bigint[], $3::text[], $4::text[], $5::jsonb[], $6::bytea[]) AS e
                 WHERE fits.fits),
              nodes AS (
                INSERT INTO node (level, idx, hash)
                SELECT n.* FROM fits, unnest($7::integer[], $8::bigint[], $9::bytea[]) AS n
                 WHERE fits.fits),
              checkpoints AS (
                INSERT INTO checkpoint (size, body) SELECT $10, $11 FROM fits WHERE fits.fits
                ON CONFLICT (size) DO UPDATE SET body = EXCLUDED.body)
         -- Sent to the followers only if the transaction commits.
         SELECT size, fits, CASE WHEN fits THEN pg_notify($12, $13) END FROM fits`,
        [
          first?.index ?? null,
          batch.entries.map((entry) => entry.index),
          batch.entries.map((entry) => entry.kind),
          batch.entries.map((entry) => entry.time),
          batch.entries.map((entry) => JSON.stringify(entry.visibility)),
          batch.entries.map((entry) => asBuffer(entry.bytes)),
          batch.nodes.map((node) => node.level),
          batch.nodes.map((node) => node.index),
          batch.nodes.map((node) => asBuffer(node.hash)),
          batch.checkpoint.size,
          batch.checkpoint.text,
          COMMIT_CHANNEL,
          String(batch.checkpoint.size),
        ],
      );
      const { size, fits } = written.rows[0] as { size: number; fits: boolean };
      if (!fits)
        throw new StoreIntegrityError(`batch starts at ${first?.index}, the record has ${size} entries`);
      await this.lease.fence(client, held.holder, held.epoch);
    });
  }

  async size(): Promise<number> {
    return storedSize(this.pool);
  }

  async entries(start: number, end: number): Promise<StoredEntry[]> {
    const result = await this.pool.query<{
      index: number;
      kind: string;
      time: string;
      visibility: string[];
      body: Buffer;
    }>(
      `SELECT idx AS "index", kind, time, visibility, body FROM entry
        WHERE idx >= $1 AND idx < $2 ORDER BY idx`,
      [start, end],
    );
    return result.rows.map(({ body, ...entry }) => ({ ...entry, bytes: asBytes(body) }));
  }

  async nodes(ids: readonly NodeId[]): Promise<Uint8Array[]> {
    if (ids.length === 0) return [];
    // One statement for a whole proof's nodes: a point lookup per node, one round trip.
    const result = await this.pool.query<{ at: number; hash: Buffer }>(
      `SELECT wanted.at, node.hash
         FROM unnest($1::integer[], $2::bigint[]) WITH ORDINALITY AS wanted(level, idx, at)
         JOIN node ON node.level = wanted.level AND node.idx = wanted.idx`,
      [ids.map((id) => id.level), ids.map((id) => id.index)],
    );
    const hashes: Uint8Array[] = new Array(ids.length);
    for (const row of result.rows) hashes[row.at - 1] = asBytes(row.hash);
    ids.forEach((id, at) => {
      if (hashes[at] === undefined)
        throw new StoreIntegrityError(`node ${id.level}/${id.index} is missing from the store`);
    });
    return hashes;
  }

  async nodeRange(level: number, start: number, end: number): Promise<Uint8Array[]> {
    const result = await this.pool.query<{ hash: Buffer }>(
      'SELECT hash FROM node WHERE level = $1 AND idx >= $2 AND idx < $3 ORDER BY idx',
      [level, start, end],
    );
    return result.rows.map((row) => asBytes(row.hash));
  }

  async checkpointAt(size: number): Promise<StoredCheckpoint | null> {
    const result = await this.pool.query<StoredCheckpoint>(
      'SELECT size, body AS text FROM checkpoint WHERE size = $1',
      [size],
    );
    return result.rows[0] ?? null;
  }

  async checkpoints(start: number, end: number): Promise<StoredCheckpoint[]> {
    const result = await this.pool.query<StoredCheckpoint>(
      'SELECT size, body AS text FROM checkpoint WHERE size > $1 AND size <= $2 ORDER BY size',
      [start, end],
    );
    return result.rows;
  }

  async useNonce(used: UsedNonce): Promise<boolean> {
    const result = await this.pool.query(
      'INSERT INTO nonce (key, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [used.key, used.nonce, used.expiresAt],
    );
    return result.rowCount === 1;
  }

  async liveNonces(now: number): Promise<UsedNonce[]> {
    const result = await this.pool.query<UsedNonce>(
      'SELECT key, nonce, expires_at AS "expiresAt" FROM nonce WHERE expires_at > $1',
      [now],
    );
    return result.rows;
  }

  async pruneNonces(now: number): Promise<void> {
    await this.pool.query('DELETE FROM nonce WHERE expires_at <= $1', [now]);
  }

  async recordPresence(hub: string, operators: readonly string[], at: number): Promise<void> {
    await transaction(this.pool, async (client) => {
      await client.query('DELETE FROM presence WHERE hub = $1', [hub]);
      await client.query(
        'INSERT INTO presence (hub, operator, seen_at) SELECT $1, operator, $3 FROM unnest($2::text[]) AS operator',
        [hub, [...new Set(operators)], at],
      );
    });
  }

  async presentOperators(since: number): Promise<PresentOperator[]> {
    const result = await this.pool.query<PresentOperator>(
      'SELECT hub, operator, seen_at AS "seenAt" FROM presence WHERE seen_at >= $1',
      [since],
    );
    return result.rows;
  }

  async forgetPresence(before: number): Promise<void> {
    await this.pool.query('DELETE FROM presence WHERE seen_at < $1', [before]);
  }

  async saveStateDigest(digest: StateDigest): Promise<void> {
    await this.pool.query(
      `INSERT INTO state_digest (size, digest) VALUES ($1, $2)
       ON CONFLICT (size) DO UPDATE SET digest = EXCLUDED.digest`,
      [digest.size, digest.digest],
    );
  }

  async stateDigests(): Promise<StateDigest[]> {
    return (await this.pool.query<StateDigest>('SELECT size, digest FROM state_digest ORDER BY size')).rows;
  }

  async saveCosignedCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    await this.pool.query(
      `INSERT INTO cosigned_checkpoint (size, body) VALUES ($1, $2)
       ON CONFLICT (size) DO UPDATE SET body = EXCLUDED.body`,
      [checkpoint.size, checkpoint.text],
    );
  }

  async latestCosignedCheckpoint(): Promise<StoredCheckpoint | null> {
    const result = await this.pool.query<StoredCheckpoint>(
      'SELECT size, body AS text FROM cosigned_checkpoint ORDER BY size DESC LIMIT 1',
    );
    return result.rows[0] ?? null;
  }

  async saveSnapshot(size: number, pieces: readonly Uint8Array[]): Promise<void> {
    checkSnapshotPieces(pieces);
    await transaction(this.pool, async (client) => {
      await client.query('DELETE FROM snapshot_chunk WHERE size = $1', [size]);
      for (const [piece, bytes] of pieces.entries())
        await client.query('INSERT INTO snapshot_chunk (size, piece, bytes) VALUES ($1, $2, $3)', [
          size,
          piece,
          asBuffer(bytes),
        ]);
      await client.query(
        `DELETE FROM snapshot_chunk WHERE size NOT IN
           (SELECT DISTINCT size FROM snapshot_chunk ORDER BY size DESC LIMIT $1)`,
        [SNAPSHOTS_KEPT],
      );
    });
  }

  async snapshotSizes(): Promise<number[]> {
    const result = await this.pool.query<{ size: number }>(
      'SELECT DISTINCT size FROM snapshot_chunk ORDER BY size DESC',
    );
    return result.rows.map((row) => row.size);
  }

  async snapshot(size: number): Promise<Uint8Array[] | null> {
    // COPY takes no parameters: the size is a whole number, written as one.
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`no snapshot size ${size}`);
    const client = await this.pool.connect();
    try {
      const pieces = await copyOutBytea(
        client,
        `SELECT bytes FROM snapshot_chunk WHERE size = ${size} ORDER BY piece`,
      );
      return pieces.length === 0 ? null : pieces.map(asBytes);
    } finally {
      client.release();
    }
  }

  archiveTrackFixes(batch: string, fixes: readonly TrackFix[]): Promise<void> {
    return this.archive.archiveTrackFixes(batch, fixes);
  }

  trackFixBatches(): AsyncIterable<{ batch: string | null; fixes: TrackFix[] }> {
    return this.archive.trackFixBatches();
  }

  trackFixBatch(batch: string): Promise<TrackFix[]> {
    return this.archive.trackFixBatch(batch);
  }

  trackFixBatchIds(): Promise<(string | null)[]> {
    return this.archive.trackFixBatchIds();
  }

  deleteTrackFixBatches(batches: readonly (string | null)[]): Promise<void> {
    return this.archive.deleteTrackFixBatches(batches);
  }

  trackFixes(query: TrackFixQuery): Promise<(TrackFix & { row: number })[]> {
    return this.archive.trackFixes(query);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

async function storedSize(client: pg.Pool | pg.ClientBase): Promise<number> {
  const result = await client.query<{ size: number }>('SELECT coalesce(max(idx) + 1, 0) AS size FROM entry');
  return (result.rows[0] as { size: number }).size;
}
