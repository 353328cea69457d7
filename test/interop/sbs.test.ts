// SBS-1 lines as dump1090 and readsb write them, every transmission type, and the tracks made by
// merging an aircraft's positions and velocities, in SI units.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineSplitter } from '../../src/interop/line-splitter.js';
import { parseSbsLine, type SbsMessage } from '../../src/interop/sbs-message.js';
import { SbsTrackBuilder } from '../../src/interop/sbs-tracks.js';
import { DUMP1090_LINES, NOTICE_LINES, SURFACE_POSITION } from './samples.js';

const UTC = { timeZone: 'UTC' };

function message(line: string): SbsMessage {
  const parsed = parseSbsLine(line, UTC);
  if ('drop' in parsed) assert.fail(`${parsed.drop.reason}: ${parsed.drop.detail}`);
  return parsed;
}

describe('SBS-1 lines', () => {
  test('every transmission type is read', () => {
    const messages = DUMP1090_LINES.map(message);
    assert.deepEqual(
      messages.map((m) => m.kind === 'MSG' && m.transmission),
      [1, 3, 4, 3, 5, 6, 7, 8],
    );
    const [ident, position, velocity, , , surveillance] = messages;
    assert.equal(ident?.kind === 'MSG' && ident.callsign, 'ELY027');
    assert.deepEqual(
      position?.kind === 'MSG' && [position.lat, position.lon, position.altitude_ft],
      [36.21463, 37.09985, 34000],
    );
    assert.deepEqual(
      velocity?.kind === 'MSG' && [velocity.ground_speed_kt, velocity.track_deg, velocity.vertical_rate_fpm],
      [452, 87, -64],
    );
    assert.deepEqual(surveillance?.kind === 'MSG' && [surveillance.squawk, surveillance.emergency], [
      '7700',
      true,
    ]);
    assert.equal(position?.kind === 'MSG' && position.generated, Date.parse('2026-03-02T10:20:01.503Z'));
  });

  test('BaseStation’s notices are read and carry no position', () => {
    assert.deepEqual(
      NOTICE_LINES.map(message).map((m) => [m.kind, m.kind === 'MSG' ? null : m.value]),
      [
        ['SEL', 'RYR1427'],
        ['ID', 'EZY691A'],
        ['AIR', null],
        ['STA', 'RM'],
        ['CLK', null],
      ],
    );
  });

  test('a receiver on local time is read in its time zone, daylight saving included', () => {
    const generated = (line: string, timeZone: string) => {
      const parsed = parseSbsLine(line, { timeZone });
      return 'drop' in parsed ? 0 : parsed.kind === 'MSG' && parsed.generated;
    };
    const line = DUMP1090_LINES[1] ?? '';
    assert.equal(generated(line, 'Europe/Moscow'), Date.parse('2026-03-02T07:20:01.503Z'));
    assert.equal(generated(line, 'America/New_York'), Date.parse('2026-03-02T15:20:01.503Z'));
    // New York's clocks go forward on 8 March 2026: the same wall time is an hour less behind UTC.
    const summer = line.replaceAll('2026/03/02', '2026/07/02');
    assert.equal(generated(summer, 'America/New_York'), Date.parse('2026-07-02T14:20:01.503Z'));
    assert.equal(generated(summer, 'Asia/Kolkata'), Date.parse('2026-07-02T04:50:01.503Z'));
  });

  test('a receiver whose time zone is not declared: times are when the hub received them', () => {
    const receivedAt = Date.parse('2026-03-02T10:20:03.000Z');
    const parsed = parseSbsLine(DUMP1090_LINES[1] ?? '', { receivedAt });
    assert.equal('drop' in parsed ? 0 : parsed.kind === 'MSG' && parsed.generated, receivedAt);
    const bad = parseSbsLine(
      'MSG,3,1,1,738065,1,yesterday,noon,2026/03/02,10:20:01.540,,34000,,,36.2,37.0,,,0,0,0,0',
      { receivedAt },
    );
    assert.ok('drop' in bad, 'a malformed time is still a malformed line');
  });

  test('malformed lines are dropped with the reason', () => {
    const reasons = [
      'MSG,3,1,1,738065,1,2026/03/02,10:20:01.503',
      'MSG,9,1,1,738065,1,2026/03/02,10:20:01.503,2026/03/02,10:20:01.540,,34000,,,36.2,37.0,,,0,0,0,0',
      'MSG,3,1,1,73806Z,1,2026/03/02,10:20:01.503,2026/03/02,10:20:01.540,,34000,,,36.2,37.0,,,0,0,0,0',
      'MSG,3,1,1,738065,1,yesterday,noon,2026/03/02,10:20:01.540,,34000,,,36.2,37.0,,,0,0,0,0',
      'MSG,3,1,1,738065,1,2026/03/02,10:20:01.503,2026/03/02,10:20:01.540,,34000,,,north,37.0,,,0,0,0,0',
      'MSG,3,1,1,738065,1,2026/03/02,10:20:01.503,2026/03/02,10:20:01.540,,34000,,,,,,,0,0,0,0',
      'MSG,3,1,1,738065,1,2026/03/02,10:20:01.503,2026/03/02,10:20:01.540,,34000,,,96.2,37.0,,,0,0,0,0',
      'MSG,4,1,1,738065,1,2026/03/02,10:20:01.914,2026/03/02,10:20:01.940,,,-452,87,,,-64,,0,0,0,0',
      '\u0000\u0001binary',
    ].map((line) => {
      const parsed = parseSbsLine(line, UTC);
      return 'drop' in parsed ? `${parsed.drop.reason}: ${parsed.drop.detail ?? ''}` : 'read';
    });
    assert.deepEqual(reasons, [
      'malformed SBS-1 line: 8 fields, not 22',
      'malformed SBS-1 line: transmission type 9',
      'malformed SBS-1 line: ICAO address "73806Z"',
      'malformed SBS-1 line: time "yesterday noon"',
      'malformed SBS-1 line: a numeric field is not a number',
      'incomplete SBS-1 message: MSG,3 without lat, lon',
      'impossible position: 96.2, 37',
      'impossible motion: ground speed -452 kt',
      'not an SBS-1 line: ',
    ]);
  });
});

