// The begin and end events of an alert, as the hub records and sends them: the tracks' states as
// last reported, the parties told, and an id that the begin and the end of one episode share.

import type { Episode } from './alert-episodes.js';
import type { AlertDeclaration, AlertEvent, AlertKind, SeparationPrediction } from './alert-event.js';
import type { TrackTable } from './track-table.js';

export function beginEvent(
  tracks: TrackTable,
  kind: AlertKind,
  slots: number[],
  time: number,
  declaration: AlertDeclaration | null,
  prediction: SeparationPrediction | null,
  reason: string,
  told: readonly string[] = [],
  /** What about the subjects, when one track can be in several alerts about one declaration. */
  facet = '',
): AlertEvent {
  const positions = slots.map((slot) => tracks.reportOf(slot));
  const ids = positions.map((p) => p.id);
  const subjects = declaration === null ? ids : [...ids, declaration.id];
  const about = facet === '' ? subjects.join('+') : `${subjects.join('+')}#${facet}`;
  return {
    event: 'begin',
    alert: `${kind}:${about}@${new Date(time).toISOString()}`,
    kind,
    time,
    began: time,
    tracks: ids,
    parties: [
      ...new Set([...positions.map((p) => p.party), ...(declaration ? [declaration.party] : []), ...told]),
    ],
    positions,
    prediction,
    declaration,
    reason,
  };
}

/** The end of an episode (already closed), with its tracks' states as last reported where still watched. */
export function endEvent(tracks: TrackTable, episode: Episode, time: number, reason: string): AlertEvent {
  const slots = episode.tracks.map((id) => tracks.slotOf(id));
  return {
    ...episode.begin,
    event: 'end',
    time,
    positions: slots.flatMap((slot) => (slot === undefined ? [] : [tracks.reportOf(slot)])),
    prediction: null,
    reason,
  };
}
