// Entry encoding (the record's leaf data) and RFC 8785 canonical JSON.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  canonicalBytes,
  canonicalJson,
  decodeEntry,
  type Entry,
  EntryError,
  encodeEntry,
  entryLeafHash,
  entrySignedBytes,
  hashLeaf,
} from '../../src/record/index.js';

const b64 = (n: number, fill: number): string => Buffer.alloc(n, fill).toString('base64');

const ENTRY: Entry = {
  v: 1,
  kind: 'declaration.site',
  time: '2016-09-17T14:00:00.000Z',
  author: { party: 'un-ocha', operator: 'op-7', key: b64(32, 3) },
  command: { site: { name: 'Warehouse 4', point: [36.2, 35.3] }, note: 'ü€' },
  signature: b64(64, 1),
  visibility: ['*'],
  salt: b64(16, 9),
};

const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const invalid = (err: unknown): boolean => err instanceof EntryError && err.code === 'invalid-entry';

describe('canonical JSON', () => {
  test('RFC 8785 §3.2.2 sample', () => {
    const input = JSON.parse(
      String.raw`{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false]}`,
    );
    assert.equal(
      canonicalJson(input),
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  test('keys sort by UTF-16 code units, recursively', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [2, { z: 0, y: 1 }], c: 3 }, é: 0 }),
      '{"a":{"c":3,"d":[2,{"y":1,"z":0}]},"b":1,"é":0}',
    );
    assert.deepEqual(canonicalBytes({ a: '€' }), new TextEncoder().encode('{"a":"€"}'));
  });

  test('refuses values with no exact JSON form', () => {
    for (const value of [
      undefined,
      { a: undefined },
      [1, undefined],
      Number.NaN,
      { a: Number.POSITIVE_INFINITY },
      { a: new Date(0) },
      { a: () => 1 },
      { a: 1n },
      { a: Symbol('s') },
      { a: '\ud800' },
      // biome-ignore lint/suspicious/noSparseArray: a hole is the point
      [1, , 3],
      new Map(),
    ]) {
      assert.throws(() => canonicalJson(value), TypeError);
    }
    assert.equal(canonicalJson(Object.assign(Object.create(null), { b: 1, a: 2 })), '{"a":2,"b":1}');
  });
});

describe('entries', () => {
  test('encode gives canonical bytes that decode back', () => {
    const bytes = encodeEntry(ENTRY);
    const text = new TextDecoder().decode(bytes);
    assert.ok(text.startsWith('{"author":{"key":'));
    assert.equal(text, canonicalJson(ENTRY));
    assert.deepEqual(decodeEntry(bytes), ENTRY);
    assert.deepEqual(entryLeafHash(bytes), hashLeaf(bytes));
    assert.deepEqual(entrySignedBytes(ENTRY), canonicalBytes(ENTRY.command));
  });

  test('a hub-authored entry with a party list', () => {
    const entry: Entry = {
      ...ENTRY,
      author: { hub: 'hub.example', key: 'k' },
      visibility: ['party-b', 'party-a'],
    };
    assert.deepEqual(decodeEntry(encodeEntry(entry)), entry);
  });

  test('decode insists on canonical form', () => {
    const pretty = new TextEncoder().encode(JSON.stringify(ENTRY, null, 2));
    assert.throws(
      () => decodeEntry(pretty),
      (e: unknown) => e instanceof EntryError && e.code === 'not-canonical',
    );
    const { v, ...rest } = ENTRY;
    const reordered = encode({ v, ...rest });
    assert.throws(
      () => decodeEntry(reordered),
      (e: unknown) => e instanceof EntryError && e.code === 'not-canonical',
    );
    const duplicated = new TextEncoder().encode(
      canonicalJson(ENTRY).replace('{"author"', '{"author":1,"author"'),
    );
    assert.throws(
      () => decodeEntry(duplicated),
      (e: unknown) => e instanceof EntryError && e.code === 'not-canonical',
    );
  });

  test('decode refuses what is not JSON', () => {
    for (const bytes of [
      new Uint8Array([0xff, 0x7b, 0x7d]),
      new TextEncoder().encode('{'),
      new Uint8Array(),
    ]) {
      assert.throws(
        () => decodeEntry(bytes),
        (e: unknown) => e instanceof EntryError && e.code === 'not-json',
      );
    }
  });

  test('every field is checked', () => {
    const { salt: _salt, ...withoutSalt } = ENTRY;
    const bad: unknown[] = [
      null,
      [],
      'entry',
      withoutSalt,
      { ...ENTRY, extra: 1 },
      { ...ENTRY, v: 2 },
      { ...ENTRY, kind: '' },
      { ...ENTRY, time: '2016-09-17T14:00:00Z' },
      { ...ENTRY, time: '2016-09-17T14:00:00.000+00:00' },
      { ...ENTRY, time: '2016-02-30T14:00:00.000Z' },
      { ...ENTRY, time: '2016-09-17 14:00:00.000Z' },
      { ...ENTRY, author: { party: 'p', key: 'k' } },
      { ...ENTRY, author: { hub: 'h', party: 'p', key: 'k' } },
      { ...ENTRY, author: { hub: 'h', key: '' } },
      { ...ENTRY, author: 'hub' },
      { ...ENTRY, command: [] },
      { ...ENTRY, command: null },
      { ...ENTRY, signature: b64(63, 1) },
      { ...ENTRY, signature: 'not base64' },
      { ...ENTRY, visibility: [] },
      { ...ENTRY, visibility: ['a', 'a'] },
      { ...ENTRY, visibility: ['*', 'a'] },
      { ...ENTRY, visibility: [''] },
      { ...ENTRY, visibility: '*' },
      { ...ENTRY, salt: b64(15, 1) },
      { ...ENTRY, salt: `${b64(16, 1)}\n` },
    ];
    for (const value of bad) {
      assert.throws(() => encodeEntry(value as Entry), invalid, JSON.stringify(value));
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        assert.throws(() => decodeEntry(canonicalBytes(value)), invalid, JSON.stringify(value));
      }
    }
  });

  test('a command that is not plain JSON is refused', () => {
    assert.throws(() => encodeEntry({ ...ENTRY, command: { at: new Date(0) } }), invalid);
    assert.throws(() => encodeEntry({ ...ENTRY, command: { n: Number.NaN } }), invalid);
    assert.throws(() => encodeEntry({ ...ENTRY, command: { u: undefined } }), invalid);
  });
});
