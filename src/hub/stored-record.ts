import {
  type CompactRange,
  consistencyPlan,
  type HashedNode,
  inclusionPlan,
  type NodeId,
  type ProofPlan,
} from '../record/index.js';
import type { Store } from '../store/store.js';

/** Levels at and above this are few (one hash per 256 leaves) and kept in memory for fast proofs. */
const CACHED_FROM_LEVEL = 8;

/**
 * The production Merkle tree: the right frontier in memory (O(log n)) for appends, every perfect
 * subtree hash in the store, the sparse upper levels also in memory. Any proof reads at most
 * eight stored hashes, whatever the size of the record.
 */
export class StoredRecord {
  private readonly upper: Uint8Array[][] = [];

  private constructor(
    private readonly store: Store,
    private frontier: CompactRange,
  ) {}

  /** Opens over a store whose nodes are already checked; `frontier` is the tree at the stored size. */
  static async open(store: Store, frontier: CompactRange): Promise<StoredRecord> {
    const record = new StoredRecord(store, frontier);
    for (let level = CACHED_FROM_LEVEL; 2 ** level <= frontier.size; level++) {
      record.upper[level] = await store.nodeRange(level, 0, Math.floor(frontier.size / 2 ** level));
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
      const level = this.upper[node.level] ?? [];
      level[node.index] = node.hash;
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
    const hashes: (Uint8Array | undefined)[] = plan.nodes.map((node) => this.upper[node.level]?.[node.index]);
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
