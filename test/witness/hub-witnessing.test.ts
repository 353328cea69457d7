// The hub's witnessing with real witnesses over HTTP: once the parties agree on three witnesses with
// a quorum of two, the hub's checkpoints come back cosigned and are served apart from the latest;
// a witness that is down delays nobody's command and the other two carry the quorum; with two down
// nothing is cosigned, until they are back; the cosigned checkpoint survives a restart, after which
// the hub learns each witness's size from its 409; `deconflict verify URL` checks all of it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { noteVerifier, openCheckpoint, verifyCosignatures } from '../../src/record/index.js';
import { accept, get } from '../support/api.js';
import { printed, runCli } from '../support/cli.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { agreeOnWitnesses, startTestWitness, type TestWitness } from '../support/hub-witnesses.js';
import { until } from '../support/until.js';

describe('the hub witnessed', () => {
  let hub: TestHub;
  let vkey: string;
  const witnesses: TestWitness[] = [];
  const admins = new Map<string, OperatorSigner>();
  let alphaKeyPath: string;

  const latest = async () =>
    openCheckpoint((await get(hub.url, '/v1/record/checkpoint')).text, [noteVerifier(vkey)]);
  const cosigned = async () => {
    const reply = await get(hub.url, '/v1/record/checkpoint/cosigned');
    if (reply.status !== 200) return null;
    return verifyCosignatures(reply.text, {
      logVerifier: vkey,
      witnesses: witnesses.map((w) => w.key),
      quorum: 2,
    });
  };
  /** Some command of alpha's, each a new entry. */
  let n = 0;
  const command = () =>
    accept(hub.url, hub.origin, admins.get('alpha') as OperatorSigner, 'operator.add', {
      operator: { id: `alpha.op${n++}`, name: 'op', public_key: OperatorSigner.generate().publicKey },
      role: 'viewer',
    });
  const cosignedUpTo = (size: number) =>
    until(`a cosigned checkpoint of size ${size}`, async () => {
      const check = await cosigned();
      return check !== null && check.checkpoint.size >= size && check;
    });

  before(async () => {
    hub = await startTestHub();
    vkey = (await get(hub.url, '/v1/record/key')).text.trim();
    for (const party of ['alpha', 'beta']) {
      const admin = OperatorSigner.generate();
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: party },
        administrator: { id: `${party}.admin`, name: party, public_key: admin.publicKey },
      });
      admins.set(party, admin);
    }
    admins.set('hub', hub.admin);
    alphaKeyPath = `${hub.root}/alpha.pem`;
    admins.get('alpha')?.save(alphaKeyPath);
    for (const name of ['witness-one.example', 'witness-two.example', 'witness-three.example'])
      witnesses.push(await startTestWitness(name, vkey));
  });
  after(async () => {
    await hub.stop();
    for (const witness of witnesses) await witness.remove();
  });

  test('before the parties agree on witnesses, verify warns that nobody but the hub vouches for it', async () => {
    const run = await runCli([
      'verify',
      hub.url,
      '--key',
      alphaKeyPath,
      '--state',
      `${hub.root}/monitor.json`,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /WARNING: the parties have agreed on no witnesses/);
  });

  test('once the parties agree on witnesses, checkpoints are cosigned by a quorum and kept apart', async () => {
    await agreeOnWitnesses(hub.url, hub.origin, admins, witnesses, 2);
    const { size } = await command();
    const check = await cosignedUpTo(size);
    // Published once a quorum has cosigned: two of the three, or all three if they answered together.
    assert.ok(check.quorumMet);
    assert.ok(check.cosigned.length >= 2);
    // The latest checkpoint stays the hub's alone: cosignatures are published apart from it.
    assert.equal((await latest()).note.signatures.length, 1);
    const metrics = (await get(hub.url, '/metrics')).text;
    assert.match(metrics, new RegExp(`deconflict_cosigned_checkpoint_entries ${size}`));
  });

  test('a witness that is down delays no command, and the other two make the quorum', async () => {
    await witnesses[2]?.stop();
    const { size } = await command();
    const check = await cosignedUpTo(size);
    assert.deepEqual(check.cosigned.map((c) => c.name).sort(), [
      'witness-one.example',
      'witness-two.example',
    ]);
    await until('the failure counted', async () =>
      /deconflict_witness_failures_total\{witness="witness-three.example"\} [1-9]/.test(
        (await get(hub.url, '/metrics')).text,
      ),
    );
  });

  test('without a quorum nothing new is cosigned; commands go on; once back, the witnesses catch up', async () => {
    await witnesses[1]?.stop();
    const before = (await cosigned())?.checkpoint.size;
    const started = performance.now();
    for (let i = 0; i < 3; i++) await command();
    const { size } = await command();
    assert.ok(performance.now() - started < 5_000, 'commands answered while witnesses are down');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await cosigned())?.checkpoint.size, before);
    await witnesses[1]?.start();
    await witnesses[2]?.start();
    const { size: after } = await command();
    assert.ok(after > size);
    const check = await cosignedUpTo(after);
    // The first witness alone is no quorum: one of the two that were down has caught up.
    assert.ok(check.cosigned.some((c) => c.name !== 'witness-one.example'));
  });

  test('the cosigned checkpoint survives a restart; then each witness’s size is learnt from its 409', async () => {
    const kept = (await cosigned())?.checkpoint.size;
    await hub.restart();
    assert.equal((await cosigned())?.checkpoint.size, kept);
    const { size } = await command();
    assert.ok((await cosignedUpTo(size)).quorumMet);
  });

  test('deconflict verify URL checks the cosigned checkpoint and asks the witnesses', async () => {
    const { size } = await command();
    await cosignedUpTo(size);
    const run = await runCli([
      'verify',
      hub.url,
      '--key',
      alphaKeyPath,
      '--state',
      `${hub.root}/monitor.json`,
      '--witness',
      witnesses[0]?.key ?? '',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const report = printed<{
      witnessing: { cosigned_size: number; cosigned_by: string[]; confirmed_by: string[] };
    }>(run).witnessing;
    assert.equal(report.cosigned_size, size);
    assert.ok(report.cosigned_by.length >= 2);
    assert.equal(report.confirmed_by.length, 3);
    assert.doesNotMatch(run.stderr, /WARNING|ALARM/);
  });
});
