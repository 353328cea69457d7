// base64ByteLength must accept exactly what the strict decoder accepts, and agree on the length.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { base64ByteLength, decodeBase64 } from '../../src/record/base64.js';
import { Prng } from '../support/prng.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ ';

test('base64ByteLength agrees with the strict decoder on valid and mutated strings', () => {
  const prng = new Prng(4648);
  for (let i = 0; i < 50_000; i++) {
    let text = randomBytes(prng.int(70)).toString('base64');
    if (i % 2 === 1 && text.length > 0) {
      const at = prng.int(text.length);
      text = text.slice(0, at) + prng.pick([...ALPHABET]) + text.slice(at + 1);
    }
    assert.equal(base64ByteLength(text), decodeBase64(text)?.length, JSON.stringify(text));
  }
});
