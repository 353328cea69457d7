// A party's on-call list for a duty: members in the order they are called, each with the shifts
// they are on duty (in their own time zone; a shift may run past midnight), and a duty chief.
// A member without shifts is always on duty.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Shift {
  /** The days the shift starts on; all days when absent. */
  days?: readonly Weekday[];
  /** "HH:MM", local time in `timeZone`. */
  from: string;
  to: string;
  timeZone: string;
}

export interface RosterMember {
  operator: string;
  shifts: readonly Shift[];
}

export interface Roster {
  /** "<party>/<duty>", e.g. "russia/air-deconfliction". */
  id: string;
  party: string;
  duty: string;
  members: readonly RosterMember[];
  /** Asked when no member has acknowledged; without one, the whole party is asked next. */
  chief?: string;
  version: number;
  since: string;
}

const localParts = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = localParts.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    localParts.set(timeZone, format);
  }
  return format;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function localTime(at: number, timeZone: string): { day: Weekday; minutes: number } {
  const parts = formatterFor(timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday').toLowerCase().slice(0, 3) as Weekday;
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function previousDay(day: Weekday): Weekday {
  return WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7] as Weekday;
}

export function shiftCovers(shift: Shift, at: number): boolean {
  const { day, minutes } = localTime(at, shift.timeZone);
  const from = minutesOf(shift.from);
  const to = minutesOf(shift.to);
  const startsOn = (d: Weekday) => shift.days === undefined || shift.days.includes(d);
  if (from < to) return startsOn(day) && minutes >= from && minutes < to;
  // Past midnight, or a 24-hour shift (to equal to from): the part from `from` on the day it starts,
  // the rest until `to` on the next day.
  return (startsOn(day) && minutes >= from) || (startsOn(previousDay(day)) && minutes < to);
}

export function onDuty(member: RosterMember, at: number): boolean {
  return member.shifts.length === 0 || member.shifts.some((shift) => shiftCovers(shift, at));
}
