// C2SP tlog-cosignature, Ed25519 cosignature/v1. The oracle below is written
// from the spec text with node:crypto alone (nothing from src/record), and
// Ed25519 is deterministic, so lines must match byte for byte.
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  CheckpointError,
  CosignatureError,
  cosignatureTime,
  cosignCheckpoint,
  cosigner,
  cosignerKeyString,
  formatCheckpoint,
  NoteError,
  noteSigner,
  signNote,
  verifierKeyString,
  verifyCosignatures,
} from '../../src/record/index.js';

// --- the oracle: tlog-cosignature §Format and §Ed25519 signed message, nothing else ---
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
function oracleKey(seedByte: number): { privateKey: KeyObject; publicKey: Buffer } {
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, Buffer.alloc(32, seedByte)]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { privateKey, publicKey: spki.subarray(spki.length - 32) };
}
function oracleKeyId(name: string, publicKey: Buffer): Buffer {
  const hashed = Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0x0a, 0x04]), publicKey]);
  return createHash('sha256').update(hashed).digest().subarray(0, 4);
}
function oracleVkey(name: string, publicKey: Buffer): string {
  const material = Buffer.concat([Buffer.from([0x04]), publicKey]).toString('base64');
  return `${name}+${oracleKeyId(name, publicKey).toString('hex')}+${material}`;
}
function oracleMessage(time: bigint, checkpointText: string): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${time}\n${checkpointText}`, 'utf8');
}
function oracleCosign(name: string, seedByte: number, time: bigint, checkpointText: string): string {
  const { privateKey, publicKey } = oracleKey(seedByte);
  const timestamp = Buffer.alloc(8);
  timestamp.writeBigUInt64BE(time);
  const signature = sign(null, oracleMessage(time, checkpointText), privateKey);
  const framed = Buffer.concat([oracleKeyId(name, publicKey), timestamp, signature]);
  return `\u2014 ${name} ${framed.toString('base64')}\n`;
}
function oracleVerify(name: string, publicKey: Buffer, checkpointText: string, line: string): boolean {
  const prefix = `\u2014 ${name} `;
  if (!line.startsWith(prefix) || !line.endsWith('\n')) return false;
  const framed = Buffer.from(line.slice(prefix.length, -1), 'base64');
  if (framed.length !== 4 + 8 + 64 || !framed.subarray(0, 4).equals(oracleKeyId(name, publicKey)))
    return false;
  const time = framed.readBigUInt64BE(4);
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]);
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  return verify(null, oracleMessage(time, checkpointText), key, framed.subarray(12));
}
// --- end of the oracle ---

const SEED = 7;
const seed = new Uint8Array(32).fill(SEED);
const LOG_NAME = 'example.com/behind-the-sofa';
const logSigner = noteSigner(LOG_NAME, new Uint8Array(32).fill(1));
const logVkey = verifierKeyString(LOG_NAME, oracleKey(1).publicKey);
const checkpointText = formatCheckpoint({
  origin: LOG_NAME,
  size: 20852163,
  root: new Uint8Array(32).fill(9),
});

function witness(index: number): { name: string; seed: Uint8Array; vkey: string } {
  const name = `witness.example/w${index}`;
  return {
    name,
    seed: new Uint8Array(32).fill(10 + index),
    vkey: oracleVkey(name, oracleKey(10 + index).publicKey),
  };
}
const [w1, w2, w3] = [witness(1), witness(2), witness(3)] as const;

describe('cosignature/v1 against the spec text', () => {
  test('the spec example line states the time of the spec example message', () => {
    // tlog-cosignature's example note and message: "time 1679315147".
    const base64 =
      'jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==';
    assert.equal(cosignatureTime({ name: 'witness.example.com/w1', keyId: 0x8d66cf3f, base64 }), 1679315147);
  });

  test('the verifier key is name+hex8(SHA-256(name, 0x0A, 0x04, key)[:4])+base64(0x04, key)', () => {
    const { publicKey } = oracleKey(SEED);
    assert.equal(
      cosignerKeyString('witness.example/w1', publicKey),
      oracleVkey('witness.example/w1', publicKey),
    );
    // A note key of the same name and key differs: the type byte enters the key ID.
    assert.notEqual(
      verifierKeyString('witness.example/w1', publicKey).split('+')[1],
      oracleKeyId('witness.example/w1', publicKey).toString('hex'),
    );
  });

  test('a cosignature line matches the oracle byte for byte, and the oracle verifies it', () => {
    for (const time of [0, 1, 1679315147, 2 ** 40 + 3]) {
      const line = cosignCheckpoint(checkpointText, cosigner('witness.example/w1', seed, time));
      assert.equal(line, oracleCosign('witness.example/w1', SEED, BigInt(time), checkpointText));
      assert.ok(oracleVerify('witness.example/w1', oracleKey(SEED).publicKey, checkpointText, line));
    }
  });

  test('extension lines are part of the cosigned message', () => {
    const text = formatCheckpoint({
      origin: LOG_NAME,
      size: 3,
      root: new Uint8Array(32),
      extensions: ['ext one'],
    });
    const line = cosignCheckpoint(text, cosigner('w', seed, 5));
    assert.equal(line, oracleCosign('w', SEED, 5n, text));
    assert.ok(!oracleVerify('w', oracleKey(SEED).publicKey, text.replace('ext one', 'ext two'), line));
  });

  test('only checkpoints are cosigned, at a whole non-negative time', () => {
    assert.throws(() => cosignCheckpoint('not a checkpoint\n', cosigner('w', seed, 1)), CheckpointError);
    for (const time of [-1, 1.5, Number.NaN, 2 ** 53]) {
      assert.throws(
        () => cosigner('w', seed, time),
        (e) => e instanceof CosignatureError && e.code === 'malformed-cosignature',
      );
    }
    assert.throws(
      () => cosigner('has space', seed, 1),
      (e) => e instanceof NoteError && e.code === 'invalid-name',
    );
  });
});

describe('verifyCosignatures', () => {
  const logged = signNote(checkpointText, logSigner);
  const oracleLine = (w: { name: string }, seedByte: number, time: number) =>
    oracleCosign(w.name, seedByte, BigInt(time), checkpointText);
  const cosignedNote = logged + oracleLine(w1, 11, 100) + oracleLine(w3, 13, 300);

  test('says which witnesses cosigned, when, and whether the quorum is met', () => {
    const check = verifyCosignatures(cosignedNote, {
      logVerifier: logVkey,
      witnesses: [w1.vkey, w2.vkey, w3.vkey],
      quorum: 2,
    });
    assert.deepEqual(check.cosigned, [
      { witness: w1.vkey, name: w1.name, time: 100 },
      { witness: w3.vkey, name: w3.name, time: 300 },
    ]);
    assert.equal(check.quorumMet, true);
    assert.equal(check.checkpoint.size, 20852163);
    const strict = verifyCosignatures(cosignedNote, {
      logVerifier: logVkey,
      witnesses: [w1.vkey, w2.vkey, w3.vkey],
      quorum: 3,
    });
    assert.equal(strict.quorumMet, false);
  });

  test('cosignatures by keys outside the policy are ignored, not counted', () => {
    const check = verifyCosignatures(cosignedNote, { logVerifier: logVkey, witnesses: [w2.vkey], quorum: 1 });
    assert.deepEqual(check.cosigned, []);
    assert.equal(check.quorumMet, false);
    assert.equal(
      verifyCosignatures(logged, { logVerifier: logVkey, witnesses: [], quorum: 0 }).quorumMet,
      true,
    );
  });

  test('a cosignature of another checkpoint, or with a changed time, is refused', () => {
    const other = formatCheckpoint({ origin: LOG_NAME, size: 20852164, root: new Uint8Array(32).fill(9) });
    const moved = logged + oracleCosign(w1.name, 11, 100n, other);
    const policy = { logVerifier: logVkey, witnesses: [w1.vkey], quorum: 1 };
    assert.throws(
      () => verifyCosignatures(moved, policy),
      (e) => e instanceof NoteError && e.code === 'invalid-signature',
    );
    const line = oracleLine(w1, 11, 100);
    const framed = Buffer.from(line.slice(line.indexOf(' ', 2) + 1, -1), 'base64');
    framed.writeBigUInt64BE(101n, 4);
    const retimed = `${logged}\u2014 ${w1.name} ${framed.toString('base64')}\n`;
    assert.throws(
      () => verifyCosignatures(retimed, policy),
      (e) => e instanceof NoteError && e.code === 'invalid-signature',
    );
  });

  test('a plain note signature by the witness key is not a cosignature', () => {
    const plain = signNote(checkpointText, [logSigner, noteSigner(w1.name, w1.seed)]);
    const check = verifyCosignatures(plain, { logVerifier: logVkey, witnesses: [w1.vkey], quorum: 1 });
    assert.deepEqual(check.cosigned, []);
  });

  test('without the log signature nothing counts', () => {
    const unsigned = `${checkpointText}\n${oracleLine(w1, 11, 100)}`;
    const otherLog = verifierKeyString(LOG_NAME, oracleKey(2).publicKey);
    assert.throws(
      () => verifyCosignatures(unsigned, { logVerifier: logVkey, witnesses: [w1.vkey], quorum: 1 }),
      CheckpointError,
    );
    assert.throws(
      () => verifyCosignatures(cosignedNote, { logVerifier: otherLog, witnesses: [w1.vkey], quorum: 1 }),
      CheckpointError,
    );
  });

  test('a policy that makes no sense is refused', () => {
    const policyError = (e: unknown) => e instanceof CosignatureError && e.code === 'invalid-policy';
    for (const quorum of [-1, 4, 1.5]) {
      assert.throws(
        () =>
          verifyCosignatures(cosignedNote, {
            logVerifier: logVkey,
            witnesses: [w1.vkey, w2.vkey, w3.vkey],
            quorum,
          }),
        policyError,
      );
    }
    assert.throws(
      () =>
        verifyCosignatures(cosignedNote, { logVerifier: logVkey, witnesses: [w1.vkey, w1.vkey], quorum: 1 }),
      policyError,
    );
    // A note key (type 0x01) is not a cosigner key.
    const noteKey = verifierKeyString(w1.name, oracleKey(11).publicKey);
    assert.throws(
      () => verifyCosignatures(cosignedNote, { logVerifier: logVkey, witnesses: [noteKey], quorum: 1 }),
      (e) => e instanceof NoteError && e.code === 'malformed-key',
    );
  });
});
