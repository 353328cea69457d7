// The evidence routes over HTTP: which entries bear on a message or a declaration, for whom. A
// recipient is told of its own delivery's steps, not of another recipient's; a party that is not
// part of a message or may not see a declaration finds it absent; bad questions are refused with
// the field and the reason, and answering them changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, assertProblem, get, login, problemFields } from '../support/api.js';
import { site } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const PARTIES = ['alpha', 'bravo', 'charlie'] as const;
type Party = (typeof PARTIES)[number];

describe('the evidence routes', () => {
  let hub: TestHub;
  const signers = Object.fromEntries(PARTIES.map((p) => [p, OperatorSigner.generate()])) as Record<
    Party,
    OperatorSigner
  >;
  const tokens = {} as Record<Party, string>;
  const at = { message: 0, siteV1: 0, siteV2: 0 };
  const related = async (party: Party, query: string) =>
    get(hub.url, `/v1/evidence/related?${query}`, tokens[party]);

  before(async () => {
    hub = await startTestHub();
    for (const party of PARTIES) {
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: party },
        administrator: { id: `${party}.admin`, name: party, public_key: signers[party].publicKey },
      });
      tokens[party] = await login(hub.url, hub.origin, signers[party]);
    }
    at.message = (
      await accept(hub.url, hub.origin, signers.alpha, 'message.send', {
        message: {
          id: 'alpha/m1',
          kind: 'notification',
          recipients: [{ party: 'bravo' }, { party: 'charlie' }],
          text: 'Hello',
        },
      })
    ).index;
    const declaration = site('bravo/post-1', [37.5, 36.5], 100, Date.now());
    at.siteV1 = (
      await accept(hub.url, hub.origin, signers.bravo, 'declaration.submit', {
        declaration,
        known_conflicts: [],
      })
    ).index;
    at.siteV2 = (
      await accept(hub.url, hub.origin, signers.bravo, 'declaration.amend', {
        declaration: { ...declaration, visibility: ['alpha'] },
        replaces_version: 1,
        known_conflicts: [],
      })
    ).index;
  });
  after(async () => {
    await hub.stop();
  });

  test('a message: its sender sees every delivery’s steps, a recipient only its own', async () => {
    const sender = (await related('alpha', 'message=alpha/m1')).body as { entries: number[] };
    const recipient = (await related('bravo', 'message=alpha/m1')).body as { entries: number[] };
    assert.equal(sender.entries[0], at.message);
    assert.equal(recipient.entries[0], at.message);
    // The message, then a routing step per delivery: the sender sees both, bravo its own.
    assert.equal(sender.entries.length, 3);
    assert.equal(recipient.entries.length, 2);
    assert.ok(recipient.entries.every((i) => sender.entries.includes(i)));
  });

  test('a declaration: every version, including one the party could not see then', async () => {
    const reply = await related('alpha', 'declaration=bravo/post-1');
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual((reply.body as { entries: number[] }).entries, [at.siteV1, at.siteV2]);
  });

  test('what a party is not part of is absent; bad questions are refused with the field', async () => {
    assertProblem(await related('charlie', 'declaration=bravo/post-1'), 404, 'not-found');
    assertProblem(await related('alpha', 'message=alpha/none'), 404, 'not-found');
    const both = await related('alpha', 'message=alpha/m1&declaration=bravo/post-1');
    assertProblem(both, 400, 'invalid-request');
    assert.deepEqual(problemFields(both), ['query:message']);
    assertProblem(await related('alpha', ''), 400, 'invalid-request');
    const badKey = await get(hub.url, '/v1/evidence/keys?ids=not-a-key-id-xyz', tokens.alpha);
    assertProblem(badKey, 400, 'invalid-request');
    assert.deepEqual(problemFields(badKey), ['query:ids']);
    assertProblem(await get(hub.url, `/v1/evidence/kept-positions?entry=${at.message}`, tokens.alpha), 404);
    assertProblem(await get(hub.url, '/v1/evidence/related?message=alpha/m1'), 401);
  });

  test('a key with the entries that registered it', async () => {
    const id = signers.bravo.keyId;
    const reply = await get(hub.url, `/v1/evidence/keys?ids=${id}`, tokens.charlie);
    assert.equal(reply.status, 200, reply.text);
    const [key] = (reply.body as { keys: { operator: string; public_key: string; entries: number[] }[] })
      .keys;
    assert.equal(key?.operator, 'bravo.admin');
    assert.equal(key?.public_key, signers.bravo.publicKey);
    assert.equal(key?.entries.length, 1);
  });
});
