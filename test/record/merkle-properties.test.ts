// Property tests against an independent, deliberately naive implementation of
// RFC 9162 §2.1: MTH, PATH and PROOF/SUBPROOF written straight from the text,
// recursive, over leaf data. Every size 1..70 and every index / size pair.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  CompactRange,
  consistencyPlan,
  consistencyProof,
  frontierNodes,
  hashLeaf,
  inclusionPlan,
  inclusionProof,
  nodeRange,
  rangeNodes,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from '../../src/record/index.js';

const MAX = 70;
const sha256 = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const DATA = Array.from({ length: MAX + 1 }, (_, i) => new TextEncoder().encode(`leaf ${i}`));
const LEAF_HASHES = DATA.map(hashLeaf);

// --- the reference, from the RFC text -------------------------------------

// "k is the largest power of two smaller than n (i.e., k < n <= 2k)"
function k(n: number): number {
  let p = 1;
  while (p * 2 < n) p *= 2;
  return p;
}

const mthMemo = new Map<string, Uint8Array>();
// MTH(D[a:b]); memoised only to keep the test fast.
function mth(a: number, b: number): Uint8Array {
  const key = `${a}:${b}`;
  const hit = mthMemo.get(key);
  if (hit) return hit;
  const n = b - a;
  let out: Uint8Array;
  if (n === 0) out = sha256();
  else if (n === 1) out = sha256(new Uint8Array([0]), DATA[a] as Uint8Array);
  else out = sha256(new Uint8Array([1]), mth(a, a + k(n)), mth(a + k(n), b));
  mthMemo.set(key, out);
  return out;
}

// PATH(m, D[a:b]) with m relative to a.
function path(m: number, a: number, b: number): Uint8Array[] {
  const n = b - a;
  if (n === 1) return [];
  const s = k(n);
  if (m < s) return [...path(m, a, a + s), mth(a + s, b)];
  return [...path(m - s, a + s, b), mth(a, a + s)];
}

// SUBPROOF(m, D[a:b], flag).
function subproof(m: number, a: number, b: number, flag: boolean): Uint8Array[] {
  const n = b - a;
  if (m === n) return flag ? [] : [mth(a, b)];
  const s = k(n);
  if (m <= s) return [...subproof(m, a, a + s, flag), mth(a + s, b)];
  return [...subproof(m - s, a + s, b, false), mth(a, a + s)];
}

const proofRef = (m: number, n: number): Uint8Array[] => (m === n ? [] : subproof(m, 0, n, true));

function flipFirstByte(proof: Uint8Array[], at: number): Uint8Array[] {
  return proof.map((h, i) => {
    if (i !== at) return h;
    const c = h.slice();
    c[0] = (c[0] as number) ^ 1;
    return c;
  });
}

const isPerfectIn = (node: { level: number; index: number }, size: number): boolean =>
  Number.isInteger(node.level) && node.level >= 0 && (node.index + 1) * 2 ** node.level <= size;

