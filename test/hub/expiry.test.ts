// The passing of time, on a hub whose clock the test moves: standing declarations are reminded
// before they lapse, every declaration expires when its validity ends, and both are entries in the
// record, so a restart neither repeats them nor forgets them.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { Hub } from '../../src/hub/hub.js';
import { parseTrustedEntry } from '../../src/record/index.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { HOUR_MS, operation, site } from '../support/declarations.js';
import { tempDir } from '../support/temp-dir.js';

const ORIGIN = 'expiry.test/hub';
const temp = tempDir();
after(() => temp.remove());

test('reminders before a standing declaration lapses, expiry when it ends, both recorded once', async () => {
  const hubKey = generateKeyPairSync('ed25519').privateKey;
  const store = new SqliteStore(join(temp.path, 'record.db'));
  let now = Date.parse('2026-03-01T00:00:00Z');
  const clock = () => now;
  const open = () => Hub.open({ store, hubKey, origin: ORIGIN, clock, verifyThreads: 1 });
  let hub = await open();
  const admin = OperatorSigner.generate();
  const alpha = OperatorSigner.generate();
  const bravo = OperatorSigner.generate();
  await hub.found({ id: 'hub', name: 'Hub' }, { id: 'admin', name: 'Admin', publicKey: admin.publicKey });
  const submit = (signer: OperatorSigner, type: string, fields: Record<string, unknown>) =>
    hub.submit(signer.command(ORIGIN, type, fields, now));
  for (const [party, signer] of [
    ['alpha', alpha],
    ['bravo', bravo],
  ] as const) {
    await submit(admin, 'party.create', {
      party: { id: party, name: party },
      administrator: { id: `${party}-admin`, name: party, public_key: signer.publicKey },
    });
  }
  const start = now;
  // A site for 8 hours (reminded 2 hours before its end: a quarter of its window) and a 1-hour operation.
  await submit(alpha, 'declaration.submit', {
    declaration: site('alpha/warehouse', [36, 36], 200, start, 8, { function: 'aid-warehouse' }),
    known_conflicts: [],
  });
  await submit(alpha, 'declaration.submit', {
    declaration: operation('alpha/flight', [37, 36], 0.1, start, 1),
    known_conflicts: [],
  });
  const kinds = async (from: number) => {
    const entries = await store.entries(from, await store.size());
    return entries.map((e) => {
      const entry = parseTrustedEntry(e.bytes);
      const about = entry.command.declaration ?? (entry.command.refused as { id: string } | undefined)?.id;
      return `${entry.kind} ${String(about)} [${entry.visibility.join(',')}]`;
    });
  };
  let seen = await store.size();
  const step = async (hours: number) => {
    now += hours * HOUR_MS;
    await hub.housekeep();
    const added = await kinds(seen);
    seen = await store.size();
    return added;
  };

  assert.deepEqual(await step(0.5), []);
  assert.deepEqual(await step(0.5), ['declaration.expire alpha/flight [alpha]']);
  assert.deepEqual(await step(5), ['declaration.expiry-reminder alpha/warehouse [alpha]']);
  // Once recorded, never again, even across a restart.
  assert.deepEqual(await step(0.5), []);
  await hub.close();
  hub = await open();
  assert.deepEqual(await step(0.25), []);
  // Bravo's operation over the warehouse must name it while it is live…
  const over = operation('bravo/over', [35.99, 35.99], 0.02, now, 4);
  await assert.rejects(submit(bravo, 'declaration.submit', { declaration: over, known_conflicts: [] }), {
    type: 'unacknowledged-conflicts',
  });
  // (The refusal recorded that bravo was told of the warehouse, for both.)
  assert.deepEqual(await step(1.25), [
    'conflicts.disclosed bravo/over [alpha,bravo]',
    'declaration.expire alpha/warehouse [alpha]',
  ]);
  // …and not once it has expired.
  await submit(bravo, 'declaration.submit', { declaration: over, known_conflicts: [] });
  await hub.close();
  await store.close();
});
