import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  noteSignerFromKey,
  parseSignerKey,
  privateKeyFromSeed,
  signerKeyString,
  verifierKeyString,
} from '../record/index.js';
import { PostgresqlStore } from '../store/postgresql-store.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { Store, WriterLeaseStore } from '../store/store.js';
import { StoreRefusal } from '../store/store.js';
import type { StoreLocation } from './store-option.js';

/**
 * A hub's files: the hub's key (a C2SP signer key, which names the origin) and, unless the record
 * is kept on PostgreSQL, the embedded database.
 */
export interface DataDir {
  path: string;
  dbPath: string;
  keyPath: string;
}

export function dataDir(path: string): DataDir {
  return { path, dbPath: join(path, 'hub.db'), keyPath: join(path, 'hub.key') };
}

/** Says that the record is on PostgreSQL (never where, nor with which password). */
const onPostgresqlPath = (dir: DataDir) => join(dir.path, 'record-on-postgresql');

export function isInitialised(dir: DataDir): boolean {
  return existsSync(dir.keyPath);
}

export interface HubKey {
  hubKey: KeyObject;
  origin: string;
}

/** A new hub key for `origin`, not yet saved: nothing is written until the store has accepted it. */
export function newHubKey(dir: DataDir, origin: string): HubKey {
  if (isInitialised(dir)) throw new Error(`${dir.path} already holds a hub`);
  const hubKey = generateKeyPairSync('ed25519').privateKey;
  noteSignerFromKey(signerKeyString(origin, hubKey)); // validates the origin as a key name
  return { hubKey, origin };
}

/** Creates the directory and saves the hub key; refuses to overwrite an existing hub. */
export function saveHubKey(dir: DataDir, key: HubKey, location: StoreLocation): void {
  mkdirSync(dir.path, { recursive: true, mode: 0o700 });
  writeFileSync(dir.keyPath, `${signerKeyString(key.origin, key.hubKey)}\n`, { mode: 0o600, flag: 'wx' });
  if (location.kind === 'postgresql') writeFileSync(onPostgresqlPath(dir), 'postgresql\n', { flag: 'wx' });
}

export function readHubKey(dir: DataDir): HubKey {
  if (!isInitialised(dir)) throw new Error(`${dir.path} holds no hub: run \`deconflict init\` first`);
  const parsed = parseSignerKey(readFileSync(dir.keyPath, 'utf8').trim());
  return { hubKey: privateKeyFromSeed(parsed.seed), origin: parsed.name };
}

/** The hub's key and its embedded database (the default store). */
export function openHubFiles(dir: DataDir): { hubKey: KeyObject; origin: string; store: SqliteStore } {
  return { ...readHubKey(dir), store: new SqliteStore(dir.dbPath) };
}

/**
 * A store, and the writer's lease of its database where several hubs may share it (on PostgreSQL;
 * an SQLite file is this machine's alone, and has none).
 */
export interface OpenedStore {
  store: Store;
  writerLease: WriterLeaseStore | null;
}

/**
 * Opens the store `key`'s record is, or will be, kept in. A PostgreSQL database is checked before
 * anything is written to it: it must hold this hub's record or none.
 */
export async function openStore(dir: DataDir, key: HubKey, location: StoreLocation): Promise<OpenedStore> {
  if (location.kind === 'sqlite') {
    mkdirSync(dir.path, { recursive: true, mode: 0o700 });
    return { store: new SqliteStore(dir.dbPath), writerLease: null };
  }
  const store = await PostgresqlStore.open(location.url, verifierKeyString(key.origin, key.hubKey));
  return { store, writerLease: store };
}

/**
 * Who this hub is when it holds the writer's lease: its machine and data directory, the same
 * across restarts, so that a restarted hub takes its own lease back without waiting for it to lapse.
 */
export function writerLeaseHolder(dir: DataDir): string {
  return `${hostname()}:${dir.path}`;
}

/** The hub's key and its store; refuses a store other than the one the hub was created with. */
export async function openHub(dir: DataDir, location: StoreLocation): Promise<HubKey & OpenedStore> {
  const key = readHubKey(dir);
  const onPostgresql = existsSync(onPostgresqlPath(dir));
  if (onPostgresql && location.kind === 'sqlite')
    throw new StoreRefusal(
      `the record of the hub in ${dir.path} is on PostgreSQL: give its URL with --store or DECONFLICT_STORE`,
    );
  if (!onPostgresql && location.kind === 'postgresql')
    throw new StoreRefusal(`the record of the hub in ${dir.path} is in ${dir.dbPath}, not on PostgreSQL`);
  return { ...key, ...(await openStore(dir, key, location)) };
}
