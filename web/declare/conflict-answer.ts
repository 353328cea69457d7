// A conflict as an officer reads it at a glance: who (the other party, its declaration, the roster to
// call), where (the nearest town of the theatre and the latitude and longitude), when (the window
// they overlap, as one range in the reader's language), how close (each measure against the minima
// the two parties are held to) and a button to write to that roster about it. What the party may not
// see of the other declaration is said to be undisclosed, never guessed.

import { geodesicDistanceM } from '../../src/geo/geodesic.js';
import { otherSide } from '../hotline/written-drafts.js';
import type { ConflictSide, ConflictView } from '../hub/views.js';
import { formatMetres } from '../i18n/format.js';
import { language } from '../i18n/language.js';
import { t } from '../i18n/strings.js';
import places from '../map/places-syria.json';
import { isolate } from '../ui/describe.js';
import { html } from '../ui/dom.js';
import { isolatedWords } from '../ui/isolated-words.js';

/** Within this of a town's centre, a place is said to be near it. */
const NEAR_TOWN_M = 30_000;

interface Names {
  partyName(id: string): string;
}

function sideName(side: ConflictSide, names: Names): string {
  const what = side.title
    ? isolate(`“${side.title}”`)
    : side.kind
      ? t(`kind.${side.kind}` as 'kind.site')
      : t('undisclosed');
  return `${isolate(names.partyName(side.party))} — ${what}`;
}

/** The middle of the hub's coarse cells, and the town of the theatre nearest it if it is near. */
function place(conflict: ConflictView): string {
  const [west, south, east, north] = conflict.area.reduce(
    ([w, s, e, n], [cw, cs, ce, cn]) => [Math.min(w, cw), Math.min(s, cs), Math.max(e, ce), Math.max(n, cn)],
    [180, 90, -180, -90],
  );
  const middle: [number, number] = [(west + east) / 2, (south + north) / 2];
  const degrees = new Intl.NumberFormat(language(), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const at = t('latLonInline', {
    lat: degrees.format(middle[1]),
    lon: degrees.format(middle[0]),
  });
  const nearest = places.places
    .map((town) => ({ town, metres: geodesicDistanceM(middle, town.position as [number, number]) }))
    .sort((a, b) => a.metres - b.metres)[0];
  return nearest && nearest.metres <= NEAR_TOWN_M
    ? `${t('nearTown', { town: nearest.town.name[language()] })} · ${at}`
    : at;
}

/** The window as one range, the date said once where it is one day: "7 Dec 2026, 13:00 – 15:00 UTC". */
function window(conflict: ConflictView): string {
  const { start, end } = conflict.overlap ?? { start: conflict.hours.from, end: conflict.hours.until };
  const format = new Intl.DateTimeFormat(language(), {
    dateStyle: 'medium',
    timeStyle: 'short',
    hourCycle: 'h23',
    timeZone: 'UTC',
  });
  const range = `${isolate(format.formatRange(Date.parse(start), Date.parse(end)))} UTC`;
  return conflict.overlap ? range : t('withinHours', { range });
}

/** Each measure against its minimum; the minutes apart only where they are apart in time. */
function closeness(conflict: ConflictView): string {
  const minima = conflict.minima;
  const against = (measure: string, minimum: string | undefined) =>
    minimum === undefined ? measure : t('againstMinimum', { measure, minimum });
  if (conflict.horizontal_distance_m === undefined) return t('measuresUndisclosed');
  const parts = [
    against(
      t('apart', { distance: formatMetres(conflict.horizontal_distance_m) }),
      minima && formatMetres(minima.horizontal_m),
    ),
    against(
      `${t('verticalGap')} ${formatMetres(conflict.vertical_gap_m ?? 0)}`,
      minima && formatMetres(minima.vertical_m),
    ),
  ];
  if (conflict.time_gap_s)
    parts.push(
      against(
        t('minutesApart', { minutes: Math.round(conflict.time_gap_s / 60) }),
        minima && t('minutesShort', { minutes: Math.round(minima.time_s / 60) }),
      ),
    );
  return parts.join(' · ');
}

/**
 * The conflict for the party `own`, with the button that writes to the other side's roster.
 * `message` opens the composer addressed to it.
 */
export function conflictAnswer(
  conflict: ConflictView,
  own: string,
  names: Names,
  message: (conflict: ConflictView) => void,
): HTMLElement {
  const [found, against] = conflict.declarations;
  const other = otherSide(conflict, own);
  const ours = other === found ? against : found;
  const line = (part: string, label: string, text: string) =>
    html('div', { 'data-part': part }, html('strong', {}, `${label}: `), text);
  const write = html(
    'button',
    { type: 'button', 'data-message-roster': `${other.party}/${other.roster}` },
    ...isolatedWords('messageRoster', {}, { party: names.partyName(other.party), roster: other.roster }),
  );
  write.addEventListener('click', () => message(conflict));
  return html(
    'li',
    { class: 'conflict-item conflict-answer', 'data-conflict': `${found.id}|${against.id}` },
    line(
      'who',
      t('conflictWho'),
      `${sideName(other, names)} (${t('rosterToCall')}: ${isolate(other.roster)}) ⟷ ${sideName(ours, names)}`,
    ),
    line('where', t('conflictWhere'), place(conflict)),
    line('when', t('conflictWhen'), window(conflict)),
    line('how-close', t('conflictHowClose'), closeness(conflict)),
    write,
  );
}
