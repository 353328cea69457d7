// One line of words for a declaration or a conflict, in the reader's language.

import type { ConflictSide, ConflictView, DeclarationListing } from '../hub/views.js';
import { formatMetres, formatTime } from '../i18n/format.js';
import { t } from '../i18n/strings.js';

/** Names and titles are isolated (Unicode FSI…PDI) so Latin text keeps its order inside Arabic and back. */
const isolate = (text: string) => `\u2068${text}\u2069`;

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
    `${isolate(formatTime(listing.valid_from))} – ${isolate(formatTime(listing.valid_until))}${band}`
  );
}
