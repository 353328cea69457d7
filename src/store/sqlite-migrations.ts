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
];
