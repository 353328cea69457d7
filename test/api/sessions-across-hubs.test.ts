// A session opened on one hub is a session on every hub of the installation (copies of one data
// directory: same key, same origin) and survives a restart, through the real HTTP API; it still
// dies with its key, and a token altered, cut short, or made by another hub is refused. So too for
// the record's named readers: a challenge from one hub is answered on another, once.
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { RECORD_READERS_ENV, readerChallengeMessage } from '../../src/api/record-readers.js';
import type { RunningHub } from '../../src/cli/run-hub.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { rawPublicKey } from '../../src/record/index.js';
import { accept, assertProblem, get, login, request } from '../support/api.js';
import { serveInProcess, startTestHub, type TestHub } from '../support/hub.js';

/** The token with one character changed: the first, a middle one or the last. */
function altered(token: string, at: number): string {
  const swapped = token[at] === 'A' ? 'B' : 'A';
  return token.slice(0, at) + swapped + token.slice(at + 1);
}

describe('sessions on every hub of an installation', () => {
  let first: TestHub;
  let second: RunningHub;
  let other: TestHub;
  const duty = OperatorSigner.generate();

  before(async () => {
    first = await startTestHub();
    await accept(first.url, first.origin, first.admin, 'operator.add', {
      operator: { id: 'hub.duty', name: 'Duty officer', public_key: duty.publicKey },
      role: 'viewer',
    });
    // The same data directory served again: the same key and origin, the same record.
    second = await serveInProcess(first.dir);
    // Another installation under the same origin, with a key of its own.
    other = await startTestHub({ origin: first.origin });
  });
  after(async () => {
    await second.stop();
    await first.stop();
    await other.stop();
  });

  test('a token one hub gave works on the other, both ways', async () => {
    const fromFirst = await login(first.url, first.origin, duty);
    const me = await get(second.url, '/v1/me', fromFirst);
    assert.equal(me.status, 200, me.text);
    assert.equal((me.body as { id: string }).id, 'hub.duty');
    const fromSecond = await login(second.url, first.origin, first.admin);
    const admin = await get(first.url, '/v1/me', fromSecond);
    assert.equal(admin.status, 200, admin.text);
    assert.equal((admin.body as { id: string }).id, 'hub.admin');
  });

  test('a token survives a restart of the hub that gave it', async () => {
    const token = await login(first.url, first.origin, duty);
    await first.restart();
    const me = await get(first.url, '/v1/me', token);
    assert.equal(me.status, 200, me.text);
    assert.equal((me.body as { id: string }).id, 'hub.duty');
  });

  test('a token altered anywhere, cut short or lengthened is refused', async () => {
    const token = await login(first.url, first.origin, duty);
    const forgeries = [
      altered(token, 0),
      altered(token, 4),
      altered(token, Math.floor(token.length / 2)),
      altered(token, token.length - 1),
      token.slice(0, -1),
      token.slice(0, 40),
      `${token}A`,
      `A${token}`,
    ];
    for (const forged of forgeries) {
      assertProblem(await get(first.url, '/v1/me', forged), 401, 'unauthenticated');
      assertProblem(await get(second.url, '/v1/me', forged), 401, 'unauthenticated');
    }
    assert.equal((await get(first.url, '/v1/me', token)).status, 200, 'the token itself still works');
  });

  test('a token of another hub under the same origin is refused, and ours is there', async () => {
    const theirs = await login(other.url, other.origin, other.admin);
    assert.equal((await get(other.url, '/v1/me', theirs)).status, 200);
    assertProblem(await get(first.url, '/v1/me', theirs), 401, 'unauthenticated');
    const ours = await login(first.url, first.origin, first.admin);
    assertProblem(await get(other.url, '/v1/me', ours), 401, 'unauthenticated');
  });

  test('an operator session is not an inquiry session', async () => {
    const token = await login(first.url, first.origin, duty);
    assertProblem(await get(second.url, '/v1/inquiry/entries', token), 401, 'unauthenticated');
  });

  test('revoking the key ends its sessions, on the hub that recorded it and on one opened after', async () => {
    const revoked = OperatorSigner.generate();
    await accept(first.url, first.origin, first.admin, 'operator.add', {
      operator: { id: 'hub.leaving', name: 'Leaving officer', public_key: revoked.publicKey },
      role: 'viewer',
    });
    const token = await login(first.url, first.origin, revoked);
    assert.equal((await get(first.url, '/v1/me', token)).status, 200);
    await accept(first.url, first.origin, first.admin, 'key.revoke', {
      operator: 'hub.leaving',
      key: revoked.keyId,
    });
    assertProblem(await get(first.url, '/v1/me', token), 401, 'unauthenticated');
    const reopened = await serveInProcess(first.dir);
    try {
      assertProblem(await get(reopened.url, '/v1/me', token), 401, 'unauthenticated');
    } finally {
      await reopened.stop();
    }
  });
});

describe('record readers on every hub of an installation', () => {
  let first: TestHub;
  let second: RunningHub;
  const reader = generateKeyPairSync('ed25519');
  const readerKey = Buffer.from(rawPublicKey(reader.publicKey)).toString('base64');

  before(async () => {
    process.env[RECORD_READERS_ENV] = readerKey;
    first = await startTestHub();
    second = await serveInProcess(first.dir);
  });
  after(async () => {
    delete process.env[RECORD_READERS_ENV];
    await second.stop();
    await first.stop();
  });

  test('a challenge from one hub is answered on the other, only once; the token works on both', async () => {
    const asked = await request(first.url, 'POST', '/v1/record/readers/challenge');
    const { challenge } = asked.body as { challenge: string };
    const signature = sign(null, readerChallengeMessage(first.origin, challenge), reader.privateKey);
    const answer = { public_key: readerKey, challenge, signature: signature.toString('base64') };
    const signedIn = await request(second.url, 'POST', '/v1/record/readers/sessions', { json: answer });
    assert.equal(signedIn.status, 201, signedIn.text);
    const { token } = signedIn.body as { token: string };
    for (const url of [first.url, second.url]) {
      assert.equal((await get(url, '/v1/record/checkpoint', token)).status, 200, url);
      assertProblem(await get(url, '/v1/record/checkpoint', altered(token, 10)), 401, 'unauthenticated');
    }
    const replayed = await request(first.url, 'POST', '/v1/record/readers/sessions', { json: answer });
    assertProblem(replayed, 401, 'unauthenticated');
    assert.match((replayed.body as { detail: string }).detail, /already answered/);
    await first.restart();
    assert.equal((await get(first.url, '/v1/record/checkpoint', token)).status, 200, 'after a restart');
  });
});
