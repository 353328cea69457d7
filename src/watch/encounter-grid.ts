// Which airborne tracks can come within the minima of each other in the lookahead, without trying
// all pairs. Each track is placed by its swept box (swept-box.ts) in a uniform grid of longitude,
// latitude and altitude cells (cells wrap at the antimeridian; a box reaching a pole spans every
// longitude). A bucket keeps a copy of each of its boxes next to the slot, so that a query reads
// its cells' boxes in order instead of jumping to each track's numbers: at 100,000 tracks those
// jumps, not the comparisons, were the cost. The copy is the box grown by a few seconds of travel,
// so it still holds the track's box after the next reports and is rewritten only when the track
// leaves it, not on every report. A query tests its own exact box against those grown ones: the
// answer can only hold more pairs, never fewer, and the prediction decides each. Typed arrays
// throughout and a scratch buffer for the answer: the hot loop allocates nothing.
import { dividesTheCircle, rowShifts } from './grid-cells.js';
import { grownFrom } from './grown-array.js';
import {
  ALT_HI,
  ALT_LO,
  arcsMeet,
  BOX,
  boxWithin,
  LAT_HI,
  LAT_LO,
  LON_HI,
  LON_LO,
  type SweepReach,
  writeGrownBox,
  writeSweptBox,
} from './swept-box.js';

export interface EncounterGridOptions {
  /** Cell side in degrees; a few times the minimum is right (cells much smaller than a box cost inserts). */
  cellDeg: number;
  /** Cell height in metres. */
  layerM: number;
  /** The largest horizontal minimum any pair may have, metres. */
  maxHorizontalM: number;
  /** The largest vertical minimum any pair may have, metres. */
  maxVerticalM: number;
  /** Seconds of straight flight a box covers: the lookahead plus the oldest a report may be. */
  sweepS: number;
}

/** Layers start here (metres); lower and higher altitudes fall in the first and last layer. */
const ALT_FLOOR_M = -1000;
const LAYERS = 64;
/** A bucket's box is the track's grown by this many seconds of its own travel, and at least… */
const SLACK_S = 8;
/** …this many metres horizontally and vertically. */
const MIN_SLACK_M = 500;
const MIN_SLACK_VERTICAL_M = 60;
/** A box over more cells of a row than this is kept as spanning every longitude (see wideKey). */
const WIDE_COLUMNS = 64;

/** Per bucket entry: the grown box, then the slot. */
const ENTRY = BOX + 1;
const SLOT = BOX;
/** Per slot: the cells its grown box is in. */
const CELLS = 6;
const LAYER_LO = 0;
const LAYER_HI = 1;
const ROW_LO = 2;
const ROW_HI = 3;
const COL_LO = 4;
const COL_COUNT = 5;

interface Bucket {
  entries: Float64Array;
  count: number;
}

export class EncounterGrid {
  private readonly cellDeg: number;
  private readonly layerM: number;
  private readonly columns: number;
  private readonly rows: number;
  /** Per row: its cells are 2^shift base columns wide. */
  private readonly rowShift: Uint8Array;
  private readonly reach: SweepReach;
  private readonly buckets = new Map<number, Bucket>();
  /** Per slot: the box of its last report, and the grown box its buckets hold. */
  private boxes = new Float64Array(0);
  private grown = new Float64Array(0);
  private cells = new Int32Array(0);
  private placed = new Uint8Array(0);
  private seen = new Uint32Array(0);
  private query = 0;
  private scratch = new Int32Array(1024);

  constructor(options: EncounterGridOptions) {
    if (!dividesTheCircle(options.cellDeg)) throw new RangeError('cellDeg must divide 360');
    if (!(options.layerM > 0)) throw new RangeError('layerM must be positive');
    this.cellDeg = options.cellDeg;
    this.layerM = options.layerM;
    this.columns = Math.round(360 / options.cellDeg);
    this.rows = Math.ceil(180 / options.cellDeg);
    this.rowShift = rowShifts(this.columns, this.rows, this.cellDeg);
    this.reach = {
      sweepS: options.sweepS,
      halfReachM: options.maxHorizontalM / 2,
      halfVerticalM: options.maxVerticalM / 2,
    };
  }

