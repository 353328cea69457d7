// What each party involved in an alert is told: what it needs to act, and no more, by the rule
// conflicts follow. A track is shown as reported only to its own party and to those its feed is
// shared with; a declaration only to those who may see it. Of anything else the reader learns
// whose it is, the roster that answers for it, and roughly where it is from something of the
// reader's own (its track, or the declared place concerned): a bearing and a distance.
//
// Roughly, because a party can invent tracks anywhere and place them around another's to probe it.
// Rounding the bearing and distance each time would not stop that: readings from many invented
// positions, each rounded differently, narrow down the exact point. So the hidden position is first
// put at the centre of its one-arc-minute cell (1 NM north–south, at most that east–west), and the
// bearing and distance are measured to that centre: whatever and however many tracks a party
// invents, it learns at most which cell the other is in, about the size of the 5 NM minimum's
// sixth — enough to know which way to turn, not enough to aim. The prediction is rounded for the
// same reason (seconds, 100 m across, 10 m in height): with exact times and misses, two invented
// tracks would solve for the other's position and velocity. That an alert exists at all cannot be
// hidden from the party asked to act on it; its owner is told of every alert, so probing is seen.
import { randomUUID } from 'node:crypto';
import { boundingCap } from '../../geo/bounding-cap.js';
import { geodesicBearingM } from '../../geo/geodesic.js';
import { lonLatOf } from '../../geo/n-vector.js';
import type { LonLat } from '../../geo/shape.js';
import type { AlertEvent } from '../../watch/alert-event.js';
import type { TrackReport } from '../../watch/track-report.js';
import type { HubState } from '../state.js';
import { maySeeAlertDeclaration, maySeeTrack } from '../who-may-see.js';
import { feedOfTrack, partyOfTrack } from './alert-notices.js';
import type { AlertContent, AlertDirection } from './track-alerts.js';
import { trackFeeds } from './track-feeds.js';

/** The cell a hidden position is reduced to, in degrees: one arc-minute. */
const CELL_DEG = 1 / 60;
/** Steps the bearing and distance to a cell's centre are told in: finer would suggest a precision there is not. */
const BEARING_STEP_DEG = 5;
const DISTANCE_STEP_M = 500;
const HORIZONTAL_MISS_STEP_M = 100;
const VERTICAL_MISS_STEP_M = 10;

/** A new alert's id: random, so that it names none of the tracks or declarations behind it. */
export const newAlertId = () => `alert-${randomUUID()}`;

const roundTo = (value: number, step: number) => Math.round(value / step) * step;

function cellCentre([lon, lat]: LonLat): LonLat {
  const centre = (x: number) => (Math.floor(x / CELL_DEG) + 0.5) * CELL_DEG;
  return [Math.min(180, centre(lon)), Math.max(-90, Math.min(90, centre(lat)))];
}

function direction(from: LonLat | null, hidden: LonLat | null): AlertDirection | null {
  if (from === null || hidden === null) return null;
  const { bearingDeg, distanceM } = geodesicBearingM(from, cellCentre(hidden));
  return {
    from: [from[0], from[1]],
    bearing_deg: roundTo(bearingDeg, BEARING_STEP_DEG) % 360,
    distance_m: roundTo(distanceM, DISTANCE_STEP_M),
  };
}

/** The middle of the declared volume an alert concerns, when it names one. */
function declaredPlace(state: HubState, event: AlertEvent): LonLat | null {
  const ref = event.declaration;
  if (ref === null || ref.volume === null) return null;
  const volume = state.deconfliction.declarations.get(ref.id)?.volumes[ref.volume];
  if (volume === undefined) return null;
  const cap = boundingCap(volume.shape.core);
  return Number.isFinite(cap.radius) ? lonLatOf(cap.centre) : null;
}

function trackFields(report: TrackReport): AlertContent['tracks'][number] {
  return {
    id: report.id,
    party: report.party,
    lon: report.lon,
    lat: report.lat,
    alt_m: report.altM,
    ground_speed_ms: report.groundSpeedMs,
    track_deg: report.trackDeg,
    vertical_rate_ms: report.verticalRateMs,
    time: new Date(report.time).toISOString(),
    airborne: report.airborne,
  };
}

function predictionFields(event: AlertEvent, coarse: boolean): AlertContent['prediction'] {
  const p = event.prediction;
  if (p === null) return null;
  const seconds = (s: number) => (coarse ? Math.round(s) : s);
  return {
    time_to_loss_s: seconds(p.timeToLossS),
    loss_ends_s: p.lossEndsS === null ? null : seconds(p.lossEndsS),
    closest_in_s: seconds(p.closestInS),
    horizontal_miss_m: coarse ? roundTo(p.horizontalMissM, HORIZONTAL_MISS_STEP_M) : p.horizontalMissM,
    vertical_miss_m: coarse ? roundTo(p.verticalMissM, VERTICAL_MISS_STEP_M) : p.verticalMissM,
    minima: { horizontal_m: p.minima.horizontalM, vertical_m: p.minima.verticalM },
    lookahead_s: p.lookaheadS,
  };
}

/**
 * The tracks an event names that the viewer may not see, by id and party: all it names, since one
 * that fell silent has no position left in an end.
 */
