import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { test } from 'node:test';
import { hubSigner } from '../../src/hub/hub-signer.js';
import {
  formatCheckpoint,
  noteVerifier,
  openNote,
  signNote,
  verifierKeyString,
} from '../../src/record/index.js';

test('the hub signs exactly as node:crypto does, and its checkpoints verify with its public key', () => {
  for (let k = 0; k < 20; k++) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const signer = hubSigner('hub.example/test', privateKey);
    for (const length of [0, 1, 63, 64, 65, 1000]) {
      const message = randomBytes(length);
      // Ed25519 is deterministic (RFC 8032): any correct implementation gives the same bytes.
      assert.deepEqual(Buffer.from(signer.sign(message)), sign(null, message, privateKey));
    }
    const text = formatCheckpoint({ origin: 'hub.example/test', size: k, root: new Uint8Array(32) });
    const note = signNote(text, signer);
    const verifier = noteVerifier(verifierKeyString('hub.example/test', privateKey));
    assert.equal(openNote(note, [verifier]).text, text);
  }
});
