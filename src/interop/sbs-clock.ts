// When an SBS-1 message was generated. BaseStation's lines carry the receiver's date and time with no
// zone: dump1090 writes its local time, readsb UTC, so the same line means different instants on two
// receivers. A feed declares its receiver's time zone (an IANA name, or UTC), and each time is read
// in it, daylight saving included; a feed that has not declared one has its times taken as when the
// hub received them (seconds late, never hours off), and its listing says so.

/** How a receiver's times are read: in its declared time zone, or replaced by the time of receipt. */
export type SbsClock = { timeZone: string } | { receivedAt: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** How far the zone's wall clock is ahead of UTC at instant `at`, ms (whole seconds). */
function offsetAt(at: number, timeZone: string): number {
  const whole = Math.floor(at / 1000) * 1000;
  const part: Record<string, number> = {};
  for (const { type, value } of formatterFor(timeZone).formatToParts(whole)) part[type] = Number(value);
  const wall = Date.UTC(
    part.year as number,
    (part.month as number) - 1,
    part.day as number,
    part.hour as number,
    part.minute as number,
    part.second as number,
  );
  return wall - whole;
}

/**
 * The instant of a wall-clock time read off a line (`wallMs`: the date and time taken as if UTC).
 * The zone's offset is looked up twice, so that a time just after a change of offset is read with
 * the new one; a time the clock went through twice is read as the first.
 */
export function sbsInstant(wallMs: number, clock: SbsClock): number {
  if ('receivedAt' in clock) return clock.receivedAt;
  const guess = wallMs - offsetAt(wallMs, clock.timeZone);
  return wallMs - offsetAt(guess, clock.timeZone);
}