function hiddenNames(state: HubState, event: AlertEvent, viewer: string): { id: string; party: string }[] {
  return event.tracks
    .map((id) => ({ id, party: partyOfTrack(id) }))
    .filter((track) => !maySeeTrack(trackFeeds(state), track.id, viewer));
}

/** The watch's words, with the id of each track the reader may not see replaced by whose it is. */
function withoutHiddenTracks(text: string, hidden: readonly { id: string; party: string }[]): string {
  return hidden.reduce((words, track) => {
    const whose = `a track of ${track.party}`;
    return words.replaceAll(`track ${track.id}`, whose).replaceAll(track.id, whose);
  }, text);
}

/** The watch's reason for an event (begun, or ended), as `viewer` may read it. */
export function reasonFor(state: HubState, event: AlertEvent, viewer: string): string {
  return withoutHiddenTracks(event.reason, hiddenNames(state, event, viewer));
}

/**
 * The watch's finding with a track linked to another party's operation read as linked to one never
 * declared: non-conforming either way, but the hub neither confirms to the linking party that the
 * other's declaration exists, nor tells the other party (and rings its roster) of every stranger's
 * link — which would let any party probe for declarations by id and fill another's hotline.
 */
export function withoutForeignLink(event: AlertEvent): AlertEvent {
  const ref = event.declaration;
  const trackParties = [...new Set(event.tracks.map(partyOfTrack))];
  const [party] = trackParties;
  if (
    event.kind !== 'non-conformance' ||
    ref === null ||
    party === undefined ||
    trackParties.includes(ref.party)
  )
    return event;
  return {
    ...event,
    parties: trackParties,
    declaration: { id: ref.id, version: 0, party, kind: 'operation', volume: null, role: 'operation' },
  };
}

/**
 * The watch's reason for a predicted loss, in the rounded numbers of a partial view; a pair judged by
 * where a track of unknown velocity could reach still says so, naming the track as the reader may.
 */
function roundedLossReason(
  prediction: NonNullable<AlertContent['prediction']>,
  velocityUnknown: string[],
): string {
  const miss = `about ${prediction.horizontal_miss_m} m horizontally and ${prediction.vertical_miss_m} m vertically`;
  const found =
    prediction.time_to_loss_s === 0
      ? `separation lost now; closest ${miss} in ${prediction.closest_in_s} s`
      : `separation lost in ${prediction.time_to_loss_s} s; closest ${miss}`;
  if (velocityUnknown.length === 0) return found;
  return `${found}: the velocity of ${velocityUnknown.join(' and ')} is not known yet, so this is how close it could come, not a prediction`;
}

/** The alert `id` (the hub's, see newAlertId) as `viewer` is told of it. */
export function alertView(state: HubState, event: AlertEvent, id: string, viewer: string): AlertContent {
  const hidden = event.positions.filter((track) => !maySeeTrack(trackFeeds(state), track.id, viewer));
  const seen = event.positions.filter((track) => !hidden.includes(track));
  const ownTrack = seen.find((track) => track.party === viewer);
  const place = declaredPlace(state, event);
  // Directions start from the reader's own track, or else from its own declared place.
  const from: LonLat | null = ownTrack
    ? [ownTrack.lon, ownTrack.lat]
    : event.declaration?.party === viewer
      ? place
      : null;
  const ref = event.declaration;
  const declarationSeen = maySeeAlertDeclaration(state, event, viewer);
  const coarse = hidden.length > 0 || !declarationSeen;
  const prediction = predictionFields(event, coarse);
  const reason =
    event.kind === 'loss-of-separation' && prediction !== null && coarse
      ? roundedLossReason(
          prediction,
          event.positions
            .filter((track) => track.velocityKnown === false)
            .map((track) => (hidden.includes(track) ? `a track of ${track.party}` : track.id)),
        )
      : reasonFor(state, event, viewer);
  return {
    id,
    kind: event.kind,
    time: new Date(event.time).toISOString(),
    parties: [...event.parties].sort(),
    tracks: seen.map(trackFields),
    unseen_tracks: hidden.map((track) => ({
      party: track.party,
      roster: trackFeeds(state).get(feedOfTrack(track.id))?.roster ?? null,
      direction: direction(from, [track.lon, track.lat]),
    })),
    prediction,
    declaration:
      ref === null
        ? null
        : declarationSeen
          ? {
              id: ref.id,
              version: ref.version,
              party: ref.party,
              kind: ref.kind,
              volume: ref.volume,
              role: ref.role,
            }
          : {
              party: ref.party,
              role: ref.role,
              roster: state.deconfliction.declarations.get(ref.id)?.roster ?? null,
              direction: direction(from, place),
            },
    reason,
  };
}

/** Each party's view, with the parties told the same thing together, so that each view is one entry. */
export function alertViews(
  state: HubState,
  event: AlertEvent,
  id: string,
): { parties: string[]; alert: AlertContent }[] {
  const groups = new Map<string, { parties: string[]; alert: AlertContent }>();
  for (const party of [...event.parties].sort()) {
    const alert = alertView(state, event, id, party);
    const key = JSON.stringify(alert);
    const group = groups.get(key);
    if (group) group.parties.push(party);
    else groups.set(key, { parties: [party], alert });
  }
  return [...groups.values()];
}
