// The oracle for predicted loss of separation: every pair of tracks, tried one by one, with the same
// state-based formula (geo/cpa.ts) and the same rules for which pairs count (airborne, different
// parties, reports at most maxReportAgeS apart; a track of unknown velocity decided by its reach). Deliberately plain — no grid, no pruning — so that
// what the watch's encounter grid finds can be checked against it, in the tests and side by side in
// the benchmark.
import { LOSS, LOSS_SIZE, type PairMinima, predictLoss, predictReach } from '../../src/geo/cpa.js';
import { KINEMATICS_STRIDE, writeKinematics } from '../../src/geo/track-kinematics.js';
import type { TrackReport } from '../../src/watch/track-report.js';
import { DEFAULT_WATCH_OPTIONS } from '../../src/watch/watch-options.js';

export interface PairLoss {
  /** The two track ids, the smaller first. */
  a: string;
  b: string;
  timeToLossS: number;
  horizontalMissM: number;
  verticalMissM: number;
}

export function allPairsLosses(
  tracks: readonly TrackReport[],
  minimaFor: (partyA: string, partyB: string) => PairMinima,
  lookaheadS: number,
  maxReportAgeS: number,
  /** When given, only the pairs of these tracks (indices) with every track are tried. */
  only?: readonly number[],
): PairLoss[] {
  const kinematics = new Float64Array(tracks.length * KINEMATICS_STRIDE);
  tracks.forEach((t, i) => {
    writeKinematics(
      kinematics,
      i * KINEMATICS_STRIDE,
      t.lon,
      t.lat,
      t.altM,
      t.groundSpeedMs,
      t.trackDeg,
      t.verticalRateMs,
      t.time,
    );
  });
  const out = new Float64Array(LOSS_SIZE);
  const losses: PairLoss[] = [];
  const chosen = only === undefined ? null : new Set(only);
  for (const i of only ?? tracks.keys()) {
    const a = tracks[i] as TrackReport;
    if (!a.airborne) continue;
    for (let j = chosen === null ? i + 1 : 0; j < tracks.length; j++) {
      // Among the chosen, each pair once.
      if (chosen !== null && (j === i || (chosen.has(j) && j < i))) continue;
      const b = tracks[j] as TrackReport;
      if (!b.airborne || a.party === b.party) continue;
      if (Math.abs(a.time - b.time) > maxReportAgeS * 1000) continue;
      const minima = minimaFor(a.party, b.party);
      const unknownA = a.velocityKnown === false;
      const unknownB = b.velocityKnown === false;
      const { unknownMotion, unknownHorizonS } = DEFAULT_WATCH_OPTIONS;
      const lost =
        unknownA || unknownB
          ? predictReach(
              kinematics,
              i * KINEMATICS_STRIDE,
              j * KINEMATICS_STRIDE,
              unknownA,
              unknownB,
              minima,
              unknownMotion,
              unknownHorizonS,
              out,
            )
          : predictLoss(kinematics, i * KINEMATICS_STRIDE, j * KINEMATICS_STRIDE, minima, lookaheadS, out);
      if (!lost) continue;
      const [first, second] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
      losses.push({
        a: first,
        b: second,
        timeToLossS: out[LOSS.timeToLossS] as number,
        horizontalMissM: out[LOSS.horizontalMissM] as number,
        verticalMissM: out[LOSS.verticalMissM] as number,
      });
    }
  }
  return losses;
}
