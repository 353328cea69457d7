// C2SP tlog-checkpoint. Vectors: golang.org/x/mod/sumdb/tlog note_test.go
// (TestFormatTree / TestParseTree), real checkpoints published by
// sum.golang.org and its public verifier key, and the example in the spec.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CheckpointError,
  EMPTY_ROOT,
  formatCheckpoint,
  hashLeaf,
  NoteError,
  noteSigner,
  noteVerifier,
  openCheckpoint,
  openNote,
  parseCheckpoint,
  privateKeyFromSeed,
  signNote,
  verifierKeyString,
} from '../../src/record/index.js';

const GO_TREE = 'go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n';
const SUMDB_VKEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
// Signed tree heads served by sum.golang.org (quoted in public write-ups of the Go checksum database).
const SUMDB_CHECKPOINTS: [size: number, root: string, sig: string][] = [
  [
    445646,
    'jEFFy4AtYgBBNTSZTiNnQrgQqMbcH0mfO2oP2FxR9VU=',
    'Az3grkGho/PqvUmEuTv6+r2g303hUhu60FOD6vLpm19mBwH9UjquWY2OKxNmZ55z0gHrp24AgPC3Q5WO7uZrVdvdCQU=',
  ],
  [
    15368405,
    '/g9am3I6YWNKaZX/jkne1fqd9zEyjss+JXyPXG0WfkY=',
    'Az3grqJGUaSGukG9p8nI2vKgiFn7qGHxn0W+mrwyI6Gz3F0t1J3LzmWk/p96Ybf295EjwdSwlzgijq5WA9d1Ded7owM=',
  ],
  [
    63096908,
    '8lHrQPRYe4KT4WQ9/Qk8/taKnD6IRHbFgfN7vQE2Y54=',
    'Az3gri/oVBN1jAhNZ/iS+W31psFAWRT20/GyrhpU6taFwulQGetBkH5S7wpGXdS935jiIGiUUAXBVHzT/P6fYhqAmAk=',
  ],
];
const sumdbNote = ([size, root, sig]: [number, string, string]): string =>
  `go.sum database tree\n${size}\n${root}\n\n— sum.golang.org ${sig}\n`;

const malformed = (err: unknown): boolean =>
  err instanceof CheckpointError && err.code === 'malformed-checkpoint';

