// Which airborne tracks can come within the minima of each other in the lookahead, without trying
// all pairs. Each track is placed by the box its straight path sweeps over the lookahead (plus the
// age a report may reach before the next one), grown by half the largest horizontal minimum and a
// margin for the Earth's shape: two tracks that lose separation are at some instant within that
// minimum of each other, so each is within half of it from their midpoint, which lies in both boxes.
// The boxes are kept in a uniform longitude/latitude grid (cells wrap at the antimeridian; a box
// reaching a pole spans every longitude). A slow track stays in the same cells from one report to
// the next, so most reports move nothing. Typed arrays throughout and a scratch buffer for the
// answer: the hot loop allocates nothing (flatbush's style).
import { MIN_METRES_PER_RADIAN } from '../geo/geodesic.js';
import { sinCosDegrees } from '../geo/n-vector.js';
import { dividesTheCircle } from './grid-cells.js';
import { grownFrom } from './grown-array.js';

export interface EncounterGridOptions {
  /** Cell side in degrees; a few times the minimum is right (cells much smaller than a box cost inserts). */
  cellDeg: number;
  /** The largest horizontal minimum any pair may have, metres. */
  maxHorizontalM: number;
  /** The largest vertical minimum any pair may have, metres. */
  maxVerticalM: number;
  /** Seconds of straight flight a box covers: the lookahead plus the oldest a report may be. */
  sweepS: number;
}

const DEGREES_PER_RADIAN = 180 / Math.PI;
/** The mean Earth radius, for the path's far end only: the margin below covers its error. */
const MEAN_RADIUS_M = 6_371_008.8;
/** Metres added to every box: rounding and a report's own position error. */
const FIXED_MARGIN_M = 100;
/**
 * The far end is estimated on a sphere along a rhumb line, while the prediction flies the tangent
 * plane's straight line (a great circle on the ground): their ends differ by under 0.6 % of the
 * distance (the ellipsoid's radii against the mean) plus the rhumb/great-circle offset, at most
 * s²(1 + tan φ)/2R. The margin takes 1 % and that offset with the smallest radius.
 */
const PATH_MARGIN = 0.01;
/** Beyond this latitude a box spans every longitude. */
const POLAR_LAT = 89;
/** A box over more cells of a row than this is kept as spanning every longitude (see wideKey). */
const WIDE_COLUMNS = 64;

/** Numbers kept per track: its box (longitude may run past 180), altitude band, and cells. */
const BOX = 6;
const LON_LO = 0;
const LON_HI = 1;
const LAT_LO = 2;
const LAT_HI = 3;
const ALT_LO = 4;
const ALT_HI = 5;
const CELLS = 4;
const ROW_LO = 0;
const ROW_HI = 1;
const COL_LO = 2;
const COL_COUNT = 3;

interface Bucket {
  slots: Int32Array;
  count: number;
}

export class EncounterGrid {
  private readonly cellDeg: number;
  private readonly columns: number;
  private readonly rows: number;
  /** Per row: its cells are 2^shift base columns wide. */
  private readonly rowShift: Uint8Array;
  private readonly halfReachM: number;
  private readonly halfVerticalM: number;
  private readonly sweepS: number;
  private readonly buckets = new Map<number, Bucket>();
  private boxes = new Float64Array(0);
  private cells = new Int32Array(0);
  private placed = new Uint8Array(0);
  private seen = new Uint32Array(0);
  private query = 0;
  private scratch = new Int32Array(1024);

  constructor(options: EncounterGridOptions) {
    if (!dividesTheCircle(options.cellDeg)) throw new RangeError('cellDeg must divide 360');
    this.cellDeg = options.cellDeg;
    this.columns = Math.round(360 / options.cellDeg);
    this.rows = Math.ceil(180 / options.cellDeg);
    // Towards the poles a row's cells are merged by powers of two, so that a cell stays about as
    // wide on the ground as at the equator (as far as the column count has factors of two).
    let maxShift = 0;
    while ((this.columns >> (maxShift + 1)) << (maxShift + 1) === this.columns) maxShift++;
    this.rowShift = new Uint8Array(this.rows);
    for (let row = 0; row < this.rows; row++) {
      const equatorward = Math.min(
        Math.abs(-90 + row * this.cellDeg),
        Math.abs(-90 + (row + 1) * this.cellDeg),
      );
      const cos = Math.cos(Math.min(90, equatorward) / DEGREES_PER_RADIAN);
      let shift = 0;
      while (shift < maxShift && cos * 2 ** (shift + 1) <= 1) shift++;
      this.rowShift[row] = shift;
    }
    this.halfReachM = options.maxHorizontalM / 2;
    this.halfVerticalM = options.maxVerticalM / 2;
    this.sweepS = options.sweepS;
  }

