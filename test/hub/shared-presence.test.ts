// Two hubs of one installation over one database: the writer, and another hub its operators may be
// connected to (a follower). An operator on line on the other hub is on line for the writer's
// escalation; once they have left every hub — a socket closed, the other hub stopped, or it went
// silent past the grace — the writer counts them as gone, as when a socket on it closes, and moves
// what waited on them on when the officer's own grace (the hub's 30 s) is over.
// Each presence is refreshed by the test (the hubs do so every second) on a clock the test moves.
// An officer who leaves while a hub is still opening is not lost: the hub hears of it once open.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { HUB_OFFLINE_GRACE_S } from '../../src/hotline/offline-grace.js';
import type { Hub } from '../../src/hub/hub.js';
import { PRESENCE_GRACE_MS, SharedPresence } from '../../src/hub/shared-presence.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { deliverySteps, redDayRoster, stopRequest } from '../support/hotline-escalation.js';
import { InProcessHub } from '../support/in-process-hub.js';
import { tempDir } from '../support/temp-dir.js';

describe('on line on any hub of the installation', () => {
  let t: InProcessHub;
  let other: Hub;
  let writerPresence: SharedPresence;
  let otherPresence: SharedPresence;
  let sent = 0;
  // Each says something new, or it would be grouped with the one before as its repeat.
  const urgent = () =>
    t.submit(
      t.admin('blue'),
      'message.send',
      stopRequest(`blue/stop-${++sent}`, 'red', `Stop now (${sent}).`),
    );
  /** What the writer recorded since last asked, its delivery steps spelled out. */
  const recorded = async () => deliverySteps(await t.newEntries());
  /** The writer's steps once an officer it counts as gone has been away for the grace. */
  const pastTheOfficersGrace = async () => {
    assert.deepEqual(await recorded(), [], 'nothing moves before the officer’s grace is over');
    return deliverySteps(await t.advance(HUB_OFFLINE_GRACE_S * 1000));
  };
  const withdraw = () =>
    t.submit(t.admin('blue'), 'message.withdraw', { message: `blue/stop-${sent}`, reason: 'Called off.' });
  /** The other hub states who is on line on it, then the writer reads it back. */
  const refresh = async () => {
    await otherPresence.refresh();
    await writerPresence.refresh();
  };

  before(async () => {
    t = await InProcessHub.start(Date.parse('2026-09-17T12:00:00Z'), ['red', 'blue'], (store) => {
      writerPresence = new SharedPresence(store, { hub: 'writer', clock: () => t.now });
      return writerPresence;
    });
    await redDayRoster(t, {
      r1: OperatorSigner.generate(),
      r2: OperatorSigner.generate(),
      r3: OperatorSigner.generate(),
    });
    other = await t.twin((store) => {
      otherPresence = new SharedPresence(store, { hub: 'other', clock: () => t.now });
      return otherPresence;
    });
    await t.newEntries();
  });
  after(() => t.stop());

  test('connected to the other hub, an officer is asked; closing the socket there moves it on', async () => {
    const leave = other.connect('red.r2');
    await urgent();
    // Until the other hub has stated it, the writer knows nobody on line: it asks the first on duty.
    assert.deepEqual(await recorded(), ['message.send', 'sent → red.r1']);
    await withdraw();
    await refresh();
    await urgent();
    assert.deepEqual(await recorded(), ['message.withdraw', 'message.send', 'sent → red.r2']);
    await leave();
    await otherPresence.refresh();
    assert.deepEqual(await recorded(), [], 'the writer has not looked yet');
    await writerPresence.refresh();
    assert.deepEqual(await pastTheOfficersGrace(), ['offline → red.r3']);
    await withdraw();
  });

  test('on line on both hubs, an officer is gone only once gone from both', async () => {
    const leaveOther = other.connect('red.r1');
    const leaveWriter = t.hub.connect('red.r1');
    await refresh();
    await urgent();
    assert.deepEqual(await recorded(), ['message.withdraw', 'message.send', 'sent → red.r1']);
    await leaveWriter();
    assert.deepEqual(await recorded(), [], 'still on line on the other hub');
    await leaveOther();
    await refresh();
    assert.deepEqual(await pastTheOfficersGrace(), ['offline → red.r2']);
    await refresh();
    assert.deepEqual(await recorded(), [], 'moved on once');
    await withdraw();
  });

  test('the other hub goes silent: its officers count until the grace is over, then move on', async () => {
    other.connect('red.r2');
    await refresh();
    await urgent();
    assert.deepEqual(await recorded(), ['message.withdraw', 'message.send', 'sent → red.r2']);
    t.now += PRESENCE_GRACE_MS;
    await writerPresence.refresh();
    assert.deepEqual(await recorded(), [], 'within the grace');
    t.now += 1;
    await writerPresence.refresh();
    assert.deepEqual(await pastTheOfficersGrace(), ['offline → red.r3']);
    await withdraw();
  });

  test('the other hub stops: its officers leave with it at once', async () => {
    await refresh();
    await urgent();
    // red.r2 is still connected there: the other hub speaks again and counts.
    assert.deepEqual(await recorded(), ['message.withdraw', 'message.send', 'sent → red.r2']);
    await otherPresence.close();
    await writerPresence.refresh();
    assert.deepEqual(await pastTheOfficersGrace(), ['offline → red.r3']);
    await withdraw();
  });
});

test('an officer who leaves while the hub is still opening is reported once it watches', async () => {
  const temp = tempDir();
  const store = new SqliteStore(join(temp.path, 'record.db'));
  try {
    const other = new SharedPresence(store, { hub: 'other' });
    const opening = new SharedPresence(store, { hub: 'opening' });
    other.connect('red.r1');
    await other.refresh();
    await opening.refresh();
    assert.equal(opening.online('red.r1'), true);
    other.disconnect('red.r1');
    await other.refresh();
    await opening.refresh();
    assert.equal(opening.online('red.r1'), false);
    const reported: string[] = [];
    opening.watchGone(async (operator) => {
      reported.push(operator);
    });
    await opening.refresh();
    await opening.refresh();
    assert.deepEqual(reported, ['red.r1']);
  } finally {
    await store.close();
    temp.remove();
  }
});
