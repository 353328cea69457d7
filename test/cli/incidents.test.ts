// Incidents through the `deconflict` command against a running hub: a relief agency's clinic, shown
// to a patrol, and the patrol's checkpoint near it, shown to nobody; the agency reports the incident from a file and lists and shows it
// with what the hub linked for it; the patrol's party answers, the agency disputes and closes, and
// admits an inquiry; a bad report is refused with the field named. Parties and declarations are set
// up over the client library; everything under test runs through the CLI as a child process.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HubClient } from '../../src/client/hub-client.js';
import type { IncidentView } from '../../src/client/hub-views.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { type CliResult, describeRun, printed, runCli } from '../support/cli.js';
import { iso, site } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';

type Signer = 'relief' | 'patrol';

describe('incidents through the deconflict CLI', { timeout: 120_000 }, () => {
  let hub: TestHub;
  const keyFile: Record<Signer, string> = { relief: '', patrol: '' };
  const entries: Record<string, number> = {};

  const as = (signer: Signer, ...args: string[]) =>
    runCli([...args, '--hub', hub.url, '--key', keyFile[signer]]);
  function accepted<T = { index: number }>(result: CliResult): T {
    assert.equal(result.code, 0, describeRun(result));
    return printed<T>(result);
  }

  before(async () => {
    hub = await startTestHub();
    const admin = new HubClient(hub.url, hub.admin);
    const clients: Partial<Record<Signer, HubClient>> = {};
    for (const party of ['relief', 'patrol'] as const) {
      const key = OperatorSigner.generate();
      keyFile[party] = join(hub.root, `${party}.pem`);
      key.save(keyFile[party]);
      await admin.submit('party.create', {
        party: { id: party, name: `Party ${party}` },
        administrator: { id: `${party}.admin`, name: `${party} administrator`, public_key: key.publicKey },
      });
      clients[party] = new HubClient(hub.url, key);
    }
    const now = Date.now();
    entries.clinic = (
      await (clients.relief as HubClient).submit('declaration.submit', {
        declaration: site('relief/clinic', [20.5, 10.5], 150, now - 60_000, 24, { visibility: ['patrol'] }),
        known_conflicts: [],
      })
    ).index;
    entries.patrol = (
      await (clients.patrol as HubClient).submit('declaration.submit', {
        declaration: site('patrol/checkpoint', [20.52, 10.5], 50, now - 60_000, 24, {
          visibility: [],
          function: 'own-position',
        }),
        known_conflicts: [],
      })
    ).index;
  });
  after(async () => {
    await hub?.stop();
  });

  test('report from a file, list, show with its links, answer, dispute, close, admit', async () => {
    const file = join(hub.root, 'incident.json');
    writeFileSync(
      file,
      JSON.stringify({
        id: 'relief/shelling-clinic',
        title: 'Shelling near the clinic',
        geometry: { type: 'Point', coordinates: [20.5, 10.5] },
        radius_m: 3000,
        from: iso(Date.now() - 600_000),
        until: iso(Date.now()),
        what: 'Shells landed 100 m from the clinic; the building is damaged.',
        casualties: { injured: 3 },
        visibility: ['patrol'],
      }),
    );
    const report = accepted(await as('relief', 'incident', 'report', file));
    const listed = accepted<{ incidents: IncidentView[] }>(await as('patrol', 'incident', 'list'));
    assert.deepEqual(
      listed.incidents.map((incident) => [incident.id, incident.entry, incident.concerned]),
      [['relief/shelling-clinic', report.index, true]],
    );
    const relief = accepted<IncidentView>(await as('relief', 'incident', 'show', 'relief/shelling-clinic'));
    // The clinic, not the patrol's checkpoint, which the relief agency may not see.
    assert.deepEqual(
      relief.links?.map((link) => [link.entry, link.reason]),
      [[entries.clinic, 'declaration-meets-place']],
    );
    const patrol = accepted<IncidentView>(await as('patrol', 'incident', 'show', 'relief/shelling-clinic'));
    assert.deepEqual(
      patrol.links?.map((link) => link.entry),
      [entries.clinic, entries.patrol],
    );

    accepted(
      await as('patrol', 'incident', 'answer', 'relief/shelling-clinic', '--text', 'No fire from us.'),
    );
    accepted(
      await as('relief', 'incident', 'dispute', 'relief/shelling-clinic', '--text', 'Witnesses saw it.'),
    );
    accepted(await as('relief', 'incident', 'close', 'relief/shelling-clinic', '--text', 'To the inquiry.'));
    const inquiry = OperatorSigner.generate();
    accepted(
      await as(
        'relief',
        'incident',
        'admit',
        'relief/shelling-clinic',
        '--name',
        'Inquiry',
        '--public-key',
        inquiry.publicKey,
      ),
    );
    const closed = accepted<IncidentView>(await as('relief', 'incident', 'show', 'relief/shelling-clinic'));
    assert.equal(closed.status, 'closed');
    assert.deepEqual(
      closed.steps.map((step) => `${step.kind} ${step.party}`),
      ['answer patrol', 'dispute relief', 'close relief'],
    );
    assert.deepEqual(
      closed.inquiries.map((found) => found.key),
      [inquiry.keyId],
    );
    const refused = await as('patrol', 'incident', 'answer', 'relief/shelling-clinic', '--text', 'Late.');
    assert.equal(refused.code, 2, describeRun(refused));
    assert.match(refused.stderr, /409/);
  });

  test('a report whose window ends in the future is refused, naming the field', async () => {
    const file = join(hub.root, 'ahead.json');
    writeFileSync(
      file,
      JSON.stringify({
        id: 'relief/ahead',
        title: 'Not yet',
        geometry: { type: 'Point', coordinates: [20.5, 10.5] },
        from: iso(Date.now()),
        until: iso(Date.now() + 86_400_000),
        what: 'Tomorrow.',
        visibility: [],
      }),
    );
    const result = await as('relief', 'incident', 'report', file);
    assert.equal(result.code, 2, describeRun(result));
    assert.match(result.stderr, /\/command\/incident\/until/);
  });
});
