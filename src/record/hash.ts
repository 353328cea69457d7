// RFC 9162 §2.1.1 hashing. The 0x00 / 0x01 prefixes give leaves and interior
// nodes disjoint preimages, so no leaf can be passed off as a subtree.
import { hash } from 'node:crypto';

/** Length in bytes of every hash in the record (SHA-256). */
export const HASH_SIZE = 32;

// One-shot hashing is about twice as fast as a Hash object for inputs this small, and proofs,
// appends and replays are made of little else.
function digest(input: Uint8Array): Uint8Array {
  // A plain Uint8Array rather than a Buffer, so callers compare and serialise one type everywhere.
  const out = hash('sha256', input, 'buffer');
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** MTH({}) = SHA-256(): the root of the empty tree. */
export const EMPTY_ROOT: Uint8Array = digest(new Uint8Array());

/** MTH({d}) = SHA-256(0x00 || d). */
export function hashLeaf(data: Uint8Array): Uint8Array {
  const input = new Uint8Array(data.length + 1);
  input.set(data, 1);
  return digest(input);
}

// Reused for every interior node: hashing is synchronous, so no two calls share it at once.
const NODE_INPUT = new Uint8Array(1 + 2 * HASH_SIZE);
NODE_INPUT[0] = 0x01;

/** SHA-256(0x01 || left || right): the hash of an interior node. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    const input = new Uint8Array(1 + left.length + right.length);
    input[0] = 0x01;
    input.set(left, 1);
    input.set(right, 1 + left.length);
    return digest(input);
  }
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_SIZE);
  return digest(NODE_INPUT);
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
