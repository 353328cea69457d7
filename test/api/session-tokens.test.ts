// Session tokens checked without any table: the same key and origin take a token after a restart
// or on another hub; the same key under another origin does not; a token expires after 15 minutes.
// The token's bytes are rebuilt here from RFC 5869 (HKDF) and RFC 2104 (HMAC) over SHA-256, written
// from the texts, so that hubs of two versions serving one installation keep taking each other's.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SESSION_TOKEN_PURPOSE, SESSION_TTL_MS, Sessions } from '../../src/api/sessions.js';
import { Hub } from '../../src/hub/hub.js';
import { seedOf } from '../../src/record/index.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from '../support/temp-dir.js';

const ORIGIN = 'tokens.test/hub';
const START = Date.parse('2026-12-07T02:00:00Z');

/** HMAC (RFC 2104) over SHA-256, block size 64. */
function hmac(key: Uint8Array, message: Uint8Array): Buffer {
  const block = Buffer.alloc(64);
  Buffer.from(key.length > 64 ? createHash('sha256').update(key).digest() : key).copy(block);
  const pad = (byte: number) => block.map((b) => b ^ byte);
  const inner = createHash('sha256').update(pad(0x36)).update(message).digest();
  return createHash('sha256').update(pad(0x5c)).update(inner).digest();
}

/** HKDF (RFC 5869) with SHA-256, for an output of one hash length. */
function hkdf(ikm: Uint8Array, salt: string, info: string): Buffer {
  const prk = hmac(Buffer.from(salt), ikm);
  return hmac(prk, Buffer.concat([Buffer.from(info), Buffer.of(1)]));
}

describe('session tokens', () => {
  const temp = tempDir();
  const hubKey = generateKeyPairSync('ed25519').privateKey;
  let now = START;
  const hubs: { hub: Hub; store: SqliteStore }[] = [];
  const open = async (name: string, origin: string, key: KeyObject = hubKey) => {
    const store = new SqliteStore(join(temp.path, `${name}.db`));
    const hub = await Hub.open({ store, hubKey: key, origin, clock: () => now, verifyThreads: 1 });
    hubs.push({ hub, store });
    return new Sessions(hub, () => now);
  };
  let issuing: Sessions;

  before(async () => {
    issuing = await open('issuing', ORIGIN);
  });
  after(async () => {
    for (const { hub, store } of hubs) {
      await hub.close();
      await store.close();
    }
    temp.remove();
  });

  test('the bytes: kind, expiry, key id, and HMAC under the HKDF of the hub key, origin and purpose', () => {
    now = START;
    const { token, expiresAt } = issuing.open('0123456789abcdef', 'inquiry');
    assert.equal(Date.parse(expiresAt), START + SESSION_TTL_MS);
    const body = Buffer.alloc(7);
    body.writeUInt8(1, 0);
    body.writeUIntBE(START + SESSION_TTL_MS, 1, 6);
    const signed = Buffer.concat([body, Buffer.from('0123456789abcdef')]);
    const secret = hkdf(seedOf(hubKey), ORIGIN, SESSION_TOKEN_PURPOSE);
    const expected = Buffer.concat([signed, hmac(secret, signed).subarray(0, 16)]).toString('base64url');
    assert.equal(token, expected);
  });

  test('another hub with the same key and origin takes it; the same key under another origin does not', async () => {
    now = START;
    const { token } = issuing.open('0123456789abcdef', 'inquiry');
    const twin = await open('twin', ORIGIN);
    assert.equal(twin.inquiry(token), '0123456789abcdef');
    const elsewhere = await open('elsewhere', 'elsewhere.test/hub');
    assert.equal(elsewhere.inquiry(token), null);
    const otherKey = await open('other-key', ORIGIN, generateKeyPairSync('ed25519').privateKey);
    assert.equal(otherKey.inquiry(token), null);
  });

  test('it expires after 15 minutes, on every hub', async () => {
    now = START;
    const { token } = issuing.open('0123456789abcdef', 'inquiry');
    const twin = await open('twin-expiry', ORIGIN);
    now = START + SESSION_TTL_MS - 1;
    assert.equal(issuing.inquiry(token), '0123456789abcdef');
    assert.equal(twin.inquiry(token), '0123456789abcdef');
    now = START + SESSION_TTL_MS;
    assert.equal(issuing.inquiry(token), null);
    assert.equal(twin.inquiry(token), null);
  });

  test('an inquiry token is not an operator token', async () => {
    now = START;
    const { token } = issuing.open('0123456789abcdef', 'inquiry');
    assert.equal(await issuing.operator(token), null);
    const operatorToken = issuing.open('0123456789abcdef').token;
    assert.equal(issuing.inquiry(operatorToken), null);
  });
});
