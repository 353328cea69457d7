// The hub's single-pass RFC 8785 serialiser against an independent oracle: the `canonicalize`
// package by the RFC's co-author, on random JSON values heavy in the cases JCS is about (number
// forms, key order by UTF-16 code units, escapes, non-BMP characters).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import canonicalizeModule from 'canonicalize';
import { canonicalJson } from '../../src/record/index.js';
import { Prng } from '../support/prng.js';

const oracle = ((canonicalizeModule as unknown as { default?: unknown }).default ?? canonicalizeModule) as (
  value: unknown,
) => string;

const NUMBERS = [
  0, -0, 1, -1, 1e21, 1e-7, 1e-6, 123456789012345680000, 5e-324, 1.7976931348623157e308, 0.1,
  333333333.3333333,
];
const CHARACTERS = [
  'a',
  'B',
  'é',
  '€',
  '😀',
  '\u0000',
  '\u001f',
  '"',
  '\\',
  '\u2028',
  '\ud7ff',
  '\ue000',
  'ﬀ',
  '1',
  ' ',
];

function randomString(prng: Prng): string {
  let text = '';
  const length = prng.int(6);
  for (let i = 0; i < length; i++) text += CHARACTERS[prng.int(CHARACTERS.length)];
  return text;
}

function randomValue(prng: Prng, depth: number): unknown {
  const kind = prng.int(depth > 3 ? 4 : 6);
  if (kind === 0) return NUMBERS[prng.int(NUMBERS.length)] as number;
  if (kind === 1) return (prng.next() / 2 ** 16 - 2 ** 15) * (prng.int(2) ? 1 : 1e-9);
  if (kind === 2) return randomString(prng);
  if (kind === 3) return [null, true, false][prng.int(3)];
  if (kind === 4) return Array.from({ length: prng.int(4) }, () => randomValue(prng, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = prng.int(5); i > 0; i--) object[randomString(prng)] = randomValue(prng, depth + 1);
  return object;
}

test('canonicalJson equals the reference implementation on 20,000 random values', () => {
  const prng = new Prng(Number(process.env.FUZZ_SEED ?? 8785));
  for (let i = 0; i < 20_000; i++) {
    const value = randomValue(prng, 0);
    assert.equal(
      canonicalJson(value),
      oracle(value),
      `seed ${prng.seed}, value ${i}: ${JSON.stringify(value)}`,
    );
  }
});
