// C2SP tlog-proof: the spec's own example read as a known answer, and proofs of every leaf of
// trees of many sizes, made with the in-memory tree and a signed checkpoint, written, read back and
// checked, with every single-byte change to a hash line refused.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkTlogProofInclusion,
  decodeBase64,
  formatCheckpoint,
  formatTlogProof,
  hashLeaf,
  inclusionProof,
  noteSigner,
  noteVerifier,
  openCheckpoint,
  parseTlogProof,
  privateKeyFromSeed,
  proofCheckpointBody,
  rootFromLeafHashes,
  signNote,
  TlogProofError,
  verifierKeyString,
} from '../../src/record/index.js';

// The example of c2sp.org/tlog-proof, as printed there (its signatures are elided with "[...]").
const SPEC_EXAMPLE = `c2sp.org/tlog-proof@v1
extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ
index 73894
gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=
B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=
EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=
RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=
AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=

example.com/fancylog
109482
sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=

— example.com/fancylog hI2DJw[...]1roloI=
— witness1.example mJirIklj[...]qY9v2B/5bg==
— witness2.example TnKKVHLX[...]xwYwrSjgow==
— witness3.example S4X82uH5[...]3oEcROGLFQ==
`;

const ORIGIN = 'evidence.test/log';
const signer = noteSigner(ORIGIN, privateKeyFromSeed(new Uint8Array(32).fill(7)));
const verifier = noteVerifier(verifierKeyString(ORIGIN, privateKeyFromSeed(new Uint8Array(32).fill(7))));

function signedCheckpoint(leaves: Uint8Array[]): string {
  return signNote(
    formatCheckpoint({ origin: ORIGIN, size: leaves.length, root: rootFromLeafHashes(leaves) }),
    signer,
  );
}

describe('tlog-proof', () => {
  test('reads the spec’s example: extra data, index, five hashes and the checkpoint verbatim', () => {
    const proof = parseTlogProof(SPEC_EXAMPLE);
    assert.equal(proof.index, 73894);
    assert.equal(proof.proof.length, 5);
    assert.deepEqual(proof.proof[0], decodeBase64('gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ='));
    assert.equal(
      Buffer.from(proof.extra as Uint8Array)
        .toString('latin1')
        .slice(0, 29),
      'age-v1.2.1-darwin-arm64.tar.g',
    );
    assert.ok(proof.checkpoint.startsWith('example.com/fancylog\n109482\n'));
    const body = proofCheckpointBody(proof);
    assert.equal(body.origin, 'example.com/fancylog');
    assert.equal(body.size, 109482);
    assert.equal(formatTlogProof(proof), SPEC_EXAMPLE);
  });

  test('every leaf of trees of 1 to 40 leaves is proven to its signed checkpoint, and only there', () => {
    for (let size = 1; size <= 40; size++) {
      const leaves = Array.from({ length: size }, (_, i) => hashLeaf(new TextEncoder().encode(`entry ${i}`)));
      const note = signedCheckpoint(leaves);
      for (let index = 0; index < size; index++) {
        const text = formatTlogProof({ index, proof: inclusionProof(index, size, leaves), checkpoint: note });
        const read = parseTlogProof(text);
        assert.equal(formatTlogProof(read), text);
        const checkpoint = openCheckpoint(read.checkpoint, [verifier]);
        checkTlogProofInclusion(read, leaves[index] as Uint8Array, checkpoint);
        const other = leaves[(index + 1) % size] as Uint8Array;
        if (size > 1)
          assert.throws(() => checkTlogProofInclusion(read, other, checkpoint), { code: 'not-included' });
        // A changed hash line no longer leads to the root.
        for (let i = 0; i < read.proof.length; i++) {
          const bent = read.proof.map((h) => h.slice());
          const line = bent[i] as Uint8Array;
          line[0] = (line[0] as number) ^ 1;
          assert.throws(
            () => checkTlogProofInclusion({ ...read, proof: bent }, leaves[index] as Uint8Array, checkpoint),
            TlogProofError,
          );
        }
      }
    }
  });

  test('an index outside the tree is refused, before any hashing', () => {
    const leaves = [hashLeaf(new Uint8Array([1])), hashLeaf(new Uint8Array([2]))];
    const checkpoint = openCheckpoint(signedCheckpoint(leaves), [verifier]);
    assert.throws(
      () =>
        checkTlogProofInclusion({ index: 2, proof: [], checkpoint: '' }, leaves[0] as Uint8Array, checkpoint),
      /not below size 2/,
    );
  });

  test('malformed text is refused with the reason', () => {
    const good = formatTlogProof({
      index: 0,
      proof: [hashLeaf(new Uint8Array([2]))],
      checkpoint: signedCheckpoint([hashLeaf(new Uint8Array([1])), hashLeaf(new Uint8Array([2]))]),
    });
    const cases: [string, RegExp][] = [
      [good.replace('c2sp.org/tlog-proof@v1', 'c2sp.org/tlog-proof@v2'), /first line/],
      [good.replace('index 0', 'index 00'), /leading zeros/],
      [good.replace('index 0', 'index -1'), /index/],
      [good.replace('index 0', 'index 0 '), /index/],
      [good.replace('index 0\n', 'index 0\nextra AAAA\n'), /proof line 1/],
      [good.replace('index 0\n', 'extra AA=A\nindex 0\n'), /extra data/],
      [good.replace(/\n[A-Za-z0-9+/]{43}=\n\n/, '\nAAAA\n\n'), /proof line 1 is not base64 of 32 bytes/],
      [good.slice(0, good.indexOf('\n\n')), /no blank line/],
      [good.slice(0, good.indexOf('\n\n') + 2), /checkpoint is missing/],
    ];
    for (const [text, reason] of cases) assert.throws(() => parseTlogProof(text), reason, text);
  });
});
