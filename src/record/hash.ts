// RFC 9162 §2.1.1 hashing. The 0x00 / 0x01 prefixes give leaves and interior
// nodes disjoint preimages, so no leaf can be passed off as a subtree.
import { createHash } from 'node:crypto';

/** Length in bytes of every hash in the record (SHA-256). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

function digest(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  // Return a plain Uint8Array rather than a Buffer so callers compare and
  // serialise one type everywhere.
  const out = h.digest();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** MTH({}) = SHA-256(): the root of the empty tree. */
export const EMPTY_ROOT: Uint8Array = digest();

/** MTH({d}) = SHA-256(0x00 || d). */
export function hashLeaf(data: Uint8Array): Uint8Array {
  return digest(LEAF_PREFIX, data);
}

/** SHA-256(0x01 || left || right): the hash of an interior node. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  return digest(NODE_PREFIX, left, right);
}

/** Byte equality. Hashes here are public, so a constant-time compare is not needed. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True for a Uint8Array of exactly HASH_SIZE bytes. */
export function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}
