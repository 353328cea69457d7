// The manifest read strictly: a bundle whose manifest is not exactly of the format is refused before
// anything in it is believed.
import { decodeBase64, HASH_SIZE } from '../record/index.js';
import {
  BUNDLE_FORMAT,
  type BundledKey,
  type ListedLeaf,
  MANIFEST,
  type Manifest,
  OPERATORS,
  readUtf8,
} from './bundle-layout.js';
import { EvidenceError } from './evidence-error.js';

const isIndex = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

function json(file: string, bytes: Uint8Array | undefined): unknown {
  if (bytes === undefined) throw new EvidenceError(file, 'is missing');
  try {
    return JSON.parse(readUtf8(bytes));
  } catch {
    throw new EvidenceError(file, 'is not UTF-8 JSON');
  }
}

function ascending(file: string, field: string, list: readonly number[]): void {
  for (let i = 1; i < list.length; i++)
    if ((list[i] as number) <= (list[i - 1] as number))
      throw new EvidenceError(file, `${field} must be ascending without repeats`);
}

export function readManifest(bytes: Uint8Array | undefined): Manifest {
  const m = json(MANIFEST, bytes) as Partial<Manifest> | null;
  const fail = (why: string): never => {
    throw new EvidenceError(MANIFEST, why);
  };
  if (typeof m !== 'object' || m === null) return fail('is not an object');
  if (m.format !== BUNDLE_FORMAT) fail(`format must be ${BUNDLE_FORMAT}`);
  if (!isText(m.origin)) fail('origin must be text');
  const by = m.requested_by;
  if (!by || !isText(by.operator) || !isText(by.party)) fail('requested_by needs operator and party');
  if (!Array.isArray(m.subjects) || !m.subjects.every(isText)) fail('subjects must be a list of text');
  const entries = listedLeaves(m.entries, 'entries');
  const hidden = listedLeaves(m.hidden, 'hidden');
  if (!Array.isArray(m.kept_positions) || !m.kept_positions.every(isIndex))
    fail('kept_positions must be a list of entry indices');
  ascending(MANIFEST, 'kept_positions', m.kept_positions as number[]);
  const shown = new Set(entries.map((e) => e.index));
  if (hidden.some((h) => shown.has(h.index))) fail('an entry is listed both as readable and as hidden');
  return m as Manifest;
}

function listedLeaves(list: unknown, field: string): ListedLeaf[] {
  if (!Array.isArray(list)) throw new EvidenceError(MANIFEST, `${field} must be a list`);
  for (const item of list) {
    const hash = typeof item?.leaf_hash === 'string' ? decodeBase64(item.leaf_hash) : undefined;
    if (!isIndex(item?.index) || hash?.length !== HASH_SIZE)
      throw new EvidenceError(MANIFEST, `each of ${field} needs an index and a base64 leaf hash`);
  }
  ascending(
    MANIFEST,
    field,
    list.map((item) => item.index),
  );
  return list as ListedLeaf[];
}

export function readOperators(bytes: Uint8Array | undefined): BundledKey[] {
  const list = json(OPERATORS, bytes);
  if (!Array.isArray(list)) throw new EvidenceError(OPERATORS, 'must be a list of keys');
  for (const [i, k] of list.entries()) {
    if (
      !isText(k?.id) ||
      !isText(k.operator) ||
      !isText(k.party) ||
      !isText(k.public_key) ||
      !Array.isArray(k.entries) ||
      k.entries.length === 0 ||
      !k.entries.every(isIndex)
    )
      throw new EvidenceError(OPERATORS, `key ${i} needs id, operator, party, public_key and its entries`);
  }
  return list as BundledKey[];
}
