// Known-answer tests for RFC 6962 / RFC 9162 hashing and proofs.
//
// Vectors: the 8-leaf reference tree of Certificate Transparency, as published
// in github.com/transparency-dev/merkle testonly/constants.go (leaves, roots,
// node hashes) and proof/verify_test.go (inclusion and consistency proofs;
// there leaf numbers are 1-based, here indices are 0-based). The corruption
// cases mirror corruptInclusionProof / corruptConsistencyProof there.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CompactRange,
  consistencyPlan,
  consistencyProof,
  EMPTY_ROOT,
  hashLeaf,
  inclusionPlan,
  inclusionProof,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from '../../src/record/index.js';

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(hex);
const LEAF_HASHES = LEAVES.map(hashLeaf);

// ROOTS[n] = MTH of the first n leaves.
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
].map(hex);
const root = (n: number): Uint8Array => ROOTS[n] as Uint8Array;

// Frontier (compact range) hashes for each size, from the reference node hashes.
const NODE = {
  l0: [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  l1: [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  l2: [
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ],
  l3: ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
};

const INCLUSION: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

const CONSISTENCY: { size1: number; size2: number; proof: string[] }[] = [
  { size1: 1, size2: 1, proof: [] },
  {
    size1: 1,
    size2: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    size1: 6,
    size2: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    size1: 2,
    size2: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    size1: 6,
    size2: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

const SOME_HASH = hex('abacaba000000000000000000000000000000000000000000060061e00123456');

function flipped(proof: Uint8Array[], at: number, mask: number): Uint8Array[] {
  return proof.map((h, i) => {
    if (i !== at) return h;
    const copy = h.slice();
    copy[0] = (copy[0] as number) ^ mask;
    return copy;
  });
}

describe('RFC 6962 reference tree', () => {
  test('empty root and roots at sizes 1..8', () => {
    assert.equal(toHex(EMPTY_ROOT), toHex(root(0)));
    assert.equal(toHex(rootFromLeafHashes([])), toHex(root(0)));
    for (let n = 1; n <= 8; n++) {
      assert.equal(toHex(rootFromLeafHashes(LEAF_HASHES.slice(0, n))), toHex(root(n)), `size ${n}`);
    }
  });

  test('leaf hashes are the level-0 reference nodes', () => {
    assert.deepEqual(LEAF_HASHES.map(toHex), NODE.l0);
  });

  test('compact range frontier and root at every size', () => {
    const want = [
      [],
      [NODE.l0[0]],
      [NODE.l1[0]],
      [NODE.l1[0], NODE.l0[2]],
      [NODE.l2[0]],
      [NODE.l2[0], NODE.l0[4]],
      [NODE.l2[0], NODE.l1[2]],
      [NODE.l2[0], NODE.l1[2], NODE.l0[6]],
      [NODE.l3[0]],
    ];
    const range = CompactRange.empty();
    for (let n = 0; n <= 8; n++) {
      if (n > 0) range.append(LEAF_HASHES[n - 1] as Uint8Array);
      assert.deepEqual(range.hashes().map(toHex), want[n], `frontier at size ${n}`);
      assert.equal(toHex(range.root()), toHex(root(n)), `root at size ${n}`);
    }
  });

  for (const v of INCLUSION) {
    test(`inclusion proof for leaf ${v.index} in size ${v.size}`, () => {
      const leaf = LEAF_HASHES[v.index] as Uint8Array;
      const proof = inclusionProof(v.index, v.size, LEAF_HASHES);
      assert.deepEqual(proof.map(toHex), v.proof);
      assert.equal(verifyInclusion(leaf, v.index, v.size, proof, root(v.size)), true);

      const reject = (why: string, ...args: Parameters<typeof verifyInclusion>) =>
        assert.equal(verifyInclusion(...args), false, why);
      const r = root(v.size);
      reject('index - 1', leaf, v.index - 1, v.size, proof, r);
      reject('index + 1', leaf, v.index + 1, v.size, proof, r);
      reject('index ^ 2', leaf, v.index ^ 2, v.size, proof, r);
      reject('size * 2', leaf, v.index, v.size * 2, proof, r);
      reject('size / 2', leaf, v.index, Math.floor(v.size / 2), proof, r);
      reject('wrong leaf', hashLeaf(new TextEncoder().encode('WrongLeaf')), v.index, v.size, proof, r);
      reject('empty root', leaf, v.index, v.size, proof, EMPTY_ROOT);
      reject('random root', leaf, v.index, v.size, proof, SOME_HASH);
      reject('trailing empty', leaf, v.index, v.size, [...proof, new Uint8Array()], r);
      reject('trailing root', leaf, v.index, v.size, [...proof, r], r);
      reject('preceding empty', leaf, v.index, v.size, [new Uint8Array(), ...proof], r);
      reject('preceding root', leaf, v.index, v.size, [r, ...proof], r);
      for (let i = 0; i < proof.length; i++)
        reject(`flip proof[${i}]`, leaf, v.index, v.size, flipped(proof, i, 8), r);
      if (proof.length > 0) reject('removed element', leaf, v.index, v.size, proof.slice(0, -1), r);
      if (proof.length > 1) {
        reject(
          'inserted element',
          leaf,
          v.index,
          v.size,
          [proof[0] as Uint8Array, SOME_HASH, ...proof.slice(1)],
          r,
        );
        reject(
          'truncated hash',
          leaf,
          v.index,
          v.size,
          [(proof[0] as Uint8Array).subarray(0, 31), ...proof.slice(1)],
          r,
        );
      }
    });
  }

  for (const v of CONSISTENCY) {
    test(`consistency proof ${v.size1} → ${v.size2}`, () => {
      const proof = consistencyProof(v.size1, v.size2, LEAF_HASHES);
      assert.deepEqual(proof.map(toHex), v.proof);
      const r1 = root(v.size1);
      const r2 = root(v.size2);
      assert.equal(verifyConsistency(v.size1, v.size2, proof, r1, r2), true);
      if (proof.length === 0) return;

      const reject = (why: string, ...args: Parameters<typeof verifyConsistency>) =>
        assert.equal(verifyConsistency(...args), false, why);
      reject('size1 - 1', v.size1 - 1, v.size2, proof, r1, r2);
      reject('size1 + 1', v.size1 + 1, v.size2, proof, r1, r2);
      reject('size1 ^ 2', v.size1 ^ 2, v.size2, proof, r1, r2);
      reject('size2 * 2', v.size1, v.size2 * 2, proof, r1, r2);
      reject('size2 / 2', v.size1, Math.floor(v.size2 / 2), proof, r1, r2);
      reject('wrong root1', v.size1, v.size2, proof, SOME_HASH, r2);
      reject('wrong root2', v.size1, v.size2, proof, r1, SOME_HASH);
      reject('swapped roots', v.size1, v.size2, proof, r2, r1);
      reject('empty proof', v.size1, v.size2, [], r1, r2);
      reject('trailing empty', v.size1, v.size2, [...proof, new Uint8Array()], r1, r2);
      reject('trailing root1', v.size1, v.size2, [...proof, r1], r1, r2);
      reject('trailing root2', v.size1, v.size2, [...proof, r2], r1, r2);
      reject('preceding empty', v.size1, v.size2, [new Uint8Array(), ...proof], r1, r2);
      reject('preceding root1', v.size1, v.size2, [r1, ...proof], r1, r2);
      reject('preceding root2', v.size1, v.size2, [r2, ...proof], r1, r2);
      reject('preceding proof[0]', v.size1, v.size2, [proof[0] as Uint8Array, ...proof], r1, r2);
      reject('truncated proof', v.size1, v.size2, proof.slice(0, -1), r1, r2);
      reject(
        'truncated hash',
        v.size1,
        v.size2,
        [...proof.slice(0, -1), (proof.at(-1) as Uint8Array).subarray(1)],
        r1,
        r2,
      );
      for (let i = 0; i < proof.length; i++)
        reject(`flip proof[${i}]`, v.size1, v.size2, flipped(proof, i, 16), r1, r2);
    });
  }
});

describe('verification edge cases', () => {
  const leaf = LEAF_HASHES[0] as Uint8Array;

  test('single-leaf tree: the proof is empty and the root is the leaf hash', () => {
    assert.equal(verifyInclusion(leaf, 0, 1, [], leaf), true);
    assert.equal(verifyInclusion(leaf, 0, 1, [], new Uint8Array()), false);
    assert.equal(verifyInclusion(new Uint8Array(), 0, 1, [], leaf), false);
  });

  test('impossible index and size pairs are rejected, not thrown', () => {
    for (const [index, size] of [
      [0, 0],
      [1, 0],
      [2, 1],
      [-1, 4],
      [0.5, 4],
      [Number.NaN, 4],
      [0, Number.POSITIVE_INFINITY],
      [0, 2 ** 53],
    ] as const) {
      assert.equal(verifyInclusion(leaf, index, size, [], leaf), false, `${index}/${size}`);
    }
  });

  test('malformed inputs give false', () => {
    const proof = inclusionProof(5, 8, LEAF_HASHES);
    const bad: unknown[] = [null, undefined, 'abc', [null], [[1, 2, 3]], [...proof.slice(0, 2), 'x']];
    for (const p of bad) {
      assert.equal(verifyInclusion(leaf, 5, 8, p as Uint8Array[], root(8)), false);
      assert.equal(verifyConsistency(6, 8, p as Uint8Array[], root(6), root(8)), false);
    }
    assert.equal(verifyInclusion(null as unknown as Uint8Array, 5, 8, proof, root(8)), false);
    assert.equal(verifyConsistency(6, 8, [], null as unknown as Uint8Array, root(8)), false);
  });

  test('consistency between equal sizes needs no proof and equal roots', () => {
    assert.equal(verifyConsistency(0, 0, [], EMPTY_ROOT, EMPTY_ROOT), true);
    assert.equal(verifyConsistency(5, 5, [], root(5), root(5)), true);
    assert.equal(verifyConsistency(5, 5, [], root(5), root(4)), false);
    assert.equal(verifyConsistency(5, 5, [EMPTY_ROOT], root(5), root(5)), false);
  });

  test('consistency from the empty tree: empty proof and root1 must be the empty root', () => {
    assert.equal(verifyConsistency(0, 8, [], EMPTY_ROOT, root(8)), true);
    assert.equal(verifyConsistency(0, 8, [], root(1), root(8)), false);
    assert.equal(verifyConsistency(0, 8, [EMPTY_ROOT], EMPTY_ROOT, root(8)), false);
    assert.deepEqual(consistencyProof(0, 8, LEAF_HASHES), []);
  });

  test('time travel is rejected', () => {
    assert.equal(verifyConsistency(2, 1, [], root(2), root(1)), false);
    assert.equal(verifyConsistency(8, 6, CONSISTENCY[2]?.proof.map(hex) ?? [], root(8), root(6)), false);
  });

  test('plans refuse impossible arguments with RangeError', () => {
    for (const [a, b] of [
      [0, 0],
      [3, 3],
      [-1, 3],
      [0.5, 3],
      [Number.NaN, 3],
      [0, 2 ** 53],
    ] as const) {
      assert.throws(() => inclusionPlan(a, b), RangeError, `inclusion ${a}/${b}`);
    }
    for (const [a, b] of [
      [4, 3],
      [-1, 3],
      [1, 2.5],
      [Number.NaN, 3],
    ] as const) {
      assert.throws(() => consistencyPlan(a, b), RangeError, `consistency ${a}/${b}`);
    }
    assert.throws(() => inclusionProof(3, 9, LEAF_HASHES), RangeError);
    assert.throws(() => inclusionPlan(5, 8).assemble([]), RangeError);
  });
});