describe('tracks per aircraft', () => {
  test('positions and velocities merge, in metres, metres per second and degrees', () => {
    const builder = new SbsTrackBuilder('adsb-aleppo');
    const tracks = DUMP1090_LINES.map(message).flatMap((m) => builder.accept(m) ?? []);
    assert.equal(tracks.length, 2);
    const [first, second] = tracks;
    // The first position came before any velocity.
    assert.equal(first?.ground_speed_mps, null);
    assert.deepEqual(second, {
      id: 'icao:738065',
      source: 'adsb-aleppo',
      time: Date.parse('2026-03-02T10:20:02.305Z'),
      lon: 37.1021,
      lat: 36.2147,
      alt_m: 34000 * 0.3048,
      alt_reference: 'pressure',
      ground_speed_mps: 452 * (1852 / 3600),
      track_deg: 87,
      vertical_rate_mps: (-64 * 0.3048) / 60,
      horizontal_error_m: null,
      callsign: 'ELY027',
      stale: null,
    });
  });

  test('a velocity too old is not put beside a new position', () => {
    const builder = new SbsTrackBuilder('adsb');
    builder.accept(message(DUMP1090_LINES[2] ?? ''));
    const later = (DUMP1090_LINES[3] ?? '').replaceAll('10:20:02', '10:20:30');
    assert.equal(builder.accept(message(later))?.ground_speed_mps, null);
  });

  test('a taxiing aircraft’s surface position carries its own speed and no altitude', () => {
    const track = new SbsTrackBuilder('adsb').accept(message(SURFACE_POSITION));
    assert.equal(track?.alt_m, null);
    assert.equal(track?.ground_speed_mps, 12 * (1852 / 3600));
    assert.equal(track?.track_deg, 184);
  });

  test('aircraft not heard for five minutes are forgotten', () => {
    const builder = new SbsTrackBuilder('adsb');
    builder.accept(message(DUMP1090_LINES[1] ?? ''));
    builder.accept(message(SURFACE_POSITION));
    assert.equal(builder.size, 2);
    builder.accept(message(SURFACE_POSITION.replaceAll('10:21:00', '10:27:00')));
    assert.equal(builder.size, 1);
  });
});

describe('line framing', () => {
  test('CRLF lines cut anywhere, multi-byte characters across reads, overlong lines dropped', () => {
    const text = `${DUMP1090_LINES.join('\r\n')}\r\nID,,1,1,4CA2D6,1,2026/03/02,10:20:08.159,2026/03/02,10:20:08.159,ÉTÉ1\r\n`;
    const bytes = Buffer.from(text);
    const splitter = new LineSplitter();
    const lines: string[] = [];
    for (let at = 0; at < bytes.length; at += 7) {
      for (const split of splitter.push(bytes.subarray(at, at + 7)))
        if ('line' in split) lines.push(split.line);
    }
    assert.deepEqual(lines, [
      ...DUMP1090_LINES,
      'ID,,1,1,4CA2D6,1,2026/03/02,10:20:08.159,2026/03/02,10:20:08.159,ÉTÉ1',
    ]);
    const long = new LineSplitter().push(Buffer.from(`${'x'.repeat(5000)}\n${DUMP1090_LINES[0]}\n`));
    assert.deepEqual(
      long.map((split) => ('line' in split ? split.line : 'overlong')),
      ['overlong', DUMP1090_LINES[0]],
    );
  });
});
