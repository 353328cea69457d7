// What the watch's alerts say in words, and the prediction a loss-of-separation alert carries.
import { LOSS, type PairMinima, type UnknownMotion } from '../geo/cpa.js';
import type { AlertKind, SeparationPrediction } from './alert-event.js';
import type { WatchedArea } from './declared-areas.js';
import type { WatchOptions } from './watch-options.js';

/** Why an alert ended when its condition cleared. */
export const CLEARED: Record<AlertKind, (o: WatchOptions) => string> = {
  'loss-of-separation': (o) => `clear for ${o.clearAfter} reports in a row`,
  intrusion: (o) => `clear by ${o.clearMarginM} m for ${o.clearForS} s and ${o.clearAfter} reports`,
  'non-conformance': (o) => `conforming for ${o.clearForS} s and ${o.clearAfter} reports`,
};

export const INTRUSION_REASONS: Record<WatchedArea['role'], string> = {
  'restricted-area': 'inside an area restricted for its party and activity',
  'protected-site': 'within the separation minima of a protected site',
  'convoy-corridor': 'inside a convoy’s corridor near where the convoy can be now',
};

export function predictionOf(
  out: Float64Array,
  minima: PairMinima,
  lookaheadS: number,
): SeparationPrediction {
  const ends = out[LOSS.lossEndsS] as number;
  return {
    timeToLossS: out[LOSS.timeToLossS] as number,
    lossEndsS: Number.isFinite(ends) ? ends : null,
    closestInS: out[LOSS.closestS] as number,
    horizontalMissM: out[LOSS.horizontalMissM] as number,
    verticalMissM: out[LOSS.verticalMissM] as number,
    minima: { horizontalM: minima.horizontalM, verticalM: minima.verticalM },
    lookaheadS,
  };
}

export function lossReason(p: SeparationPrediction): string {
  const miss = `${Math.round(p.horizontalMissM)} m horizontally and ${Math.round(p.verticalMissM)} m vertically`;
  return p.timeToLossS === 0
    ? `separation lost now; closest ${miss} in ${Math.round(p.closestInS)} s`
    : `separation lost in ${Math.round(p.timeToLossS)} s; closest ${miss}`;
}

/** A pair decided by a track's reach: says that it is not a prediction, and why. */
export function reachReason(p: SeparationPrediction, unknown: string[], motion: UnknownMotion): string {
  const when = p.timeToLossS === 0 ? 'may be lost now' : `may be lost in ${Math.round(p.timeToLossS)} s`;
  return (
    `separation ${when}: the velocity of ${unknown.join(' and ')} is not known yet, so it may be ` +
    `anywhere within ${motion.speedMs} m/s and ${motion.climbMs} m/s up or down of where it was ` +
    `last reported; ${Math.round(p.horizontalMissM)} m horizontally and ${Math.round(p.verticalMissM)} m ` +
    `vertically from there in ${Math.round(p.closestInS)} s`
  );
}
