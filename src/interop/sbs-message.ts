// One line of BaseStation's port-30003 output (SBS-1), as dump1090 and readsb write it: 22 comma-
// separated fields. MSG lines carry one Mode S transmission of one aircraft, by type:
// 1 identification (callsign), 2 surface position, 3 airborne position, 4 airborne velocity,
// 5 surveillance altitude, 6 surveillance identity (squawk), 7 air-to-air, 8 all-call reply.
// SEL, ID, AIR, STA and CLK lines are BaseStation's own notices about selections, new aircraft,
// status and clock, and carry no position. Units are the wire's: feet, knots, feet per minute.
import { type DroppedInput, dropped } from './dropped-input.js';
import { type SbsClock, sbsInstant } from './sbs-clock.js';

export type SbsTransmission = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export interface SbsTransmissionMessage {
  kind: 'MSG';
  transmission: SbsTransmission;
  /** The aircraft's 24-bit ICAO address, upper-case hex. */
  icao: string;
  /** When the receiver generated the message, ms since the epoch. */
  generated: number;
  callsign: string | null;
  altitude_ft: number | null;
  ground_speed_kt: number | null;
  track_deg: number | null;
  lat: number | null;
  lon: number | null;
  vertical_rate_fpm: number | null;
  squawk: string | null;
  emergency: boolean;
  on_ground: boolean;
}

export interface SbsNoticeMessage {
  kind: 'SEL' | 'ID' | 'AIR' | 'STA' | 'CLK';
  icao: string | null;
  /** The callsign (SEL, ID) or status code (STA: PL, LL, RM, AD, OK), when the line has one. */
  value: string | null;
}

export type SbsMessage = SbsTransmissionMessage | SbsNoticeMessage;

const NOTICES = new Set(['SEL', 'ID', 'AIR', 'STA', 'CLK']);
const FIELD_COUNT = 22;
/** What each transmission type must carry to be of any use, by field name. */
const REQUIRED: Record<SbsTransmission, (keyof SbsTransmissionMessage)[]> = {
  1: ['callsign'],
  2: ['lat', 'lon'],
  3: ['lat', 'lon'],
  4: ['ground_speed_kt', 'track_deg'],
  5: [],
  6: [],
  7: [],
  8: [],
};

/** The message on a line, or why it is dropped; its time is read by the receiver's `clock`. */
export function parseSbsLine(line: string, clock: SbsClock): SbsMessage | { drop: DroppedInput } {
  const fields = line.trim().split(',');
  const [kind = '', type = ''] = fields;
  const icao = fields[4]?.trim().toUpperCase() ?? '';
  const validIcao = /^[0-9A-F]{6}$/.test(icao);
  if (NOTICES.has(kind)) {
    return {
      kind: kind as SbsNoticeMessage['kind'],
      icao: validIcao ? icao : null,
      value: fields[10]?.trim() || null,
    };
  }
  if (kind !== 'MSG') return { drop: dropped('not an SBS-1 line', line) };
  if (fields.length < FIELD_COUNT) {
    return { drop: dropped('malformed SBS-1 line', line, `${fields.length} fields, not ${FIELD_COUNT}`) };
  }
  const transmission = Number(type);
  if (!(Number.isInteger(transmission) && transmission >= 1 && transmission <= 8)) {
    return { drop: dropped('malformed SBS-1 line', line, `transmission type ${type}`) };
  }
  if (!validIcao) return { drop: dropped('malformed SBS-1 line', line, `ICAO address "${icao}"`) };
  const wall = Date.parse(`${fields[6]?.replaceAll('/', '-')}T${fields[7]}Z`);
  if (!Number.isFinite(wall)) {
    return { drop: dropped('malformed SBS-1 line', line, `time "${fields[6]} ${fields[7]}"`) };
  }
  const generated = sbsInstant(wall, clock);
  const number = (index: number) => {
    const value = fields[index]?.trim() ?? '';
    return value === '' ? null : Number(value);
  };
  const message: SbsTransmissionMessage = {
    kind: 'MSG',
    transmission: transmission as SbsTransmission,
    icao,
    generated,
    callsign: fields[10]?.trim() || null,
    altitude_ft: number(11),
    ground_speed_kt: number(12),
    track_deg: number(13),
    lat: number(14),
    lon: number(15),
    vertical_rate_fpm: number(16),
    squawk: fields[17]?.trim() || null,
    emergency: isSet(fields[19]),
    on_ground: isSet(fields[21]),
  };
  const numbers = [message.altitude_ft, message.ground_speed_kt, message.track_deg, message.lat, message.lon];
  if (![...numbers, message.vertical_rate_fpm].every((value) => value === null || Number.isFinite(value))) {
    return { drop: dropped('malformed SBS-1 line', line, 'a numeric field is not a number') };
  }
  const missing = REQUIRED[message.transmission].filter((field) => message[field] === null);
  if (missing.length > 0) {
    return {
      drop: dropped('incomplete SBS-1 message', line, `MSG,${transmission} without ${missing.join(', ')}`),
    };
  }
  if (message.lat !== null && !(Math.abs(message.lat) <= 90 && Math.abs(message.lon ?? 0) <= 180)) {
    return { drop: dropped('impossible position', line, `${message.lat}, ${message.lon}`) };
  }
  if (message.ground_speed_kt !== null && message.ground_speed_kt < 0) {
    return { drop: dropped('impossible motion', line, `ground speed ${message.ground_speed_kt} kt`) };
  }
  return message;
}

/** Flags are -1 (dump1090) or 1 for set, 0 or empty for not. */
function isSet(field: string | undefined): boolean {
  const value = field?.trim();
  return value === '-1' || value === '1';
}
