import type { NodeId } from '../record/index.js';

/** One leaf of the record as stored: its canonical bytes and the columns reads filter on. */
export interface StoredEntry {
  index: number;
  kind: string;
  time: string;
  /** Party ids that may read the content, or ["*"]. */
  visibility: string[];
  bytes: Uint8Array;
}

export interface StoredNode extends NodeId {
  hash: Uint8Array;
}

export interface StoredCheckpoint {
  size: number;
  text: string;
}

export interface UsedNonce {
  key: string;
  nonce: string;
  /** Milliseconds since the epoch after which the nonce may be forgotten. */
  expiresAt: number;
}

/** Everything one group commit writes, in one transaction. */
export interface CommitBatch {
  /** Contiguous with the stored size. */
  entries: StoredEntry[];
  /** The perfect subtrees these entries completed. */
  nodes: StoredNode[];
  checkpoint: StoredCheckpoint;
}

export interface StateDigest {
  size: number;
  digest: string;
}

/** One kept position of a track (the watch keeps a few per minute, not every report). */
export interface TrackFix {
  /** The feed it came through, "<party>/<name>": who may read it follows from the feed. */
  feed: string;
  track: string;
  /** Milliseconds since the epoch, as reported. */
  time: number;
  lon: number;
  lat: number;
  altM: number;
  groundSpeedMs: number;
  trackDeg: number;
  verticalRateMs: number;
}

/** A kept position's values in one fixed order: as stored, and as its batch's commitment hashes them. */
export function trackFixValues(f: TrackFix): (string | number)[] {
  return [f.feed, f.track, f.time, f.lon, f.lat, f.altM, f.groundSpeedMs, f.trackDeg, f.verticalRateMs];
}

export interface TrackFixQuery {
  /** Only fixes of these feeds. */
  feeds: readonly string[];
  track?: string;
  /** start <= time < end, ms. */
  start: number;
  end: number;
  limit: number;
  /** Only those after this one, in the order given (a page's cursor). */
  after?: TrackFixPosition;
}

/** Where a kept position is in the order reads give: by time, then as stored. */
export interface TrackFixPosition {
  time: number;
  row: number;
}

/**
 * The record itself: entries, the tree's nodes and the signed checkpoints. Every method is
 * asynchronous so that a networked database can implement it without touching the hub; `commit`
 * resolves only once the batch is durable, and writes all of it or nothing.
 */
export interface RecordStore {
  commit(batch: CommitBatch): Promise<void>;
  size(): Promise<number>;
  /** Entries with start <= index < end, in order. */
  entries(start: number, end: number): Promise<StoredEntry[]>;
  /** Stored hashes of the given perfect subtrees, in the same order; throws if one is missing. */
  nodes(ids: readonly NodeId[]): Promise<Uint8Array[]>;
  /** Hashes at one level for start <= index < end: the content of a tile. */
  nodeRange(level: number, start: number, end: number): Promise<Uint8Array[]>;
  /** The signed checkpoint written with the batch that brought the record to `size`. */
  checkpointAt(size: number): Promise<StoredCheckpoint | null>;
  /** Every stored checkpoint with start < size <= end, by size: each batch wrote one. */
  checkpoints(start: number, end: number): Promise<StoredCheckpoint[]>;
}

/** The nonces of logins, used once each. */
export interface NonceStore {
  /**
   * Records a login's nonce; false if it was already used. (A command's nonce is in its entry, and
   * the hub rebuilds the recent ones from the record.)
   */
  useNonce(nonce: UsedNonce): Promise<boolean>;
  liveNonces(now: number): Promise<UsedNonce[]>;
  pruneNonces(now: number): Promise<void>;
}

/** Digests of the live hub's state, which `replay --check` compares a replay with. */
export interface DigestStore {
  saveStateDigest(digest: StateDigest): Promise<void>;
  stateDigests(): Promise<StateDigest[]>;
}

/** The watch's kept track positions, in batches the record commits to; not part of the record. */
export interface TrackArchiveStore {
  /** Keeps a batch of track positions for incidents; the record commits to it by `batch`, its hash. */
  archiveTrackFixes(batch: string, fixes: readonly TrackFix[]): Promise<void>;
  /** Every stored batch of kept positions, each in the order written; `batch` null for rows without one. */
  trackFixBatches(): AsyncIterable<{ batch: string | null; fixes: TrackFix[] }>;
  /** The batches of kept positions stored. */
  trackFixBatchIds(): Promise<(string | null)[]>;
  /** One batch's kept positions in the order they were written (its commitment's order); none if deleted. */
  trackFixBatch(batch: string): Promise<TrackFix[]>;
  deleteTrackFixBatches(batches: readonly (string | null)[]): Promise<void>;
  /** Kept positions in time order (then as stored), at most `limit`, each with its place in that order. */
  trackFixes(query: TrackFixQuery): Promise<(TrackFix & { row: number })[]>;
}

/** Checkpoints a quorum of the hub's witnesses cosigned, kept apart from those of every batch. */
export interface CosignedCheckpointStore {
  /** Keeps a checkpoint cosigned by a quorum of the hub's witnesses; durable once it resolves. */
  saveCosignedCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
  /** The largest cosigned checkpoint kept, or null if none yet. */
  latestCosignedCheckpoint(): Promise<StoredCheckpoint | null>;
}

/** The right to write a database several hubs share, as the database last granted or renewed it. */
export interface WriterLease {
  /** Who holds it: one hub installation, stable across its restarts. */
  holder: string;
  /** Where the holder serves, for the hubs that are not the writer. */
  address: string;
  /** Raised by every acquisition, never lowered: a commit carries the epoch it was acquired with. */
  epoch: number;
  /** When it lapses unless renewed, by the database's clock (ISO 8601). */
  expiresAt: string;
}

