// What surrounds an incident in space and time, as each party may see it: the entries the hub links
// to a report when it is made. Decided in the writer's turn from the state the record has built up
// to the report, and recorded (one entry per party, see incident-linked.ts), so that what an inquiry
// reads is what the parties were shown, signed, and does not move as the record grows.
//
// Every link is judged for the party it is shown to, by who-may-see: a declaration hidden from a
// party is never linked for it, nor is anything linked *because of* such a declaration (a conflict,
// a message about it): a link must not tell a party that another has something there.
import type { KnownDeclaration } from '../deconfliction/deconfliction-state.js';
import type { IncidentLink, LinkReason } from '../evidence/incident-schema.js';
import { vertexAt } from '../geo/n-vector.js';
import type { Volume } from '../geo/shape.js';
import { volumesConflict } from '../geo/volume.js';
import type { Message } from '../hotline/message.js';
import { deliveriesSeenBy } from '../hotline/message-view.js';
import { namedDeclarations } from '../hotline/named-declarations.js';
import type { RecordedAlert } from './commands/track-alerts.js';
import type { HubState } from './state.js';
import {
  alertsOf,
  maySeeConflictEntry,
  maySeeDeclaration,
  maySeeEntry,
  maySeeKeptBatch,
  maySeeMessage,
} from './who-may-see.js';

/** The most links one party's entry lists; past it the entry says the list is not complete. */
export const MAX_LINKS_PER_PARTY = 2000;

/** Meeting at all: the area already carries the search margin. */
const MEETING = { horizontalM: 0, verticalM: 0, timeS: 0 };

export interface IncidentSearch {
  reporter: string;
  area: Volume;
  /** The parties the report names, or "*". */
  visibility: readonly string[];
}

export interface FoundLinks {
  links: IncidentLink[];
  complete: boolean;
  concerned: boolean;
  /** The owners of the linked declarations this party may see: parties it may know are concerned. */
  owners: string[];
}

const named = (d: KnownDeclaration) => `${d.id}@${d.version}`;

/**
 * The versions in force during the window whose volumes meet the area then: the live ones through the
 * conflict index, the ended and replaced ones by a scan (a replaced or ended version may have been
 * the one in force when the incident happened).
 */
function declarationsMeeting(state: HubState, area: Volume): KnownDeclaration[] {
  const { deconfliction } = state;
  const candidates = deconfliction.declarationsMeeting(area);
  for (const latest of deconfliction.declarations.values())
    if (latest.status !== 'live') candidates.push(latest);
  candidates.push(...deconfliction.supersededVersions());
  return candidates.filter((version) => {
    if (!version.volumes.some((v) => v.timeStart <= area.timeEnd && v.timeEnd >= area.timeStart))
      return false;
    const since = Date.parse(version.since);
    const ended = version.ended === undefined ? Number.POSITIVE_INFINITY : Date.parse(version.ended);
    if (since > area.timeEnd || ended < area.timeStart) return false;
    return version.volumes.some((volume) => volumesConflict(area, volume, MEETING) !== null);
  });
}

function alertMeets(recorded: RecordedAlert, area: Volume, linked: ReadonlySet<string>): boolean {
  const { alert } = recorded;
  const time = Date.parse(alert.time);
  if (time < area.timeStart || time > area.timeEnd) return false;
  const declaration = alert.declaration;
  if (declaration && 'id' in declaration && linked.has(`${declaration.id}@${declaration.version}`))
    return true;
  return alert.tracks.some(
    (track) =>
      volumesConflict(
        area,
        {
          id: track.id,
          shape: { core: { kind: 'point', at: vertexAt([track.lon, track.lat]) }, radiusM: 0 },
          altitudeLowerM: track.alt_m,
          altitudeUpperM: track.alt_m,
          timeStart: time,
          timeEnd: time,
        },
        MEETING,
      ) !== null,
  );
}

/** The parties whose declarations or tracks the incident concerns, the reporter first. */
function concernedParties(state: HubState, search: IncidentSearch, meeting: KnownDeclaration[]): Set<string> {
  const concerned = new Set([search.reporter, ...meeting.map((d) => d.party)]);
  const linked = new Set(meeting.map(named));
  for (const told of state.alerts.values())
    for (const recorded of told.values())
      if (alertMeets(recorded, search.area, linked)) {
        for (const track of recorded.alert.tracks) concerned.add(track.party);
        for (const track of recorded.alert.unseen_tracks) concerned.add(track.party);
      }
  return concerned;
}

/** A message that may be linked for some party: sent in the window, or naming a declaration that met the place. */
interface Candidate {
  message: Message;
  named: Set<string>;
  inWindow: boolean;
}

