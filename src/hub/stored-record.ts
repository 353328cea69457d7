import {
  type CompactRange,
  consistencyPlan,
  type HashedNode,
  inclusionPlan,
  type NodeId,
  type ProofPlan,
} from '../record/index.js';
import type { RecordStore } from '../store/store.js';

/**
 * Levels at and above this are kept in memory too: one hash per 4 leaves in all (8 bytes a leaf,
 * 80 MB for ten million entries), so a proof reads at most three stored hashes, in one statement,
 * plus those of the right edge.
 */
export const CACHED_FROM_LEVEL = 3;

/** One level's hashes, contiguous: 32 bytes each, no per-hash object. */
class LevelHashes {
  private bytes = Buffer.alloc(32 * 1024);
  count = 0;

  set(index: number, hash: Uint8Array): void {
    if (index !== this.count) throw new Error(`level cache expected node ${this.count}, got ${index}`);
    if (this.bytes.length < 32 * (index + 1)) {
      const grown = Buffer.alloc(this.bytes.length * 2);
      this.bytes.copy(grown);
      this.bytes = grown;
    }
    this.bytes.set(hash, 32 * index);
    this.count++;
  }

  get(index: number): Uint8Array | undefined {
    return index < this.count ? this.bytes.subarray(32 * index, 32 * (index + 1)) : undefined;
  }
}

/**
 * The production Merkle tree: the right frontier in memory (O(log n)) for appends, every perfect
 * subtree hash in the store, and the upper levels (a quarter of the hashes) also in memory, so
 * that any proof is one small read of the store whatever the size of the record.
 */
export class StoredRecord {
  private readonly upper: LevelHashes[] = [];

  private constructor(
    private readonly store: RecordStore,
    private frontier: CompactRange,
  ) {}

  /** Opens over a store whose nodes are already checked; `frontier` is the tree at the stored size. */
  static async open(store: RecordStore, frontier: CompactRange): Promise<StoredRecord> {
    const record = new StoredRecord(store, frontier);
    for (let level = CACHED_FROM_LEVEL; 2 ** level <= frontier.size; level++) {
      const cache = new LevelHashes();
      const count = Math.floor(frontier.size / 2 ** level);
      for (let start = 0; start < count; start += 65536) {
        const hashes = await store.nodeRange(level, start, Math.min(count, start + 65536));
        for (const [i, hash] of hashes.entries()) cache.set(start + i, hash);
      }
      record.upper[level] = cache;
    }
    return record;
  }

  get size(): number {
    return this.frontier.size;
  }

  root(): Uint8Array {
    return this.frontier.root();
  }

  /**
   * Appends leaves to a copy of the frontier and returns the nodes to persist; nothing changes
   * until `accept` is called once they are durable.
   */
  prepare(leafHashes: readonly Uint8Array[]): { next: CompactRange; nodes: HashedNode[] } {
    const next = this.frontier.clone();
    const nodes: HashedNode[] = [];
    for (const leaf of leafHashes) nodes.push(...next.append(leaf));
    return { next, nodes };
  }

  accept(next: CompactRange, nodes: readonly HashedNode[]): void {
    this.frontier = next;
    for (const node of nodes) {
      if (node.level < CACHED_FROM_LEVEL) continue;
      const level = this.upper[node.level] ?? new LevelHashes();
      level.set(node.index, node.hash);
      this.upper[node.level] = level;
    }
  }

  async inclusionProof(index: number, size: number): Promise<Uint8Array[]> {
    this.checkSize(size);
    return this.run(inclusionPlan(index, size));
  }

  async consistencyProof(size1: number, size2: number): Promise<Uint8Array[]> {
    this.checkSize(size2);
    return this.run(consistencyPlan(size1, size2));
  }

  /** Hashes at one level for start <= index < end, as a tile serves them. */
  async hashes(level: number, start: number, end: number): Promise<Uint8Array[]> {
    return this.store.nodeRange(level, start, end);
  }

  private checkSize(size: number): void {
    if (size > this.frontier.size)
      throw new RangeError(`the record has ${this.frontier.size} entries, not ${size}`);
  }

  private async run(plan: ProofPlan): Promise<Uint8Array[]> {
    const hashes: (Uint8Array | undefined)[] = plan.nodes.map((node) =>
      this.upper[node.level]?.get(node.index),
    );
    const missing: { at: number; node: NodeId }[] = [];
    hashes.forEach((hash, at) => {
      const node = plan.nodes[at] as NodeId;
      if (hash === undefined) missing.push({ at, node });
    });
    if (missing.length > 0) {
      const stored = await this.store.nodes(missing.map((item) => item.node));
      missing.forEach((item, i) => {
        hashes[item.at] = stored[i];
      });
    }
    return plan.assemble(hashes as Uint8Array[]);
  }
}