  /** Makes room for slots below `capacity`. */
  reserve(capacity: number): void {
    if (capacity <= this.placed.length) return;
    const grown = Math.max(capacity, this.placed.length * 2);
    this.boxes = grownFrom(new Float64Array(grown * BOX), this.boxes);
    this.grown = grownFrom(new Float64Array(grown * BOX), this.grown);
    this.cells = grownFrom(new Int32Array(grown * CELLS), this.cells);
    this.placed = grownFrom(new Uint8Array(grown), this.placed);
    this.seen = grownFrom(new Uint32Array(grown), this.seen);
  }

  /**
   * Places (or moves) a track by its present state; `reachM` and `reachVerticalM` grow its box
   * further, for a track whose velocity is unknown and which may be anywhere it can reach.
   */
  place(
    slot: number,
    lon: number,
    lat: number,
    altM: number,
    groundSpeedMs: number,
    trackDeg: number,
    climbMs: number,
    reachM = 0,
    reachVerticalM = 0,
  ): void {
    this.reserve(slot + 1);
    const box = slot * BOX;
    writeSweptBox(
      this.boxes,
      box,
      this.reach,
      lon,
      lat,
      altM,
      groundSpeedMs,
      trackDeg,
      climbMs,
      reachM,
      reachVerticalM,
    );
    // Most reports leave the track within the box its buckets hold: nothing to move.
    if (this.placed[slot] === 1 && boxWithin(this.boxes, box, this.grown, box)) return;
    if (this.placed[slot] === 1) this.takeOut(slot);
    writeGrownBox(
      this.grown,
      box,
      this.boxes,
      box,
      Math.max(MIN_SLACK_M, groundSpeedMs * SLACK_S),
      Math.max(MIN_SLACK_VERTICAL_M, Math.abs(climbMs) * SLACK_S),
    );
    const g = this.grown;
    const cell = slot * CELLS;
    const c = this.cells;
    c[cell + LAYER_LO] = this.layer(g[box + ALT_LO] as number);
    c[cell + LAYER_HI] = this.layer(g[box + ALT_HI] as number);
    c[cell + ROW_LO] = this.row(g[box + LAT_LO] as number);
    c[cell + ROW_HI] = this.row(g[box + LAT_HI] as number);
    let colLo = Math.floor(((g[box + LON_LO] as number) + 180) / this.cellDeg);
    let colCount = Math.floor(((g[box + LON_HI] as number) + 180) / this.cellDeg) - colLo + 1;
    if (colCount >= this.columns) {
      colLo = 0;
      colCount = this.columns;
    }
    c[cell + COL_LO] = colLo;
    c[cell + COL_COUNT] = colCount;
    this.placed[slot] = 1;
    this.putIn(slot);
  }

  /** Takes a track out (it landed, went stale, or is gone). */
  remove(slot: number): void {
    if (!this.has(slot)) return;
    this.takeOut(slot);
    this.placed[slot] = 0;
  }

  has(slot: number): boolean {
    return slot < this.placed.length && this.placed[slot] === 1;
  }

  /**
   * The other placed tracks whose boxes may meet this one's, in longitude, latitude and altitude:
   * a view of a scratch buffer, valid until the next call.
   */
  near(slot: number): Int32Array {
    let found = 0;
    if (!this.has(slot)) return this.scratch.subarray(0, 0);
    if (++this.query === 0xffffffff) {
      this.seen.fill(0);
      this.query = 1;
    }
    const mark = this.query;
    this.seen[slot] = mark;
    const b = this.boxes;
    const box = slot * BOX;
    const lonLo = b[box + LON_LO] as number;
    const lonSpan = (b[box + LON_HI] as number) - lonLo;
    const latLo = b[box + LAT_LO] as number;
    const latHi = b[box + LAT_HI] as number;
    const altLo = b[box + ALT_LO] as number;
    const altHi = b[box + ALT_HI] as number;
    // The cells of the exact box: within those of the grown box the track is kept in.
    const layerHi = this.layer(altHi);
    const rowLo = this.row(latLo);
    const rowHi = this.row(latHi);
    let colLo = Math.floor((lonLo + 180) / this.cellDeg);
    let colCount = Math.floor((lonLo + lonSpan + 180) / this.cellDeg) - colLo + 1;
    if (colCount >= this.columns) {
      colLo = 0;
      colCount = this.columns;
    }
    for (let layer = this.layer(altLo); layer <= layerHi; layer++) {
      for (let row = rowLo; row <= rowHi; row++) {
        const shift = this.rowShift[row] as number;
        const inRow = this.columns >> shift;
        let first = colLo >> shift;
        let count = ((colLo + colCount - 1) >> shift) - first + 1;
        // A box kept in the row's wide bucket must see every cell of the row.
        if (count > WIDE_COLUMNS || count >= inRow) {
          first = 0;
          count = inRow;
        }
        const base = (layer * this.rows + row) * this.columns;
        // The row's wide bucket first, then the cells.
        for (let i = -1; i < count; i++) {
          const bucket = this.buckets.get(
            i < 0 ? wideKey(layer * this.rows + row) : base + ((first + i) % inRow),
          );
          if (bucket === undefined) continue;
          const e = bucket.entries;
          const end = bucket.count * ENTRY;
          for (let at = 0; at < end; at += ENTRY) {
            if ((e[at + ALT_LO] as number) > altHi || (e[at + ALT_HI] as number) < altLo) continue;
            if ((e[at + LAT_LO] as number) > latHi || (e[at + LAT_HI] as number) < latLo) continue;
            const otherLo = e[at + LON_LO] as number;
            if (!arcsMeet(lonLo, lonSpan, otherLo, (e[at + LON_HI] as number) - otherLo)) continue;
            const other = (e[at + SLOT] as number) | 0;
            if (this.seen[other] === mark) continue;
            this.seen[other] = mark;
            if (found === this.scratch.length)
              this.scratch = grownFrom(new Int32Array(found * 2), this.scratch);
            this.scratch[found++] = other;
          }
        }
      }
    }
    return this.scratch.subarray(0, found);
  }

