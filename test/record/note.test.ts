// C2SP signed-note. Known answers from golang.org/x/mod/sumdb/note
// (note_test.go: TestNewVerifier, TestNewSigner, TestSign, TestOpen), whose
// Ed25519 signatures are deterministic and must match byte for byte.
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  NoteError,
  noteKeyId,
  noteSigner,
  noteSignerFromKey,
  noteVerifier,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  privateKeyFromSeed,
  signerKeyString,
  signNote,
  verifierKeyString,
} from '../../src/record/index.js';

const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG =
  '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
const PETER = {
  name: 'PeterNeumann',
  keyId: 0xc74f20a3,
  base64: 'x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=',
};
const ENOCH = {
  name: 'EnochRoot',
  keyId: 0xaf0cfe78,
  base64: 'rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=',
};

const peter = noteVerifier(PETER_VKEY);
const enoch = noteVerifier(ENOCH_VKEY);

function noteError(code: string): (err: unknown) => boolean {
  return (err) => err instanceof NoteError && err.code === code;
}

/** Every proper substring and every one-character increment of `key`. */
function manglings(key: string): string[] {
  const out: string[] = [];
  for (let i = 0; i <= key.length; i++) {
    for (let j = i + 1; j <= key.length; j++) if (i !== 0 || j !== key.length) out.push(key.slice(i, j));
  }
  for (let i = 0; i < key.length; i++) {
    out.push(key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1));
  }
  return out;
}

describe('note keys', () => {
  test('the Go key pair parses, and the keys derive each other', () => {
    const v = parseVerifierKey(PETER_VKEY);
    assert.equal(v.name, 'PeterNeumann');
    assert.equal(v.keyId, 0xc74f20a3);
    assert.equal(noteKeyId(v.name, v.publicKey), 0xc74f20a3);
    const s = parseSignerKey(PETER_SKEY);
    assert.equal(s.keyId, 0xc74f20a3);
    const priv = privateKeyFromSeed(s.seed);
    assert.equal(verifierKeyString('PeterNeumann', priv), PETER_VKEY);
    assert.equal(verifierKeyString('PeterNeumann', createPublicKey(priv)), PETER_VKEY);
    assert.equal(verifierKeyString('PeterNeumann', v.publicKey), PETER_VKEY);
    assert.equal(signerKeyString('PeterNeumann', priv), PETER_SKEY);
    assert.equal(signerKeyString('PeterNeumann', s.seed), PETER_SKEY);
  });

  test('every mangling of the verifier key is refused', () => {
    for (const bad of [
      ...manglings(PETER_VKEY),
      // From TestNewVerifier: wrong key length and unknown algorithm, each with a matching key ID.
      'PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==',
      'PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      'PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
    ]) {
      assert.throws(() => noteVerifier(bad), noteError('malformed-key'), bad);
    }
  });

  test('every mangling of the signer key is refused', () => {
    for (const bad of manglings(PETER_SKEY)) assert.throws(() => noteSignerFromKey(bad), NoteError, bad);
  });

  test('key names may not be empty or hold spaces or plus signs', () => {
    const seed = new Uint8Array(32).fill(7);
    for (const name of ['', 'a b', 'a+b', 'tab\there', 'nbsp\u00a0x', 'line\nbreak']) {
      assert.throws(() => noteSigner(name, seed), noteError('invalid-name'), JSON.stringify(name));
    }
    assert.equal(noteSigner('hub.example/log', seed).name, 'hub.example/log');
  });
});

describe('signing', () => {
  test('reproduces the Go signature byte for byte', () => {
    assert.equal(signNote(TEXT, noteSignerFromKey(PETER_SKEY)), `${TEXT}\n${PETER_SIG}`);
    assert.equal(signNote(TEXT, [noteSignerFromKey(PETER_SKEY)]), `${TEXT}\n${PETER_SIG}`);
  });

  test('two signers; each verifier sees its own signature and the other as unverified', () => {
    const a = noteSigner('hub.example/log', new Uint8Array(32).fill(1));
    const b = noteSigner('witness.example/w1', new Uint8Array(32).fill(2));
    const va = noteVerifier(verifierKeyString(a.name, privateKeyFromSeed(new Uint8Array(32).fill(1))));
    const vb = noteVerifier(verifierKeyString(b.name, privateKeyFromSeed(new Uint8Array(32).fill(2))));
    const text = 'hub.example/log\n3\nline with a blank line after\n\nand more\n';
    const note = signNote(text, [a, b]);
    const both = openNote(note, [va, vb]);
    assert.equal(both.text, text);
    assert.deepEqual(
      both.signatures.map((s) => s.name),
      [a.name, b.name],
    );
    assert.equal(both.unverified.length, 0);
    const onlyB = openNote(new TextEncoder().encode(note), [vb]);
    assert.deepEqual(
      onlyB.signatures.map((s) => s.name),
      [b.name],
    );
    assert.deepEqual(
      onlyB.unverified.map((s) => [s.name, s.keyId]),
      [[a.name, a.keyId]],
    );
  });

  test('refuses bad text, no signers, repeated signers', () => {
    const s = noteSignerFromKey(PETER_SKEY);
    for (const text of ['abc', '', 'a\rb\n', 'tab\there\n', 'nul\u0000\n', 'lone \ud800 surrogate\n']) {
      assert.throws(() => signNote(text, s), noteError('invalid-text'), JSON.stringify(text));
    }
    assert.throws(() => signNote(TEXT, []), noteError('malformed-note'));
    assert.throws(() => signNote(TEXT, [s, s]), noteError('ambiguous-key'));
  });
});

