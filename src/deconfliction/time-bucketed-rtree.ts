// Boxes in longitude/latitude and time, as 2-D R-trees of space, one per time bucket, holding
// volume slots (numbers). A tree per bucket keeps a query to the volumes near it in time without a
// third axis, and a bucket left empty is dropped, so memory follows the live volumes as time moves
// on. A volume goes into every bucket its window touches; one that would touch more than
// `maxBucketsPerValue` (a site live for a month) goes into one bucket-less tree that every query
// searches, so that long windows cost one entry, not hundreds.
//
// Each bucket is mostly a packed static tree (Flatbush: one ArrayBuffer of boxes and item numbers,
// written to a snapshot and read back as it is), plus a small dynamic tree (rbush) of what was added
// since it was packed. A removed volume's entries stay until the bucket is packed again: they are
// known dead because they name an earlier generation of their slot. A bucket is packed again once
// its dynamic part or its dead entries pass a share of it, so that a query stays in the packed tree.
import Flatbush from 'flatbush';
import RBush from 'rbush';
import type { LonLatBox } from './lon-lat-boxes.js';

/** A bucket's packed tree as bytes, and the slot of each of its items, in the order they were added. */
export interface PackedTree {
  bucket: number | null;
  tree: Uint8Array;
  slots: Int32Array;
}

interface DynamicEntry extends LonLatBox {
  slot: number;
  generation: number;
}

interface Bucket {
  packed: Flatbush | null;
  /** Of each packed item, by the number Flatbush gives it: its slot, and the slot's generation then. */
  slots: Int32Array;
  generations: Int32Array;
  dynamic: RBush<DynamicEntry> | null;
  dynamicEntries: number;
  /** Entries in both parts, and how many of them are dead. */
  entries: number;
  dead: number;
}

/** Entries of one volume to load: its slot, its boxes, its window (milliseconds, closed). */
export interface Placed {
  slot: number;
  boxes: readonly LonLatBox[];
  start: number;
  end: number;
}

interface Items {
  /** Four numbers an entry: minX, minY, maxX, maxY. */
  boxes: number[];
  slots: number[];
}

/**
 * A bucket is packed again when its dynamic part passes an eighth of its packed part, or its dead
 * entries a quarter of all: packing costs about a microsecond an entry, so the cost spread over the
 * changes that called for it stays a few microseconds each, and a query meets few dead entries.
 */
const REPACK_FLOOR = 32;
const NODE_SIZE = 16;
const NONE = new Int32Array(0);

function emptyBucket(): Bucket {
  return {
    packed: null,
    slots: NONE,
    generations: NONE,
    dynamic: null,
    dynamicEntries: 0,
    entries: 0,
    dead: 0,
  };
}

/** The bytes of a packed tree, wherever its buffer came from. */
function treeBytes(tree: Flatbush): Uint8Array {
  return new Uint8Array(tree.data, tree.byteOffset, 8 + tree._boxes.byteLength + tree._indices.byteLength);
}

export class TimeBucketedRTree {
  private readonly buckets = new Map<number, Bucket>();
  private readonly unbucketed: Bucket = emptyBucket();

  /**
   * `bucketMs` Infinity gives one tree for all time. `generations` gives the slots' current
   * generations (the column may be replaced as it grows).
   */
  constructor(
    private readonly bucketMs: number,
    private readonly maxBucketsPerValue: number,
    private readonly generations: () => Int32Array,
  ) {
    if (!(bucketMs > 0)) throw new RangeError('bucketMs must be positive');
  }

  private bucketOf(time: number): number {
    // + 0 turns the -0 of an Infinity-wide bucket before 1970 into 0.
    return Math.floor(time / this.bucketMs) + 0;
  }

  /** The buckets a window is put in: each it touches, or only the bucket-less tree. */
  private keysOf(start: number, end: number): (number | null)[] {
    const first = this.bucketOf(start);
    const last = this.bucketOf(end);
    if (last - first + 1 > this.maxBucketsPerValue) return [null];
    const keys: number[] = [];
    for (let key = first; key <= last; key++) keys.push(key);
    return keys;
  }

