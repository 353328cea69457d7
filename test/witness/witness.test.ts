// The witness over real HTTP (C2SP tlog-witness add-checkpoint), asked by the
// client the hub uses. Every cosignature is checked by the oracle written from
// the spec text, and what the witness keeps is read back after restarts.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  encodeBase64,
  equalBytes,
  noteSigner,
  signNote,
  verifyCosignatures,
} from '../../src/record/index.js';
import { MAX_REFUSED_PER_LOG } from '../../src/witness/cosigned-store.js';
import { requestCosignature } from '../../src/witness/witness-client.js';
import { WITNESS_KEY_FILE } from '../../src/witness/witness-key.js';
import { oracleVerifyByVkey } from '../support/cosignature-oracle.js';
import { TestLog, WitnessUnderTest } from '../support/witness.js';

const ORIGIN = 'log.test/a';

function post(url: string, body: string | Uint8Array, method = 'POST'): Promise<Response> {
  return fetch(`${url}/add-checkpoint`, { method, body: method === 'POST' ? body : undefined });
}

async function cosign(witness: WitnessUnderTest, log: TestLog, from: number, to: number): Promise<string> {
  const result = await requestCosignature(witness.url, log.request(from, to));
  assert.equal(result.kind, 'cosigned', `${from} → ${to}: ${JSON.stringify(result)}`);
  assert.ok(result.kind === 'cosigned' && result.signatures.length === 1);
  return `${result.signatures[0]}\n`;
}

describe('a witness cosigning a log', () => {
  let log: TestLog;
  let witness: WitnessUnderTest;
  before(async () => {
    log = new TestLog(ORIGIN, 1);
    witness = await WitnessUnderTest.start([{ origin: ORIGIN, verifierKey: log.verifierKey }]);
  });
  after(() => witness.stop());

  test('cosigns each checkpoint that extends the last, with what it cosigned on disk before it answers', async () => {
    const sizes = [0, 1, 2, 5, 8, 8, 13, 64, 100];
    let previous = 0;
    for (const size of sizes) {
      const line = await cosign(witness, log, previous, size);
      assert.ok(oracleVerifyByVkey(witness.verifierKey, log.text(size), line), `cosignature of ${size}`);
      const check = verifyCosignatures(log.checkpoint(size) + line, {
        logVerifier: log.verifierKey,
        witnesses: [witness.verifierKey],
        quorum: 1,
      });
      assert.equal(check.quorumMet, true);
      // A restart right after the answer finds the checkpoint it answered for.
      const vkey = witness.verifierKey;
      await witness.restart();
      assert.equal(witness.verifierKey, vkey);
      assert.equal(witness.latest(ORIGIN)?.size, size);
      assert.ok(equalBytes(witness.latest(ORIGIN)?.root as Uint8Array, log.checkpointRoot(size)));
      previous = size;
    }
  });

  test('tells a client with another old size the size it has, as text/x.tlog.size', async () => {
    const size = witness.latest(ORIGIN)?.size as number;
    for (const old of [0, 3, size - 1]) {
      assert.deepEqual(await requestCosignature(witness.url, log.request(old, size + 1)), {
        kind: 'size-mismatch',
        size,
      });
    }
    const raw = await post(witness.url, `old 0\n\n${log.checkpoint(size + 1)}`);
    assert.equal(raw.status, 409);
    assert.equal(raw.headers.get('content-type'), 'text/x.tlog.size');
    assert.equal(await raw.text(), `${size}\n`);
    // With that size and its proof, the same checkpoint is cosigned.
    await cosign(witness, log, size, size + 1);
  });

  test('never cosigns a smaller checkpoint than it has', async () => {
    const size = witness.latest(ORIGIN)?.size as number;
    const smaller = await requestCosignature(witness.url, {
      oldSize: size,
      proof: [],
      checkpoint: log.checkpoint(size - 10),
    });
    assert.deepEqual(
      { kind: smaller.kind, status: smaller.kind === 'refused' && smaller.status },
      { kind: 'refused', status: 400 },
    );
    const fromOld = await requestCosignature(witness.url, log.request(size - 20, size - 10));
    assert.deepEqual(fromOld, { kind: 'size-mismatch', size });
    assert.equal(witness.latest(ORIGIN)?.size, size);
  });

  test('serves its verifier key and keeps its private key to itself', async () => {
    const response = await fetch(`${witness.url}/key`);
    assert.equal(await response.text(), `${witness.verifierKey}\n`);
    assert.match(witness.verifierKey, /^witness\.test\/w1\+[0-9a-f]{8}\+/);
    assert.equal(statSync(join(witness.dir, WITNESS_KEY_FILE)).mode & 0o777, 0o600);
  });
});

