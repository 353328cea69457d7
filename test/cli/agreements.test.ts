// Agreements through the `deconflict` command against a running hub: proposed from a file, signed,
// suspended with a reason, listed and shown with who suspended it, when and why, resumed by each
// party, ended; and the refusals a person meets, as the hub's problem on stderr.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HubClient } from '../../src/client/hub-client.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { type CliResult, describeRun, printed, runCli } from '../support/cli.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const REFUSED = 2;
const ID = 'alpha/arrangement';
const REASON = 'Bilateral talks suspended; the deconfliction channel stays open.';

/** A table's rows as cells, split where two spaces or more part them. */
const rowsOf = (table: string) =>
  table
    .trimEnd()
    .split('\n')
    .map((row) => row.split(/ {2,}/));

describe('agreements through the deconflict CLI', () => {
  let hub: TestHub;
  const keyFile = { alpha: '', bravo: '' };

  const as = (party: keyof typeof keyFile, ...args: string[]) =>
    runCli([...args, '--hub', hub.url, '--key', keyFile[party]]);
  const accepted = (result: CliResult) => {
    assert.equal(result.code, 0, describeRun(result));
    return printed<{ index: number }>(result);
  };
  const refused = (result: CliResult, status: number, reason: RegExp) => {
    assert.equal(result.code, REFUSED, describeRun(result));
    assert.match(result.stderr, new RegExp(`^deconflict: the hub refused: ${status} `), describeRun(result));
    assert.match(result.stderr, reason, describeRun(result));
  };

  before(async () => {
    hub = await startTestHub();
    const admin = new HubClient(hub.url, hub.admin);
    for (const party of ['alpha', 'bravo'] as const) {
      const key = OperatorSigner.generate();
      keyFile[party] = join(hub.root, `${party}.pem`);
      key.save(keyFile[party]);
      await admin.submit('party.create', {
        party: { id: party, name: party },
        administrator: { id: `${party}.admin`, name: party, public_key: key.publicKey },
      });
    }
  });
  after(() => hub.stop());

  test('propose, sign, suspend, list and show, resume by each, end', async () => {
    const file = join(hub.root, 'arrangement.json');
    writeFileSync(
      file,
      JSON.stringify({
        id: ID,
        title: 'The arrangement',
        parties: ['alpha', 'bravo'],
        terms: 'Urgent requests acknowledged within 5 minutes.',
        ack_deadlines_s: { 'urgent-request': 300 },
      }),
    );
    accepted(await as('alpha', 'agreement', 'propose', file));
    accepted(await as('bravo', 'agreement', 'sign', ID));
    refused(await as('alpha', 'agreement', 'resume', ID), 409, /is in-force, not suspended/);

    const suspended = accepted(await as('bravo', 'agreement', 'suspend', ID, '--reason', REASON));
    const [header, row, ...others] = rowsOf((await as('alpha', 'agreement', 'list')).stdout);
    assert.deepEqual(header, ['ID', 'STATUS', 'PARTIES', 'STANDING', 'TITLE']);
    assert.deepEqual(others, []);
    assert.equal(row?.[0], ID);
    assert.equal(row?.[1], 'suspended');
    assert.match(row?.[3] ?? '', new RegExp(`^since \\S+ by bravo \\(bravo\\.admin\\): ${REASON}$`));

    const shown = await as('alpha', 'agreement', 'show', ID);
    assert.equal(shown.code, 0, describeRun(shown));
    assert.match(shown.stdout, /^status: suspended, since .* by bravo \(bravo\.admin\): Bilateral talks/m);
    assert.match(shown.stdout, /^in force again once signed for resumption by: alpha, bravo$/m);
    assert.match(shown.stdout, /its terms do not apply .* messages still flow/);
    const json = printed<{ status: string; suspensions: { entry: number; reason: string }[] }>(
      await as('alpha', 'agreement', 'show', ID, '--json'),
    );
    assert.equal(json.status, 'suspended');
    assert.deepEqual(
      json.suspensions.map((s) => [s.entry, s.reason]),
      [[suspended.index, REASON]],
    );

    refused(
      await as('alpha', 'agreement', 'suspend', ID, '--reason', 'Again.'),
      409,
      /is suspended, not in force/,
    );
    accepted(await as('alpha', 'agreement', 'resume', ID));
    refused(await as('alpha', 'agreement', 'resume', ID), 409, /alpha has already signed the resumption/);
    accepted(await as('bravo', 'agreement', 'resume', ID));
    const resumed = (await as('bravo', 'agreement', 'show', ID)).stdout;
    assert.match(resumed, /^status: in-force, since /m);
    assert.match(
      resumed,
      /^suspended .* by bravo \(bravo\.admin\): Bilateral talks .*; resumption signed by alpha \(.*\), bravo \(.*\); in force again /m,
    );

    accepted(await as('alpha', 'agreement', 'end', ID, '--reason', 'Superseded.'));
    const [, ended] = rowsOf((await as('bravo', 'agreement', 'list')).stdout);
    assert.equal(ended?.[1], 'ended');
    assert.match(ended?.[3] ?? '', /by alpha \(alpha\.admin\): Superseded\.$/);
  });
});
