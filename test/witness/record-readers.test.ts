// The record's public face (checkpoint, cosigned checkpoint, proofs, tiles, witness policy) through
// the real API, both ways: open to anyone by default; restricted to the keys the hub's operator
// names, who prove holding one by signing the hub's challenge. Entries stay behind sessions.
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { RECORD_READERS_ENV, readerChallengeMessage } from '../../src/api/record-readers.js';
import { rawPublicKey } from '../../src/record/index.js';
import { assertProblem, get, login, problemFields, request } from '../support/api.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const PUBLIC_FACE = [
  '/v1/record/checkpoint',
  '/v1/record/proof/inclusion?index=0&size=1',
  '/v1/record/proof/consistency?from=0&to=1',
  '/v1/record/tile/0/000.p/1',
  '/v1/record/witnesses',
];

function keyPair(): { privateKey: KeyObject; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: Buffer.from(rawPublicKey(publicKey)).toString('base64') };
}

async function signIn(
  hub: TestHub,
  reader: { privateKey: KeyObject; publicKey: string },
  origin = hub.origin,
) {
  const { challenge } = (await request(hub.url, 'POST', '/v1/record/readers/challenge')).body as {
    challenge: string;
  };
  const signature = sign(null, readerChallengeMessage(origin, challenge), reader.privateKey).toString(
    'base64',
  );
  const body = { public_key: reader.publicKey, challenge, signature };
  return { reply: await request(hub.url, 'POST', '/v1/record/readers/sessions', { json: body }), body };
}

describe('the record, open to anyone by default', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub();
  });
  after(() => hub.stop());

  test('checkpoints, proofs, tiles and the witness policy need no session; entries do', async () => {
    for (const path of PUBLIC_FACE) assert.equal((await get(hub.url, path)).status, 200, path);
    assertProblem(await get(hub.url, '/v1/record/entries?start=0&end=1'), 401, 'unauthenticated');
    const none = await get(hub.url, '/v1/record/checkpoint/cosigned');
    assertProblem(none, 404, 'not-found');
    assert.match((none.body as { detail: string }).detail, /not agreed on witnesses/);
  });
});

describe('the record, restricted to the keys the hub names', () => {
  let hub: TestHub;
  const auditor = keyPair();
  const witness = keyPair();
  before(async () => {
    process.env[RECORD_READERS_ENV] = `${auditor.publicKey}, ${witness.publicKey}`;
    hub = await startTestHub();
  });
  after(async () => {
    delete process.env[RECORD_READERS_ENV];
    await hub.stop();
  });

  test('without a token every route of the public face is refused, saying how to sign in', async () => {
    for (const path of PUBLIC_FACE) {
      const reply = await get(hub.url, path);
      assertProblem(reply, 401, 'unauthenticated');
      assert.match(problemFields(reply).join(), /header:authorization/);
    }
    assert.equal(
      (await get(hub.url, '/v1/record/key')).status,
      200,
      'the key, needed to sign in, stays public',
    );
  });

  test('a named key signs the challenge and reads; entries stay behind a party’s session', async () => {
    const { reply } = await signIn(hub, auditor);
    assert.equal(reply.status, 201, reply.text);
    const token = (reply.body as { token: string }).token;
    for (const path of PUBLIC_FACE) assert.equal((await get(hub.url, path, token)).status, 200, path);
    assertProblem(await get(hub.url, '/v1/record/entries?start=0&end=1', token), 401);
    assert.equal((await (await signIn(hub, witness)).reply).status, 201);
  });

  test('an operator’s session reads it too', async () => {
    const token = await login(hub.url, hub.origin, hub.admin);
    for (const path of PUBLIC_FACE) assert.equal((await get(hub.url, path, token)).status, 200, path);
  });

  test('a key not named, a signature for another hub, a forged or replayed challenge: refused', async () => {
    const stranger = await signIn(hub, keyPair());
    assertProblem(stranger.reply, 401, 'unauthenticated');
    assert.deepEqual(problemFields(stranger.reply), ['/public_key']);

    const otherHub = await signIn(hub, auditor, 'another.example/hub');
    assertProblem(otherHub.reply, 401);
    assert.deepEqual(problemFields(otherHub.reply), ['/signature']);

    const accepted = await signIn(hub, auditor);
    assert.equal(accepted.reply.status, 201);
    const replay = await request(hub.url, 'POST', '/v1/record/readers/sessions', { json: accepted.body });
    assertProblem(replay, 401);
    assert.deepEqual(problemFields(replay), ['/challenge']);

    const [expires, nonce] = accepted.body.challenge.split('.');
    const forged = `${Number(expires) + 3_600_000}.${nonce}.${'A'.repeat(43)}`;
    const signature = sign(null, readerChallengeMessage(hub.origin, forged), auditor.privateKey).toString(
      'base64',
    );
    const forgedReply = await request(hub.url, 'POST', '/v1/record/readers/sessions', {
      json: { public_key: auditor.publicKey, challenge: forged, signature },
    });
    assertProblem(forgedReply, 401);
    assert.deepEqual(problemFields(forgedReply), ['/challenge']);

    const malformed = await request(hub.url, 'POST', '/v1/record/readers/sessions', {
      json: { public_key: 'not a key', challenge: '', signature: 'x' },
    });
    assertProblem(malformed, 400);
  });
});
