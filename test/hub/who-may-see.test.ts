// Who may see what, as a table of parties × things over the state of a real hub built by signed
// commands: declarations shared with all, with none, with named parties and on behalf of another;
// the conflicts between them; an agreement's parties; a message's sender and recipients; track
// feeds kept, shared with one party and with all; the declaration an alert names; a refused sender.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { HubState } from '../../src/hub/state.js';
import {
  feedsWithTracksFor,
  maySeeAgreement,
  maySeeAlertDeclaration,
  maySeeConflict,
  maySeeDeclaration,
  maySeeEntry,
  maySeeFeed,
  maySeeFeedTracks,
  maySeeMessage,
  maySeeRefusal,
  maySeeTrack,
} from '../../src/hub/who-may-see.js';
import type { AlertEvent } from '../../src/watch/alert-event.js';
import { operation, site } from '../support/declarations.js';
import { InProcessHub } from '../support/in-process-hub.js';

const PARTIES = ['blue', 'red', 'green', 'ocha', 'sarc'] as const;
type Party = (typeof PARTIES)[number];
const START = Date.parse('2026-09-17T12:00:00Z');

/** The parties for which `sees` holds, in the table's order. */
const seers = (sees: (party: Party) => boolean) => PARTIES.filter(sees);

describe('who may see what', () => {
  let t: InProcessHub;
  const read = <T>(reader: (state: HubState) => T) => t.hub.read(reader);

  before(async () => {
    t = await InProcessHub.start(START, PARTIES);
    const declare = (party: Party, declaration: Record<string, unknown>, known: unknown[] = []) =>
      t.submit(t.admin(party), 'declaration.submit', { declaration, known_conflicts: known });
    await declare('blue', site('blue/public', [37.2, 36.2], 300, START, 48, { visibility: ['*'] }));
    await declare('blue', site('blue/private', [37.2, 36.2], 300, START));
    await declare('blue', site('blue/for-red', [37.2, 36.2], 300, START, 48, { visibility: ['red'] }));
    await declare(
      'ocha',
      site('ocha/warehouse', [36.2, 36.5], 300, START, 48, { visibility: ['red'], on_behalf_of: ['sarc'] }),
    );
    // Red's strike covers blue's three sites and names each (the private one it knows only by id).
    await declare(
      'red',
      operation('red/strike', [37.15, 36.15], 0.1, START + 3_600_000, 2, { visibility: ['*'] }),
      [
        { declaration: 'blue/public', version: 1 },
        { declaration: 'blue/private', version: 1 },
        { declaration: 'blue/for-red', version: 1 },
      ],
    );
    await t.submit(t.admin('blue'), 'agreement.propose', {
      agreement: { id: 'blue/air', title: 'Air', parties: ['blue', 'red'], terms: 'Call first.' },
    });
    await t.submit(t.admin('blue'), 'message.send', {
      message: {
        id: 'blue/note-1',
        kind: 'notification',
        recipients: [{ party: 'red' }],
        text: 'Flying at noon.',
      },
    });
    await t.submit(t.admin('blue'), 'feed.set', { feed: { name: 'c2', kind: 'api', share_with: ['red'] } });
    await t.submit(t.admin('red'), 'feed.set', { feed: { name: 'c2', kind: 'api', share_with: '*' } });
    await t.submit(t.admin('green'), 'feed.set', { feed: { name: 'c2', kind: 'api' } });
  });
  after(() => t.stop());

  test('an entry: the parties its visibility names, or everyone', () => {
    assert.deepEqual(
      seers((p) => maySeeEntry({ visibility: ['*'] }, p)),
      PARTIES,
    );
    assert.deepEqual(
      seers((p) => maySeeEntry({ visibility: ['blue', 'red'] }, p)),
      ['blue', 'red'],
    );
    assert.deepEqual(
      seers((p) => maySeeEntry({ visibility: ['hub'] }, p)),
      [],
    );
  });

  test('a declaration: its owner, those it is shared with, those it is declared for', async () => {
    const table = await read<Record<string, Party[]>>((state) =>
      Object.fromEntries(
        [...state.deconfliction.declarations.values()].map((d) => [
          d.id,
          seers((p) => maySeeDeclaration(d, p)),
        ]),
      ),
    );
    assert.deepEqual(table, {
      'blue/public': [...PARTIES],
      'blue/private': ['blue'],
      'blue/for-red': ['blue', 'red'],
      'ocha/warehouse': ['red', 'ocha', 'sarc'],
      'red/strike': [...PARTIES],
    });
  });

  test('a conflict: the owners of both declarations, and whoever may see both', async () => {
    const table = await read<Record<string, Party[]>>((state) =>
      Object.fromEntries(
        state.deconfliction.conflicts.map((c) => [
          `${c.found.declaration}×${c.against.declaration}`,
          seers((p) => maySeeConflict(state.deconfliction, c, p)),
        ]),
      ),
    );
    assert.deepEqual(table, {
      'red/strike×blue/public': [...PARTIES],
      'red/strike×blue/private': ['blue', 'red'],
      'red/strike×blue/for-red': ['blue', 'red'],
    });
  });

  test('an agreement: its parties, signed or not yet', async () => {
    const agreement = await read((state) => state.deconfliction.agreements.get('blue/air'));
    assert.ok(agreement);
    assert.deepEqual(
      seers((p) => maySeeAgreement(agreement, p)),
      ['blue', 'red'],
    );
  });

  test('a message: its sender and its recipients', async () => {
    const message = await read((state) => state.hotline.messages.get('blue/note-1'));
    assert.ok(message);
    assert.deepEqual(
      seers((p) => maySeeMessage(message, p)),
      ['blue', 'red'],
    );
  });

  test('a feed: its settings to its own party; its tracks also to those it is shared with', async () => {
    const table = await read<Record<string, [Party[], Party[]]>>((state) =>
      Object.fromEntries(
        [...state.feeds.values()].map((feed) => [
          feed.id,
          [seers((p) => maySeeFeed(feed, p)), seers((p) => maySeeFeedTracks(feed, p))],
        ]),
      ),
    );
    assert.deepEqual(table, {
      'blue/c2': [['blue'], ['blue', 'red']],
      'red/c2': [['red'], [...PARTIES]],
      'green/c2': [['green'], ['green']],
    });
    const kept = await read<Record<string, string[]>>((state) =>
      Object.fromEntries(PARTIES.map((p) => [p, feedsWithTracksFor(state, p).sort()])),
    );
    assert.deepEqual(kept, {
      blue: ['blue/c2', 'red/c2'],
      red: ['blue/c2', 'red/c2'],
      green: ['green/c2', 'red/c2'],
      ocha: ['red/c2'],
      sarc: ['red/c2'],
    });
  });

  test('a track: by its feed’s sharing, and always to its own party, even of a feed since removed', async () => {
    const feeds = await read((state) => state.feeds);
    assert.deepEqual(
      seers((p) => maySeeTrack(feeds, 'blue/c2:b1', p)),
      ['blue', 'red'],
    );
    assert.deepEqual(
      seers((p) => maySeeTrack(feeds, 'green/c2:g1', p)),
      ['green'],
    );
    assert.deepEqual(
      seers((p) => maySeeTrack(feeds, 'sarc/removed:s1', p)),
      ['sarc'],
    );
  });

  test('the declaration an alert names: its owner and those who may see it', async () => {
    const naming = (id: string, party: string): AlertEvent => ({
      event: 'begin',
      alert: `intrusion:x@${START}`,
      kind: 'intrusion',
      time: START,
      began: START,
      tracks: ['red/c2:r1'],
      parties: ['red', party],
      positions: [],
      prediction: null,
      declaration: { id, version: 1, party, kind: 'site', volume: 0, role: 'protected-site' },
      reason: 'inside',
    });
    const table = await read<Record<string, Party[]>>((state) =>
      Object.fromEntries(
        [
          ['blue/private', 'blue'],
          ['blue/for-red', 'blue'],
          ['ocha/warehouse', 'ocha'],
        ].map(([id, owner]) => [
          id,
          seers((p) => maySeeAlertDeclaration(state, naming(id as string, owner as string), p)),
        ]),
      ),
    );
    assert.deepEqual(table, {
      'blue/private': ['blue'],
      'blue/for-red': ['blue', 'red'],
      'ocha/warehouse': ['red', 'ocha', 'sarc'],
    });
  });

  test('a refused sender: the sender’s party and the recipient’s', () => {
    assert.deepEqual(
      seers((p) => maySeeRefusal({ party: 'green', recipientParty: 'ocha' }, p)),
      ['green', 'ocha'],
    );
  });
});