  /** Makes room for slots below `capacity`. */
  reserve(capacity: number): void {
    if (capacity <= this.placed.length) return;
    const grown = Math.max(capacity, this.placed.length * 2);
    this.boxes = grownFrom(new Float64Array(grown * BOX), this.boxes);
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
    const b = this.boxes;
    const sweptM = groundSpeedMs * this.sweepS;
    const [sinTrack, cosTrack] = sinCosDegrees(trackDeg);
    const [, cosLat] = sinCosDegrees(lat);
    const endLat = lat + ((sweptM * cosTrack) / MEAN_RADIUS_M) * DEGREES_PER_RADIAN;
    const endLon =
      cosLat > 1e-9 ? lon + ((sweptM * sinTrack) / (MEAN_RADIUS_M * cosLat)) * DEGREES_PER_RADIAN : lon;
    const poleward = Math.max(Math.abs(lat), Math.abs(endLat));
    const fixedM = this.halfReachM + FIXED_MARGIN_M + reachM;
    let latLo: number;
    let latHi: number;
    let lonLo = -180;
    let lonHi = 180;
    if (poleward >= POLAR_LAT) {
      // Near a pole the path may cross it: every longitude, and every latitude the path and the
      // margin can reach from here towards that pole.
      const reachDeg = ((sweptM + fixedM) / MIN_METRES_PER_RADIAN) * DEGREES_PER_RADIAN;
      latLo = lat > 0 ? Math.max(-90, lat - reachDeg) : -90;
      latHi = lat > 0 ? 90 : Math.min(90, lat + reachDeg);
    } else {
      const tan = Math.tan(poleward / DEGREES_PER_RADIAN);
      const growM =
        fixedM + PATH_MARGIN * sweptM + (sweptM * sweptM * (1 + tan)) / (2 * MIN_METRES_PER_RADIAN);
      const growLatDeg = (growM / MIN_METRES_PER_RADIAN) * DEGREES_PER_RADIAN;
      latLo = Math.max(-90, Math.min(lat, endLat) - growLatDeg);
      latHi = Math.min(90, Math.max(lat, endLat) + growLatDeg);
      const farthest = Math.max(Math.abs(latLo), Math.abs(latHi));
      if (farthest < POLAR_LAT) {
        const growLonDeg = growLatDeg / Math.cos(farthest / DEGREES_PER_RADIAN);
        lonLo = Math.min(lon, endLon) - growLonDeg;
        lonHi = Math.max(lon, endLon) + growLonDeg;
        if (lonHi - lonLo >= 360) {
          lonLo = -180;
          lonHi = 180;
        } else {
          // The low end in [-180, 180); the high end may run past 180 (the box crosses the antimeridian).
          const shift = Math.floor((lonLo + 180) / 360) * 360;
          lonLo -= shift;
          lonHi -= shift;
        }
      }
    }
    b[box + LON_LO] = lonLo;
    b[box + LON_HI] = lonHi;
    b[box + LAT_LO] = latLo;
    b[box + LAT_HI] = latHi;
    const endAlt = altM + climbMs * this.sweepS;
    b[box + ALT_LO] = Math.min(altM, endAlt) - this.halfVerticalM - reachVerticalM;
    b[box + ALT_HI] = Math.max(altM, endAlt) + this.halfVerticalM + reachVerticalM;

    const rowLo = this.row(latLo);
    const rowHi = this.row(latHi);
    let colLo = Math.floor((lonLo + 180) / this.cellDeg);
    let colCount = Math.floor((lonHi + 180) / this.cellDeg) - colLo + 1;
    if (colCount >= this.columns) {
      colLo = 0;
      colCount = this.columns;
    }
    const cell = slot * CELLS;
    const c = this.cells;
    if (
      this.placed[slot] === 1 &&
      c[cell + ROW_LO] === rowLo &&
      c[cell + ROW_HI] === rowHi &&
      c[cell + COL_LO] === colLo &&
      c[cell + COL_COUNT] === colCount
    )
      return;
    if (this.placed[slot] === 1) this.forEachCell(slot, (key) => this.take(key, slot));
    c[cell + ROW_LO] = rowLo;
    c[cell + ROW_HI] = rowHi;
    c[cell + COL_LO] = colLo;
    c[cell + COL_COUNT] = colCount;
    this.placed[slot] = 1;
    this.forEachCell(slot, (key) => this.put(key, slot));
  }

