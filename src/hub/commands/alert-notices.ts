// What the hotline carries for an alert: to each party involved, at once, a hub notice to the
// roster that answers for it — the one named on the track's feed, or on the declaration — with its
// own view of the alert as data (alert-views.ts): its track, the prediction, and of the other the
// party, the roster to call and the bearing and distance, or the exact track where it may see it.
// A party whose track is in it is asked to act (urgent: divert from a predicted loss of
// separation, stop an intrusion, hold a stray from its operation) and escalates like any urgent
// request; the owner of a site or convoy intruded on is told, not asked, since the act is not
// theirs. The end of an alert is a notification to the same rosters.
import { randomUUID } from 'node:crypto';
import type { MessageBody } from '../../hotline/message-schema.js';
import type { HubState } from '../state.js';
import type { HubConsequence } from './handler.js';
import { messageNotice } from './message-notice.js';
import { routeMessage } from './message-routing.js';
import { type AlertContent, type AlertDirection, isSeen } from './track-alerts.js';
import { trackFeeds } from './track-feeds.js';

const ACTION = { 'loss-of-separation': 'divert', intrusion: 'stop', 'non-conformance': 'hold' } as const;

/** The feed a track came through: its id is the feed's, a colon, then the source's own id. */
export function feedOfTrack(track: string): string {
  return track.slice(0, track.indexOf(':'));
}

/** The party a track is of: its feed's id begins with the party's. */
export function partyOfTrack(track: string): string {
  return track.slice(0, track.indexOf('/'));
}

function rosterOf(state: HubState, alert: AlertContent, party: string): string | undefined {
  const declaration = alert.declaration;
  const declared =
    isSeen(declaration) && declaration.party === party
      ? state.deconfliction.declarations.get(declaration.id)?.roster
      : undefined;
  const fed = alert.tracks
    .filter((t) => t.party === party)
    .map((t) => trackFeeds(state).get(feedOfTrack(t.id))?.roster)
    .find((roster) => roster !== undefined);
  const duty = fed ?? declared;
  return duty && state.hotline.rosterFor(party, duty) ? duty : undefined;
}

/** The other side as the reader may know it: a track it may not see, or a declaration. */
function otherFields(alert: AlertContent): Record<string, unknown> {
  const declaration = alert.declaration;
  const unseen: { party: string; roster: string | null; direction: AlertDirection | null } | undefined =
    alert.unseen_tracks[0] ?? (declaration !== null && !isSeen(declaration) ? declaration : undefined);
  if (unseen === undefined) return {};
  return {
    other_party: unseen.party,
    ...(unseen.roster !== null ? { other_roster: unseen.roster } : {}),
    ...(unseen.direction
      ? { bearing_deg: unseen.direction.bearing_deg, distance_m: unseen.direction.distance_m }
      : {}),
  };
}

/** The notice to one party of its view of an alert beginning or ending, and its routing. */
export function alertNotice(
  state: HubState,
  alert: AlertContent,
  party: string,
  stage: 'begin' | 'end',
  reason: string,
  now: number,
  online: (operator: string) => boolean,
): HubConsequence[] {
  const hubParty = state.identity?.party ?? 'hub';
  const first = alert.tracks.find((t) => t.party === party) ?? alert.tracks[0];
  const second = alert.tracks.find((t) => t !== first);
  const declaration = alert.declaration;
  const fields: Record<string, unknown> = {
    alert: alert.kind,
    stage,
    ...(first ? { track: first.id, track_party: first.party, position: [first.lon, first.lat] } : {}),
    ...(second
      ? { other_track: second.id, other_party: second.party, other_position: [second.lon, second.lat] }
      : otherFields(alert)),
    ...(isSeen(declaration) ? { declaration: `${declaration.id}@${declaration.version}` } : {}),
    ...(alert.prediction && stage === 'begin'
      ? {
          time_to_loss_s: Math.round(alert.prediction.time_to_loss_s),
          horizontal_miss_m: Math.round(alert.prediction.horizontal_miss_m),
          vertical_miss_m: Math.round(alert.prediction.vertical_miss_m),
        }
      : {}),
    reason,
  };
  const references = [
    ...alert.tracks.map((t) => ({ type: 'track' as const, id: t.id })),
    ...(isSeen(declaration)
      ? [{ type: 'declaration' as const, id: declaration.id, version: declaration.version }]
      : []),
  ];
  const asked = stage === 'begin' && alert.tracks.some((t) => t.party === party);
  const duty = rosterOf(state, alert, party);
  const body: MessageBody = {
    id: `${hubParty}/alert-${randomUUID()}`,
    kind: asked ? 'urgent-request' : 'notification',
    ...(asked ? { action: ACTION[alert.kind] } : {}),
    recipients: [{ party, ...(duty ? { duty } : {}) }],
    template: { name: 'track-alert', fields },
    references,
  };
  return [
    { command: { type: messageNotice.type, message: body }, visibility: [party] },
    ...routeMessage(state, body, null, now, online),
  ];
}
