// Words for a declaration, a conflict, a live track or an alert, in the reader's language.

import type {
  AlertView,
  ConflictSide,
  ConflictView,
  DeclarationListing,
  TrackView,
  UnseenInAlert,
} from '../hub/views.js';
import { formatMetres, formatTime } from '../i18n/format.js';
import { t } from '../i18n/strings.js';
import { isSeenDeclaration } from '../watch/alert-geometry.js';

/** Names and titles are isolated (Unicode FSI…PDI) so Latin text keeps its order inside Arabic and back. */
export const isolate = (text: string) => `\u2068${text}\u2069`;

interface Names {
  partyName(id: string): string;
}

function side(s: ConflictSide, names: Names): string {
  const what = s.title ? isolate(s.title) : s.kind ? t(`kind.${s.kind}` as 'kind.site') : t('undisclosed');
  return `${what} (${isolate(names.partyName(s.party))}; ${t('rosterToCall')}: ${isolate(s.roster)})`;
}

export function describeConflict(conflict: ConflictView, names: Names): string {
  const [found, against] = conflict.declarations;
  const parts = [
    `${side(found, names)} ⟷ ${side(against, names)}`,
    `${isolate(formatTime(conflict.hours.from))} – ${isolate(formatTime(conflict.hours.until))}`,
  ];
  if (conflict.horizontal_distance_m !== undefined)
    parts.push(`${t('distance')}: ${formatMetres(conflict.horizontal_distance_m)}`);
  if (conflict.vertical_gap_m !== undefined)
    parts.push(`${t('verticalGap')}: ${formatMetres(conflict.vertical_gap_m)}`);
  return parts.join(' · ');
}

export function describeDeclaration(listing: DeclarationListing, names: Names): string {
  const body = listing.declaration;
  const band =
    body.altitude_lower_m !== undefined && body.altitude_upper_m !== undefined
      ? ` · ${formatMetres(body.altitude_lower_m)}–${formatMetres(body.altitude_upper_m)}`
      : '';
  return (
    `${isolate(body.title)} — ${t(`kind.${listing.kind}`)} · ${isolate(names.partyName(listing.party))} · ` +
    `${isolate(formatTime(listing.valid_from))} – ${isolate(formatTime(listing.valid_until))}${band}` +
    (listing.suspended ? ` · ${t('suspendedDoesNotBind')}` : '')
  );
}

/** The asset's own id, after the party and feed (`<party>/<feed>:<asset>`): the callsign it goes by. */
export const callsign = (track: { id: string }) => track.id.slice(track.id.indexOf(':') + 1);

export function describeTrack(track: TrackView, names: Names): string {
  return [
    `${isolate(callsign(track))} (${isolate(names.partyName(track.party))})`,
    `${t('altitude')}: ${formatMetres(track.alt_m)}`,
    track.velocity_known === false
      ? t('velocityUnknown')
      : `${t('groundSpeed', { speed: Math.round(track.ground_speed_ms) })}, ${Math.round(track.track_deg)}°`,
    `${t('lastReport')}: ${isolate(formatTime(track.time))}`,
  ].join(' · ');
}

/** Of something the party may not see: whose, whom to call, and the hub's rounded bearing and distance. */
function unseen(other: UnseenInAlert, names: Names): string {
  const parts = [isolate(names.partyName(other.party))];
  if (other.roster) parts.push(`${t('rosterToCall')}: ${isolate(other.roster)}`);
  if (other.direction)
    parts.push(
      `${t('bearing')} ${other.direction.bearing_deg}°, ≈${formatMetres(other.direction.distance_m)}`,
    );
  return parts.join(', ');
}

/** An alert in a few lines: what, whose tracks and when, how close, what place, and the hub's reason. */
export function describeAlert(
  alert: AlertView,
  names: Names & { declarations: DeclarationListing[] },
): string[] {
  const tracks = [
    ...alert.tracks.map((track) => `${isolate(callsign(track))} (${isolate(names.partyName(track.party))})`),
    ...alert.unseen_tracks.map((track) => `${t('unseenTrack')} (${unseen(track, names)})`),
  ];
  const lines = [t(`alert.${alert.kind}`), `${tracks.join(' ⟷ ')} · ${isolate(formatTime(alert.time))}`];
  const prediction = alert.prediction;
  if (prediction)
    lines.push(
      [
        prediction.time_to_loss_s > 0
          ? t('timeToLoss', { seconds: Math.round(prediction.time_to_loss_s) })
          : t('separationLostNow'),
        `${t('horizontalMiss')}: ${formatMetres(prediction.horizontal_miss_m)}`,
        `${t('verticalMiss')}: ${formatMetres(prediction.vertical_miss_m)}`,
      ].join(' · '),
    );
  const place = alert.declaration;
  if (isSeenDeclaration(place)) {
    const title =
      names.declarations.find((listing) => listing.id === place.id)?.declaration.title ?? place.id;
    lines.push(`${t('alertPlace')}: ${isolate(title)} (${isolate(names.partyName(place.party))})`);
  } else if (place) lines.push(`${t('alertPlace')}: ${t('undisclosed')} (${unseen(place, names)})`);
  lines.push(isolate(alert.reason));
  return lines;
}
