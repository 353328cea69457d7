// Proof verification, RFC 9162 §2.1.3.2 and §2.1.4.2. These run on input from
// other parties, so every malformed argument yields false rather than a throw.
import { EMPTY_ROOT, equalBytes, hashChildren, isHash } from './hash.js';
import { isCount } from './node-id.js';

const odd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => (n - (n % 2)) / 2;

function isHashList(proof: unknown): proof is Uint8Array[] {
  return Array.isArray(proof) && proof.every(isHash);
}

/** Does `proof` show that `leafHash` is leaf `index` of the tree of `size` with `root`? */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isHash(leafHash) || !isHash(root) || !isHashList(proof)) return false;
  if (!isCount(index) || !isCount(size) || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = hashChildren(p, r);
      // Skip the levels where this node is the last, unpaired one.
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(r, root);
}

/**
 * Does `proof` show that the tree of `size1` with `root1` is a prefix of the
 * tree of `size2` with `root2`?
 *
 * Edge cases: size1 == size2 needs an empty proof and equal roots. size1 == 0
 * (outside RFC 9162's 0 < m < n) needs an empty proof and root1 == EMPTY_ROOT:
 * the empty tree is a prefix of every tree, but only if it is really empty.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (!isHash(root1) || !isHash(root2) || !isHashList(proof)) return false;
  if (!isCount(size1) || !isCount(size2) || size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && equalBytes(root1, root2);
  if (size1 === 0) return proof.length === 0 && equalBytes(root1, EMPTY_ROOT);
  if (proof.length === 0) return false;

  // When size1 is a power of two the old root is itself a node of the new
  // tree and the proof omits it; put it back so both cases run the same loop.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Uint8Array;
  let sr = fr;
  for (let i = 1; i < path.length; i++) {
    const c = path[i] as Uint8Array;
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(fr, root1) && equalBytes(sr, root2);
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}