  /** Takes a track out (it landed, went stale, or is gone). */
  remove(slot: number): void {
    if (slot >= this.placed.length || this.placed[slot] !== 1) return;
    this.forEachCell(slot, (key) => this.take(key, slot));
    this.placed[slot] = 0;
  }

  has(slot: number): boolean {
    return slot < this.placed.length && this.placed[slot] === 1;
  }

  /**
   * The other placed tracks whose boxes meet this one's, in longitude, latitude and altitude: a
   * view of a scratch buffer, valid until the next call.
   */
  near(slot: number): Int32Array {
    let found = 0;
    if (!this.has(slot)) return this.scratch.subarray(0, 0);
    const query = ++this.query;
    if (query === 0xffffffff) {
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
    const cell = slot * CELLS;
    const rowHi = this.cells[cell + ROW_HI] as number;
    const colLo = this.cells[cell + COL_LO] as number;
    const colCount = this.cells[cell + COL_COUNT] as number;
    for (let row = this.cells[cell + ROW_LO] as number; row <= rowHi; row++) {
      const shift = this.rowShift[row] as number;
      const inRow = this.columns >> shift;
      let first = colLo >> shift;
      let count = ((colLo + colCount - 1) >> shift) - first + 1;
      // A box kept in the row's wide bucket must see every cell of the row.
      if (count > WIDE_COLUMNS || count >= inRow) {
        first = 0;
        count = inRow;
      }
      // The row's wide bucket first, then the cells.
      for (let i = -1; i < count; i++) {
        const bucket = this.buckets.get(i < 0 ? wideKey(row) : row * this.columns + ((first + i) % inRow));
        if (bucket === undefined) continue;
        const slots = bucket.slots;
        for (let j = 0; j < bucket.count; j++) {
          const other = slots[j] as number;
          if (this.seen[other] === mark) continue;
          this.seen[other] = mark;
          const o = other * BOX;
          if ((b[o + LAT_LO] as number) > latHi || (b[o + LAT_HI] as number) < latLo) continue;
          if ((b[o + ALT_LO] as number) > altHi || (b[o + ALT_HI] as number) < altLo) continue;
          const otherLo = b[o + LON_LO] as number;
          // Two arcs of the circle of longitudes meet when either starts within the other.
          if (
            modulo360(otherLo - lonLo) > lonSpan &&
            modulo360(lonLo - otherLo) > (b[o + LON_HI] as number) - otherLo
          )
            continue;
          if (found === this.scratch.length)
            this.scratch = grownFrom(new Int32Array(found * 2), this.scratch);
          this.scratch[found++] = other;
        }
      }
    }
    return this.scratch.subarray(0, found);
  }

  private row(lat: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((lat + 90) / this.cellDeg)));
  }

  /** The buckets holding a track: its cells, or for a box around the world, its rows' wide buckets. */
  private forEachCell(slot: number, act: (key: number) => void): void {
    const cell = slot * CELLS;
    const rowHi = this.cells[cell + ROW_HI] as number;
    const colLo = this.cells[cell + COL_LO] as number;
    const colCount = this.cells[cell + COL_COUNT] as number;
    for (let row = this.cells[cell + ROW_LO] as number; row <= rowHi; row++) {
      const shift = this.rowShift[row] as number;
      const first = colLo >> shift;
      const count = ((colLo + colCount - 1) >> shift) - first + 1;
      const inRow = this.columns >> shift;
      if (count > WIDE_COLUMNS || count >= inRow) act(wideKey(row));
      else for (let i = 0; i < count; i++) act(row * this.columns + ((first + i) % inRow));
    }
  }

  private put(key: number, slot: number): void {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { slots: new Int32Array(8), count: 0 };
      this.buckets.set(key, bucket);
    }
    if (bucket.count === bucket.slots.length)
      bucket.slots = grownFrom(new Int32Array(bucket.count * 2), bucket.slots);
    bucket.slots[bucket.count++] = slot;
  }

  private take(key: number, slot: number): void {
    const bucket = this.buckets.get(key);
    if (bucket === undefined) return;
    const slots = bucket.slots;
    for (let j = 0; j < bucket.count; j++) {
      if (slots[j] !== slot) continue;
      slots[j] = slots[--bucket.count] as number;
      if (bucket.count === 0) this.buckets.delete(key);
      return;
    }
  }
}

/**
 * Near a pole a box spans many or all longitudes; it then goes in one bucket per row instead of one
 * per cell, so that a track near the pole costs a few entries, not thousands. (A query by such a
 * box still visits every cell of its rows: rare traffic pays, the rest of the world does not.)
 */
function wideKey(row: number): number {
  return -1 - row;
}

function modulo360(degrees: number): number {
  const m = degrees % 360;
  return m < 0 ? m + 360 : m;
}
