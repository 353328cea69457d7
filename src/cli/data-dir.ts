import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { noteSignerFromKey, parseSignerKey, privateKeyFromSeed, signerKeyString } from '../record/index.js';
import { SqliteStore } from '../store/sqlite-store.js';

/** A hub's files: the embedded database and the hub's key (a C2SP signer key, which names the origin). */
export interface DataDir {
  path: string;
  dbPath: string;
  keyPath: string;
}

export function dataDir(path: string): DataDir {
  return { path, dbPath: join(path, 'hub.db'), keyPath: join(path, 'hub.key') };
}

export function isInitialised(dir: DataDir): boolean {
  return existsSync(dir.keyPath);
}

/** Creates the directory and the hub key; refuses to overwrite an existing hub. */
export function createHubKey(dir: DataDir, origin: string): { hubKey: KeyObject; origin: string } {
  if (isInitialised(dir)) throw new Error(`${dir.path} already holds a hub`);
  mkdirSync(dir.path, { recursive: true, mode: 0o700 });
  const hubKey = generateKeyPairSync('ed25519').privateKey;
  noteSignerFromKey(signerKeyString(origin, hubKey)); // validates the origin as a key name
  writeFileSync(dir.keyPath, `${signerKeyString(origin, hubKey)}\n`, { mode: 0o600, flag: 'wx' });
  return { hubKey, origin };
}

export function openHubFiles(dir: DataDir): { hubKey: KeyObject; origin: string; store: SqliteStore } {
  if (!isInitialised(dir)) throw new Error(`${dir.path} holds no hub: run \`deconflict init\` first`);
  const parsed = parseSignerKey(readFileSync(dir.keyPath, 'utf8').trim());
  return { hubKey: privateKeyFromSeed(parsed.seed), origin: parsed.name, store: new SqliteStore(dir.dbPath) };
}
