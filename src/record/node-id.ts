// Addresses of perfect subtrees. Storage and proofs speak in these ids so that
// which hashes are needed is decided apart from how they are fetched.

/**
 * The root of the perfect (complete, aligned) subtree over the leaves
 * [index·2^level, (index+1)·2^level).
 */
export interface NodeId {
  level: number;
  index: number;
}

// Tree sizes and indices are plain numbers; requiring safe integers keeps all
// arithmetic below exact (no 32-bit bitwise operators anywhere).
export function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

export function requireCount(name: string, n: unknown): number {
  if (!isCount(n)) throw new RangeError(`${name} must be a non-negative safe integer, got ${String(n)}`);
  return n;
}

/** The leaves [begin, end) a node covers. */
export function nodeRange(node: NodeId): [begin: number, end: number] {
  const width = 2 ** node.level;
  return [node.index * width, (node.index + 1) * width];
}

/** The largest power of two strictly below n (n ≥ 2): RFC 9162's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The fewest perfect subtrees covering [begin, end), left to right. For the
 * ranges that appear in RFC 9162 proofs (begin aligned to a power of two at
 * least end−begin) this is one subtree per set bit of end−begin, largest first,
 * and the range's Merkle hash is their right fold h(p1, h(p2, …)).
 */
export function rangeNodes(begin: number, end: number): NodeId[] {
  requireCount('begin', begin);
  requireCount('end', end);
  if (begin > end) throw new RangeError(`begin ${begin} > end ${end}`);
  const nodes: NodeId[] = [];
  let at = begin;
  while (at < end) {
    // Grow the subtree while it stays aligned at `at` and inside the range.
    let level = 0;
    let width = 1;
    while (at % (width * 2) === 0 && at + width * 2 <= end) {
      width *= 2;
      level++;
    }
    nodes.push({ level, index: at / width });
    at += width;
  }
  return nodes;
}

/** The right frontier of a tree of `size` leaves: one node per set bit of size. */
export function frontierNodes(size: number): NodeId[] {
  return rangeNodes(0, size);
}
