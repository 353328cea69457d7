// Evidence from a witnessed hub: once the parties agree on two witnesses, a bundle is proven to the
// checkpoint both cosigned, carries their keys, and verifies offline against a policy that trusts
// them; a policy that needs a witness the checkpoint was not cosigned by refuses it, saying so.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HubClient } from '../../src/client/hub-client.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { cosignerKeyString } from '../../src/record/index.js';
import { describeRun, printed, runCli } from '../support/cli.js';
import { site } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { agreeOnWitnesses, startTestWitness, type TestWitness } from '../support/hub-witnesses.js';

describe('evidence from a witnessed hub', () => {
  let hub: TestHub;
  let hubKey = '';
  const witnesses: TestWitness[] = [];
  let bundle = '';

  before(async () => {
    hub = await startTestHub();
    const admin = new HubClient(hub.url, hub.admin);
    hubKey = await admin.verifierKey();
    const green = OperatorSigner.generate();
    const keyPath = join(hub.root, 'green.pem');
    green.save(keyPath);
    await admin.submit('party.create', {
      party: { id: 'green', name: 'green office' },
      administrator: { id: 'green.admin', name: 'green administrator', public_key: green.publicKey },
    });
    for (const name of ['witness-one.example', 'witness-two.example'])
      witnesses.push(await startTestWitness(name, hubKey));
    const admins = new Map([
      ['hub', hub.admin],
      ['green', green],
    ]);
    await agreeOnWitnesses(hub.url, hub.origin, admins, witnesses, 2);
    await new HubClient(hub.url, green).submit('declaration.submit', {
      declaration: site('green/warehouse-2', [37.3, 36.3], 200, Date.now(), 24),
      known_conflicts: [],
    });
    bundle = join(hub.root, 'bundle');
    const made = await runCli([
      'evidence',
      'green/warehouse-2',
      '--out',
      bundle,
      '--hub',
      hub.url,
      '--key',
      keyPath,
    ]);
    assert.equal(made.code, 0, describeRun(made));
  });
  after(async () => {
    await hub.stop();
    for (const witness of witnesses) await witness.remove();
  });

  test('the bundle is proven to the checkpoint both witnesses cosigned, and verifies trusting them', async () => {
    assert.deepEqual(readFileSync(join(bundle, 'keys'), 'utf8').trim().split('\n'), [
      hubKey,
      ...witnesses.map((w) => w.key),
    ]);
    const trusting = witnesses.flatMap((w) => ['--witness', w.key]);
    const result = await runCli([
      'verify-evidence',
      bundle,
      '--hub-key',
      hubKey,
      ...trusting,
      '--quorum',
      '2',
    ]);
    assert.equal(result.code, 0, describeRun(result));
    assert.deepEqual(
      printed<{ cosigned_by: string[] }>(result).cosigned_by.sort(),
      witnesses.map((w) => w.name).sort(),
    );
  });

  test('a policy needing a witness that did not cosign refuses the bundle', async () => {
    const stranger = cosignerKeyString('witness-three.example', generateKeyPairSync('ed25519').publicKey);
    const trusting = [...witnesses.map((w) => w.key), stranger].flatMap((key) => ['--witness', key]);
    const result = await runCli(['verify-evidence', bundle, '--hub-key', hubKey, ...trusting]);
    assert.equal(result.code, 4, describeRun(result));
    assert.match(
      result.stderr,
      /REFUSED: checkpoint: cosigned by 2 of the trusted witnesses .*; the policy needs 3/,
    );
  });
});
