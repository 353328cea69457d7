// CoT events as TAK clients send them, read as the hub understands them: a client's own position is
// a track in SI units; drawn shapes, chat, keep-alives and markers about others are recognised and
// passed on with a reason; broken events are dropped with one.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCotEvent } from '../../src/interop/cot-event.js';
import { type CotReading, readCotEvent } from '../../src/interop/cot-reading.js';
import type { DroppedInput } from '../../src/interop/dropped-input.js';
import * as sample from './samples.js';

function read(xml: string): CotReading | { drop: DroppedInput } {
  const parsed = parseCotEvent(xml);
  return 'drop' in parsed ? parsed : readCotEvent(parsed.event, 'ocha-tak');
}

function reading(xml: string): CotReading {
  const result = read(xml);
  if ('drop' in result) assert.fail(`dropped: ${result.drop.reason}: ${result.drop.detail}`);
  return result;
}

function dropOf(xml: string): DroppedInput {
  const result = read(xml);
  if (!('drop' in result)) assert.fail(`read as ${result.kind}`);
  return result.drop;
}

describe('a TAK client’s own position', () => {
  test('ATAK’s PLI is a track with its height above the ellipsoid, speed and course', () => {
    const result = reading(sample.ATAK_PLI);
    assert.equal(result.kind, 'track');
    if (result.kind !== 'track') return;
    assert.deepEqual(result.track, {
      id: 'ANDROID-3b8f1c2d9e7a6b50',
      source: 'ocha-tak',
      time: Date.parse('2026-03-02T10:15:20.512Z'),
      lon: 37.1342603,
      lat: 36.2021046,
      alt_m: 412.817,
      alt_reference: 'hae',
      ground_speed_mps: 8.42,
      track_deg: 271.35,
      vertical_rate_mps: null,
      horizontal_error_m: 4.9,
      callsign: 'OCHA-ALEPPO-2',
      stale: Date.parse('2026-03-02T10:21:35.512Z'),
    });
  });

  test('WinTAK’s PLI with no height known has a null altitude, not 9,999,999 m', () => {
    const result = reading(sample.WINTAK_PLI);
    assert.equal(result.kind, 'track');
    if (result.kind !== 'track') return;
    assert.equal(result.track.alt_m, null);
    assert.equal(result.track.horizontal_error_m, null);
    assert.equal(result.track.callsign, 'WFP-OPS');
    assert.equal(result.track.ground_speed_mps, 0);
  });

  test('a course of 360 or below 0 is given in [0, 360)', () => {
    const north = reading(sample.ATAK_PLI.replace('course="271.35"', 'course="360"'));
    const west = reading(sample.ATAK_PLI.replace('course="271.35"', 'course="-90"'));
    assert.equal(north.kind === 'track' && north.track.track_deg, 0);
    assert.equal(west.kind === 'track' && west.track.track_deg, 270);
  });
});

describe('what is not a track is recognised, with the reason', () => {
  test('markers about other parties’ assets are never taken as tracks', () => {
    const result = reading(sample.HOSTILE_MARKER);
    assert.equal(result.kind, 'marker');
    assert.match(result.kind === 'marker' ? result.reason : '', /another party/);
  });

  test('a friendly marker placed by hand is not a live position', () => {
    const result = reading(sample.FRIENDLY_MARKER);
    assert.equal(result.kind, 'marker');
    assert.match(result.kind === 'marker' ? result.reason : '', /by hand/);
  });

  test('a drawn polygon, with its vertices in order and the closing repeat removed', () => {
    const result = reading(sample.ATAK_POLYGON);
    assert.equal(result.kind, 'shape');
    if (result.kind !== 'shape') return;
    assert.deepEqual(result.shape, {
      kind: 'polygon',
      points: [
        [37.12, 36.21],
        [37.15, 36.22],
        [37.16, 36.19],
      ],
    });
    assert.equal(result.name, 'Shape 1');
    assert.equal(result.remarks, 'checkpoint area');
  });

  test('a drawn line, a rectangle and a circle', () => {
    const line = reading(sample.ATAK_LINE);
    assert.deepEqual(line.kind === 'shape' && line.shape.kind, 'polyline');
    const rectangle = reading(sample.ATAK_RECTANGLE);
    assert.deepEqual(rectangle.kind === 'shape' && rectangle.shape, {
      kind: 'polygon',
      points: [
        [37.13, 36.21],
        [37.14, 36.21],
        [37.14, 36.2],
        [37.13, 36.2],
      ],
    });
    const circle = reading(sample.ATAK_CIRCLE);
    assert.deepEqual(circle.kind === 'shape' && circle.shape, {
      kind: 'circle',
      center: [37.1, 36.2],
      radius_m: 750,
    });
  });

  test('a chat message, with who sent it, where and what', () => {
    const result = reading(sample.ATAK_CHAT);
    assert.equal(result.kind, 'chat');
    assert.deepEqual(result.kind === 'chat' && result.chat, {
      from: 'OCHA-ALEPPO-2',
      room: 'All Chat Rooms',
      text: 'Convoy at the bridge, holding 10 min',
    });
  });

  test('a keep-alive, and TAK’s protocol negotiation', () => {
    assert.equal(reading(sample.ATAK_PING).kind, 'ping');
    const negotiation = reading(sample.ATAK_PING.replace('t-x-c-t', 't-x-takp-q'));
    assert.equal(negotiation.kind, 'other');
    assert.match(negotiation.kind === 'other' ? negotiation.reason : '', /XML only/);
  });
});

describe('broken events are dropped with a reason', () => {
  test('malformed XML says where', () => {
    const drop = dropOf(sample.ATAK_PLI.replace('</detail>', ''));
    assert.equal(drop.reason, 'malformed XML');
    assert.match(drop.detail ?? '', /line 1/);
  });

  test('positions off the Earth, impossible motion, missing fields', () => {
    assert.match(dropOf(sample.ATAK_PLI.replace('lat="36.2021046"', 'lat="91"')).detail ?? '', /latitude/);
    assert.match(dropOf(sample.ATAK_PLI.replace('lon="37.1342603"', 'lon="abc"')).detail ?? '', /longitude/);
    assert.equal(dropOf(sample.ATAK_PLI.replace('speed="8.42"', 'speed="-3"')).reason, 'impossible motion');
    assert.match(dropOf(sample.ATAK_PLI.replace(/ uid="[^"]*"/, '')).detail ?? '', /uid/);
    assert.match(dropOf(sample.ATAK_PLI.replace(/ stale="[^"]*"/, '')).detail ?? '', /stale/);
    assert.equal(dropOf('<message/>').reason, 'not a CoT event');
  });

  test('a document type declaration is refused, so no entity can expand', () => {
    const bomb = `<!DOCTYPE event [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>${sample.ATAK_PLI.replace('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', '').replace('OCHA-ALEPPO-2"/><uid', '&b;"/><uid')}`;
    assert.equal(dropOf(bomb).reason, 'malformed XML');
  });
});
