// Proofs and roots over leaf hashes held in memory: the plans plus a direct
// computation of perfect-subtree hashes. Meant for tests, tools and small
// logs; the hub reads stored nodes instead.

import { CompactRange } from './compact-range.js';
import { hashChildren, isHash } from './hash.js';
import { type NodeId, nodeRange } from './node-id.js';
import { consistencyPlan, inclusionPlan } from './proof-plan.js';

/** MTH(D[0:n]) of RFC 9162 §2.1.1 (EMPTY_ROOT for no leaves). */
export function rootFromLeafHashes(leafHashes: readonly Uint8Array[]): Uint8Array {
  const range = CompactRange.empty();
  for (const h of leafHashes) range.append(h);
  return range.root();
}

/** PATH(index, D[0:size]) over the first `size` leaf hashes. */
export function inclusionProof(index: number, size: number, leafHashes: readonly Uint8Array[]): Uint8Array[] {
  const plan = inclusionPlan(index, size);
  requireLeaves(size, leafHashes);
  return plan.assemble(plan.nodes.map((node) => perfectHash(node, leafHashes)));
}

/** PROOF(size1, D[0:size2]) over the first `size2` leaf hashes. */
export function consistencyProof(
  size1: number,
  size2: number,
  leafHashes: readonly Uint8Array[],
): Uint8Array[] {
  const plan = consistencyPlan(size1, size2);
  requireLeaves(size2, leafHashes);
  return plan.assemble(plan.nodes.map((node) => perfectHash(node, leafHashes)));
}

function requireLeaves(size: number, leafHashes: readonly Uint8Array[]): void {
  if (leafHashes.length < size) throw new RangeError(`need ${size} leaf hashes, have ${leafHashes.length}`);
}

// Level by level pairwise reduction; a perfect subtree has no odd levels.
function perfectHash(node: NodeId, leafHashes: readonly Uint8Array[]): Uint8Array {
  const [begin, end] = nodeRange(node);
  let level = leafHashes.slice(begin, end);
  for (const h of level) if (!isHash(h)) throw new TypeError('every leaf hash must be a 32-byte Uint8Array');
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(hashChildren(level[i] as Uint8Array, level[i + 1] as Uint8Array));
    level = next;
  }
  return level[0] as Uint8Array;
}