  private bucket(key: number | null): Bucket {
    if (key === null) return this.unbucketed;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = emptyBucket();
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  insert(placed: Placed): void {
    const generation = this.generations()[placed.slot] as number;
    for (const key of this.keysOf(placed.start, placed.end)) {
      const bucket = this.bucket(key);
      bucket.dynamic ??= new RBush();
      for (const box of placed.boxes) bucket.dynamic.insert({ ...box, slot: placed.slot, generation });
      bucket.dynamicEntries += placed.boxes.length;
      bucket.entries += placed.boxes.length;
      if (bucket.dynamicEntries > REPACK_FLOOR + (bucket.packed?.numItems ?? 0) / 8) this.repack(bucket);
    }
  }

  /** Many at once, packed per bucket with what each holds: for building on start. */
  load(many: Iterable<Placed>): void {
    const byBucket = new Map<Bucket, Items>();
    for (const { slot, boxes, start, end } of many) {
      for (const key of this.keysOf(start, end)) {
        const bucket = this.bucket(key);
        let items = byBucket.get(bucket);
        if (items === undefined) {
          items = this.liveItems(bucket);
          byBucket.set(bucket, items);
        }
        for (const box of boxes) {
          items.boxes.push(box.minX, box.minY, box.maxX, box.maxY);
          items.slots.push(slot);
        }
      }
    }
    for (const [bucket, items] of byBucket) this.build(bucket, items);
  }

  /** The entries of a removed volume are dead (its slot's generation was bumped): counts them. */
  removed(start: number, end: number, boxes: number): void {
    for (const key of this.keysOf(start, end)) {
      const bucket = this.bucket(key);
      bucket.dead += boxes;
      if (bucket.dead === bucket.entries) this.drop(key);
      else if (bucket.dead > REPACK_FLOOR + bucket.entries / 4) this.repack(bucket);
    }
  }

  private drop(key: number | null): void {
    if (key === null) Object.assign(this.unbucketed, emptyBucket());
    else this.buckets.delete(key);
  }

  /** The live entries of a bucket, from both parts. */
  private liveItems(bucket: Bucket): Items {
    const current = this.generations();
    const boxes: number[] = [];
    const slots: number[] = [];
    const { packed } = bucket;
    if (packed !== null) {
      const { _boxes: packedBoxes, _indices: indices } = packed;
      for (let at = 0; at < packed.numItems; at++) {
        const item = indices[at] as number;
        const slot = bucket.slots[item] as number;
        if (current[slot] !== bucket.generations[item]) continue;
        for (let i = 4 * at; i < 4 * at + 4; i++) boxes.push(packedBoxes[i] as number);
        slots.push(slot);
      }
    }
    for (const entry of bucket.dynamic?.all() ?? []) {
      if (current[entry.slot] !== entry.generation) continue;
      boxes.push(entry.minX, entry.minY, entry.maxX, entry.maxY);
      slots.push(entry.slot);
    }
    return { boxes, slots };
  }

  /** Makes `items` the bucket's only entries, packed; slots renumbered and of generation 0 if asked. */
  private build(bucket: Bucket, { boxes, slots }: Items, renumbered?: Int32Array): void {
    const current = this.generations();
    const tree = slots.length > 0 ? new Flatbush(slots.length, NODE_SIZE) : null;
    const itemSlots = new Int32Array(slots.length);
    const itemGenerations = new Int32Array(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as number;
      tree?.add(
        boxes[4 * i] as number,
        boxes[4 * i + 1] as number,
        boxes[4 * i + 2] as number,
        boxes[4 * i + 3] as number,
      );
      itemSlots[i] = renumbered ? (renumbered[slot] as number) : slot;
      itemGenerations[i] = renumbered ? 0 : (current[slot] as number);
    }
    tree?.finish();
    Object.assign(bucket, {
      packed: tree,
      slots: itemSlots,
      generations: itemGenerations,
      dynamic: null,
      dynamicEntries: 0,
      entries: slots.length,
      dead: 0,
    });
  }

  private repack(bucket: Bucket, renumbered?: Int32Array): void {
    this.build(bucket, this.liveItems(bucket), renumbered);
  }

  /**
   * Every tree packed, its slots renumbered by `renumbered` (as the volumes' columns were
   * compacted), each slot's generation taken as 0: the trees as a snapshot keeps them.
   */
  pack(renumbered: Int32Array): PackedTree[] {
    const trees: PackedTree[] = [];
    for (const [key, bucket] of [[null, this.unbucketed] as const, ...this.buckets]) {
      if (bucket.dynamicEntries > 0 || bucket.dead > 0) this.repack(bucket, renumbered);
      else {
        const slots = new Int32Array(bucket.slots.length);
        for (let i = 0; i < slots.length; i++) slots[i] = renumbered[bucket.slots[i] as number] as number;
        Object.assign(bucket, { slots, generations: new Int32Array(slots.length) });
      }
      if (bucket.packed !== null)
        trees.push({ bucket: key, tree: treeBytes(bucket.packed), slots: bucket.slots });
    }
    return trees;
  }

  /**
   * Into an empty one, the trees `pack` gave, read in place (their bytes must be aligned for
   * doubles). Throws if a tree does not read, names a slot not below `slotCount`, or is given twice.
   */
  unpack(packed: readonly PackedTree[], slotCount: number): void {
    if (this.unbucketed.entries > 0 || this.buckets.size > 0) throw new Error('the index is not empty');
    for (const { bucket: key, tree: bytes, slots } of packed) {
      if (bytes.byteOffset % 8 !== 0) throw new Error('a packed tree is not aligned for doubles');
      const tree = Flatbush.from(bytes.buffer as ArrayBuffer, bytes.byteOffset);
      if (
        tree.numItems !== slots.length ||
        treeBytes(tree).byteLength !== bytes.byteLength ||
        tree.nodeSize !== NODE_SIZE
      )
        throw new Error('a packed tree is not of its stated length');
      for (const slot of slots)
        if (!(slot >= 0 && slot < slotCount))
          throw new Error(`a packed tree names volume ${slot}, which is not there`);
      const bucket = this.bucket(key);
      if (bucket.entries > 0) throw new Error(`bucket ${key} is packed twice`);
      Object.assign(bucket, {
        packed: tree,
        slots,
        generations: new Int32Array(slots.length),
        entries: slots.length,
      });
    }
  }

  /**
   * Calls `visit` with the slot of every live entry whose box meets `box` and whose bucket meets
   * [start, end]. A slot may be visited more than once (several buckets, both sides of the
   * antimeridian), and its own window is not checked: the caller does both.
   */
  search(box: LonLatBox, start: number, end: number, visit: (slot: number) => void): void {
    const current = this.generations();
    const searchIn = (bucket: Bucket) => {
      const { packed, slots, generations } = bucket;
      packed?.search(box.minX, box.minY, box.maxX, box.maxY, (item) => {
        const slot = slots[item] as number;
        if (current[slot] === generations[item]) visit(slot);
        return false;
      });
      if (bucket.dynamic !== null)
        for (const entry of bucket.dynamic.search(box))
          if (current[entry.slot] === entry.generation) visit(entry.slot);
    };
    if (this.unbucketed.entries > 0) searchIn(this.unbucketed);
    const first = this.bucketOf(start);
    const last = this.bucketOf(end);
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
