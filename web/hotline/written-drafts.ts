// Messages the picture writes for the officer to check and send, so that telling the other parties
// is one step from what was declared or found: the humanitarian notification of a movement, filled
// from its declaration and addressed to every party it is shown to; and a request about a conflict,
// addressed to the roster the other declaration names and referring to both declarations.
import { localValue } from '../declare/declaration-draft.js';
import { movementTimes } from '../declare/movement-times.js';
import type { ConflictView, DeclarationListing, Party } from '../hub/views.js';
import { formatTime } from '../i18n/format.js';
import { t } from '../i18n/strings.js';
import type { Compose } from './composer.js';
import type { Typed } from './template-fields.js';

/** The template a movement is notified with. */
export const MOVEMENT_NOTICE_TEMPLATE = 'convoy-movement-notice';

const MINUTE_MS = 60_000;

const unwritten = (): Compose => ({
  kind: 'notification',
  action: '',
  answer: 'agreed',
  party: '',
  duty: '',
  addressed: [],
  template: '',
  typed: {},
  text: '',
  references: [],
});

/** The parties besides the owner that a declaration is shown to: those it names, or all for "*". */
function shownTo(listing: DeclarationListing, parties: Party[], own: string): Party[] {
  const named = new Set([...listing.visibility, ...(listing.declaration.on_behalf_of ?? [])]);
  return parties.filter((party) => party.id !== own && (named.has('*') || named.has(party.id)));
}

/** The notice's template fields, as the officer would type them, from the movement's declaration. */
function noticeTyped(listing: DeclarationListing, parties: Party[]): Typed {
  const body = listing.declaration;
  const route = (body.route?.coordinates ?? []) as [number, number][];
  const position = (name: string, at: [number, number] | undefined): Typed =>
    at ? { [`${name}.lat`]: String(at[1]), [`${name}.lon`]: String(at[0]) } : {};
  const { departure, arrival } = movementTimes(listing);
  // Times are typed to the minute: the arrival is rounded up, never told earlier than it is due.
  const arrivalMinute = Math.ceil(arrival / MINUTE_MS) * MINUTE_MS;
  const contact = body.contacts?.[0];
  const optional: Record<string, string | undefined> = {
    on_behalf_of: body.on_behalf_of
      ?.map((id) => parties.find((party) => party.id === id)?.name ?? id)
      .join(', '),
    origin_name: body.origin,
    destination_name: body.destination,
    plates: body.vehicles?.plates?.join(', '),
    markings: body.vehicles?.markings,
    cargo: body.cargo,
    contact: contact
      ? [contact.name, contact.phone, contact.radio, contact.email].filter(Boolean).join(', ')
      : undefined,
    notes: body.notes,
  };
  return {
    movement: `${listing.id}@${listing.version}`,
    departure: localValue(departure),
    arrival: localValue(arrivalMinute),
    ...position('origin', route[0]),
    ...position('destination', route.at(-1)),
    vehicles: String(body.vehicles?.count ?? ''),
    ...(body.personnel === undefined ? {} : { personnel: String(body.personnel) }),
    ...Object.fromEntries(Object.entries(optional).filter((entry): entry is [string, string] => !!entry[1])),
  };
}

/**
 * The humanitarian notification of a movement, to each party it is shown to, at its first roster.
 * A party with no roster is offered but left out until ticked: to the whole party, it rings everyone.
 */
export function movementNotice(listing: DeclarationListing, parties: Party[], own: string): Compose {
  return {
    ...unwritten(),
    addressed: shownTo(listing, parties, own).map((party) => ({
      party: party.id,
      duty: party.rosters[0] ?? '',
      included: party.rosters.length > 0,
    })),
    template: MOVEMENT_NOTICE_TEMPLATE,
    typed: noticeTyped(listing, parties),
    references: [{ type: 'declaration', id: listing.id, version: listing.version }],
  };
}

/** The other side of a conflict: the one not the party's own (the one found against, if both are). */
export function otherSide(conflict: ConflictView, own: string) {
  const [found, against] = conflict.declarations;
  return found.party !== own ? found : against;
}

/** A coordination request about a conflict, to the roster the other declaration names. */
export function conflictRequest(conflict: ConflictView, own: string): Compose {
  const other = otherSide(conflict, own);
  const [found, against] = conflict.declarations;
  const ours = other === found ? against : found;
  const window = conflict.overlap ?? { start: conflict.hours.from, end: conflict.hours.until };
  return {
    ...unwritten(),
    kind: 'coordination-request',
    party: other.party,
    duty: other.roster,
    text: t('aboutConflict', {
      ours: `${ours.id}@${ours.version}`,
      theirs: `${other.id}@${other.version}`,
      from: formatTime(window.start),
      until: formatTime(window.end),
    }),
    references: conflict.declarations.map((side) => ({
      type: 'declaration' as const,
      id: side.id,
      version: side.version,
    })),
  };
}