describe('checkpoint text', () => {
  test('formats and parses the Go tree vector', () => {
    const root = hashLeaf(new TextEncoder().encode('hello world'));
    assert.equal(formatCheckpoint({ origin: 'go.sum database tree', size: 123456789012, root }), GO_TREE);
    assert.deepEqual(parseCheckpoint(GO_TREE), { origin: 'go.sum database tree', size: 123456789012, root });
  });

  test('parses the spec example', () => {
    const cp = parseCheckpoint(
      'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
    assert.equal(cp.origin, 'example.com/behind-the-sofa');
    assert.equal(cp.size, 20852163);
    assert.equal(cp.root.length, 32);
  });

  test('round-trips with extension lines and the empty tree', () => {
    const cases = [
      { origin: 'hub.example/deconflict', size: 0, root: EMPTY_ROOT },
      {
        origin: 'hub.example/deconflict',
        size: 2 ** 53 - 1,
        root: EMPTY_ROOT,
        extensions: ['ext one', 'two'],
      },
    ];
    for (const c of cases) assert.deepEqual(parseCheckpoint(formatCheckpoint(c)), c);
  });

  test('strict parsing', () => {
    const root = 'TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=';
    const bad = [
      'go.sum database tree\n0xabcdef\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n',
      'go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=\n',
      `o\n0123\n${root}\n`,
      `o\n-1\n${root}\n`,
      `o\n1.0\n${root}\n`,
      `o\n 1\n${root}\n`,
      `o\n1e3\n${root}\n`,
      `o\n\n${root}\n`,
      `o\n9007199254740992\n${root}\n`,
      `\n1\n${root}\n`,
      `o\n1\n${root}`,
      `o\n1\n${root}\n\n`,
      `o\n1\n${root}\next\n\n`,
      `o\n1\n${root.slice(4)}\n`,
      `o\n1\n${root.replace('=', '')}\n`,
      `o\n1\n${root.slice(0, -2)}1=\n`,
      `o\n1\n${Buffer.alloc(33).toString('base64')}\n`,
      'o\n1\n',
      `o\r\n1\n${root}\n`,
      '',
    ];
    for (const text of bad) assert.throws(() => parseCheckpoint(text), malformed, JSON.stringify(text));
  });

  test('format refuses what it could not parse back', () => {
    const root = EMPTY_ROOT;
    assert.throws(() => formatCheckpoint({ origin: '', size: 1, root }), malformed);
    assert.throws(() => formatCheckpoint({ origin: 'a\nb', size: 1, root }), malformed);
    assert.throws(() => formatCheckpoint({ origin: 'o', size: -1, root }), malformed);
    assert.throws(() => formatCheckpoint({ origin: 'o', size: 1.5, root }), malformed);
    assert.throws(() => formatCheckpoint({ origin: 'o', size: 1, root: root.subarray(1) }), malformed);
    assert.throws(() => formatCheckpoint({ origin: 'o', size: 1, root, extensions: [''] }), malformed);
  });
});

describe('signed checkpoints', () => {
  const sumdb = noteVerifier(SUMDB_VKEY);

  test('real sum.golang.org checkpoints verify', () => {
    for (const v of SUMDB_CHECKPOINTS) {
      const cp = openCheckpoint(sumdbNote(v), [sumdb], 'sum.golang.org');
      assert.equal(cp.origin, 'go.sum database tree');
      assert.equal(cp.size, v[0]);
      assert.equal(Buffer.from(cp.root).toString('base64'), v[1]);
      assert.equal(cp.note.signatures[0]?.keyId, 0x033de0ae);
    }
  });

  test('a real checkpoint with a changed size or root fails its signature', () => {
    const [size, root, sig] = SUMDB_CHECKPOINTS[0] as [number, string, string];
    const isInvalid = (err: unknown) => err instanceof NoteError && err.code === 'invalid-signature';
    assert.throws(
      () => openCheckpoint(sumdbNote([size + 1, root, sig]), [sumdb], 'sum.golang.org'),
      isInvalid,
    );
    const otherRoot = Buffer.from(EMPTY_ROOT).toString('base64');
    assert.throws(
      () => openCheckpoint(sumdbNote([size, otherRoot, sig]), [sumdb], 'sum.golang.org'),
      isInvalid,
    );
  });

  test('by default the log key must be named like the origin', () => {
    // Go's sumdb names its key sum.golang.org but its origin "go.sum database tree".
    assert.throws(
      () => openCheckpoint(sumdbNote(SUMDB_CHECKPOINTS[0] as [number, string, string]), [sumdb]),
      malformed,
    );
  });

  test('a hub checkpoint cosigned by a witness; the witness alone does not make it the log’s', () => {
    const hubSeed = new Uint8Array(32).fill(0x11);
    const witnessSeed = new Uint8Array(32).fill(0x22);
    const hub = noteSigner('hub.example/deconflict', hubSeed);
    const witness = noteSigner('witness.example', witnessSeed);
    const hubV = noteVerifier(verifierKeyString(hub.name, privateKeyFromSeed(hubSeed)));
    const witnessV = noteVerifier(verifierKeyString(witness.name, privateKeyFromSeed(witnessSeed)));
    const body = formatCheckpoint({ origin: hub.name, size: 5, root: EMPTY_ROOT });
    const note = signNote(body, [hub, witness]);
    const opened = openCheckpoint(note, [hubV, witnessV]);
    assert.equal(opened.size, 5);
    assert.equal(opened.note.signatures.length, 2);
    assert.throws(() => openCheckpoint(note, [witnessV]), malformed);
    // A signed note whose text is not a checkpoint.
    assert.throws(() => openCheckpoint(signNote('not a checkpoint\n', hub), [hubV]), malformed);
    assert.equal(openNote(note, [witnessV]).text, body);
  });
});