describe('a witness shown two histories', () => {
  test('refuses the fork, at the same size or beyond, and still after a restart', async () => {
    const log = new TestLog(ORIGIN, 2);
    const fork = log.fork('b');
    const witness = await WitnessUnderTest.start([{ origin: ORIGIN, verifierKey: log.verifierKey }]);
    try {
      await cosign(witness, log, 0, 8);
      const kept = witness.latest(ORIGIN);
      for (let round = 0; round < 2; round++) {
        const same = await requestCosignature(witness.url, fork.request(8, 8));
        assert.equal(same.kind === 'refused' && same.status, 409, JSON.stringify(same));
        const beyond = await requestCosignature(witness.url, fork.request(8, 12));
        assert.equal(beyond.kind === 'refused' && beyond.status, 422, JSON.stringify(beyond));
        // A proof of the honest history does not carry the forked checkpoint either.
        const mixed = await requestCosignature(witness.url, {
          oldSize: 8,
          proof: log.proof(8, 12),
          checkpoint: fork.checkpoint(12),
        });
        assert.equal(mixed.kind === 'refused' && mixed.status, 422);
        assert.deepEqual(witness.latest(ORIGIN), kept);
        await witness.restart();
      }
      await cosign(witness, log, 8, 12);
      // The fork, signed by the log, is kept as evidence next to what was cosigned.
      const refusals = witness.refusals();
      assert.deepEqual(
        refusals.map((r) => r.reason),
        ['fork', 'inconsistent', 'inconsistent', 'fork', 'inconsistent', 'inconsistent'],
      );
      assert.deepEqual(
        { ...refusals[0], time: 0 },
        {
          origin: ORIGIN,
          reason: 'fork',
          oldSize: 8,
          proof: [],
          checkpoint: fork.checkpoint(8),
          cosigned: log.checkpoint(8),
          time: 0,
        },
      );
      assert.equal(refusals[1]?.checkpoint, fork.checkpoint(12));
      assert.deepEqual(refusals[1]?.proof, fork.proof(8, 12).map(encodeBase64));
      assert.equal(witness.alarms.length, 6);
      assert.match(
        witness.alarms[0] as string,
        /log\.test\/a: refused a checkpoint of size 8 the log signed \(fork\)/,
      );
    } finally {
      await witness.stop();
    }
  });

  test('keeps the first refusals of a log, not every one', async () => {
    const log = new TestLog(ORIGIN, 9);
    const fork = log.fork('b');
    const witness = await WitnessUnderTest.start([{ origin: ORIGIN, verifierKey: log.verifierKey }]);
    try {
      await cosign(witness, log, 0, 3);
      for (let i = 0; i < MAX_REFUSED_PER_LOG + 5; i++) {
        const result = await requestCosignature(witness.url, fork.request(3, 4 + i));
        assert.equal(result.kind === 'refused' && result.status, 422);
      }
      const kept = witness.refusals();
      assert.equal(kept.length, MAX_REFUSED_PER_LOG);
      assert.equal(kept.at(-1)?.checkpoint, fork.checkpoint(3 + MAX_REFUSED_PER_LOG));
    } finally {
      await witness.stop();
    }
  });
});

describe('a witness whose clock steps back', () => {
  test('never dates a cosignature before the last one', async () => {
    const log = new TestLog(ORIGIN, 10);
    const times = [1_800_000_000, 1_700_000_000];
    const witness = await WitnessUnderTest.start([{ origin: ORIGIN, verifierKey: log.verifierKey }], () =>
      times.length > 1 ? (times.shift() as number) : (times[0] as number),
    );
    try {
      const cosignedAt = async (from: number, to: number) =>
        verifyCosignatures(log.checkpoint(to) + (await cosign(witness, log, from, to)), {
          logVerifier: log.verifierKey,
          witnesses: [witness.verifierKey],
          quorum: 1,
        }).cosigned[0]?.time;
      assert.equal(await cosignedAt(0, 2), 1_800_000_000);
      assert.equal(await cosignedAt(2, 3), 1_800_000_000);
    } finally {
      await witness.stop();
    }
  });
});

