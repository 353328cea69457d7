// The hub's log while its database is down: the first failure at once, its repeats held back and
// counted, a different failure at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RepeatDamper } from '../../src/cli/repeat-damper.js';

test('a failure repeated four times a second is written once, then again every half minute with its count', () => {
  let now = 0;
  const written: string[] = [];
  const damper = new RepeatDamper(
    (line) => written.push(line),
    () => now,
  );
  for (; now < 61_000; now += 250) damper.note('following the record: connect ECONNREFUSED');
  damper.note('changing role: terminating connection due to administrator command');
  assert.deepEqual(written, [
    'following the record: connect ECONNREFUSED',
    'following the record: connect ECONNREFUSED (119 more times in the last 30 s)',
    'following the record: connect ECONNREFUSED (119 more times in the last 30 s)',
    'changing role: terminating connection due to administrator command',
  ]);
});
