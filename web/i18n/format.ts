// Times are shown in UTC, the one clock every party on the hotline shares, in the reader's language,
// on the 24-hour clock of operations rooms whatever the language's habit. Positions are latitude then
// longitude everywhere, in the reader's digits.
import { language } from './language.js';
import { t } from './strings.js';

/** Five decimals of a degree: about a metre, finer than any report the hub takes. */
const DEGREE_DIGITS = 5;

export function formatTime(time: number | string): string {
  const date = typeof time === 'number' ? new Date(time) : new Date(Date.parse(time));
  const text = new Intl.DateTimeFormat(language(), {
    dateStyle: 'medium',
    timeStyle: 'short',
    hourCycle: 'h23',
    timeZone: 'UTC',
  }).format(date);
  return `${text} UTC`;
}

/** A moment to the second, UTC: when the hub was last heard from, when the record was last checked. */
export function formatClock(time: number): string {
  const text = new Intl.DateTimeFormat(language(), {
    timeStyle: 'medium',
    hourCycle: 'h23',
    timeZone: 'UTC',
  }).format(time);
  return `${text} UTC`;
}

/** A countdown as [-]h:mm:ss, negative once past. */
export function formatCountdown(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = String(Math.floor((total % 3600) / 60)).padStart(2, '0');
  const seconds = String(total % 60).padStart(2, '0');
  return `${sign}${hours}:${minutes}:${seconds}`;
}

/** A distance in the reader's digits and words for its unit: kilometres from one, else metres. */
export function formatMetres(metres: number): string {
  const [value, unit] = metres >= 1000 ? [metres / 1000, 'kilometer'] : [Math.round(metres), 'meter'];
  return new Intl.NumberFormat(language(), { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

/** A [longitude, latitude] position as everywhere in the picture: latitude first, in the reader's digits. */
export function formatPosition([lon, lat]: readonly [number, number]): string {
  return t('latLon', { lat: formatDegrees(lat), lon: formatDegrees(lon) });
}

export function formatDegrees(degrees: number): string {
  return new Intl.NumberFormat(language(), {
    minimumFractionDigits: DEGREE_DIGITS,
    maximumFractionDigits: DEGREE_DIGITS,
  }).format(degrees);
}
