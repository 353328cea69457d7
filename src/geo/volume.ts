// Whether two 4D volumes conflict under separation minima, and how they relate when they do.
// The dimensions are tested cheapest first: time and altitude are two comparisons each, the
// horizontal test a closest-feature search with geodesics.
import { shapesGapWithinM } from './distance.js';
import type { ConflictMeasures, Separation, Volume } from './shape.js';

/**
 * The measures of the conflict between `a` and `b`, or null when they are apart by more than the
 * minimum in at least one dimension. Closed everywhere: a gap equal to its minimum is a conflict.
 */
export function volumesConflict(a: Volume, b: Volume, sep: Separation): ConflictMeasures | null {
  const overlapStart = Math.max(a.timeStart, b.timeStart);
  const overlapEnd = Math.min(a.timeEnd, b.timeEnd);
  const timeGapMs = Math.max(0, overlapStart - overlapEnd);
  // Times are whole milliseconds, so comparing in milliseconds keeps "equal counts" exact.
  if (timeGapMs > sep.timeS * 1000) return null;
  const verticalGapM = Math.max(
    0,
    Math.max(a.altitudeLowerM, b.altitudeLowerM) - Math.min(a.altitudeUpperM, b.altitudeUpperM),
  );
  if (verticalGapM > sep.verticalM) return null;
  const horizontalDistanceM = shapesGapWithinM(a.shape, b.shape, sep.horizontalM);
  if (horizontalDistanceM === null) return null;
  return {
    overlap: overlapStart <= overlapEnd ? { start: overlapStart, end: overlapEnd } : null,
    timeGapS: timeGapMs / 1000,
    horizontalDistanceM,
    verticalGapM,
  };
}
