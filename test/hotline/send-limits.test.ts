// The sliding window of the send limits, against a count kept by hand at every millisecond, and
// which limit applies when agreements set one.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Agreement } from '../../src/deconfliction/agreement.js';
import { HUB_SEND_LIMITS, type SendLimit, sendLimit, waitForRoom } from '../../src/hotline/send-limits.js';
import { Prng } from '../support/prng.js';

/** How many of `sentAt` are within the window at `now`: sent after now − window. */
const inWindow = (sentAt: number[], limit: SendLimit, now: number) =>
  sentAt.filter((t) => t > now - limit.windowS * 1000).length;

describe('waiting for room', () => {
  test('known answers: room at once, when the oldest leaves, and after a limit was lowered', () => {
    const s = 1000;
    const five = [0, 1, 2, 3, 4].map((t) => t * s);
    assert.equal(waitForRoom([], { count: 5, windowS: 60 }, 0), 0);
    assert.equal(waitForRoom(five.slice(0, 4), { count: 5, windowS: 60 }, 10 * s), 0);
    assert.equal(waitForRoom(five, { count: 5, windowS: 60 }, 10 * s), 50 * s);
    // Lowered to two: three of the five must leave first, the third of them sent at 3 s.
    assert.equal(waitForRoom(five, { count: 2, windowS: 60 }, 10 * s), 53 * s);
    // The first has left the window at exactly 60 s.
    assert.equal(waitForRoom(five, { count: 5, windowS: 60 }, 60 * s), 0);
  });

  test('the wait is exactly the time until the window holds fewer than the limit', () => {
    const random = new Prng(11);
    for (let round = 0; round < 200; round++) {
      const limit = { count: 1 + random.int(6), windowS: 1 + random.int(5) };
      const sentAt: number[] = [];
      let now = 0;
      for (let i = 0; i < 20; i++) {
        now += random.int(1500);
        const wait = waitForRoom(sentAt, limit, now);
        // By hand: the first millisecond from now on with room.
        let byHand = 0;
        while (inWindow(sentAt, limit, now + byHand) >= limit.count) byHand++;
        assert.equal(wait, byHand, `round ${round}, ${JSON.stringify({ limit, sentAt, now })}`);
        if (wait === 0) sentAt.push(now);
      }
    }
  });
});

describe('which limit applies', () => {
  const agreement = (
    id: string,
    parties: string[],
    limit: SendLimit | undefined,
    status: Agreement['status'] = 'in-force',
  ): Agreement => ({
    id,
    title: id,
    parties,
    terms: 'Hotline terms.',
    separation: null,
    ...(limit ? { sendLimits: { 'urgent-request': limit } } : {}),
    signatures: [],
    status,
    proposed: '2026-09-09T00:00:00Z',
  });

  test('the hub’s default without an agreement between the two that sets one', () => {
    const others = [
      agreement('a/with-c', ['a', 'c'], { count: 1, windowS: 60 }),
      agreement('a/proposed', ['a', 'b'], { count: 1, windowS: 60 }, 'proposed'),
      agreement('a/no-limit', ['a', 'b'], undefined),
    ];
    assert.deepEqual(sendLimit(others, 'urgent-request', 'a', 'b'), HUB_SEND_LIMITS['urgent-request']);
    assert.deepEqual(sendLimit(others, 'notification', 'a', 'c'), HUB_SEND_LIMITS.notification);
  });

  test('an agreement’s, raised or lowered; the strictest rate where several apply', () => {
    const raised = agreement('a/raised', ['a', 'b'], { count: 20, windowS: 60 });
    const slower = agreement('b/slower', ['a', 'b', 'c'], { count: 6, windowS: 120 });
    assert.deepEqual(sendLimit([raised], 'urgent-request', 'b', 'a'), { count: 20, windowS: 60 });
    assert.deepEqual(sendLimit([raised, slower], 'urgent-request', 'a', 'b'), { count: 6, windowS: 120 });
  });
});
