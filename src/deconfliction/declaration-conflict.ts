// What the conflict index knows about a declaration, and what it answers about one.
import type { ConflictMeasures, Volume } from '../geo/shape.js';

/** The declaration a volume belongs to: a conflict names it by id and version, and its party sets the minima. */
export interface DeclarationKey {
  declaration: string;
  version: number;
  party: string;
}

/** One candidate volume against one indexed volume, within the minima of their two parties. */
export interface VolumeConflict {
  /** Position in the candidate volumes as given. */
  candidate: number;
  /** Position in the indexed declaration's volumes as added. */
  indexed: number;
  candidateVolume: Volume;
  indexedVolume: Volume;
  measures: ConflictMeasures;
}

/** Every conflicting volume pair with one indexed declaration, by candidate then indexed position. */
export interface DeclarationConflict {
  key: DeclarationKey;
  pairs: VolumeConflict[];
}
