// The client the hub asks witnesses with, against the real witness and against
// witnesses that answer badly: the hub must get a typed answer or a throw, never
// a hang, an unbounded read or a misread refusal.
import assert from 'node:assert/strict';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { requestCosignature, WitnessResponseError } from '../../src/witness/witness-client.js';
import { TestLog, WitnessUnderTest } from '../support/witness.js';

const ORIGIN = 'log.test/client';

async function answering(listener: RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('requestCosignature', () => {
  const log = new TestLog(ORIGIN, 7);
  let witness: WitnessUnderTest;
  before(async () => {
    witness = await WitnessUnderTest.start([{ origin: ORIGIN, verifierKey: log.verifierKey }]);
  });
  after(() => witness.stop());

  test('takes the submission prefix with or without its final slash', async () => {
    assert.equal((await requestCosignature(witness.url, log.request(0, 3))).kind, 'cosigned');
    assert.equal((await requestCosignature(`${witness.url}/`, log.request(3, 4))).kind, 'cosigned');
  });

  test('gives a refusal its status and the witness’s reason', async () => {
    const result = await requestCosignature(witness.url, log.fork('b').request(4, 4));
    assert.equal(result.kind, 'refused');
    assert.equal(result.kind === 'refused' && result.status, 409);
    assert.match(result.kind === 'refused' ? result.reason : '', /another root for size 4/);
  });

  test('refuses to send what is not a request', async () => {
    const checkpoint = log.checkpoint(5);
    for (const request of [
      { oldSize: -1, proof: [], checkpoint },
      { oldSize: 1.5, proof: [], checkpoint },
      { oldSize: 4, proof: [new Uint8Array(31)], checkpoint },
      { oldSize: 4, proof: Array.from({ length: 64 }, () => new Uint8Array(32)), checkpoint },
      { oldSize: 4, proof: [], checkpoint: checkpoint.trimEnd() },
    ]) {
      await assert.rejects(requestCosignature(witness.url, request), TypeError);
    }
    assert.equal(witness.latest(ORIGIN)?.size, 4);
  });

  test('throws when nobody answers: no server, or one that never replies', async () => {
    const gone = await answering(() => undefined);
    await gone.close();
    await assert.rejects(requestCosignature(gone.url, log.request(4, 5)));
    const silent = await answering(() => undefined);
    try {
      await assert.rejects(requestCosignature(silent.url, log.request(4, 5), { timeoutMs: 300 }), {
        name: 'TimeoutError',
      });
      const aborted = new AbortController();
      const pending = requestCosignature(silent.url, log.request(4, 5), { signal: aborted.signal });
      aborted.abort();
      await assert.rejects(pending, { name: 'AbortError' });
    } finally {
      await silent.close();
    }
  });

  const badAnswers: [string, RequestListener][] = [
    ['a 200 without signature lines', (_q, s) => s.writeHead(200).end('cosigned!\n')],
    ['a 200 with an empty body', (_q, s) => s.writeHead(200).end('')],
    [
      'a 409 size that is not a number',
      (_q, s) => s.writeHead(409, { 'content-type': 'text/x.tlog.size' }).end('ten\n'),
    ],
    ['an answer past 64 KiB', (_q, s) => s.writeHead(200).end(`\u2014 w ${'A'.repeat(200_000)}\n`)],
    ['bytes that are not UTF-8', (_q, s) => s.writeHead(200).end(Buffer.from([0xff, 0x0a]))],
  ];
  for (const [what, listener] of badAnswers) {
    test(`throws a WitnessResponseError on ${what}`, async () => {
      const bad = await answering(listener);
      try {
        await assert.rejects(requestCosignature(bad.url, log.request(4, 5)), WitnessResponseError);
      } finally {
        await bad.close();
      }
    });
  }

  test('reads a refusal without a problem body as its text', async () => {
    const failing = await answering((_q, s) =>
      s.writeHead(503, { 'content-type': 'text/plain' }).end('down for upgrade\n'),
    );
    try {
      assert.deepEqual(await requestCosignature(failing.url, log.request(4, 5)), {
        kind: 'refused',
        status: 503,
        reason: 'down for upgrade',
      });
    } finally {
      await failing.close();
    }
  });
});