  private row(lat: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((lat + 90) / this.cellDeg)));
  }

  private layer(altM: number): number {
    return Math.min(LAYERS - 1, Math.max(0, Math.floor((altM - ALT_FLOOR_M) / this.layerM)));
  }

  /** Copies the slot's grown box into each of its buckets. */
  private putIn(slot: number): void {
    const box = slot * BOX;
    this.forEachBucket(slot, (key) => {
      let bucket = this.buckets.get(key);
      if (bucket === undefined) {
        bucket = { entries: new Float64Array(8 * ENTRY), count: 0 };
        this.buckets.set(key, bucket);
      }
      if ((bucket.count + 1) * ENTRY > bucket.entries.length)
        bucket.entries = grownFrom(new Float64Array(bucket.entries.length * 2), bucket.entries);
      const at = bucket.count++ * ENTRY;
      bucket.entries.set(this.grown.subarray(box, box + BOX), at);
      bucket.entries[at + SLOT] = slot;
    });
  }

  private takeOut(slot: number): void {
    this.forEachBucket(slot, (key) => {
      const bucket = this.buckets.get(key);
      if (bucket === undefined) return;
      const e = bucket.entries;
      const end = bucket.count * ENTRY;
      for (let at = 0; at < end; at += ENTRY) {
        if (e[at + SLOT] !== slot) continue;
        const last = --bucket.count * ENTRY;
        e.copyWithin(at, last, last + ENTRY);
        if (bucket.count === 0) this.buckets.delete(key);
        return;
      }
    });
  }

  /** The buckets holding a track: its cells, or for a box around the world, its rows' wide buckets. */
  private forEachBucket(slot: number, act: (key: number) => void): void {
    const cell = slot * CELLS;
    const c = this.cells;
    const layerHi = c[cell + LAYER_HI] as number;
    const rowHi = c[cell + ROW_HI] as number;
    const colLo = c[cell + COL_LO] as number;
    const colCount = c[cell + COL_COUNT] as number;
    for (let layer = c[cell + LAYER_LO] as number; layer <= layerHi; layer++) {
      for (let row = c[cell + ROW_LO] as number; row <= rowHi; row++) {
        const shift = this.rowShift[row] as number;
        const first = colLo >> shift;
        const count = ((colLo + colCount - 1) >> shift) - first + 1;
        const inRow = this.columns >> shift;
        const base = (layer * this.rows + row) * this.columns;
        if (count > WIDE_COLUMNS || count >= inRow) act(wideKey(layer * this.rows + row));
        else for (let i = 0; i < count; i++) act(base + ((first + i) % inRow));
      }
    }
  }
}

/**
 * Near a pole a box spans many or all longitudes; it then goes in one bucket per row instead of one
 * per cell, so that a track near the pole costs a few entries, not thousands. (A query by such a
 * box still visits every cell of its rows: rare traffic pays, the rest of the world does not.)
 */
function wideKey(layerRow: number): number {
  return -1 - layerRow;
}
