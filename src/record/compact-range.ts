// The right frontier of a Merkle tree: one perfect-subtree hash per set bit of
// the size. It is all a writer needs to append, and all a monitor needs to
// check a new checkpoint by folding in the new leaves, in O(log n) memory.
import { EMPTY_ROOT, hashChildren, isHash } from './hash.js';
import { frontierNodes, type NodeId, requireCount } from './node-id.js';

/** A node together with its hash, as handed to a store. */
export interface HashedNode extends NodeId {
  hash: Uint8Array;
}

export class CompactRange {
  #size: number;
  // Hashes of frontierNodes(size), left to right (largest subtree first).
  readonly #hashes: Uint8Array[];

  private constructor(size: number, hashes: Uint8Array[]) {
    this.#size = size;
    this.#hashes = hashes;
  }

  static empty(): CompactRange {
    return new CompactRange(0, []);
  }

  /** Restores a frontier from the hashes of frontierNodes(size), left to right. */
  static fromNodes(size: number, hashes: readonly Uint8Array[]): CompactRange {
    requireCount('size', size);
    const expected = frontierNodes(size).length;
    if (hashes.length !== expected) {
      throw new RangeError(
        `a tree of size ${size} has ${expected} frontier nodes, got ${hashes.length} hashes`,
      );
    }
    for (const h of hashes)
      if (!isHash(h)) throw new TypeError('every frontier hash must be a 32-byte Uint8Array');
    return new CompactRange(size, hashes.slice());
  }

  get size(): number {
    return this.#size;
  }

  /** The frontier's node ids, matching `hashes()`. */
  nodes(): NodeId[] {
    return frontierNodes(this.#size);
  }

  /** The frontier's hashes (a copy), e.g. to persist a monitor's state. */
  hashes(): Uint8Array[] {
    return this.#hashes.slice();
  }

  clone(): CompactRange {
    return new CompactRange(this.#size, this.#hashes.slice());
  }

  /**
   * Appends one leaf and returns every node this completed: the leaf itself
   * (level 0) and each parent it closed, bottom up. Amortised O(1) hashes,
   * at most log2(size) + 1.
   */
  append(leafHash: Uint8Array): HashedNode[] {
    if (!isHash(leafHash)) throw new TypeError('leaf hash must be a 32-byte Uint8Array');
    if (!Number.isSafeInteger(this.#size + 1)) throw new RangeError('tree is full');
    let hash = leafHash;
    let level = 0;
    let index = this.#size;
    const completed: HashedNode[] = [{ level, index, hash }];
    // Each trailing 1-bit of the old size is a frontier subtree that is the
    // left sibling of the one just completed.
    while (index % 2 === 1) {
      const left = this.#hashes.pop() as Uint8Array;
      hash = hashChildren(left, hash);
      level++;
      index = (index - 1) / 2;
      completed.push({ level, index, hash });
    }
    this.#hashes.push(hash);
    this.#size++;
    return completed;
  }

  /** MTH of the tree: the right fold of the frontier (EMPTY_ROOT when empty). */
  root(): Uint8Array {
    const n = this.#hashes.length;
    if (n === 0) return EMPTY_ROOT.slice();
    let acc = this.#hashes[n - 1] as Uint8Array;
    for (let i = n - 2; i >= 0; i--) acc = hashChildren(this.#hashes[i] as Uint8Array, acc);
    return acc;
  }
}