/**
 * Who writes, where several hubs share one database: one at a time, by a lease timed by the
 * database's clock. Once acquired, the store commits only while that lease is still this store's,
 * so a hub that lost it (paused, partitioned) can never write. An embedded database, which only its
 * own machine reaches, has none.
 */
export interface WriterLeaseStore {
  /**
   * Becomes the writer if nobody is, the lease lapsed, or `holder` already held it (a restart);
   * refuses with WriterLeaseHeld otherwise. Either way the epoch rises, fencing earlier holders.
   */
  acquireWriterLease(holder: string, address: string, ttlMs: number): Promise<WriterLease>;
  /** Extends the lease this store acquired; throws LeaseLost once it lapsed or was taken. */
  renewWriterLease(ttlMs: number, address?: string): Promise<WriterLease>;
  /** Gives up the lease this store holds, so that another hub may take it at once. */
  releaseWriterLease(): Promise<void>;
  /** The lease in force, or null when no hub is the writer. */
  writerLease(): Promise<WriterLease | null>;
  /**
   * Tells `committed` soon after any hub commits, until closed; `lost` once if that stops (the
   * connection failed). Notifications may be missed or merged: followers poll as well.
   */
  listenForCommits(committed: () => void, lost: (error: Error) => void): Promise<{ close(): Promise<void> }>;
}

/** An operator with a client connected to one hub, as that hub last stated it. */
export interface PresentOperator {
  /** One running hub (a process, not an installation: copies of a data directory differ). */
  hub: string;
  operator: string;
  /** When the hub stated it, milliseconds since the epoch by that hub's clock. */
  seenAt: number;
}

/**
 * Who is on line on which hub, where several hubs share one database: each hub restates its
 * connected operators every second or so; the statements of a hub that stopped (crashed, cut off)
 * age out. Not part of the record.
 */
export interface PresenceStore {
  /** Replaces what `hub` said before with `operators`, all seen at `at`, in one transaction. */
  recordPresence(hub: string, operators: readonly string[], at: number): Promise<void>;
  /** Every operator some hub stated at or after `since`. */
  presentOperators(since: number): Promise<PresentOperator[]>;
  /** Forgets statements made before `before`, of whichever hub. */
  forgetPresence(before: number): Promise<void>;
}

/**
 * Signed snapshots of the hub's state, each at a record size, so that a start replays only the
 * entries after one. Only the newest SNAPSHOTS_KEPT are kept; a snapshot is pieces of bytes the hub
 * signed and checks on load, so the store holds them as given without looking inside or joining
 * them (a copy of hundreds of megabytes the hub would then have to wait for).
 */
export interface SnapshotStore {
  /**
   * Keeps the snapshot at `size` (replacing one at that size) and drops all but the newest kept;
   * durable once it resolves. A piece longer than SNAPSHOT_PIECE_BYTES is refused (RangeError).
   */
  saveSnapshot(size: number, pieces: readonly Uint8Array[]): Promise<void>;
  /** The record sizes of the kept snapshots, newest first. */
  snapshotSizes(): Promise<number[]>;
  /** The pieces of the snapshot kept at `size`, as saved and in order, or null. */
  snapshot(size: number): Promise<Uint8Array[] | null>;
}

/** How many snapshots a store keeps: the newest, and one before it should the newest not load. */
export const SNAPSHOTS_KEPT = 2;

/** A snapshot's pieces are at most this many bytes: no single value near a database's limit. */
export const SNAPSHOT_PIECE_BYTES = 64 * 1024 * 1024;

/** Refuses a snapshot with a piece too long to store as one value. */
export function checkSnapshotPieces(pieces: readonly Uint8Array[]): void {
  if (pieces.length === 0) throw new RangeError('a snapshot has at least one piece');
  const long = pieces.findIndex((piece) => piece.byteLength > SNAPSHOT_PIECE_BYTES);
  if (long >= 0)
    throw new RangeError(`piece ${long} of the snapshot is longer than ${SNAPSHOT_PIECE_BYTES} bytes`);
}

/** Where a store's database is, for another thread to open a connection of its own to it. */
export type StoreAddress = { kind: 'sqlite'; path: string } | { kind: 'postgresql'; url: string };

/** Durable storage of everything the hub keeps: one database behind each of these concerns. */
export interface Store
  extends RecordStore,
    NonceStore,
    DigestStore,
    TrackArchiveStore,
    CosignedCheckpointStore,
    PresenceStore,
    SnapshotStore {
  readonly address: StoreAddress;
  close(): Promise<void>;
}

/** The stored bytes disagree with themselves: an entry, a node or a checkpoint was altered. */
export class StoreIntegrityError extends Error {
  override name = 'StoreIntegrityError';
}

/** The database is not this hub's to use (another hub's, too new, or not writable); nothing was written. */
export class StoreRefusal extends Error {
  override name = 'StoreRefusal';
}

/** Another hub holds the writer's lease: this one may not write. */
export class WriterLeaseHeld extends StoreRefusal {
  override name = 'WriterLeaseHeld';
  constructor(readonly lease: WriterLease) {
    super(`another hub is the writer: ${lease.address}, epoch ${lease.epoch}, until ${lease.expiresAt}`);
  }
}

/** This store no longer holds the writer's lease (it lapsed or another hub took it): nothing was written. */
export class LeaseLost extends Error {
  override name = 'LeaseLost';
}
