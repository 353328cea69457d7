// What the watch tells the hub: an alert begins, or ends, as plain data the hub records as an entry
// and sends to both parties' rosters. The `alert` id is the same on the begin and the end of one
// episode, so a recipient can pair them.
import type { AreaRole } from './declared-areas.js';
import type { TrackReport } from './track-report.js';

export type AlertKind = 'loss-of-separation' | 'intrusion' | 'non-conformance';

/** The state-based prediction behind a loss-of-separation alert (geo/cpa.ts). */
export interface SeparationPrediction {
  /** Seconds from the report until the minima are crossed; 0 when they already are. */
  timeToLossS: number;
  /** Seconds from the report until separation is regained; null when never at present velocities. */
  lossEndsS: number | null;
  /** Seconds from the report to the predicted closest point, and the horizontal and vertical miss there. */
  closestInS: number;
  horizontalMissM: number;
  verticalMissM: number;
  minima: { horizontalM: number; verticalM: number };
  lookaheadS: number;
}

/** The declared thing a track intruded on, or the operation it strayed from. */
export interface AlertDeclaration {
  id: string;
  version: number;
  party: string;
  kind: string;
  /** Which of its volumes (the leg, the restriction); null when it is the whole operation or movement. */
  volume: number | null;
  /** A place intruded on; an operation strayed from; a movement whose own vehicle does not keep to it. */
  role: AreaRole | 'operation' | 'movement';
}

export interface AlertEvent {
  event: 'begin' | 'end';
  alert: string;
  kind: AlertKind;
  /** The report time that began or ended it, ms. */
  time: number;
  /** When the episode began, ms (equal to `time` on a begin). */
  began: number;
  tracks: string[];
  parties: string[];
  /** The tracks' states as last reported. */
  positions: TrackReport[];
  prediction: SeparationPrediction | null;
  declaration: AlertDeclaration | null;
  /** In words: what was found, or why it ended. */
  reason: string;
}
