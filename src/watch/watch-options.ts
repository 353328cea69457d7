// What the watch may be tuned by, and the values it is run with: the lookahead and minima of the
// pair prediction, how stale a report may be, hysteresis before an alert ends, plausibility limits,
// archive sampling, and the sizes of its grids.
import { BLUESKY_LOOKAHEAD_S, BLUESKY_MINIMA, type PairMinima, type UnknownMotion } from '../geo/cpa.js';
import { type ArchivePolicy, DEFAULT_ARCHIVE_POLICY } from './archive-sampler.js';
import type { PairMinimaFor } from './pair-minima-table.js';
import { DEFAULT_PLAUSIBILITY, type PlausibilityLimits } from './report-plausibility.js';

export interface WatchOptions {
  /** Seconds ahead a loss of separation is predicted (BlueSky: 300). */
  lookaheadS: number;
  /** Minima between the tracks of two parties; default BlueSky's 5 NM and 1,000 ft for every pair. */
  minimaFor: PairMinimaFor;
  /** The largest minima `minimaFor` may return (the encounter grid is built for them). */
  maxMinima: PairMinima;
  /** A pair whose reports are further apart in time is not predicted (see separation-watch.ts). */
  maxReportAgeS: number;
  /** How fast a track whose velocity is unknown may be moving (see separation-watch.ts)… */
  unknownMotion: UnknownMotion;
  /** …over how many seconds ahead. */
  unknownHorizonS: number;
  /** A track silent this long is dropped and its alerts end. */
  dropAfterS: number;
  /** An alert ends after this many consecutive evaluations found it clear. */
  clearAfter: number;
  /** …and, for a pair, clear means clear of the minima times this. */
  clearMargin: number;
  /** …and, for a track against a place (intrusion, non-conformance), clear for this long… */
  clearForS: number;
  /** …and this many metres beyond the place (horizontally and vertically). */
  clearMarginM: number;
  plausibility: PlausibilityLimits;
  archive: ArchivePolicy;
  /** Grid cells, degrees: the encounter grid's (a few times the minima) and the declared areas'. */
  encounterCellDeg: number;
  /** The encounter grid's cell height, metres (a few times the vertical minimum). */
  encounterLayerM: number;
  areaCellDeg: number;
}

/**
 * A pair is clear after 3 evaluations beyond 1.1 × the minima. 10 % is 926 m at 5 NM and 30 m at
 * 1,000 ft: above the jitter of a GNSS or ADS-B position (NACp 8 is 93 m) and of barometric altitude
 * (±25 ft steps), so noise alone cannot end an alert; 3 evaluations (about 1.5 s of the pair's 1 Hz
 * reports) so that one stray report cannot either, while a real end is told within two seconds. The
 * prediction already looks minutes ahead, so a pair needs no hold in time.
 * A track against a place is clear only after 60 s and 3 reports more than 100 m out (again above a
 * position's jitter): a place is crossed, not predicted, and a drone loitering across a 100 m convoy
 * corridor, in and out every half minute, is one alert for as long as it loiters, not one per pass.
 */
export const DEFAULT_WATCH_OPTIONS: WatchOptions = {
  lookaheadS: BLUESKY_LOOKAHEAD_S,
  minimaFor: () => BLUESKY_MINIMA,
  maxMinima: BLUESKY_MINIMA,
  maxReportAgeS: 10,
  unknownMotion: { speedMs: 300, climbMs: 40 },
  unknownHorizonS: 30,
  dropAfterS: 60,
  clearAfter: 3,
  clearMargin: 1.1,
  clearForS: 60,
  clearMarginM: 100,
  plausibility: DEFAULT_PLAUSIBILITY,
  archive: DEFAULT_ARCHIVE_POLICY,
  encounterCellDeg: 0.5,
  encounterLayerM: 1000,
  areaCellDeg: 0.05,
};