describe('a witness given what it must refuse', () => {
  const log = new TestLog(ORIGIN, 3);
  const other = new TestLog('log.test/other', 4);
  const impostor = new TestLog(ORIGIN, 5);
  let witness: WitnessUnderTest;
  before(async () => {
    witness = await WitnessUnderTest.start([{ origin: ORIGIN, verifierKey: log.verifierKey }]);
    await cosign(witness, log, 0, 5);
  });
  after(() => witness.stop());

  const proofLines = (from: number, to: number) =>
    log
      .proof(from, to)
      .map((hash) => `${encodeBase64(hash)}\n`)
      .join('');
  const corrupted = () => {
    const note = log.checkpoint(9);
    const at = note.lastIndexOf(' ') + 10;
    return note.slice(0, at) + (note[at] === 'A' ? 'B' : 'A') + note.slice(at + 1);
  };
  const cases: [string, () => string | Uint8Array, number][] = [
    [
      'signed by another key of the same name',
      () => `old 5\n${proofLines(5, 9)}\n${impostor.checkpoint(9)}`,
      403,
    ],
    ['with the log signature altered', () => `old 5\n${proofLines(5, 9)}\n${corrupted()}`, 403],
    [
      'with only signatures by unknown keys',
      () => `old 5\n${proofLines(5, 9)}\n${signNote(log.text(9), noteSigner('someone', new Uint8Array(32)))}`,
      403,
    ],
    ['for a log it does not witness', () => `old 0\n\n${other.checkpoint(3)}`, 404],
    ['with an old size above the checkpoint', () => `old 10\n\n${log.checkpoint(9)}`, 400],
    ['without a blank line', () => `old 5\n${proofLines(5, 9)}${log.checkpoint(9)}`, 400],
    ['with a leading zero in the old size', () => `old 05\n${proofLines(5, 9)}\n${log.checkpoint(9)}`, 400],
    ['without the old line', () => `${proofLines(5, 9)}\n${log.checkpoint(9)}`, 400],
    ['with a proof line that is not a hash', () => `old 5\nAAAA\n\n${log.checkpoint(9)}`, 400],
    ['with 64 proof lines', () => `old 5\n${proofLines(5, 9).split('\n')[0]}\n`.repeat(64), 400],
    [
      'with a signed text that is no checkpoint',
      () => `old 5\n\n${signNote(`${ORIGIN}\nfive\n`, log.signer)}`,
      400,
    ],
    ['without a checkpoint', () => 'old 5\n\n', 400],
    ['empty', () => '', 400],
    ['not UTF-8', () => new Uint8Array([0x6f, 0x6c, 0x64, 0x20, 0xff, 0x0a, 0x0a]), 400],
    ['with a proof of another pair of sizes', () => `old 5\n${proofLines(4, 9)}\n${log.checkpoint(9)}`, 422],
    ['with no proof', () => `old 5\n\n${log.checkpoint(9)}`, 422],
    ['over 64 KiB', () => `old 5\n${'A'.repeat(70_000)}\n\n${log.checkpoint(9)}`, 413],
  ];
  for (const [what, body, status] of cases) {
    test(`refuses a request ${what} with ${status}, and changes nothing`, async () => {
      const kept = witness.latest(ORIGIN);
      const refused = witness.refusals().length;
      const response = await post(witness.url, body());
      assert.equal(response.status, status, await response.clone().text());
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
      const problem = (await response.json()) as { status: number; detail: string };
      assert.equal(problem.status, status);
      assert.ok(problem.detail.length > 0);
      assert.deepEqual(witness.latest(ORIGIN), kept);
      // Only what the log signed and failed its proof is kept as evidence.
      assert.equal(witness.refusals().length, refused + (status === 422 ? 1 : 0));
    });
  }

  test('answers other paths and methods with 404 and 405', async () => {
    assert.equal((await post(witness.url, '', 'GET')).status, 405);
    assert.equal((await fetch(`${witness.url}/checkpoints`)).status, 404);
  });

  test('cosigns the honest request after all that', async () => {
    await cosign(witness, log, 5, 9);
  });
});

describe('a witness asked many times at once', () => {
  test('cosigns one checkpoint, tells the others its size, and never rolls back', async () => {
    const log = new TestLog(ORIGIN, 6);
    const witness = await WitnessUnderTest.start([{ origin: ORIGIN, verifierKey: log.verifierKey }]);
    try {
      await cosign(witness, log, 0, 4);
      const sizes = Array.from({ length: 12 }, (_, i) => 5 + i);
      const results = await Promise.all(
        sizes.map((size) => requestCosignature(witness.url, log.request(4, size))),
      );
      const won = sizes.filter((_, i) => results[i]?.kind === 'cosigned');
      assert.equal(won.length, 1, JSON.stringify(results));
      const winner = won[0] as number;
      for (const result of results) {
        if (result.kind !== 'cosigned') assert.deepEqual(result, { kind: 'size-mismatch', size: winner });
      }
      assert.equal(witness.latest(ORIGIN)?.size, winner);
    } finally {
      await witness.stop();
    }
  });
});
