// Predicted loss of separation between airborne tracks of different parties: the encounter grid
// proposes the pairs whose swept boxes meet, and each is decided by the state-based prediction in
// geo/cpa.ts under the minima of its two parties. A pair is predicted from the later of its two
// reports; a report older than `maxReportAgeS` behind the other is not flown forward (the track may
// have turned long ago), so that pair is not predicted until it reports again. A track that has not
// said how it moves is not taken as standing still, which would hide a loss as soon as it flies: it
// may be anywhere it can reach at `unknownMotion`'s speeds, and its pairs are decided by that reach
// over `unknownHorizonS` (geo/cpa.ts predictReach); the grid grows its box to match.
import { LOSS_SIZE, type PairMinima, predictLoss, predictReach, type UnknownMotion } from '../geo/cpa.js';
import { KINEMATICS_STRIDE } from '../geo/track-kinematics.js';
import { EncounterGrid } from './encounter-grid.js';
import { type PairMinimaFor, PairMinimaTable } from './pair-minima-table.js';
import type { TrackTable } from './track-table.js';

export interface SeparationOptions {
  lookaheadS: number;
  maxReportAgeS: number;
  /** The largest minima `minimaFor` may give: the grid is built for them. */
  maxMinima: PairMinima;
  minimaFor: PairMinimaFor;
  /** How fast a track of unknown velocity may move, and how far ahead its reach is looked at. */
  unknownMotion: UnknownMotion;
  unknownHorizonS: number;
  /** Grid cell, degrees and metres; see EncounterGrid. */
  cellDeg: number;
  layerM: number;
}

/** Called for each pair in conflict, with the prediction (a reused array, see LOSS) and its minima. */
export type LossVisit = (other: number, prediction: Float64Array, minima: PairMinima) => void;

export class SeparationWatch {
  private readonly grid: EncounterGrid;
  readonly minima: PairMinimaTable;
  private readonly prediction = new Float64Array(LOSS_SIZE);
  private readonly widened = { horizontalM: 0, verticalM: 0 };
  private predictions = 0;

  constructor(
    private readonly tracks: TrackTable,
    private readonly options: SeparationOptions,
  ) {
    this.grid = new EncounterGrid({
      cellDeg: options.cellDeg,
      layerM: options.layerM,
      maxHorizontalM: options.maxMinima.horizontalM,
      maxVerticalM: options.maxMinima.verticalM,
      sweepS: options.lookaheadS + options.maxReportAgeS,
    });
    this.minima = new PairMinimaTable(options.minimaFor, tracks.partyNames, options.maxMinima);
  }

  /** The track at `slot` has a new state: placed in the grid if airborne, taken out if not. */
  update(slot: number): void {
    const t = this.tracks;
    if (t.airborne[slot] !== 1) {
      this.grid.remove(slot);
      return;
    }
    const o = this.options;
    // Unknown: the other track may meet the edge of its reach, not a midpoint (see EncounterGrid).
    const reachS = o.unknownHorizonS + o.maxReportAgeS;
    const unknown = t.velocityKnown[slot] !== 1;
    this.grid.place(
      slot,
      t.lon[slot] as number,
      t.lat[slot] as number,
      t.altM[slot] as number,
      t.groundSpeedMs[slot] as number,
      t.trackDeg[slot] as number,
      t.verticalRateMs[slot] as number,
      unknown ? o.maxMinima.horizontalM / 2 + o.unknownMotion.speedMs * reachS : 0,
      unknown ? o.maxMinima.verticalM / 2 + o.unknownMotion.climbMs * reachS : 0,
    );
  }

  remove(slot: number): void {
    this.grid.remove(slot);
  }

  /** Visits every track in predicted loss of separation with the one at `slot`. */
  lossesOf(slot: number, visit: LossVisit): void {
    const near = this.grid.near(slot);
    for (let i = 0; i < near.length; i++) {
      const other = near[i] as number;
      const minima = this.pairMinima(slot, other);
      if (minima !== null && this.predict(slot, other, minima)) visit(other, this.prediction, minima);
    }
  }

  /**
   * Whether two tracks are predicted to lose separation under their minima scaled by `scale` (above
   * 1 to decide whether an alert may end); writes `prediction` when they are. False when the pair
   * cannot be predicted (same party, not both airborne, reports too far apart).
   */
  inLoss(a: number, b: number, scale: number): boolean {
    const minima = this.pairMinima(a, b);
    if (minima === null) return false;
    this.widened.horizontalM = minima.horizontalM * scale;
    this.widened.verticalM = minima.verticalM * scale;
    return this.predict(a, b, this.widened);
  }

  /** Pairs predicted so far (the grid's candidates that passed the pair rules), for the benchmark. */
  get pairsPredicted(): number {
    return this.predictions;
  }

  /** The last prediction written. */
  get lastPrediction(): Float64Array {
    return this.prediction;
  }

  private pairMinima(a: number, b: number): PairMinima | null {
    const t = this.tracks;
    const partyA = t.party[a] as number;
    const partyB = t.party[b] as number;
    if (partyA === partyB || t.airborne[a] !== 1 || t.airborne[b] !== 1) return null;
    if (Math.abs((t.time[a] as number) - (t.time[b] as number)) > this.options.maxReportAgeS * 1000)
      return null;
    return this.minima.of(partyA, partyB);
  }

  /** Whether both tracks of a pair said how they move, so that the pair can be predicted ahead. */
  predictable(a: number, b: number): boolean {
    return this.tracks.velocityKnown[a] === 1 && this.tracks.velocityKnown[b] === 1;
  }

  private predict(a: number, b: number, minima: PairMinima): boolean {
    this.predictions++;
    const t = this.tracks;
    const o = this.options;
    if (this.predictable(a, b))
      return predictLoss(
        t.kinematics,
        a * KINEMATICS_STRIDE,
        b * KINEMATICS_STRIDE,
        minima,
        o.lookaheadS,
        this.prediction,
      );
    return predictReach(
      t.kinematics,
      a * KINEMATICS_STRIDE,
      b * KINEMATICS_STRIDE,
      t.velocityKnown[a] !== 1,
      t.velocityKnown[b] !== 1,
      minima,
      o.unknownMotion,
      o.unknownHorizonS,
      this.prediction,
    );
  }
}
