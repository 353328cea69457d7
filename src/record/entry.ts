// The record's leaf: one entry as RFC 8785 canonical JSON. Decoding insists
// on the canonical bytes, so each entry has exactly one leaf hash.
import { base64ByteLength } from './base64.js';
import { canonicalBytes } from './canonical-json.js';
import { EntryError } from './errors.js';
import { equalBytes, hashLeaf } from './hash.js';

export type EntryAuthor = { party: string; operator: string; key: string } | { hub: string; key: string };

export interface Entry {
  v: 1;
  kind: string;
  /** RFC 3339 UTC with milliseconds, e.g. 2016-09-17T14:00:00.000Z. */
  time: string;
  author: EntryAuthor;
  command: Record<string, unknown>;
  /** base64 Ed25519 signature over canonicalJson(command). */
  signature: string;
  /** Party ids that may read the entry, or ["*"] for every party. */
  visibility: string[];
  /** base64 of ≥16 random bytes from the caller, so hidden entries cannot be guessed from their hash. */
  salt: string;
}

export const ENTRY_VERSION = 1;
export const MIN_SALT_BYTES = 16;
const ED25519_SIGNATURE_BYTES = 64;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The leaf data of an entry (its canonical JSON bytes). Throws EntryError if the entry is invalid. */
export function encodeEntry(entry: Entry): Uint8Array {
  checkEntry(entry);
  return canonicalEntry(entry);
}

// checkEntry leaves the command's JSON form to this one serialisation, which walks it anyway.
function canonicalEntry(entry: Entry): Uint8Array {
  try {
    return canonicalBytes(entry);
  } catch (err) {
    fail('command', (err as Error).message);
  }
}

/** Parses leaf data back into an entry; it must be a valid entry in canonical form. */
export function decodeEntry(bytes: Uint8Array): Entry {
  const value = parseTrustedEntry(bytes);
  if (!equalBytes(canonicalEntry(value), bytes)) {
    throw new EntryError('not-canonical', 'entry is not in RFC 8785 canonical form');
  }
  return value;
}

/**
 * Parses leaf data whose bytes are already vouched for by their leaf hash under a signed root, so
 * they are exactly what was encoded: the canonical form need not be checked again.
 */
export function parseTrustedEntry(bytes: Uint8Array): Entry {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes));
  } catch {
    throw new EntryError('not-json', 'entry is not UTF-8 JSON');
  }
  checkEntry(value);
  return value;
}

/** The RFC 9162 leaf hash of encoded entry bytes. */
export function entryLeafHash(bytes: Uint8Array): Uint8Array {
  return hashLeaf(bytes);
}

/** The bytes the author's signature covers: the canonical JSON of the command. */
export function entrySignedBytes(entry: Pick<Entry, 'command'>): Uint8Array {
  return canonicalBytes(entry.command);
}

/** Throws EntryError naming the first field that does not fit the Entry shape. */
export function checkEntry(value: unknown): asserts value is Entry {
  const e = record(value, 'entry');
  onlyKeys(e, 'entry', ['v', 'kind', 'time', 'author', 'command', 'signature', 'visibility', 'salt']);
  if (e.v !== ENTRY_VERSION) fail('v', `must be ${ENTRY_VERSION}`);
  text(e.kind, 'kind');
  if (typeof e.time !== 'string' || !isUtcMillis(e.time))
    fail('time', 'must be RFC 3339 UTC with milliseconds');
  const author = record(e.author, 'author');
  if (Object.hasOwn(author, 'hub')) {
    onlyKeys(author, 'author', ['hub', 'key']);
    text(author.hub, 'author.hub');
  } else {
    onlyKeys(author, 'author', ['party', 'operator', 'key']);
    text(author.party, 'author.party');
    text(author.operator, 'author.operator');
  }
  text(author.key, 'author.key');
  record(e.command, 'command');
  const sigLength = typeof e.signature === 'string' ? base64ByteLength(e.signature) : undefined;
  if (sigLength !== ED25519_SIGNATURE_BYTES)
    fail('signature', 'must be base64 of a 64-byte Ed25519 signature');
  checkVisibility(e.visibility);
  const saltLength = typeof e.salt === 'string' ? base64ByteLength(e.salt) : undefined;
  if (saltLength === undefined || saltLength < MIN_SALT_BYTES)
    fail('salt', `must be base64 of at least ${MIN_SALT_BYTES} bytes`);
}

function checkVisibility(value: unknown): void {
  if (!Array.isArray(value) || value.length === 0) fail('visibility', 'must be a non-empty array');
  const seen = new Set<string>();
  for (const [i, party] of value.entries()) {
    text(party, `visibility[${i}]`);
    if (seen.has(party)) fail(`visibility[${i}]`, 'is repeated');
    seen.add(party);
  }
  if (seen.has('*') && value.length > 1) fail('visibility', '"*" stands alone');
}

// Date round-trip rejects impossible dates such as 2023-02-30.
function isUtcMillis(time: string): boolean {
  if (!TIME.test(time)) return false;
  const ms = Date.parse(time);
  return Number.isFinite(ms) && new Date(ms).toISOString() === time;
}

function record(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, 'must be an object');
  return value as Record<string, unknown>;
}

function onlyKeys(value: Record<string, unknown>, field: string, allowed: readonly string[]): void {
  for (const key of allowed) if (!Object.hasOwn(value, key)) fail(`${field}.${key}`, 'is missing');
  for (const key of Object.keys(value)) if (!allowed.includes(key)) fail(`${field}.${key}`, 'is not allowed');
}

function text(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) fail(field, 'must be a non-empty string');
}

function fail(field: string, why: string): never {
  throw new EntryError('invalid-entry', `${field} ${why}`);
}