describe('opening (TestOpen)', () => {
  const both = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;

  test('one known key: one verified, one unverified', () => {
    const n = openNote(both, [peter]);
    assert.equal(n.text, TEXT);
    assert.deepEqual(n.signatures, [PETER]);
    assert.deepEqual(n.unverified, [ENOCH]);
  });

  test('both keys known: both verified', () => {
    const n = openNote(both, [peter, enoch]);
    assert.deepEqual(n.signatures, [PETER, ENOCH]);
    assert.deepEqual(n.unverified, []);
  });

  test('no known key: refused as unverified', () => {
    assert.throws(() => openNote(both, []), noteError('unverified'));
  });

  test('a verifier given twice is ambiguous only when its key signed', () => {
    assert.throws(() => openNote(`${TEXT}\n${ENOCH_SIG}`, [enoch, peter, enoch]), noteError('ambiguous-key'));
    assert.deepEqual(openNote(`${TEXT}\n${PETER_SIG}`, [enoch, peter, enoch]).signatures, [PETER]);
  });

  test('more than 100 signatures are refused', () => {
    const many = `${TEXT}\n${PETER_SIG.repeat(101)}`;
    assert.throws(() => openNote(many, [peter]), noteError('too-many-signatures'));
    assert.throws(() => openNote(many, []), noteError('too-many-signatures'));
  });

  test('a bad signature by a known key rejects the note', () => {
    const bad = `${TEXT}\n${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    assert.throws(() => openNote(bad, [peter]), noteError('invalid-signature'));
  });

  test('repeated signatures are reported once; a corrupt unknown one is only unverified', () => {
    const enochABCD = `${ENOCH_SIG.slice(0, 60)}ABCD${ENOCH_SIG.slice(60)}`;
    const n = openNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${enochABCD}`, [peter]);
    assert.deepEqual(n.signatures, [PETER]);
    assert.deepEqual(
      n.unverified.map((s) => s.base64),
      [ENOCH.base64, `${ENOCH.base64.slice(0, 48)}ABCD${ENOCH.base64.slice(48)}`],
    );
  });

  test('a signature under a known name with another key ID is ignored, not failed', () => {
    const other = noteSigner('PeterNeumann', new Uint8Array(32).fill(9));
    const note = signNote(TEXT, [other, noteSignerFromKey(PETER_SKEY)]);
    const n = openNote(note, [peter]);
    assert.deepEqual(n.signatures, [PETER]);
    assert.deepEqual(
      n.unverified.map((s) => s.keyId),
      [other.keyId],
    );
    // ...and on its own it verifies nothing.
    assert.throws(() => openNote(signNote(TEXT, other), [peter]), noteError('unverified'));
  });

  test('malformed notes', () => {
    const bad = [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\u0001${TEXT}\n${PETER_SIG}`,
      `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${TEXT}\n${PETER_SIG.replace('— ', '-- ')}`,
      `${TEXT}\n${PETER_SIG.replace('x08go', 'x08g!')}`,
      `${TEXT}\n— PeterNeumann AAAA\n`,
      `${TEXT}\n${PETER_SIG}\n`,
      `${TEXT}\r\n${PETER_SIG}`,
    ];
    for (const msg of bad)
      assert.throws(() => openNote(msg, [peter]), noteError('malformed-note'), JSON.stringify(msg));
    const invalidUtf8 = new Uint8Array([0xff, ...new TextEncoder().encode(`${TEXT}\n${PETER_SIG}`)]);
    assert.throws(() => openNote(invalidUtf8, [peter]), noteError('malformed-note'));
  });
});