/** The messages worth judging for each party, read once for all of them. */
function candidateMessages(state: HubState, area: Volume, meeting: KnownDeclaration[]): Candidate[] {
  const ids = new Set(meeting.map((d) => d.id));
  // The hub writes every time as toISOString, whose text sorts as the time does: no parsing needed.
  const from = new Date(area.timeStart).toISOString();
  const until = new Date(area.timeEnd).toISOString();
  const found: Candidate[] = [];
  for (const message of state.hotline.messages.values()) {
    const inWindow = message.time >= from && message.time <= until;
    const named = namedDeclarations(message.body);
    if (inWindow || [...named].some((id) => ids.has(id))) found.push({ message, named, inWindow });
  }
  return found;
}

/** One party's links: only what it may read, and only for reasons it may know. */
function linksFor(
  state: HubState,
  search: IncidentSearch,
  meeting: KnownDeclaration[],
  messages: readonly Candidate[],
  party: string,
  concerned: boolean,
): { links: IncidentLink[]; owners: string[] } {
  const links = new Map<number, IncidentLink>();
  const link = (entry: number, reason: LinkReason, about: string) => {
    if (!links.has(entry)) links.set(entry, { entry, reason, about: about.slice(0, 300) });
  };
  const { area } = search;
  const seen = meeting.filter((d) => maySeeDeclaration(d, party));
  const seenVersions = new Set(seen.map(named));
  const seenIds = new Set(seen.map((d) => d.id));
  // The parties this party may know the incident concerns: the reporter, the owners of what it sees,
  // itself if it is concerned.
  const known = new Set([search.reporter, ...seen.map((d) => d.party), ...(concerned ? [party] : [])]);
  for (const version of seen) link(version.entry, 'declaration-meets-place', named(version));
  for (const version of seen)
    for (const conflict of state.deconfliction.conflictsOfDeclaration(version.id)) {
      const side = conflict.found.declaration === version.id ? conflict.found : conflict.against;
      if (side.version !== version.version || !maySeeConflictEntry(conflict, party)) continue;
      link(
        conflict.entry,
        'conflict-of-linked-declaration',
        `${conflict.found.declaration}@${conflict.found.version} with ${conflict.against.declaration}@${conflict.against.version}`,
      );
    }
  // What a refused submit was told of linked declarations: proof it knew, even if it never declared.
  for (const disclosure of state.deconfliction.disclosures)
    if (maySeeEntry(disclosure, party) && disclosure.declarations.some((id) => seenIds.has(id)))
      link(disclosure.entry, 'conflicts-disclosed', disclosure.declarations.join(' with '));
  const alerts = alertsOf(state, party).filter((recorded) => alertMeets(recorded, area, seenVersions));
  for (const recorded of alerts) {
    for (const track of recorded.alert.tracks) known.add(track.party);
    link(recorded.entry, 'alert-in-area', `${recorded.alert.kind} ${recorded.alert.id}`);
    if (recorded.ended)
      link(recorded.ended.entry, 'alert-ended', `${recorded.alert.kind} ${recorded.alert.id}`);
  }
  for (const { message, named: names, inWindow: sentInWindow } of messages) {
    if (!maySeeMessage(message, party)) continue;
    const about = [...names].some((id) => seenIds.has(id));
    const between =
      (message.party !== null && known.has(message.party)) ||
      message.deliveries.some((d) => known.has(d.party));
    const inWindow = sentInWindow && between;
    if (!about && !inWindow) continue;
    link(message.entry, about ? 'message-about-linked-declaration' : 'message-in-window', message.id);
    for (const delivery of deliveriesSeenBy(message, party))
      for (const event of delivery.history)
        link(event.entry, 'delivery-step', `${message.id} to ${delivery.recipient}: ${event.state}`);
  }
  if (concerned)
    for (const batch of state.trackArchive.batchesOf(party))
      if (maySeeKeptBatch(batch, party) && batch.from <= area.timeEnd && batch.until >= area.timeStart)
        link(batch.entry, 'tracks-kept-in-window', batch.batch);
  return {
    links: [...links.values()].sort((a, b) => a.entry - b.entry),
    owners: [...new Set(seen.map((d) => d.party))].sort(),
  };
}

/**
 * Every party's links to the incident: each party concerned (even with nothing to link), and each
 * other party the report is shown to that has something linked. Deterministic from the state.
 */
export function findIncidentLinks(state: HubState, search: IncidentSearch): Map<string, FoundLinks> {
  const meeting = declarationsMeeting(state, search.area);
  const concerned = concernedParties(state, search, meeting);
  const messages = candidateMessages(state, search.area, meeting);
  const readers = search.visibility.includes('*')
    ? [...state.parties.keys()]
    : [...new Set([...concerned, ...search.visibility])];
  const found = new Map<string, FoundLinks>();
  for (const party of [...new Set([...concerned, ...readers])].sort()) {
    if (!state.parties.has(party)) continue;
    const isConcerned = concerned.has(party);
    const { links, owners } = linksFor(state, search, meeting, messages, party, isConcerned);
    if (!isConcerned && links.length === 0) continue;
    found.set(party, {
      links: links.slice(0, MAX_LINKS_PER_PARTY),
      complete: links.length <= MAX_LINKS_PER_PARTY,
      concerned: isConcerned,
      owners,
    });
  }
  return found;
}
