// The shared picture as CoT, read back by the hub's own reader: what a TAK client is sent is well
// formed and says what the hub meant.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCotEvent } from '../../src/interop/cot-event.js';
import { type CotReading, readCotEvent } from '../../src/interop/cot-reading.js';
import {
  alertEvent,
  movementEvent,
  type PictureTrack,
  pongEvent,
  siteEvents,
  trackEvent,
  zoneEvent,
} from '../../src/interop/cot-write-picture.js';

const timing = { now: Date.parse('2026-03-02T10:30:00Z'), stale: Date.parse('2026-03-02T10:35:00Z') };

function readBack(xml: string): CotReading {
  const parsed = parseCotEvent(xml);
  if ('drop' in parsed) assert.fail(`${parsed.drop.reason}: ${parsed.drop.detail}`);
  const reading = readCotEvent(parsed.event, 'hub');
  if ('drop' in reading) assert.fail(reading.drop.reason);
  assert.equal(reading.event.stale, timing.stale);
  return reading;
}

describe('the picture written as CoT reads back', () => {
  test('a hospital: a neutral hospital marker with remarks, and its protected circle', () => {
    const [marker, area] = siteEvents(
      {
        id: 'msf/hospital-7',
        name: 'Al-Quds "A&E" <east>',
        function: 'hospital',
        at: [37.15, 36.2],
        area: { kind: 'circle', center: [37.15, 36.2], radius_m: 500 },
        remarks: 'Run by MSF; 120 beds.',
      },
      timing,
    );
    const site = readBack(marker ?? '');
    assert.equal(site.kind, 'marker');
    assert.equal(site.event.type, 'a-n-G-I-X-H');
    assert.deepEqual([site.event.point.lon, site.event.point.lat], [37.15, 36.2]);
    assert.equal(site.kind === 'marker' && site.name, 'Al-Quds "A&E" <east>');
    assert.equal(site.kind === 'marker' && site.remarks, 'Protected site (hospital). Run by MSF; 120 beds.');
    const circle = readBack(area ?? '');
    assert.deepEqual(circle.kind === 'shape' && circle.shape, {
      kind: 'circle',
      center: [37.15, 36.2],
      radius_m: 500,
    });
  });

  test('a convoy’s route is a line through its waypoints', () => {
    const route: [number, number][] = [
      [37.1, 36.2],
      [37.12, 36.21],
      [37.2, 36.25],
    ];
    const reading = readBack(
      movementEvent({ id: 'wfp/convoy-3', name: 'WFP convoy 3', route, remarks: '' }, timing),
    );
    assert.deepEqual(reading.kind === 'shape' && reading.shape, { kind: 'polyline', points: route });
  });

  test('a zone is a closed polygon, or a circle', () => {
    const points: [number, number][] = [
      [37.0, 36.0],
      [37.1, 36.0],
      [37.1, 36.1],
    ];
    const polygon = readBack(
      zoneEvent(
        { id: 'un/no-fly-1', name: 'No-fly 1', area: { kind: 'polygon', points }, remarks: 'agreed' },
        timing,
      ),
    );
    assert.deepEqual(polygon.kind === 'shape' && polygon.shape, { kind: 'polygon', points });
    assert.equal(polygon.kind === 'shape' && polygon.remarks, 'agreed');
    const circle = readBack(
      zoneEvent(
        {
          id: 'un/no-fly-2',
          name: 'No-fly 2',
          area: { kind: 'circle', center: [37, 36], radius_m: 3000 },
          remarks: '',
        },
        timing,
      ),
    );
    assert.equal(circle.kind === 'shape' && circle.shape.kind, 'circle');
  });

  test('tracks are typed by how the viewer relates to their owner; a friend’s reads back as a track', () => {
    const track: PictureTrack = {
      id: 'icao:738065',
      callsign: 'ELY027',
      affiliation: 'friend',
      domain: 'air',
      time: timing.now,
      lon: 37.1,
      lat: 36.2,
      alt_m: 10363.2,
      ground_speed_mps: 232.5,
      track_deg: 87,
    };
    const friend = readBack(trackEvent(track, timing));
    assert.equal(friend.event.type, 'a-f-A');
    assert.equal(friend.kind, 'track');
    if (friend.kind === 'track') {
      assert.equal(friend.track.alt_m, 10363.2);
      assert.equal(friend.track.ground_speed_mps, 232.5);
      assert.equal(friend.track.track_deg, 87);
      assert.equal(friend.track.callsign, 'ELY027');
    }
    const other = readBack(trackEvent({ ...track, affiliation: 'hostile', domain: 'ground' }, timing));
    assert.equal(other.event.type, 'a-h-G');
    assert.equal(other.kind, 'marker');
    assert.equal(readBack(trackEvent({ ...track, affiliation: 'neutral' }, timing)).event.type, 'a-n-A');
    // A velocity not known is not sent as 0: the event has no <track>, and reads back unknown.
    const unknown = readBack(trackEvent({ ...track, ground_speed_mps: null, track_deg: null }, timing));
    assert.ok(
      unknown.kind === 'track' && unknown.track.ground_speed_mps === null && unknown.track.track_deg === null,
    );
  });

  test('an alert raises a TAK alert, and its end clears it under the same uid', () => {
    const alert = {
      id: 'a-17',
      title: 'Intrusion: no-fly 1',
      at: [37.05, 36.05] as const,
      remarks: 'Track ELY027',
    };
    const raised = readBack(alertEvent({ ...alert, ended: false }, timing));
    const ended = readBack(alertEvent({ ...alert, ended: true }, timing));
    assert.equal(raised.kind === 'alert' && raised.cancelled, false);
    assert.equal(raised.kind === 'alert' && raised.text, 'Track ELY027');
    assert.equal(ended.kind === 'alert' && ended.cancelled, true);
    assert.equal(raised.event.uid, ended.event.uid);
  });

  test('the answer to a keep-alive is a pong', () => {
    assert.equal(readBack(pongEvent(timing)).kind, 'ping');
  });
});
