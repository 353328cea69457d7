import Database from 'better-sqlite3';
import type { NodeId } from '../record/index.js';
import { NonceBatch } from './nonce-batch.js';
import { SnapshotFiles } from './snapshot-files.js';
import { BulkInsert } from './sqlite-bulk-insert.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import type {
  CommitBatch,
  PresentOperator,
  StateDigest,
  Store,
  StoreAddress,
  StoredCheckpoint,
  StoredEntry,
  StoredNode,
  TrackFix,
  TrackFixQuery,
  UsedNonce,
} from './store.js';
import { StoreIntegrityError, trackFixValues } from './store.js';

const FIX_COLUMNS = `feed, track, time, lon, lat, alt_m AS altM, ground_speed_ms AS groundSpeedMs,
  track_deg AS trackDeg, vertical_rate_ms AS verticalRateMs`;

/** Below SQLite's limit of 500 terms in a compound SELECT. */
const MAX_LOOKUPS = 256;

interface EntryRow {
  idx: number;
  kind: string;
  time: string;
  visibility: string;
  body: Buffer;
}

/** The embedded default: one SQLite file in WAL mode, every commit fsynced before it resolves. */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly insertCheckpoint: Database.Statement;
  private readonly nonces: NonceBatch;
  private readonly nodeStatements = new Map<number, Database.Statement>();
  private readonly selectEntries: Database.Statement;
  private readonly selectNodeRange: Database.Statement;
  private readonly writeBatch: (batch: CommitBatch) => void;
  private readonly writeFixes: (batch: string, fixes: readonly TrackFix[]) => void;
  private readonly restatePresence: (hub: string, operators: readonly string[], at: number) => void;
  private storedSize: number;

  readonly address: StoreAddress;
  private readonly snapshots: SnapshotFiles;

  constructor(path: string) {
    this.address = { kind: 'sqlite', path };
    this.snapshots = new SnapshotFiles(`${path}-snapshots`);
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // FULL makes every WAL commit fsync before returning: an answered command survives a power cut.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    migrate(this.db);
    const insertEntries = new BulkInsert<StoredEntry>(
      this.db,
      'INSERT INTO entry (idx, kind, time, visibility, body)',
      5,
      '',
      (entry) => [entry.index, entry.kind, entry.time, JSON.stringify(entry.visibility), entry.bytes],
    );
    const insertNodes = new BulkInsert<StoredNode>(
      this.db,
      'INSERT INTO node (level, idx, hash)',
      3,
      '',
      (node) => [node.level, node.index, node.hash],
    );
    this.insertCheckpoint = this.db.prepare('INSERT OR REPLACE INTO checkpoint (size, body) VALUES (?, ?)');
    const insertNonce = this.db.prepare(
      'INSERT INTO nonce (key, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.nonces = new NonceBatch(
      this.db.transaction((batch: UsedNonce[]) =>
        batch.map((used) => insertNonce.run(used.key, used.nonce, used.expiresAt).changes === 1),
      ),
    );
    this.selectEntries = this.db.prepare(
      'SELECT idx, kind, time, visibility, body FROM entry WHERE idx >= ? AND idx < ? ORDER BY idx',
    );
    this.selectNodeRange = this.db
      .prepare('SELECT hash FROM node WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx')
      .pluck();
    this.storedSize = this.readSize();
    const insertFixes = new BulkInsert<TrackFix & { batch: string }>(
      this.db,
      'INSERT INTO track_fix (batch, feed, track, time, lon, lat, alt_m, ground_speed_ms, track_deg, vertical_rate_ms)',
      10,
      '',
      (f) => [f.batch, ...trackFixValues(f)],
    );
    this.writeFixes = this.db.transaction((batch: string, fixes: readonly TrackFix[]) =>
      insertFixes.run(fixes.map((fix) => ({ ...fix, batch }))),
    );
    this.writeBatch = this.db.transaction((batch: CommitBatch) => {
      insertEntries.run(batch.entries);
      insertNodes.run(batch.nodes);
      this.insertCheckpoint.run(batch.checkpoint.size, batch.checkpoint.text);
    });
    const forgetHub = this.db.prepare('DELETE FROM presence WHERE hub = ?');
    const insertPresence = this.db.prepare('INSERT INTO presence (hub, operator, seen_at) VALUES (?, ?, ?)');
    this.restatePresence = this.db.transaction((hub: string, operators: readonly string[], at: number) => {
      forgetHub.run(hub);
      for (const operator of new Set(operators)) insertPresence.run(hub, operator, at);
    });
  }

  private readSize(): number {
    const last = this.db.prepare('SELECT max(idx) FROM entry').pluck().get() as number | null;
    return last === null ? 0 : last + 1;
  }

  async commit(batch: CommitBatch): Promise<void> {
    const first = batch.entries[0];
    if (first !== undefined && first.index !== this.storedSize) {
      throw new StoreIntegrityError(
        `batch starts at ${first.index}, the record has ${this.storedSize} entries`,
      );
    }
    this.writeBatch(batch);
    this.storedSize += batch.entries.length;
  }

  async size(): Promise<number> {
    return this.storedSize;
  }

  async entries(start: number, end: number): Promise<StoredEntry[]> {
    return (this.selectEntries.all(start, end) as EntryRow[]).map((row) => ({
      index: row.idx,
      kind: row.kind,
      time: row.time,
      visibility: JSON.parse(row.visibility) as string[],
      bytes: new Uint8Array(row.body.buffer, row.body.byteOffset, row.body.byteLength),
    }));
  }

  async nodes(ids: readonly NodeId[]): Promise<Uint8Array[]> {
    if (ids.length === 0) return [];
    if (ids.length > MAX_LOOKUPS) {
      const parts: Uint8Array[] = [];
      for (let at = 0; at < ids.length; at += MAX_LOOKUPS)
        parts.push(...(await this.nodes(ids.slice(at, at + MAX_LOOKUPS))));
      return parts;
    }
    const rows = this.selectNodes(ids.length).all(ids.flatMap((id) => [id.level, id.index])) as {
      at: number;
      hash: Buffer;
    }[];
    const hashes: Uint8Array[] = new Array(ids.length);
    for (const row of rows)
      hashes[row.at] = new Uint8Array(row.hash.buffer, row.hash.byteOffset, row.hash.byteLength);
    ids.forEach((id, at) => {
      if (hashes[at] === undefined)
        throw new StoreIntegrityError(`node ${id.level}/${id.index} is missing from the store`);
    });
    return hashes;
  }

  /** One statement for a whole proof's nodes: a point lookup per node, one round trip. */
  private selectNodes(count: number): Database.Statement {
    let statement = this.nodeStatements.get(count);
    if (!statement) {
      const lookups = Array.from(
        { length: count },
        (_, at) => `SELECT ${at} AS at, hash FROM node WHERE level = ? AND idx = ?`,
      );
      statement = this.db.prepare(lookups.join(' UNION ALL '));
      this.nodeStatements.set(count, statement);
    }
    return statement;
  }

  async nodeRange(level: number, start: number, end: number): Promise<Uint8Array[]> {
    return (this.selectNodeRange.all(level, start, end) as Buffer[]).map(
      (hash) => new Uint8Array(hash.buffer, hash.byteOffset, hash.byteLength),
    );
  }

  async checkpointAt(size: number): Promise<StoredCheckpoint | null> {
    const body = this.db.prepare('SELECT body FROM checkpoint WHERE size = ?').pluck().get(size) as
      | string
      | undefined;
    return body === undefined ? null : { size, text: body };
  }

  async checkpoints(start: number, end: number): Promise<StoredCheckpoint[]> {
    return this.db
      .prepare('SELECT size, body AS text FROM checkpoint WHERE size > ? AND size <= ? ORDER BY size')
      .all(start, end) as StoredCheckpoint[];
  }

  useNonce(used: UsedNonce): Promise<boolean> {
    return this.nonces.use(used);
  }

  async liveNonces(now: number): Promise<UsedNonce[]> {
    return (
      this.db.prepare('SELECT key, nonce, expires_at FROM nonce WHERE expires_at > ?').all(now) as {
        key: string;
        nonce: string;
        expires_at: number;
      }[]
    ).map((row) => ({ key: row.key, nonce: row.nonce, expiresAt: row.expires_at }));
  }

  async pruneNonces(now: number): Promise<void> {
    this.db.prepare('DELETE FROM nonce WHERE expires_at <= ?').run(now);
  }

  async recordPresence(hub: string, operators: readonly string[], at: number): Promise<void> {
    this.restatePresence(hub, operators, at);
  }

  async presentOperators(since: number): Promise<PresentOperator[]> {
    return this.db
      .prepare('SELECT hub, operator, seen_at AS seenAt FROM presence WHERE seen_at >= ?')
      .all(since) as PresentOperator[];
  }

  async forgetPresence(before: number): Promise<void> {
    this.db.prepare('DELETE FROM presence WHERE seen_at < ?').run(before);
  }

  async saveStateDigest(digest: StateDigest): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO state_digest (size, digest) VALUES (?, ?)')
      .run(digest.size, digest.digest);
  }

  async stateDigests(): Promise<StateDigest[]> {
    return this.db.prepare('SELECT size, digest FROM state_digest ORDER BY size').all() as StateDigest[];
  }

  async saveCosignedCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO cosigned_checkpoint (size, body) VALUES (?, ?)')
      .run(checkpoint.size, checkpoint.text);
  }

  async latestCosignedCheckpoint(): Promise<StoredCheckpoint | null> {
    const row = this.db
      .prepare('SELECT size, body AS text FROM cosigned_checkpoint ORDER BY size DESC LIMIT 1')
      .get() as StoredCheckpoint | undefined;
    return row ?? null;
  }

  async saveSnapshot(size: number, pieces: readonly Uint8Array[]): Promise<void> {
    await this.snapshots.save(size, pieces);
  }

  async snapshotSizes(): Promise<number[]> {
    return this.snapshots.sizes();
  }

  async snapshot(size: number): Promise<Uint8Array[] | null> {
    return this.snapshots.read(size);
  }

  async archiveTrackFixes(batch: string, fixes: readonly TrackFix[]): Promise<void> {
    if (fixes.length > 0) this.writeFixes(batch, fixes);
  }

  async *trackFixBatches(): AsyncIterable<{ batch: string | null; fixes: TrackFix[] }> {
    const rows = this.db
      .prepare(
        `SELECT batch, ${FIX_COLUMNS} FROM track_fix INDEXED BY track_fix_by_batch ORDER BY batch, rowid`,
      )
      .iterate() as IterableIterator<TrackFix & { batch: string | null }>;
    let current: { batch: string | null; fixes: TrackFix[] } | null = null;
    for (const { batch, ...fix } of rows) {
      if (current && current.batch !== batch) {
        yield current;
        current = null;
      }
      current ??= { batch, fixes: [] };
      current.fixes.push(fix);
    }
    if (current) yield current;
  }

  async trackFixBatchIds(): Promise<(string | null)[]> {
    return this.db.prepare('SELECT DISTINCT batch FROM track_fix').pluck().all() as (string | null)[];
  }

  async trackFixBatch(batch: string): Promise<TrackFix[]> {
    return this.db
      .prepare(
        `SELECT ${FIX_COLUMNS} FROM track_fix INDEXED BY track_fix_by_batch WHERE batch = ? ORDER BY rowid`,
      )
      .all(batch) as TrackFix[];
  }

  async deleteTrackFixBatches(batches: readonly (string | null)[]): Promise<void> {
    const byBatch = this.db.prepare('DELETE FROM track_fix WHERE batch = ?');
    const unbatched = this.db.prepare('DELETE FROM track_fix WHERE batch IS NULL');
    this.db.transaction(() => {
      for (const batch of batches) batch === null ? unbatched.run() : byBatch.run(batch);
    })();
  }

  async trackFixes(query: TrackFixQuery): Promise<(TrackFix & { row: number })[]> {
    if (query.feeds.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT rowid AS row, ${FIX_COLUMNS}
           FROM track_fix
          WHERE feed IN (SELECT value FROM json_each(?)) AND time >= ? AND time < ?
                ${query.track === undefined ? '' : 'AND track = ?'}
                ${query.after === undefined ? '' : 'AND (time, rowid) > (?, ?)'}
          ORDER BY time, rowid LIMIT ?`,
      )
      .all(
        JSON.stringify(query.feeds),
        query.start,
        query.end,
        ...(query.track === undefined ? [] : [query.track]),
        ...(query.after === undefined ? [] : [query.after.time, query.after.row]),
        query.limit,
      );
    return rows as (TrackFix & { row: number })[];
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

function migrate(db: Database.Database): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  if (applied > SQLITE_MIGRATIONS.length) {
    throw new Error(
      `the database has schema version ${applied}, newer than this hub knows (${SQLITE_MIGRATIONS.length})`,
    );
  }
  for (let version = applied; version < SQLITE_MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(SQLITE_MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
