// Who may see what: the hub's main security property, stated once. Every route, stream, socket,
// CoT and webhook path asks here, so that what a party is shown of another's entries, declarations,
// tracks, alerts, agreements, messages and conflicts follows one rule wherever it is read. Pure
// functions of the hub's state and a party; what is not seen is reported as absent.
//
// The layers below the hub read some of these rules themselves (a declaration's visibility, for
// conflict views and the watch; which of a message's deliveries a party sees, for the message's
// view), so those are stated at the lowest layer that needs them, on the reading of a visibility
// list in record/visibility.ts, and taken from there.
import type { Agreement } from '../deconfliction/agreement.js';
import { maySee } from '../deconfliction/declaration.js';
import type { DeconflictionState } from '../deconfliction/deconfliction-state.js';
import type { RecordedConflict } from '../deconfliction/recorded-conflict.js';
import type { Incident, IncidentStep, PartyLinks } from '../evidence/incident.js';
import { concerns } from '../hotline/message-view.js';
import type { RefusedSender } from '../hotline/refused-senders.js';
import type { Roster } from '../hotline/roster.js';
import { admits } from '../record/visibility.js';
import type { AlertEvent } from '../watch/alert-event.js';
import { feedOfTrack, partyOfTrack } from './commands/alert-notices.js';
import { type RecordedAlert, trackAlerts } from './commands/track-alerts.js';
import { type TrackFeed, trackFeeds } from './commands/track-feeds.js';
import type { HubState } from './state.js';

/** An entry: the parties its visibility names, or everyone ("*"). */
export const maySeeEntry = (entry: { visibility: readonly string[] }, party: string): boolean =>
  admits(entry.visibility, party);

/** A declaration: its owner, those it is declared for, those it names (or everyone). */
export const maySeeDeclaration = maySee;

/** A message: its sender and its recipients' parties (of its deliveries, see deliveriesSeenBy). */
export const maySeeMessage = concerns;

/**
 * An agreement, and every entry about it (proposed, signed, suspended, resumed, ended, with who did it
 * and why): its parties, whether they have signed yet or not. Another party that may see a zone or
 * line declared under it learns only that the zone is suspended with it, which is what it needs to
 * act on the zone.
 */
export const maySeeAgreement = (agreement: Pick<Agreement, 'parties'>, party: string): boolean =>
  agreement.parties.includes(party);

/** The visibility of an agreement's entries: the parties that may see it. */
export const agreementReaders = (agreement: Pick<Agreement, 'parties'>): string[] =>
  [...agreement.parties].sort();

/** A feed's settings and counts: its own party only; its tracks are another matter (below). */
export const maySeeFeed = (feed: Pick<TrackFeed, 'party'>, party: string): boolean => feed.party === party;

/** A feed's tracks, live and kept: its own party and those it is shared with (or everyone). */
export const maySeeFeedTracks = (feed: Pick<TrackFeed, 'party' | 'shareWith'>, party: string): boolean =>
  feed.party === party || admits(feed.shareWith, party);

/** A roster (members, shifts, chief): its own party only, as its roster.set entries are. */
export const maySeeRoster = (roster: Pick<Roster, 'party'>, party: string): boolean => roster.party === party;

/** A track, by id: always its own party's; another's if its feed is shared with it. */
export function maySeeTrack(feeds: ReadonlyMap<string, TrackFeed>, trackId: string, party: string): boolean {
  if (partyOfTrack(trackId) === party) return true;
  const feed = feeds.get(feedOfTrack(trackId));
  return feed !== undefined && maySeeFeedTracks(feed, party);
}

/** The feeds whose kept positions a party may read. */
export function feedsWithTracksFor(state: HubState, party: string): string[] {
  return [...trackFeeds(state).values()]
    .filter((feed) => maySeeFeedTracks(feed, party))
    .map((feed) => feed.id);
}

/** The alerts a party was told of (each in its own view), in the order they began. */
export function alertsOf(state: HubState, party: string): RecordedAlert[] {
  return [...trackAlerts(state).values()].flatMap((told) => told.get(party) ?? []);
}

/**
 * The declaration an alert names: its owner (or the linking party, for a link to an operation
 * never declared), and those who may see it.
 */
