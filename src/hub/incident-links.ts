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
import { deliveriesSeenBy } from '../hotline/message-view.js';
import { namedDeclarations } from '../hotline/named-declarations.js';
import type { RecordedAlert } from './commands/track-alerts.js';
import type { HubState } from './state.js';
import {
  alertsOf,
  maySeeConflictEntry,
  maySeeDeclaration,
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

/** The versions in force during the window whose volumes meet the area then. */
function declarationsMeeting(state: HubState, area: Volume): KnownDeclaration[] {
  const found: KnownDeclaration[] = [];
  for (const latest of state.deconfliction.declarations.values()) {
    for (const version of state.deconfliction.versionsOf(latest.id)) {
      const since = Date.parse(version.since);
      const ended = version.ended === undefined ? Number.POSITIVE_INFINITY : Date.parse(version.ended);
      if (since > area.timeEnd || ended < area.timeStart) continue;
      if (version.validUntil < area.timeStart || version.validFrom > area.timeEnd) continue;
      if (version.volumes.some((volume) => volumesConflict(area, volume, MEETING) !== null))
        found.push(version);
    }
  }
  return found;
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

/** One party's links: only what it may read, and only for reasons it may know. */
function linksFor(
  state: HubState,
  search: IncidentSearch,
  meeting: KnownDeclaration[],
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
  const alerts = alertsOf(state, party).filter((recorded) => alertMeets(recorded, area, seenVersions));
  for (const recorded of alerts) {
    for (const track of recorded.alert.tracks) known.add(track.party);
    link(recorded.entry, 'alert-in-area', `${recorded.alert.kind} ${recorded.alert.id}`);
    if (recorded.ended)
      link(recorded.ended.entry, 'alert-ended', `${recorded.alert.kind} ${recorded.alert.id}`);
  }
  for (const message of state.hotline.messages.values()) {
    if (!maySeeMessage(message, party)) continue;
    const about = [...namedDeclarations(message.body)].some((id) => seenIds.has(id));
    const time = Date.parse(message.time);
    const between =
      (message.party !== null && known.has(message.party)) ||
      message.deliveries.some((d) => known.has(d.party));
    const inWindow = time >= area.timeStart && time <= area.timeEnd && between;
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
  const readers = search.visibility.includes('*')
    ? [...state.parties.keys()]
    : [...new Set([...concerned, ...search.visibility])];
  const found = new Map<string, FoundLinks>();
  for (const party of [...new Set([...concerned, ...readers])].sort()) {
    if (!state.parties.has(party)) continue;
    const isConcerned = concerned.has(party);
    const { links, owners } = linksFor(state, search, meeting, party, isConcerned);
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