describe('against the naive RFC 9162 reference, sizes 1..70', () => {
  test('roots', () => {
    for (let n = 0; n <= MAX; n++)
      assert.equal(hex(rootFromLeafHashes(LEAF_HASHES.slice(0, n))), hex(mth(0, n)));
  });

  test('inclusion proofs equal PATH and verify; neighbours and corruptions do not', () => {
    for (let size = 1; size <= MAX; size++) {
      const r = mth(0, size);
      for (let index = 0; index < size; index++) {
        const leaf = LEAF_HASHES[index] as Uint8Array;
        const plan = inclusionPlan(index, size);
        for (const node of plan.nodes) assert.ok(isPerfectIn(node, size), `node outside tree ${size}`);
        const proof = inclusionProof(index, size, LEAF_HASHES);
        assert.deepEqual(proof.map(hex), path(index, 0, size).map(hex), `PATH(${index}, ${size})`);
        assert.equal(verifyInclusion(leaf, index, size, proof, r), true);
        if (index + 1 < size) assert.equal(verifyInclusion(leaf, index + 1, size, proof, r), false);
        assert.equal(verifyInclusion(leaf, index, size + 1, proof, mth(0, size + 1)), false);
        if (proof.length > 0) {
          assert.equal(verifyInclusion(leaf, index, size, proof.slice(1), r), false);
          assert.equal(verifyInclusion(leaf, index, size, flipFirstByte(proof, proof.length - 1), r), false);
        }
      }
    }
  });

  test('consistency proofs equal PROOF and verify; corruptions do not', () => {
    for (let size2 = 1; size2 <= MAX; size2++) {
      const r2 = mth(0, size2);
      for (let size1 = 1; size1 <= size2; size1++) {
        const r1 = mth(0, size1);
        const plan = consistencyPlan(size1, size2);
        for (const node of plan.nodes) assert.ok(isPerfectIn(node, size2), `node outside tree ${size2}`);
        const proof = consistencyProof(size1, size2, LEAF_HASHES);
        assert.deepEqual(proof.map(hex), proofRef(size1, size2).map(hex), `PROOF(${size1}, ${size2})`);
        assert.equal(verifyConsistency(size1, size2, proof, r1, r2), true, `${size1} → ${size2}`);
        if (size1 === size2) continue;
        assert.equal(verifyConsistency(size1, size2, proof, r2, r1), false);
        assert.equal(verifyConsistency(size1, size2, proof.slice(0, -1), r1, r2), false);
        assert.equal(verifyConsistency(size1, size2, [...proof, r1], r1, r2), false);
        for (let i = 0; i < proof.length; i++) {
          assert.equal(verifyConsistency(size1, size2, flipFirstByte(proof, i), r1, r2), false);
        }
        if (size1 > 1) assert.equal(verifyConsistency(size1 - 1, size2, proof, mth(0, size1 - 1), r2), false);
      }
    }
  });

  test('compact range: root at every size, and appends report each perfect subtree exactly once', () => {
    const range = CompactRange.empty();
    const reported = new Map<string, string>();
    for (let n = 1; n <= MAX; n++) {
      const completed = range.append(LEAF_HASHES[n - 1] as Uint8Array);
      assert.deepEqual(completed[0], { level: 0, index: n - 1, hash: LEAF_HASHES[n - 1] });
      for (const node of completed) {
        const key = `${node.level}/${node.index}`;
        assert.equal(reported.has(key), false, `reported twice: ${key}`);
        const [a, b] = nodeRange(node);
        assert.equal(hex(node.hash), hex(mth(a, b)), `hash of ${key}`);
        reported.set(key, hex(node.hash));
      }
      assert.equal(range.size, n);
      assert.equal(hex(range.root()), hex(mth(0, n)), `root at ${n}`);
      assert.deepEqual(range.nodes(), frontierNodes(n));
      assert.deepEqual(
        range.hashes().map(hex),
        frontierNodes(n).map((node) => hex(mth(...nodeRange(node)))),
      );
      // Every perfect subtree of the tree so far has been reported.
      let perfect = 0;
      for (let level = 0; 2 ** level <= n; level++) perfect += Math.floor(n / 2 ** level);
      assert.equal(reported.size, perfect, `perfect subtrees at ${n}`);
    }
  });

  test('compact range restored from its frontier continues identically', () => {
    for (let n = 0; n <= 40; n++) {
      const a = CompactRange.empty();
      for (const h of LEAF_HASHES.slice(0, n)) a.append(h);
      const b = CompactRange.fromNodes(n, a.hashes());
      const c = a.clone();
      for (const h of LEAF_HASHES.slice(n, n + 30)) {
        assert.deepEqual(b.append(h), a.append(h));
        c.append(h);
      }
      assert.equal(hex(b.root()), hex(a.root()));
      assert.equal(hex(c.root()), hex(a.root()));
    }
    assert.throws(() => CompactRange.fromNodes(3, [LEAF_HASHES[0] as Uint8Array]), RangeError);
    assert.throws(() => CompactRange.fromNodes(1, [new Uint8Array(31)]), TypeError);
    assert.throws(() => CompactRange.empty().append(new Uint8Array(33)), TypeError);
  });

  test('rangeNodes is the fewest aligned perfect subtrees, left to right', () => {
    for (let begin = 0; begin <= 40; begin++) {
      for (let end = begin; end <= 80; end++) {
        const nodes = rangeNodes(begin, end);
        let at = begin;
        for (const node of nodes) {
          const [a, b] = nodeRange(node);
          assert.equal(a, at);
          at = b;
        }
        assert.equal(at, end);
        // Minimal: no two neighbours could merge into one aligned subtree.
        for (let i = 1; i < nodes.length; i++) {
          const l = nodes[i - 1] as { level: number; index: number };
          const r = nodes[i] as { level: number; index: number };
          assert.ok(!(l.level === r.level && l.index % 2 === 0), `mergeable at ${begin}..${end}`);
        }
      }
    }
    assert.deepEqual(rangeNodes(0, 13), [
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    assert.throws(() => rangeNodes(5, 4), RangeError);
  });
});
