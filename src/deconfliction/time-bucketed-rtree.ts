// Boxes in longitude/latitude and time, as 2-D R-trees (rbush) of space, one per time bucket. rbush
// is two-dimensional; a tree per bucket keeps a query to the volumes near it in time without a
// third axis, and a bucket left empty is dropped, so memory follows the live volumes as time moves
// on. A volume goes into every bucket its window touches; one that would touch more than
// `maxBucketsPerValue` (a site live for a month) goes into one bucket-less tree that every query
// searches, so that long windows cost one entry, not hundreds.
import RBush from 'rbush';
import type { LonLatBox } from './lon-lat-boxes.js';

interface Entry<T> extends LonLatBox {
  value: T;
  /** The bucket whose tree holds this entry; null for the bucket-less tree. */
  bucket: number | null;
}

/** The entries of one value, for removing it. */
export type Placement<T> = readonly Entry<T>[];

interface Bucket<T> {
  tree: RBush<Entry<T>>;
  count: number;
}

/**
 * One bucket's tree as numbers, depth first: a node is its height, whether it is a leaf, its
 * number of children and its box; an entry is its value's number and its box. Loading it rebuilds
 * the very tree, with no sorting and no box computed.
 */
export interface PackedTree {
  bucket: number | null;
  numbers: Float64Array;
}

/** An rbush node, as rbush's toJSON gives it and fromJSON takes it. */
interface TreeNode<T> extends LonLatBox {
  children: (TreeNode<T> | Entry<T>)[];
  height: number;
  leaf: boolean;
}

export interface Placed<T> {
  value: T;
  boxes: readonly LonLatBox[];
  /** The time window, milliseconds, closed. */
  start: number;
  end: number;
}

export class TimeBucketedRTree<T> {
  private readonly buckets = new Map<number, Bucket<T>>();
  private readonly unbucketed: Bucket<T> = { tree: new RBush(), count: 0 };

  /** `bucketMs` Infinity gives one tree for all time. */
  constructor(
    private readonly bucketMs: number,
    private readonly maxBucketsPerValue: number,
  ) {
    if (!(bucketMs > 0)) throw new RangeError('bucketMs must be positive');
  }

  private bucketOf(time: number): number {
    // + 0 turns the -0 of an Infinity-wide bucket before 1970 into 0.
    return Math.floor(time / this.bucketMs) + 0;
  }

  private entriesOf(placed: Placed<T>): Entry<T>[] {
    const first = this.bucketOf(placed.start);
    const last = this.bucketOf(placed.end);
    const buckets = last - first + 1 > this.maxBucketsPerValue ? [null] : range(first, last);
    const entries: Entry<T>[] = [];
    for (const bucket of buckets)
      for (const box of placed.boxes) entries.push({ ...box, value: placed.value, bucket });
    return entries;
  }

