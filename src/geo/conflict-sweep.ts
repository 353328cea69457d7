// Every conflicting pair between two sets of volumes, without trying all pairs: each volume gets a
// conservative box in five dimensions (its bounding cap as a cube in R³ around the cap's centre,
// its time window, its altitude band; the separation minima added to one side), a sort-and-sweep on
// the most selective axis finds the pairs whose boxes overlap there, the other four axes reject
// most of the rest, and volumesConflict decides. The boxes only ever admit too many pairs, so the
// answer is exactly the all-pairs answer (test/cli/check.test.ts compares them).
import { boundingCap } from './bounding-cap.js';
import { MIN_METRES_PER_RADIAN } from './geodesic.js';
import type { ConflictMeasures, Separation, Volume } from './shape.js';
import { volumesConflict } from './volume.js';

export interface VolumePair {
  /** Indexes into the two input arrays. */
  a: number;
  b: number;
  measures: ConflictMeasures;
}

/** Slack for rounding in the boxes (unit-sphere coordinates: about 6 µm). */
const ROUNDING = 1e-12;
const AXES = 5;

/** lo and hi of each of the five axes: x, y, z, time (ms), altitude (m). */
type Box = Float64Array;

/**
 * Two points of the sphere at angle θ are at chord 2·sin(θ/2) in R³, and for reaches x, y in
 * [0, π], 2·sin((x + y)/2) ≤ 2·sin(x/2) + 2·sin(y/2): so cubes of half-side chord(reach) around
 * the caps' centres overlap whenever the caps widened by the reaches do.
 */
function boxOf(volume: Volume, widenM: number, widenMs: number, widenAltM: number): Box {
  const cap = boundingCap(volume.shape.core);
  const reach = cap.radius + (volume.shape.radiusM + widenM) / MIN_METRES_PER_RADIAN;
  const half = reach >= Math.PI ? 2 : 2 * Math.sin(reach / 2) + ROUNDING;
  const box = new Float64Array(AXES * 2);
  for (let i = 0; i < 3; i++) {
    box[2 * i] = (cap.centre[i] as number) - half;
    box[2 * i + 1] = (cap.centre[i] as number) + half;
  }
  box[6] = volume.timeStart - widenMs;
  box[7] = volume.timeEnd + widenMs;
  box[8] = volume.altitudeLowerM - widenAltM;
  box[9] = volume.altitudeUpperM + widenAltM;
  return box;
}

function overlapOn(a: Box, b: Box, axis: number): boolean {
  return (
    (a[2 * axis] as number) <= (b[2 * axis + 1] as number) &&
    (b[2 * axis] as number) <= (a[2 * axis + 1] as number)
  );
}

/**
 * The axis whose intervals overlap least: the mean width of an interval over the spread of their
 * low ends estimates the fraction of pairs a sweep on it would visit.
 */
function sweepAxis(boxes: readonly Box[]): number {
  let best = 0;
  let bestRatio = Number.POSITIVE_INFINITY;
  for (let axis = 0; axis < 4; axis++) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let width = 0;
    for (const box of boxes) {
      const lo = box[2 * axis] as number;
      min = Math.min(min, lo);
      max = Math.max(max, lo);
      width += (box[2 * axis + 1] as number) - lo;
    }
    const ratio = width / boxes.length / (max - min || Number.MIN_VALUE);
    if (ratio < bestRatio) {
      bestRatio = ratio;
      best = axis;
    }
  }
  return best;
}

/** Every pair (one of `a`, one of `b`) in conflict under `sep`, ordered by a's index then b's. */
export function conflictingPairs(a: readonly Volume[], b: readonly Volume[], sep: Separation): VolumePair[] {
  if (a.length === 0 || b.length === 0) return [];
  // The minima widen a's boxes only: b's stay tight, and a pair within the minima still overlaps.
  const aBoxes = a.map((v) => boxOf(v, sep.horizontalM, sep.timeS * 1000, sep.verticalM));
  const bBoxes = b.map((v) => boxOf(v, 0, 0, 0));
  const axis = sweepAxis([...aBoxes, ...bBoxes]);
  const lo = (box: Box) => box[2 * axis] as number;
  const hi = (box: Box) => box[2 * axis + 1] as number;
  // Intervals of both sets by their low end; negative numbers are b's (~index).
  const order = [...a.keys(), ...[...b.keys()].map((i) => ~i)];
  const boxOfEntry = (entry: number) => (entry >= 0 ? aBoxes[entry] : bBoxes[~entry]) as Box;
  order.sort((x, y) => lo(boxOfEntry(x)) - lo(boxOfEntry(y)));
  const activeA: number[] = [];
  const activeB: number[] = [];
  const pairs: VolumePair[] = [];
  const consider = (i: number, j: number) => {
    const boxA = aBoxes[i] as Box;
    const boxB = bBoxes[j] as Box;
    for (let k = 0; k < AXES; k++) if (k !== axis && !overlapOn(boxA, boxB, k)) return;
    const measures = volumesConflict(a[i] as Volume, b[j] as Volume, sep);
    if (measures !== null) pairs.push({ a: i, b: j, measures });
  };
  for (const entry of order) {
    const box = boxOfEntry(entry);
    const start = lo(box);
    const [others, own] = entry >= 0 ? [activeB, activeA] : [activeA, activeB];
    // Drop the intervals that end before this one starts; they cannot meet any later one either.
    let kept = 0;
    for (const other of others) {
      const otherBox = entry >= 0 ? (bBoxes[other] as Box) : (aBoxes[other] as Box);
      if (hi(otherBox) < start) continue;
      others[kept++] = other;
      if (entry >= 0) consider(entry, other);
      else consider(other, ~entry);
    }
    others.length = kept;
    own.push(entry >= 0 ? entry : ~entry);
  }
  return pairs.sort((x, y) => x.a - y.a || x.b - y.b);
}

/** The same answer by trying every pair: the reference the sweep is tested against. */
export function conflictingPairsBruteForce(
  a: readonly Volume[],
  b: readonly Volume[],
  sep: Separation,
): VolumePair[] {
  const pairs: VolumePair[] = [];
  a.forEach((va, i) => {
    b.forEach((vb, j) => {
      const measures = volumesConflict(va, vb, sep);
      if (measures !== null) pairs.push({ a: i, b: j, measures });
    });
  });
  return pairs;
}
