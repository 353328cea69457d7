// The numbers the conflict index keeps of each indexed volume, in growable typed-array columns
// indexed by the volume's slot, rather than one object per volume: a million volumes are a few
// arrays the garbage collector need not trace, and a snapshot writes and reads them as they are.
// A removed volume's slot goes on a free list and is given to the next volume added; its
// generation is bumped, so that the trees' entries still naming the slot are known to be dead.

const INITIAL_CAPACITY = 1024;

export class VolumeColumns {
  /** The number of the declaration the volume belongs to, -1 when the slot is free. */
  declaration = new Int32Array(INITIAL_CAPACITY).fill(-1);
  /** The volume's position in its declaration's volumes. */
  position = new Int32Array(INITIAL_CAPACITY);
  /** Its time window, milliseconds, closed. */
  timeStart = new Float64Array(INITIAL_CAPACITY);
  timeEnd = new Float64Array(INITIAL_CAPACITY);
  /** How many boxes it has in each tree that holds it (two across the antimeridian). */
  boxes = new Uint8Array(INITIAL_CAPACITY);
  /** Bumped when the slot is freed: entries made for an earlier generation are dead. */
  generation = new Int32Array(INITIAL_CAPACITY);
  /** The last query that visited it: a volume can be found in several trees and boxes. */
  visitedBy = new Int32Array(INITIAL_CAPACITY);
  /** Slots below this have been used; those of them free are in `free`. */
  used = 0;
  private free: number[] = [];

  get capacity(): number {
    return this.declaration.length;
  }

  /** A slot for a new volume: a freed one if there is, else the next, growing the columns. */
  allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.used === this.capacity) this.grow(this.capacity * 2);
    return this.used++;
  }

  release(slot: number): void {
    this.declaration[slot] = -1;
    this.generation[slot] = (this.generation[slot] as number) + 1;
    this.free.push(slot);
  }

  private grow(capacity: number): void {
    const grown = <A extends Int32Array | Float64Array | Uint8Array>(column: A): A => {
      const bigger = new (column.constructor as new (length: number) => A)(capacity);
      bigger.set(column);
      return bigger;
    };
    this.declaration = grown(this.declaration);
    this.declaration.fill(-1, this.used);
    this.position = grown(this.position);
    this.timeStart = grown(this.timeStart);
    this.timeEnd = grown(this.timeEnd);
    this.boxes = grown(this.boxes);
    this.generation = grown(this.generation);
    this.visitedBy = grown(this.visitedBy);
  }

  /**
   * Moves every used slot's window and boxes to `renumbered[slot]` (0 to `live` - 1, in the order
   * the caller chose; -1 for a free slot): afterwards slots 0 to `live` - 1 are the live volumes,
   * each of generation 0, none free. Their declarations and positions are set by the caller.
   */
  compact(renumbered: Int32Array, live: number): void {
    const capacity = Math.max(INITIAL_CAPACITY, live);
    this.timeStart = moved(this.timeStart, renumbered, this.used, new Float64Array(capacity));
    this.timeEnd = moved(this.timeEnd, renumbered, this.used, new Float64Array(capacity));
    this.boxes = moved(this.boxes, renumbered, this.used, new Uint8Array(capacity));
    this.declaration = new Int32Array(capacity).fill(-1);
    this.position = new Int32Array(capacity);
    this.generation = new Int32Array(capacity);
    this.visitedBy = new Int32Array(capacity);
    this.used = live;
    this.free = [];
  }

  /**
   * Columns of `live` volumes taken from a snapshot: slots 0 to `live` - 1, none free, each of
   * generation 0. Their declarations and positions are set by the caller. The numbers are copied
   * (one move of bytes), so that the snapshot's are never written to.
   */
  static fromPacked(packed: PackedVolumes): VolumeColumns {
    const live = packed.timeStart.length;
    if (packed.timeEnd.length !== live || packed.boxes.length !== live)
      throw new Error('the packed volumes are not columns of one length');
    const columns = new VolumeColumns();
    columns.grow(Math.max(INITIAL_CAPACITY, live));
    columns.timeStart.set(packed.timeStart);
    columns.timeEnd.set(packed.timeEnd);
    columns.boxes.set(packed.boxes);
    columns.used = live;
    return columns;
  }

  /** The columns a snapshot keeps of slots 0 to `live` - 1 (after compact), as copies. */
  pack(live: number): PackedVolumes {
    return {
      timeStart: this.timeStart.slice(0, live),
      timeEnd: this.timeEnd.slice(0, live),
      boxes: this.boxes.slice(0, live),
    };
  }
}

function moved<A extends Float64Array | Uint8Array>(
  column: A,
  renumbered: Int32Array,
  used: number,
  target: A,
): A {
  for (let slot = 0; slot < used; slot++) {
    const to = renumbered[slot] as number;
    if (to >= 0) target[to] = column[slot] as number;
  }
  return target;
}

/** What a snapshot keeps of the volumes; their declarations and positions follow from its order. */
export interface PackedVolumes {
  timeStart: Float64Array;
  timeEnd: Float64Array;
  boxes: Uint8Array;
}
