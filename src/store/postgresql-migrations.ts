/**
 * Schema migrations for PostgreSQL, applied in order at open; `schema_version` holds how many have
 * run. Append new migrations, never edit a released one.
 */
export const POSTGRESQL_MIGRATIONS: readonly string[] = [
  `CREATE TABLE schema_version (
     version integer NOT NULL
   );
   INSERT INTO schema_version (version) VALUES (0);
   -- Whose record this database holds: one row, written once, compared at every open.
   CREATE TABLE hub (
     only_one boolean PRIMARY KEY DEFAULT true CHECK (only_one),
     verifier_key text NOT NULL
   );
   CREATE TABLE entry (
     idx bigint PRIMARY KEY,
     kind text NOT NULL,
     time text NOT NULL,
     visibility jsonb NOT NULL,
     body bytea NOT NULL
   );
   CREATE TABLE node (
     level integer NOT NULL,
     idx bigint NOT NULL,
     hash bytea NOT NULL,
     PRIMARY KEY (level, idx)
   );
   CREATE TABLE checkpoint (
     size bigint PRIMARY KEY,
     body text NOT NULL
   );
   CREATE TABLE nonce (
     key text NOT NULL,
     nonce text NOT NULL,
     expires_at bigint NOT NULL,
     PRIMARY KEY (key, nonce)
   );
   CREATE INDEX nonce_expiry ON nonce (expires_at);
   CREATE TABLE state_digest (
     size bigint PRIMARY KEY,
     digest text NOT NULL
   );
   -- The tactical watch's down-sampled track history, for incidents: not part of the record.
   CREATE TABLE track_fix (
     seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     batch text,
     feed text NOT NULL,
     track text NOT NULL,
     time double precision NOT NULL,
     lon double precision NOT NULL,
     lat double precision NOT NULL,
     alt_m double precision NOT NULL,
     ground_speed_ms double precision NOT NULL,
     track_deg double precision NOT NULL,
     vertical_rate_ms double precision NOT NULL
   );
   CREATE INDEX track_fix_by_track ON track_fix (track, time);
   CREATE INDEX track_fix_by_feed ON track_fix (feed, time, seq);
   CREATE INDEX track_fix_by_batch ON track_fix (batch, seq);`,
  // Checkpoints the witnesses cosigned, kept apart from those written with every batch.
  `CREATE TABLE cosigned_checkpoint (
     size bigint PRIMARY KEY,
     body text NOT NULL
   );`,
  // Who writes, where several hubs share this database: one row, timed by the database's clock.
  `CREATE TABLE writer_lease (
     only_one boolean PRIMARY KEY DEFAULT true CHECK (only_one),
     holder text,
     address text,
     epoch bigint NOT NULL,
     expires_at timestamptz NOT NULL
   );
   INSERT INTO writer_lease (epoch, expires_at) VALUES (0, to_timestamp(0));`,
  // Who has a client connected to which hub, restated by each hub: not part of the record.
  `CREATE TABLE presence (
     hub text NOT NULL,
     operator text NOT NULL,
     seen_at bigint NOT NULL,
     PRIMARY KEY (hub, operator)
   );`,
  // Signed snapshots of the state, in pieces, so that a start replays only the record's tail.
  `CREATE TABLE snapshot_chunk (
     size bigint NOT NULL,
     piece integer NOT NULL,
     bytes bytea NOT NULL,
     PRIMARY KEY (size, piece)
   );`,
];

/** The tables the hub reads and writes, each of which its role needs every right on. */
export const POSTGRESQL_TABLES: readonly string[] = [
  'schema_version',
  'hub',
  'entry',
  'node',
  'checkpoint',
  'nonce',
  'state_digest',
  'track_fix',
  'cosigned_checkpoint',
  'writer_lease',
  'presence',
  'snapshot_chunk',
];
