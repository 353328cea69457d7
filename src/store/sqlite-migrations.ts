/**
 * Schema migrations, applied in order; `PRAGMA user_version` holds how many have run.
 * Append new migrations, never edit a released one.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE entry (
     idx INTEGER PRIMARY KEY,
     kind TEXT NOT NULL,
     time TEXT NOT NULL,
     visibility TEXT NOT NULL,
     body BLOB NOT NULL
   );
   CREATE TABLE node (
     level INTEGER NOT NULL,
     idx INTEGER NOT NULL,
     hash BLOB NOT NULL,
     PRIMARY KEY (level, idx)
   ) WITHOUT ROWID;
   CREATE TABLE checkpoint (
     size INTEGER PRIMARY KEY,
     body TEXT NOT NULL
   );
   CREATE TABLE nonce (
     key TEXT NOT NULL,
     nonce TEXT NOT NULL,
     expires_at INTEGER NOT NULL,
     PRIMARY KEY (key, nonce)
   ) WITHOUT ROWID;
   CREATE INDEX nonce_expiry ON nonce (expires_at);
   CREATE TABLE state_digest (
     size INTEGER PRIMARY KEY,
     digest TEXT NOT NULL
   );`,
  // The tactical watch's down-sampled track history, for incidents: not part of the record.
  `CREATE TABLE track_fix (
     feed TEXT NOT NULL,
     track TEXT NOT NULL,
     time INTEGER NOT NULL,
     lon REAL NOT NULL,
     lat REAL NOT NULL,
     alt_m REAL NOT NULL,
     ground_speed_ms REAL NOT NULL,
     track_deg REAL NOT NULL,
     vertical_rate_ms REAL NOT NULL
   );
   CREATE INDEX track_fix_by_track ON track_fix (track, time);
   CREATE INDEX track_fix_by_feed ON track_fix (feed, time);`,
  // Kept positions are written in batches, each committed to the record by its hash.
  `ALTER TABLE track_fix ADD COLUMN batch TEXT;
   CREATE INDEX track_fix_by_batch ON track_fix (batch);`,
  // Checkpoints the witnesses cosigned, kept apart from those written with every batch.
  `CREATE TABLE cosigned_checkpoint (
     size INTEGER PRIMARY KEY,
     body TEXT NOT NULL
   );`,
  // Who has a client connected to which hub, restated by each hub: not part of the record.
  `CREATE TABLE presence (
     hub TEXT NOT NULL,
     operator TEXT NOT NULL,
     seen_at INTEGER NOT NULL,
     PRIMARY KEY (hub, operator)
   ) WITHOUT ROWID;`,
  // Signed snapshots of the state, in pieces, so that a start replays only the record's tail.
  `CREATE TABLE snapshot_chunk (
     size INTEGER NOT NULL,
     piece INTEGER NOT NULL,
     bytes BLOB NOT NULL,
     PRIMARY KEY (size, piece)
   ) WITHOUT ROWID;`,
  // Snapshots are kept as files beside the database (snapshot-files.ts): those kept in it go.
  `DROP TABLE snapshot_chunk;`,
];
