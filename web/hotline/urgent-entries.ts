// What the urgent banner lists. A request from a person of another party is always an entry of its
// own, listed first, never folded in with the hub's. The tactical watch may ask many times about one
// encounter (the same two tracks, the same track at the same place, an episode ending and beginning
// again); those are one entry that counts them, answered once for all, so that ten machine alerts
// about one encounter neither bury a person's request nor take ten clicks.
import type { MessageView } from '../hub/views.js';

export interface UrgentEntry {
  /** Newest first; a person's request is alone in its entry. */
  messages: MessageView[];
  /** Whether the hub raised it (the watch) rather than a person of a party. */
  machine: boolean;
  /** What the watch's messages are about, the same for each; a person's request's own id. */
  encounter: string;
}

/** What a hub notice from the watch is about, as the party may know it. */
export interface AlertSides {
  alert: string;
  /** The party's own track. */
  track: string;
  other: { track: string } | { place: string } | { party: string };
}

/** The sides of a watch's notice; null for a person's message or a notice that names no track. */
export function alertSides(message: MessageView): AlertSides | null {
  const fields = message.message.template?.fields ?? {};
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
  if (message.operator !== null || !text('track')) return null;
  // A declaration is named with its version: the place is the same when it is amended.
  const place = text('declaration').replace(/@\d+$/, '');
  return {
    alert: text('alert'),
    track: text('track'),
    other: text('other_track')
      ? { track: text('other_track') }
      : place
        ? { place }
        : { party: text('other_party') },
  };
}

/**
 * The encounter a message is about: for the watch's, the alert's kind, the party's own track, and
 * the other track, else the place, else the party it may not see; any other is its own.
 */
export function encounterOf(message: MessageView): string {
  const sides = alertSides(message);
  if (!sides) return message.id;
  return [sides.alert, ...[sides.track, Object.values(sides.other)[0] as string].sort()].join(' ');
}

/** The urgent requests awaiting the party, as the banner lists them: people's first, then the watch's. */
export function urgentEntries(urgent: MessageView[]): UrgentEntry[] {
  const byTime = [...urgent].sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
  const human = byTime
    .filter((message) => message.operator !== null)
    .map((message) => ({ messages: [message], machine: false, encounter: message.id }));
  const groups = new Map<string, UrgentEntry>();
  for (const message of byTime.filter((m) => m.operator === null)) {
    const encounter = encounterOf(message);
    const group = groups.get(encounter);
    if (group) group.messages.push(message);
    else groups.set(encounter, { messages: [message], machine: true, encounter });
  }
  return [...human, ...groups.values()];
}
