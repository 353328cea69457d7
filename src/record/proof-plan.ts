// Proof shape, separated from hashing: a plan names the stored perfect
// subtrees a proof needs, and assembles the RFC 9162 proof from their hashes.
// A store can then batch-read exactly those nodes (or tiles) and nothing else.
import { hashChildren, isHash } from './hash.js';
import { type NodeId, rangeNodes, requireCount, splitPoint } from './node-id.js';

export interface ProofPlan {
  /** Perfect subtrees whose hashes `assemble` needs, in this order. */
  readonly nodes: NodeId[];
  /** Builds the proof, in RFC 9162 order, from the hashes of `nodes`. */
  assemble(hashes: Uint8Array[]): Uint8Array[];
}

type Range = [begin: number, end: number];

/**
 * The inclusion proof PATH(index, D[0:size]) of RFC 9162 §2.1.3.1 as a list of
 * ranges, deepest sibling first.
 */
export function inclusionPlan(index: number, size: number): ProofPlan {
  requireCount('index', index);
  requireCount('size', size);
  if (index >= size) throw new RangeError(`index ${index} is not below size ${size}`);
  const siblings: Range[] = [];
  let begin = 0;
  let end = size;
  // Walk from the root down; each step's sibling is appended after the
  // deeper path in the RFC's recursion, so collect top-down and reverse.
  while (end - begin > 1) {
    const k = splitPoint(end - begin);
    if (index < begin + k) {
      siblings.push([begin + k, end]);
      end = begin + k;
    } else {
      siblings.push([begin, begin + k]);
      begin += k;
    }
  }
  return planFromRanges(siblings.reverse());
}

/**
 * The consistency proof PROOF(size1, D[0:size2]) of RFC 9162 §2.1.4.1.
 * size1 == size2 and size1 == 0 both give an empty proof (RFC 9162 defines
 * PROOF only for 0 < m < n; an empty tree is a prefix of every tree).
 */
export function consistencyPlan(size1: number, size2: number): ProofPlan {
  requireCount('size1', size1);
  requireCount('size2', size2);
  if (size1 > size2) throw new RangeError(`size1 ${size1} > size2 ${size2}`);
  const ranges: Range[] = [];
  if (size1 > 0) {
    // SUBPROOF(m, D[begin:end], complete), unrolled top-down; m is relative to begin.
    let begin = 0;
    let end = size2;
    let m = size1;
    let complete = true;
    for (;;) {
      if (m === end - begin) {
        // The old tree's subtree is a node of the new tree; the verifier
        // already knows it only when it is the whole old tree.
        if (!complete) ranges.push([begin, end]);
        break;
      }
      const k = splitPoint(end - begin);
      if (m <= k) {
        ranges.push([begin + k, end]);
        end = begin + k;
      } else {
        ranges.push([begin, begin + k]);
        begin += k;
        m -= k;
        complete = false;
      }
    }
  }
  return planFromRanges(ranges.reverse());
}

function planFromRanges(ranges: Range[]): ProofPlan {
  const nodes: NodeId[] = [];
  const pieces: number[] = [];
  for (const [begin, end] of ranges) {
    const parts = rangeNodes(begin, end);
    pieces.push(parts.length);
    nodes.push(...parts);
  }
  return {
    nodes,
    assemble(hashes: Uint8Array[]): Uint8Array[] {
      if (hashes.length !== nodes.length) {
        throw new RangeError(`plan needs ${nodes.length} hashes, got ${hashes.length}`);
      }
      for (const h of hashes) if (!isHash(h)) throw new TypeError('every hash must be a 32-byte Uint8Array');
      const proof: Uint8Array[] = [];
      let at = 0;
      for (const count of pieces) {
        proof.push(foldRight(hashes, at, at + count));
        at += count;
      }
      return proof;
    },
  };
}

// h(p1, h(p2, … h(pn-1, pn))): the Merkle hash of a right-edge range from its
// perfect pieces, largest first.
function foldRight(hashes: Uint8Array[], from: number, to: number): Uint8Array {
  let acc = hashes[to - 1] as Uint8Array;
  for (let i = to - 2; i >= from; i--) acc = hashChildren(hashes[i] as Uint8Array, acc);
  return acc;
}