  private bucket(key: number | null): Bucket<T> {
    if (key === null) return this.unbucketed;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { tree: new RBush(), count: 0 };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  insert(placed: Placed<T>): Placement<T> {
    const entries = this.entriesOf(placed);
    for (const entry of entries) {
      const bucket = this.bucket(entry.bucket);
      bucket.tree.insert(entry);
      bucket.count++;
    }
    return entries;
  }

  /** Many at once, bulk-loaded per bucket (rbush's OMT load): for rebuilding on start. */
  load(many: Iterable<Placed<T>>): Placement<T>[] {
    const placements: Placement<T>[] = [];
    const byBucket = new Map<number | null, Entry<T>[]>();
    for (const placed of many) {
      const entries = this.entriesOf(placed);
      placements.push(entries);
      for (const entry of entries) {
        const list = byBucket.get(entry.bucket);
        if (list === undefined) byBucket.set(entry.bucket, [entry]);
        else list.push(entry);
      }
    }
    for (const [key, entries] of byBucket) {
      const bucket = this.bucket(key);
      bucket.tree.load(entries);
      bucket.count += entries.length;
    }
    return placements;
  }

  /** Every tree as numbers, each entry's value by `numberOf`. */
  pack(numberOf: (value: T) => number): PackedTree[] {
    const trees: [number | null, Bucket<T>][] = [[null, this.unbucketed], ...this.buckets];
    return trees.map(([bucket, { tree }]) => {
      const numbers: number[] = [];
      const visit = (node: TreeNode<T>) => {
        numbers.push(node.height, node.leaf ? 1 : 0, node.children.length);
        numbers.push(node.minX, node.minY, node.maxX, node.maxY);
        for (const child of node.children) {
          if (!node.leaf) visit(child as TreeNode<T>);
          else {
            const entry = child as Entry<T>;
            numbers.push(numberOf(entry.value), entry.minX, entry.minY, entry.maxX, entry.maxY);
          }
        }
      };
      visit(tree.toJSON() as TreeNode<T>);
      return { bucket, numbers: Float64Array.from(numbers) };
    });
  }

  /**
   * Into an empty one, the trees `pack` gave, each value from its number; gives each value's
   * entries, for removing it. Throws if the numbers are not trees of this shape.
   */
  unpack(packed: readonly PackedTree[], valueNumbered: (ordinal: number) => T): Map<T, Entry<T>[]> {
    if (this.unbucketed.count > 0 || this.buckets.size > 0) throw new Error('the index is not empty');
    const placements = new Map<T, Entry<T>[]>();
    for (const { bucket: key, numbers } of packed) {
      let at = 0;
      let entries = 0;
      const take = () => {
        if (at >= numbers.length) throw new Error('a packed tree ends early');
        return numbers[at++] as number;
      };
      const node = (): TreeNode<T> => {
        const height = take();
        const leaf = take() === 1;
        const children: (TreeNode<T> | Entry<T>)[] = new Array(take());
        const box = { minX: take(), minY: take(), maxX: take(), maxY: take() };
        for (let i = 0; i < children.length; i++) {
          if (!leaf) children[i] = node();
          else {
            const value = valueNumbered(take());
            const entry: Entry<T> = {
              minX: take(),
              minY: take(),
              maxX: take(),
              maxY: take(),
              value,
              bucket: key,
            };
            const placed = placements.get(value);
            if (placed === undefined) placements.set(value, [entry]);
            else placed.push(entry);
            children[i] = entry;
            entries++;
          }
        }
        return { children, height, leaf, ...box };
      };
      const root = node();
      if (at !== numbers.length) throw new Error('a packed tree has numbers left over');
      const bucket = this.bucket(key);
      if (bucket.count > 0) throw new Error(`bucket ${key} is packed twice`);
      bucket.tree.fromJSON(root);
      bucket.count = entries;
      if (entries === 0 && key !== null) this.buckets.delete(key);
    }
    return placements;
  }

  remove(placement: Placement<T>): void {
    for (const entry of placement) {
      const bucket = this.bucket(entry.bucket);
      bucket.tree.remove(entry);
      bucket.count--;
      if (bucket.count === 0 && entry.bucket !== null) this.buckets.delete(entry.bucket);
    }
  }

  /**
   * Calls `visit` with the value of every entry whose box meets `box` and whose bucket meets
   * [start, end]. A value may be visited more than once (several buckets, both sides of the
   * antimeridian), and its own window is not checked: the caller does both.
   */
  search(box: LonLatBox, start: number, end: number, visit: (value: T) => void): void {
    const first = this.bucketOf(start);
    const last = this.bucketOf(end);
    const searchIn = (bucket: Bucket<T>) => {
      for (const entry of bucket.tree.search(box)) visit(entry.value);
    };
    if (this.unbucketed.count > 0) searchIn(this.unbucketed);
    if (last - first + 1 <= this.buckets.size) {
      for (let key = first; key <= last; key++) {
        const bucket = this.buckets.get(key);
        if (bucket !== undefined) searchIn(bucket);
      }
    } else {
      for (const [key, bucket] of this.buckets) if (key >= first && key <= last) searchIn(bucket);
    }
  }
}

function range(first: number, last: number): number[] {
  const keys: number[] = [];
  for (let key = first; key <= last; key++) keys.push(key);
  return keys;
}
