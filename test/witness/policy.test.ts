// The witness policy in the record, through the real API: a party's administrator proposes, each
// party registered at that time agrees to the exact digest, and only then is it in force; every
// bad proposal or agreement is refused with the field and reason and writes nothing.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { cosignerKeyString, rawPublicKey, verifierKeyString } from '../../src/record/index.js';
import { accept, assertProblem, get, problemFields, submit } from '../support/api.js';
import { printed, runCli } from '../support/cli.js';
import { startTestHub, type TestHub } from '../support/hub.js';

function witnessKey(name: string): string {
  return cosignerKeyString(name, rawPublicKey(generateKeyPairSync('ed25519').publicKey));
}

interface ProposalView {
  id: string;
  digest: string;
  status: string;
  parties: string[];
  awaiting: string[];
  quorum: number;
  witnesses: { name: string; key: string; url: string }[];
}
interface WitnessesView {
  policy: ProposalView | null;
  pending: ProposalView[];
}

describe('the witness policy', () => {
  let hub: TestHub;
  const admins = new Map<string, OperatorSigner>();
  const w1 = witnessKey('witness.alpha.example');
  const w2 = witnessKey('witness.beta.example');
  const witnesses = [
    { name: 'witness.alpha.example', key: w1, url: 'https://witness.alpha.example/' },
    { name: 'witness.beta.example', key: w2, url: 'http://127.0.0.1:9/' },
  ];

  const as = (party: string) => admins.get(party) as OperatorSigner;
  const send = (party: string, type: string, fields: Record<string, unknown>) =>
    submit(hub.url, hub.origin, as(party), type, fields);
  const view = async () => (await get(hub.url, '/v1/record/witnesses')).body as WitnessesView;
  const size = async () => ((await get(hub.url, '/healthz')).body as { size: number }).size;

  before(async () => {
    hub = await startTestHub();
    admins.set('hub', hub.admin);
    for (const party of ['alpha', 'beta']) {
      const admin = OperatorSigner.generate();
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: party },
        administrator: { id: `${party}.admin`, name: party, public_key: admin.publicKey },
      });
      admins.set(party, admin);
    }
  });
  after(() => hub.stop());

  test('a bad proposal is refused, naming each field, and writes nothing', async () => {
    const before = await size();
    const noteKey = verifierKeyString('witness.gamma.example', generateKeyPairSync('ed25519').publicKey);
    const reply = await send('alpha', 'witnesses.propose', {
      proposal: {
        id: 'alpha/bad',
        witnesses: [
          witnesses[0],
          { ...witnesses[0], url: 'https://elsewhere.example/' },
          { name: 'witness.gamma.example', key: noteKey, url: 'https://gamma.example/' },
          { name: 'someone-else', key: w2, url: 'ftp://beta.example/' },
        ],
        quorum: 5,
      },
    });
    assertProblem(reply, 400, 'invalid-request');
    assert.deepEqual(problemFields(reply).sort(), [
      '/command/proposal/quorum',
      '/command/proposal/witnesses/1/key',
      '/command/proposal/witnesses/1/name',
      '/command/proposal/witnesses/2/key',
      '/command/proposal/witnesses/3/name',
      '/command/proposal/witnesses/3/url',
    ]);
    const other = await send('alpha', 'witnesses.propose', {
      proposal: { id: 'beta/mine', witnesses: witnesses.slice(0, 1), quorum: 0 },
    });
    assert.deepEqual(problemFields(other).sort(), ['/command/proposal/id', '/command/proposal/quorum']);
    assert.equal(await size(), before);
    assert.deepEqual(await view(), { policy: null, pending: [] });
  });

  test('in force only once every party registered at proposal time has agreed to its digest', async () => {
    await accept(hub.url, hub.origin, as('alpha'), 'witnesses.propose', {
      proposal: { id: 'alpha/two-witnesses', witnesses, quorum: 2 },
    });
    let shown = await view();
    assert.equal(shown.policy, null);
    const proposal = shown.pending[0] as ProposalView;
    assert.deepEqual(proposal.parties, ['alpha', 'beta', 'hub']);
    assert.deepEqual(proposal.awaiting, ['beta', 'hub']);
    assert.match(proposal.digest, /^[0-9a-f]{64}$/);

    // A party admitted after the proposal is not asked, and cannot agree in another's place.
    const late = OperatorSigner.generate();
    await accept(hub.url, hub.origin, hub.admin, 'party.create', {
      party: { id: 'gamma', name: 'gamma' },
      administrator: { id: 'gamma.admin', name: 'gamma', public_key: late.publicKey },
    });
    admins.set('gamma', late);
    const before = await size();
    assertProblem(
      await send('gamma', 'witnesses.agree', { proposal: proposal.id, digest: proposal.digest }),
      403,
    );
    const wrongDigest = await send('beta', 'witnesses.agree', {
      proposal: proposal.id,
      digest: 'a'.repeat(64),
    });
    assertProblem(wrongDigest, 409, 'conflict');
    assert.deepEqual(problemFields(wrongDigest), ['/command/digest']);
    assertProblem(
      await send('beta', 'witnesses.agree', { proposal: 'alpha/none', digest: proposal.digest }),
      404,
    );
    assertProblem(
      await send('alpha', 'witnesses.agree', { proposal: proposal.id, digest: proposal.digest }),
      409,
    );
    assert.equal(await size(), before);

    await accept(hub.url, hub.origin, hub.admin, 'witnesses.agree', {
      proposal: proposal.id,
      digest: proposal.digest,
    });
    assert.equal((await view()).policy, null, 'the hub’s custodians alone do not make it');
    await accept(hub.url, hub.origin, as('beta'), 'witnesses.agree', {
      proposal: proposal.id,
      digest: proposal.digest,
    });
    shown = await view();
    assert.equal(shown.policy?.id, 'alpha/two-witnesses');
    assert.equal(shown.policy?.status, 'in-force');
    assert.deepEqual(shown.policy?.witnesses, witnesses);
    assert.equal(shown.policy?.quorum, 2);
    assert.deepEqual(shown.pending, []);
    assertProblem(
      await send('gamma', 'witnesses.agree', { proposal: proposal.id, digest: proposal.digest }),
      409,
    );
  });

  test('the hub’s custodians cannot drop the witnesses on their own, and the policy survives a restart', async () => {
    await accept(hub.url, hub.origin, hub.admin, 'witnesses.propose', {
      proposal: { id: 'hub/none', witnesses: [], quorum: 0 },
    });
    await hub.restart();
    const shown = await view();
    assert.equal(shown.policy?.id, 'alpha/two-witnesses');
    assert.deepEqual(
      shown.pending.map((p) => [p.id, p.awaiting]),
      [['hub/none', ['alpha', 'beta', 'gamma']]],
    );
  });

  test('from the command line: propose, show, and an agreement to another digest refused', async () => {
    const keyFile = (party: string) => {
      const path = `${hub.root}/${party}.pem`;
      if (!existsSync(path)) as(party).save(path);
      return path;
    };
    const proposed = await runCli([
      'witnesses',
      'propose',
      'beta/by-cli',
      '--quorum',
      '1',
      '--witness',
      `${w1}@https://witness.alpha.example/`,
      '--hub',
      hub.url,
      '--key',
      keyFile('beta'),
    ]);
    assert.equal(proposed.code, 0, proposed.stderr);
    const shown = await runCli(['witnesses', 'show', '--hub', hub.url]);
    assert.equal(shown.code, 0, shown.stderr);
    // With an operator's key it reads as that operator, as a hub with named readers requires.
    const signedIn = await runCli(['witnesses', 'show', '--hub', hub.url, '--key', keyFile('alpha')]);
    assert.deepEqual(printed(signedIn), printed(shown));
    const byCli = printed<WitnessesView>(shown).pending.find((p) => p.id === 'beta/by-cli');
    assert.deepEqual(byCli?.witnesses, [
      { name: 'witness.alpha.example', key: w1, url: 'https://witness.alpha.example/' },
    ]);
    assert.deepEqual(byCli?.awaiting, ['alpha', 'gamma', 'hub']);
    const refused = await runCli([
      'witnesses',
      'agree',
      'beta/by-cli',
      '--digest',
      'b'.repeat(64),
      '--hub',
      hub.url,
      '--key',
      keyFile('alpha'),
    ]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /you were shown another policy/);
  });
});
