// Who is on duty when, in each member's own time zone: known answers across offsets, a shift past
// midnight, weekdays, and a daylight-saving change.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Step } from '../../src/hotline/delivery.js';
import { firstStep, nextStep } from '../../src/hotline/escalation.js';
import { isTimeZone, onDuty, type Roster, type RosterMember, shiftCovers } from '../../src/hotline/roster.js';

const at = (iso: string) => Date.parse(iso);

describe('shifts', () => {
  test('local hours in the member’s time zone', () => {
    const moscowDay = { from: '08:00', to: '20:00', timeZone: 'Europe/Moscow' };
    // 05:00Z is 08:00 in Moscow (UTC+3 all year): the shift has begun; 17:00Z is 20:00, it has ended.
    assert.equal(shiftCovers(moscowDay, at('2026-03-02T04:59:00Z')), false);
    assert.equal(shiftCovers(moscowDay, at('2026-03-02T05:00:00Z')), true);
    assert.equal(shiftCovers(moscowDay, at('2026-03-02T16:59:00Z')), true);
    assert.equal(shiftCovers(moscowDay, at('2026-03-02T17:00:00Z')), false);
  });

  test('a night shift runs past midnight and belongs to the day it starts', () => {
    // Damascus is UTC+3. Monday 22:00 to Tuesday 06:00 local, starting on Mondays only.
    const night = { days: ['mon'] as const, from: '22:00', to: '06:00', timeZone: 'Asia/Damascus' };
    assert.equal(shiftCovers(night, at('2026-03-02T19:00:00Z')), true); // Mon 22:00
    assert.equal(shiftCovers(night, at('2026-03-02T23:30:00Z')), true); // Tue 02:30
    assert.equal(shiftCovers(night, at('2026-03-03T03:00:00Z')), false); // Tue 06:00
    assert.equal(shiftCovers(night, at('2026-03-03T19:00:00Z')), false); // Tue 22:00: not a Monday
  });

  test('a 24-hour duty runs from its hour on the days it starts to the same hour the next day', () => {
    // Damascus is UTC+3. Duty from 08:00 on Mondays to 08:00 on Tuesdays.
    const duty = { days: ['mon'] as const, from: '08:00', to: '08:00', timeZone: 'Asia/Damascus' };
    assert.equal(shiftCovers(duty, at('2026-03-02T04:59:00Z')), false); // Mon 07:59
    assert.equal(shiftCovers(duty, at('2026-03-02T05:00:00Z')), true); // Mon 08:00
    assert.equal(shiftCovers(duty, at('2026-03-02T21:00:00Z')), true); // Tue 00:00
    assert.equal(shiftCovers(duty, at('2026-03-03T04:59:00Z')), true); // Tue 07:59
    assert.equal(shiftCovers(duty, at('2026-03-03T05:00:00Z')), false); // Tue 08:00
  });

  test('daylight saving moves the shift in UTC, not in local time', () => {
    const berlin = { from: '09:00', to: '17:00', timeZone: 'Europe/Berlin' };
    // Before 29 March 2026 Berlin is UTC+1; after, UTC+2.
    assert.equal(shiftCovers(berlin, at('2026-03-27T08:00:00Z')), true);
    assert.equal(shiftCovers(berlin, at('2026-03-30T07:00:00Z')), true);
    assert.equal(shiftCovers(berlin, at('2026-03-30T15:30:00Z')), false);
  });

  test('a member without shifts is always on duty; unknown zones are told apart', () => {
    assert.equal(onDuty({ operator: 'x', shifts: [] }, 0), true);
    assert.equal(isTimeZone('Asia/Damascus'), true);
    assert.equal(isTimeZone('Mars/Olympus_Mons'), false);
  });
});

describe('escalation order', () => {
  const day = [{ from: '06:00', to: '18:00', timeZone: 'UTC' }];
  const member = (operator: string, shifts = day): RosterMember => ({ operator, shifts });
  const roster: Roster = {
    id: 'red/air',
    party: 'red',
    duty: 'air',
    members: [
      member('a'),
      member('night', [{ from: '18:00', to: '06:00', timeZone: 'UTC' }]),
      member('b'),
      member('c'),
    ],
    chief: 'chief',
    version: 1,
    since: '',
  };
  const noon = at('2026-03-02T12:00:00Z');

  test('first the first on duty and on line, else the first on duty', () => {
    assert.deepEqual(
      firstStep(roster, noon, (op) => op === 'b'),
      { kind: 'member', operator: 'b', position: 2 },
    );
    assert.deepEqual(
      firstStep(roster, noon, () => false),
      { kind: 'member', operator: 'a', position: 0 },
    );
    assert.deepEqual(
      firstStep(null, noon, () => true),
      { kind: 'party' },
    );
  });

  test('then the next on duty, then the chief, then the whole party, then nobody', () => {
    const steps: string[] = [];
    let step: Step | null = firstStep(roster, noon, () => false);
    while (step) {
      steps.push(step.kind === 'party' ? 'party' : step.operator);
      step = nextStep(roster, step, noon, () => false);
    }
    assert.deepEqual(steps, ['a', 'b', 'c', 'chief', 'party']);
  });

  test('a roster without a chief goes from its last member on duty to the whole party', () => {
    const { chief: _chief, ...chiefless } = roster;
    const steps: string[] = [];
    let step: Step | null = firstStep(chiefless, noon, () => false);
    while (step) {
      steps.push(step.kind === 'party' ? 'party' : step.operator);
      step = nextStep(chiefless, step, noon, () => false);
    }
    assert.deepEqual(steps, ['a', 'b', 'c', 'party']);
    // Nobody on duty at all: the whole party at once.
    const nobody = {
      ...chiefless,
      members: [member('night', [{ from: '18:00', to: '06:00', timeZone: 'UTC' }])],
    };
    assert.deepEqual(
      firstStep(nobody, noon, () => true),
      { kind: 'party' },
    );
  });

  test('the next on duty and on line is asked before one off line', () => {
    const steps: string[] = [];
    let step: Step | null = firstStep(roster, noon, (op) => op === 'a' || op === 'c');
    while (step) {
      steps.push(step.kind === 'party' ? 'party' : step.operator);
      step = nextStep(roster, step, noon, (op) => op === 'a' || op === 'c');
    }
    // b is skipped: asking it would spend a whole deadline on one who cannot answer.
    assert.deepEqual(steps, ['a', 'c', 'chief', 'party']);
  });

  test('nobody on duty: straight to the chief', () => {
    assert.deepEqual(
      firstStep(roster, at('2026-03-02T03:00:00Z'), () => false),
      {
        kind: 'member',
        operator: 'night',
        position: 1,
      },
    );
    const dayOnly: Roster = { ...roster, members: [member('a')] };
    assert.deepEqual(
      firstStep(dayOnly, at('2026-03-02T03:00:00Z'), () => true),
      { kind: 'chief', operator: 'chief' },
    );
  });
});