export function maySeeAlertDeclaration(state: HubState, event: AlertEvent, party: string): boolean {
  const ref = event.declaration;
  if (ref === null || ref.party === party) return true;
  const known = state.deconfliction.declarations.get(ref.id);
  return known !== undefined && maySeeDeclaration(known, party);
}

/** A recorded conflict: the owners of its two declarations, and any party that may see both. */
export function maySeeConflict(
  state: DeconflictionState,
  conflict: RecordedConflict,
  party: string,
): boolean {
  if (conflict.found.party === party || conflict.against.party === party) return true;
  const found = state.declarations.get(conflict.found.declaration);
  const against = state.declarations.get(conflict.against.declaration);
  return (
    found !== undefined &&
    against !== undefined &&
    maySeeDeclaration(found, party) &&
    maySeeDeclaration(against, party)
  );
}

/** A refused sender: the sender's party (what of its own was refused) and the recipient's (who floods it). */
export const maySeeRefusal = (
  refused: Pick<RefusedSender, 'party' | 'recipientParty'>,
  party: string,
): boolean => refused.party === party || refused.recipientParty === party;

/** A recorded conflict's entry: the owners of its two declarations (others may see it only as a view). */
export const maySeeConflictEntry = (conflict: RecordedConflict, party: string): boolean =>
  conflict.found.party === party || conflict.against.party === party;

/** A batch of kept track positions, committed by an entry for its own party only. */
export const maySeeKeptBatch = (batch: { party: string }, party: string): boolean => batch.party === party;

/** An incident: the parties its report names (or everyone), the reporter, and the parties concerned. */
export const maySeeIncident = (incident: Incident, party: string): boolean => incident.isSeenBy(party);

/** What a party was told links to an incident: its own links, never another party's. */
export function incidentLinksSeenBy(incident: Incident, party: string): PartyLinks | null {
  return maySeeIncident(incident, party) ? (incident.links.get(party) ?? null) : null;
}

/** The steps (answers, disputes, the close) a party may read: those whose entry admits it. */
export function incidentStepsSeenBy(incident: Incident, party: string): IncidentStep[] {
  return maySeeIncident(incident, party)
    ? incident.steps.filter((step) => admits(step.visibility, party))
    : [];
}

/**
 * What an inquiry admitted to an incident may read: for each party that admitted it, that party's
 * admission, and of the incident what that party may read itself — the report if its entry admits
 * the party, the entry of its links and every entry linked for it, the steps it may read. Nothing
 * else, and nothing of a party that has not admitted it.
 */
export function inquiryEntries(incident: Incident, key: string): number[] {
  const inquiry = incident.inquiries.get(key);
  if (!inquiry) return [];
  const entries = new Set<number>();
  for (const [party, admission] of inquiry.admittedBy) {
    entries.add(admission);
    if (admits(incident.visibility, party)) entries.add(incident.entry);
    const told = incidentLinksSeenBy(incident, party);
    if (told) {
      entries.add(told.entry);
      for (const link of told.links) entries.add(link.entry);
    }
    for (const step of incidentStepsSeenBy(incident, party)) entries.add(step.entry);
  }
  return [...entries].sort((a, b) => a - b);
}

/** The inquiry holding a key, by the name the first admission gave it, if any party has admitted it. */
export function admittedInquiry(
  state: HubState,
  key: string,
): { key: string; name: string; publicKey: string } | null {
  for (const incident of state.incidents.values()) {
    const inquiry = incident.inquiries.get(key);
    if (inquiry) return { key: inquiry.key, name: inquiry.name, publicKey: inquiry.publicKey };
  }
  return null;
}

/** Every entry an inquiry may read, over every incident it was admitted to, ascending. */
export function entriesForInquiry(state: HubState, key: string): number[] {
  const entries = new Set<number>();
  for (const incident of state.incidents.values())
    for (const index of inquiryEntries(incident, key)) entries.add(index);
  return [...entries].sort((a, b) => a - b);
}

/**
 * A party's rosters as every other party may know them: the duties a message may be addressed to,
 * in order, never who is on them or when (which stays the party's own, as its roster.set entries do).
 */
export function addressableDuties(state: HubState, party: string): string[] {
  return [...state.hotline.rosters.values()]
    .filter((roster) => roster.party === party)
    .map((roster) => roster.duty)
    .sort();
}
