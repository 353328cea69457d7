// The passing of time, on a hub whose clock the test moves: standing declarations are reminded
// before they lapse, every declaration expires when its validity ends, and both are entries in the
// record, so a restart neither repeats them nor forgets them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Entry } from '../../src/record/index.js';
import { HOUR_MS, operation, site } from '../support/declarations.js';
import { InProcessHub } from '../support/in-process-hub.js';

const described = (entries: Entry[]) =>
  entries.map((entry) => {
    const about = entry.command.declaration ?? (entry.command.refused as { id: string } | undefined)?.id;
    return `${entry.kind} ${String(about)} [${entry.visibility.join(',')}]`;
  });

test('reminders before a standing declaration lapses, expiry when it ends, both recorded once', async () => {
  const t = await InProcessHub.start(Date.parse('2026-03-01T00:00:00Z'), ['alpha', 'bravo']);
  const alpha = t.admin('alpha');
  const bravo = t.admin('bravo');
  const start = t.now;
  // A site for 8 hours (reminded 2 hours before its end: a quarter of its window) and a 1-hour operation.
  await t.submit(alpha, 'declaration.submit', {
    declaration: site('alpha/warehouse', [36, 36], 200, start, 8, { function: 'aid-warehouse' }),
    known_conflicts: [],
  });
  await t.submit(alpha, 'declaration.submit', {
    declaration: operation('alpha/flight', [37, 36], 0.1, start, 1),
    known_conflicts: [],
  });
  await t.newEntries();
  const step = async (hours: number) => described(await t.advance(hours * HOUR_MS));

  assert.deepEqual(await step(0.5), []);
  assert.deepEqual(await step(0.5), ['declaration.expire alpha/flight [alpha]']);
  assert.deepEqual(await step(5), ['declaration.expiry-reminder alpha/warehouse [alpha]']);
  // Once recorded, never again, even across a restart.
  assert.deepEqual(await step(0.5), []);
  await t.restart();
  assert.deepEqual(await step(0.25), []);
  // Bravo's operation over the warehouse must name it while it is live…
  const over = operation('bravo/over', [35.99, 35.99], 0.02, t.now, 4);
  await assert.rejects(t.submit(bravo, 'declaration.submit', { declaration: over, known_conflicts: [] }), {
    type: 'unacknowledged-conflicts',
  });
  // (The refusal recorded that bravo was told of the warehouse, for both.)
  assert.deepEqual(await step(1.25), [
    'conflicts.disclosed bravo/over [alpha,bravo]',
    'declaration.expire alpha/warehouse [alpha]',
  ]);
  // …and not once it has expired.
  await t.submit(bravo, 'declaration.submit', { declaration: over, known_conflicts: [] });
  await t.stop();
});
