// RFC 3339 date-times (section 5.6) to milliseconds since the epoch. Stricter than Date.parse, which
// takes many other forms and silently rolls 2024-02-30 over to March: every field is checked.

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/**
 * The instant, or null when `text` is not an RFC 3339 date-time. A leap second (:60) is read as
 * the end of its minute's 59th second plus one. Digits below the millisecond are rounded as `round`
 * says, so a caller can round a window outwards and never shrink it.
 */
export function parseRfc3339(text: string, round: 'down' | 'up' = 'down'): number | null {
  const m = DATE_TIME.exec(text);
  if (m === null) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 60) return null;
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const offsetHours = Number(m[10]);
    const offsetMins = Number(m[11]);
    if (offsetHours > 23 || offsetMins > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const fraction = m[7] ?? '';
  const wholeMs = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const belowMs = /[1-9]/.test(fraction.slice(3));
  const ms = wholeMs + (belowMs && round === 'up' ? 1 : 0);
  // Not Date.UTC: it reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, Math.min(second, 59), 0);
  const utc = date.getTime() + (second === 60 ? 1000 : 0);
  const result = utc + ms - offsetMinutes * 60_000;
  return Number.isFinite(result) ? result : null;
}
