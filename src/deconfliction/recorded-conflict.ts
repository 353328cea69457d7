// A conflict as the record holds it. The entry that reports it is read by both owners, so it says
// only what either may know: which declarations, whose, a coarse area and hour, and whom to call.
// The exact measures are derived from the two declarations and shown only to a party that may see
// both.
import type { ConflictMeasures } from '../geo/shape.js';
import type { LonLatBox } from './lon-lat-boxes.js';

export interface ConflictSide {
  declaration: string;
  version: number;
  party: string;
  roster: string;
}

/** Whole hours and 0.25° cells: enough to know where and when to look, and whom to call. */
export interface CoarseExtent {
  area: LonLatBox[];
  /** Milliseconds, on whole hours. */
  from: number;
  until: number;
}

export interface PairMeasures extends ConflictMeasures {
  /** Positions of the two volumes in their declarations. */
  volumes: [number, number];
}

export interface RecordedConflict {
  /** The declaration whose submit or amend found it. */
  found: ConflictSide;
  /** The live declaration it was found against. */
  against: ConflictSide;
  extent: CoarseExtent;
  /** Exact, per pair of volumes within the minima; for parties that may see both declarations. */
  pairs: PairMeasures[];
  time: string;
  entry: number;
}

export function conflictSummary(pairs: readonly PairMeasures[]) {
  let from = Number.POSITIVE_INFINITY;
  let until = Number.NEGATIVE_INFINITY;
  for (const pair of pairs) {
    if (pair.overlap) {
      from = Math.min(from, pair.overlap.start);
      until = Math.max(until, pair.overlap.end);
    }
  }
  return {
    overlap: from <= until ? { start: from, end: until } : null,
    horizontalDistanceM: Math.min(...pairs.map((p) => p.horizontalDistanceM)),
    verticalGapM: Math.min(...pairs.map((p) => p.verticalGapM)),
    timeGapS: Math.min(...pairs.map((p) => p.timeGapS)),
  };
}
