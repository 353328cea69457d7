// What a party reads of an alert about a track it may not see, against a prober: a party that
// invents tracks around another's, from as many places as it likes, reads the same bearing and
// distance for any two positions of the other within one arc-minute cell, so that the readings
// together place it no more finely than that cell; and words naming the hidden track say only whose,
// even once it has fallen silent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alertView, alertViews, reasonFor, withoutForeignLink } from '../../src/hub/commands/alert-views.js';
import type { TrackFeed } from '../../src/hub/commands/track-feeds.js';
import { HubState } from '../../src/hub/state.js';
import type { AlertEvent } from '../../src/watch/alert-event.js';
import type { TrackReport } from '../../src/watch/track-report.js';
import { Prng } from '../support/prng.js';

const TIME = Date.parse('2026-03-02T10:00:00Z');

function aircraft(id: string, party: string, lon: number, lat: number): TrackReport {
  return {
    id,
    party,
    lon,
    lat,
    altM: 5000,
    groundSpeedMs: 200,
    trackDeg: 90,
    verticalRateMs: 0,
    time: TIME,
    airborne: true,
  };
}

function encounter(probe: TrackReport, other: TrackReport): AlertEvent {
  return {
    event: 'begin',
    alert: `loss-of-separation:${probe.id}+${other.id}@${TIME}`,
    kind: 'loss-of-separation',
    time: TIME,
    began: TIME,
    tracks: [probe.id, other.id],
    parties: [probe.party, other.party],
    positions: [probe, other],
    prediction: {
      timeToLossS: 12.34,
      lossEndsS: null,
      closestInS: 30.7,
      horizontalMissM: 1234.5,
      verticalMissM: 12.3,
      minima: { horizontalM: 9260, verticalM: 304.8 },
      lookaheadS: 300,
    },
    declaration: null,
    reason: 'separation lost in 12 s; closest 1235 m horizontally and 12 m vertically',
  };
}

const feed = (party: string, shareWith: string[]): TrackFeed => ({
  id: `${party}/c2`,
  party,
  name: 'c2',
  kind: 'api',
  shareWith,
  roster: 'air',
});

function stateWithFeeds(): HubState {
  const state = new HubState();
  for (const party of ['blue', 'red']) state.feeds.set(`${party}/c2`, feed(party, []));
  return state;
}

test('two positions of an unseen track in one cell read the same from every invented vantage point', () => {
  const state = stateWithFeeds();
  // Two places of blue's aircraft 1.5 km apart, both in the cell 38°10′–38°11′ E, 35°20′–35°21′ N.
  const cell = { west: 38 + 10 / 60, south: 35 + 20 / 60 };
  const near = aircraft('blue/c2:b1', 'blue', cell.west + 0.001, cell.south + 0.001);
  const far = aircraft('blue/c2:b1', 'blue', cell.west + 0.0155, cell.south + 0.0155);
  const random = new Prng(7);
  const readings = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const probe = aircraft(
      `red/c2:p${i}`,
      'red',
      cell.west + (random.int(30_001) - 15_000) / 100_000,
      cell.south + (random.int(30_001) - 15_000) / 100_000,
    );
    const [a, b] = [near, far].map((blue) => alertView(state, encounter(probe, blue), 'alert-1', 'red'));
    assert.deepEqual(a?.unseen_tracks, b?.unseen_tracks, `from ${probe.lon}, ${probe.lat}`);
    readings.add(JSON.stringify(a?.unseen_tracks));
    const text = JSON.stringify(a);
    assert.doesNotMatch(text, /blue\/c2:b1/);
    assert.ok(!text.includes(String(near.lon).slice(0, 7)), 'not blue’s longitude');
  }
  assert.equal(readings.size, 200, 'each vantage point reads its own bearing and distance');
});

test('a partial view rounds the prediction; a full one gives it as computed', () => {
  const state = stateWithFeeds();
  const event = encounter(aircraft('red/c2:r1', 'red', 38, 35), aircraft('blue/c2:b1', 'blue', 38.2, 35));
  const partial = alertView(state, event, 'alert-1', 'red');
  assert.deepEqual(
    [
      partial.prediction?.time_to_loss_s,
      partial.prediction?.closest_in_s,
      partial.prediction?.horizontal_miss_m,
      partial.prediction?.vertical_miss_m,
    ],
    [12, 31, 1200, 10],
  );
  assert.equal(
    partial.reason,
    'separation lost in 12 s; closest about 1200 m horizontally and 10 m vertically',
  );
  state.feeds.set('blue/c2', feed('blue', ['red']));
  const full = alertView(state, event, 'alert-1', 'red');
  assert.equal(full.prediction?.horizontal_miss_m, 1234.5);
  assert.deepEqual(
    full.tracks.map((t) => t.id),
    ['red/c2:r1', 'blue/c2:b1'],
  );
  assert.equal(full.reason, event.reason);
});

test('the end of an alert whose other track fell silent names it only by whose it was', () => {
  const state = stateWithFeeds();
  const begin = encounter(aircraft('red/c2:r1', 'red', 38, 35), aircraft('blue/c2:b1', 'blue', 38.2, 35));
  // Blue's aircraft was dropped for silence: the end has no position of it left.
  const end: AlertEvent = {
    ...begin,
    event: 'end',
    positions: begin.positions.slice(0, 1),
    prediction: null,
    reason: 'track blue/c2:b1 has not reported for 60 s',
  };
  assert.equal(reasonFor(state, end, 'red'), 'a track of blue has not reported for 60 s');
  assert.equal(reasonFor(state, end, 'blue'), end.reason, 'its own party reads it as written');
});

test('a track linked to another party’s operation reads as linked to one never declared, told to its party alone', () => {
  const state = stateWithFeeds();
  const stray = (declaration: AlertEvent['declaration'], parties: string[]): AlertEvent => ({
    event: 'begin',
    alert: 'non-conformance:red/c2:r1+x@0',
    kind: 'non-conformance',
    time: TIME,
    began: TIME,
    tracks: ['red/c2:r1'],
    parties,
    positions: [aircraft('red/c2:r1', 'red', 38, 35)],
    prediction: null,
    declaration,
    reason: 'linked to an operation its party has not declared',
  });
  // As the watch finds them: blue's operation exists (version 3, a volume named), the other never was.
  const foreign = stray(
    { id: 'blue/op-1', version: 3, party: 'blue', kind: 'operation', volume: null, role: 'operation' },
    ['blue', 'red'],
  );
  const undeclared = stray(
    { id: 'blue/op-1', version: 0, party: 'red', kind: 'operation', volume: null, role: 'operation' },
    ['red'],
  );
  const told = alertViews(state, withoutForeignLink(foreign), 'alert-1');
  assert.deepEqual(told, alertViews(state, withoutForeignLink(undeclared), 'alert-1'));
  assert.deepEqual(
    told.map((view) => view.parties),
    [['red']],
  );
});
