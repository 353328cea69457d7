// A hub that shows two parties two histories: two hubs served from copies of one data directory
// (same key, same origin, same record so far, same witnesses), that then diverge. The witnesses
// cosign the first history and refuse the second within its first checkpoint; the party shown the
// second history runs `deconflict verify URL` and gets the alarm (exit 3), as does an auditor
// holding no party's key; the other party's passes.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dataDir } from '../../src/cli/data-dir.js';
import type { RunningHub } from '../../src/cli/run-hub.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { verifyCosignatures } from '../../src/record/index.js';
import { accept, get } from '../support/api.js';
import { runCli } from '../support/cli.js';
import { serveInProcess, startTestHub, type TestHub } from '../support/hub.js';
import { agreeOnWitnesses, startTestWitness, type TestWitness } from '../support/hub-witnesses.js';
import { until } from '../support/until.js';

describe('a hub showing two histories', () => {
  let first: TestHub;
  let second: RunningHub;
  let vkey: string;
  const witnesses: TestWitness[] = [];
  const admins = new Map<string, OperatorSigner>();
  const keyPaths = new Map<string, string>();

  const cosignedSize = async (url: string) => {
    const reply = await get(url, '/v1/record/checkpoint/cosigned');
    if (reply.status !== 200) return 0;
    const witnessKeys = witnesses.map((w) => w.key);
    return verifyCosignatures(reply.text, { logVerifier: vkey, witnesses: witnessKeys, quorum: 2 }).checkpoint
      .size;
  };
  const addOperator = (url: string, party: string, name: string) =>
    accept(url, first.origin, admins.get(party) as OperatorSigner, 'operator.add', {
      operator: { id: `${party}.${name}`, name, public_key: OperatorSigner.generate().publicKey },
      role: 'viewer',
    });
  const verify = (url: string, party: string) =>
    runCli(['verify', url, '--key', keyPaths.get(party) ?? '', '--state', join(first.root, `${party}.json`)]);
  const audit = (url: string) => runCli(['verify', url, '--state', join(first.root, 'auditor.json')]);

  before(async () => {
    first = await startTestHub();
    vkey = (await get(first.url, '/v1/record/key')).text.trim();
    for (const party of ['alpha', 'beta']) {
      const admin = OperatorSigner.generate();
      await accept(first.url, first.origin, first.admin, 'party.create', {
        party: { id: party, name: party },
        administrator: { id: `${party}.admin`, name: party, public_key: admin.publicKey },
      });
      admins.set(party, admin);
      keyPaths.set(party, join(first.root, `${party}.pem`));
      admin.save(keyPaths.get(party) as string);
    }
    admins.set('hub', first.admin);
    for (const name of ['witness-one.example', 'witness-two.example'])
      witnesses.push(await startTestWitness(name, vkey));
    await agreeOnWitnesses(first.url, first.origin, admins, witnesses, 2);
    const { size } = await addOperator(first.url, 'alpha', 'before-fork');
    await until('the shared history cosigned', async () => (await cosignedSize(first.url)) === size);
    // Both parties verify the shared history once: each monitor remembers it.
    for (const party of ['alpha', 'beta']) assert.equal((await verify(first.url, party)).code, 0);
    assert.equal((await audit(first.url)).code, 0);
    // The copy: same key, origin and record; from here each hub writes its own history.
    await first.running.stop();
    const copy = join(first.root, 'copy');
    cpSync(first.dir.path, copy, { recursive: true });
    first.running = await serveInProcess(first.dir);
    first.url = first.running.url;
    second = await serveInProcess(dataDir(copy));
  });
  after(async () => {
    await second?.stop();
    await first.stop();
    for (const witness of witnesses) await witness.remove();
  });

  test('the witnesses refuse the second history within one checkpoint; its party’s client raises the alarm', async () => {
    const shown = await addOperator(first.url, 'alpha', 'only-in-first');
    await until('the first history cosigned', async () => (await cosignedSize(first.url)) === shown.size);

    const forkedFrom = await cosignedSize(second.url);
    await addOperator(second.url, 'beta', 'only-in-second-1');
    const other = await addOperator(second.url, 'beta', 'only-in-second-2');
    await until('the second hub told of the refusal', async () =>
      /deconflict_witness_failures_total\{witness="witness-one.example"\} [1-9]/.test(
        (await get(second.url, '/metrics')).text,
      ),
    );
    await second.witnessing?.settled();
    assert.equal(await cosignedSize(second.url), forkedFrom, 'no witness cosigned the second history');
    assert.ok(other.size > forkedFrom);

    const [beta, auditor] = await Promise.all([verify(second.url, 'beta'), audit(second.url)]);
    assert.equal(beta.code, 3, beta.stderr);
    assert.match(beta.stderr, /ALARM: witness witness-(one|two)\.example .*two histories/);
    assert.equal(auditor.code, 3, auditor.stderr);
    assert.match(auditor.stderr, /ALARM: witness witness-(one|two)\.example .*two histories/);

    const alpha = await verify(first.url, 'alpha');
    assert.equal(alpha.code, 0, alpha.stderr);
    assert.doesNotMatch(alpha.stderr, /ALARM/);
  });

  test('a cosigned checkpoint of the first history served beside the second is caught by its own proof', async () => {
    const cosigned = (await get(first.url, '/v1/record/checkpoint/cosigned')).text;
    const size = verifyCosignatures(cosigned, { logVerifier: vkey, witnesses: [], quorum: 0 }).checkpoint
      .size;
    await second.hub.store.saveCosignedCheckpoint({ size, text: cosigned });
    for (const run of await Promise.all([verify(second.url, 'beta'), audit(second.url)])) {
      assert.equal(run.code, 3, run.stderr);
      assert.match(
        run.stderr,
        new RegExp(`ALARM: .* not consistent with the one of size ${size} its witnesses cosigned`),
      );
    }
  });
});
