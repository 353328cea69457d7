// The hub's front door under abuse, through the real server: sign-ins, sockets per session, sockets
// that never sign in, and clients that trickle their requests. Each hub has small limits so that
// the test reaches them quickly; the defaults are the same code with larger numbers.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';
import { WebSocket } from 'ws';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import {
  accept,
  assertProblem,
  get,
  login,
  postSession,
  problemFields,
  signCommand,
} from '../support/api.js';
import { makeCertificates, type TestCertificates } from '../support/certificates.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { type Closed, StreamClient } from '../support/ws-client.js';

const ALPHA_ADMIN = OperatorSigner.generate();
/** A hub that never cuts a client off fails the test here rather than hanging the suite. */
const BOUNDED = { timeout: 30_000 };

async function withAlpha(hub: TestHub): Promise<void> {
  await accept(hub.url, hub.origin, hub.admin, 'party.create', {
    party: { id: 'alpha', name: 'Alpha' },
    administrator: { id: 'alpha.admin', name: 'Alpha admin', public_key: ALPHA_ADMIN.publicKey },
  });
}

/** A sign-in's answer with its Retry-After header, which the shared helper does not keep. */
async function signIn(hub: TestHub, signed: unknown): Promise<{ status: number; retryAfter: string | null }> {
  const response = await fetch(`${hub.url}/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(signed),
  });
  await response.arrayBuffer();
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
}

/** A WebSocket to `path`, resolving with how it ended: the close code and reason, or the refused upgrade. */
function socketOutcome(
  url: string,
  path: string,
  headers: Record<string, string> = {},
): { socket: WebSocket; opened: Promise<void>; ended: Promise<Closed | { refused: string }> } {
  const socket = new WebSocket(new URL(path, url.replace(/^http/, 'ws')), { headers });
  const opened = new Promise<void>((resolve) => socket.once('open', () => resolve()));
  const ended = new Promise<Closed | { refused: string }>((resolve) => {
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    socket.once('error', (error) => resolve({ refused: error.message }));
  });
  return { socket, opened, ended };
}

describe('sign-ins', BOUNDED, () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub({ limits: { failedLoginsPerAddressPerMinute: 5, loginsPerKeyPerMinute: 2 } });
    await withAlpha(hub);
  });
  after(() => hub.stop());

  test('forged sign-ins naming a key do not lock its holder out; its own sign-ins are limited (429)', async () => {
    // Malformed sign-ins are refused before any signature is checked: they cost the address nothing.
    for (let i = 0; i < 10; i++) {
      const signed = signCommand(ALPHA_ADMIN, hub.origin, 'login');
      const malformed = { ...signed, command: { ...signed.command, nonce: 'short' } };
      assertProblem(await postSession(hub.url, malformed), 400, 'invalid-request');
    }
    const forger = OperatorSigner.generate();
    for (let i = 0; i < 4; i++) {
      const forged = { ...signCommand(forger, hub.origin, 'login'), key: ALPHA_ADMIN.keyId };
      assertProblem(await postSession(hub.url, forged), 401, 'unauthenticated');
    }
    await login(hub.url, hub.origin, ALPHA_ADMIN);
    await login(hub.url, hub.origin, ALPHA_ADMIN);
    const third = await postSession(hub.url, signCommand(ALPHA_ADMIN, hub.origin, 'login'));
    assertProblem(third, 429, 'too-many-requests');
    assert.deepEqual(problemFields(third), ['/key']);
    const again = await signIn(hub, signCommand(ALPHA_ADMIN, hub.origin, 'login'));
    assert.equal(again.status, 429);
    // Two a minute: the next one in about 30 s.
    assert.ok(Number(again.retryAfter) > 0 && Number(again.retryAfter) <= 30, String(again.retryAfter));
  });

  test('an address that keeps failing to sign in is refused (429) before any signature is checked', async () => {
    // The last of the five failures this minute allows (four were spent above)...
    assertProblem(
      await postSession(hub.url, signCommand(OperatorSigner.generate(), hub.origin, 'login')),
      401,
    );
    // ...then nothing from this address is looked at, a good sign-in included, until it has waited.
    const refused = await postSession(hub.url, signCommand(OperatorSigner.generate(), hub.origin, 'login'));
    assertProblem(refused, 429, 'too-many-requests');
    assert.deepEqual(problemFields(refused), ['address']);
    const honest = await signIn(hub, signCommand(hub.admin, hub.origin, 'login'));
    assert.equal(honest.status, 429);
    assert.ok(Number(honest.retryAfter) > 0 && Number(honest.retryAfter) <= 12, String(honest.retryAfter));
  });
});

describe('sockets', BOUNDED, () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub({
      limits: { socketsPerSession: 2, signInWithinMs: 500, pendingSocketsPerAddress: 3 },
    });
    await withAlpha(hub);
  });
  after(() => hub.stop());

  test('a session holds at most its limit of sockets, across routes; the next is closed saying why', async () => {
    const token = await login(hub.url, hub.origin, ALPHA_ADMIN);
    const first = await StreamClient.open(hub.url, { token });
    const second = await StreamClient.open(hub.url, { token, authBy: 'message' });
    const third = await StreamClient.connect(hub.url, { token });
    assert.deepEqual(await third.closed, {
      code: 1008,
      reason: 'this session already has 2 sockets open: close one first',
    });
    const picture = socketOutcome(hub.url, '/v1/picture', { authorization: `Bearer ${token}` });
    assert.deepEqual(await picture.ended, {
      code: 1008,
      reason: 'this session already has 2 sockets open: close one first',
    });
    const events = await get(hub.url, '/v1/events', token);
    assertProblem(events, 429, 'too-many-requests');
    assert.deepEqual(problemFields(events), ['header:authorization']);
    // Another session of the same operator has its own; a closed socket frees its place.
    const other = await StreamClient.open(hub.url, { token: await login(hub.url, hub.origin, ALPHA_ADMIN) });
    await first.close();
    const again = await StreamClient.open(hub.url, { token });
    for (const client of [second, other, again]) await client.close();
  });

  test('a socket that does not sign in in time is closed, saying why', async () => {
    const silent = await StreamClient.connect(hub.url, { token: 'unused', authBy: 'none' });
    assert.deepEqual(await silent.closed, { code: 1008, reason: 'sign in within 0.5 s' });
    const picture = socketOutcome(hub.url, '/v1/picture');
    assert.deepEqual(await picture.ended, { code: 1008, reason: 'sign in within 0.5 s' });
  });

  test('an address may keep only so many sockets waiting to sign in; more are refused before the upgrade', async () => {
    const waiting = [0, 1, 2].map(() => socketOutcome(hub.url, '/v1/stream'));
    await Promise.all(waiting.map((w) => w.opened));
    const refused = socketOutcome(hub.url, '/v1/stream');
    assert.deepEqual(await refused.ended, { refused: 'Unexpected server response: 429' });
    // Signed in, a socket no longer waits: the place is free again at once.
    const token = await login(hub.url, hub.origin, hub.admin);
    waiting[0]?.socket.send(JSON.stringify({ type: 'auth', token }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const admitted = socketOutcome(hub.url, '/v1/stream', { authorization: `Bearer ${token}` });
    await admitted.opened;
    for (const w of [...waiting, admitted]) w.socket.close();
  });
});

describe('connections', BOUNDED, () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub({ limits: { connectionsPerAddress: 3 } });
  });
  after(() => hub.stop());

  /** A raw connection to the hub, once open; `send` is written as soon as it is. */
  const opened = (send?: string): Promise<Socket> =>
    new Promise((resolve) => {
      const socket = connect(Number(new URL(hub.url).port), '127.0.0.1', () => {
        if (send !== undefined) socket.write(send);
        resolve(socket);
      });
    });

  /** Everything the hub wrote on a connection until it closed it. */
  const answerOf = (socket: Socket): Promise<string> =>
    new Promise((resolve) => {
      let text = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
      });
      socket.on('close', () => resolve(text));
    });

  test('an address holds at most its share of connections; one more is answered 429 and closed', async () => {
    const held = [await opened(), await opened(), await opened()];
    const answer = await answerOf(await opened());
    assert.match(answer, /^HTTP\/1\.1 429 /);
    assert.match(answer, /\r\nretry-after: 10\r\n/i);
    assert.match(answer, /"field":"address"/);
    // A connection given up frees its place.
    const closed = new Promise((resolve) => held[0]?.once('close', resolve));
    held[0]?.destroy();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await fetch(`${hub.url}/healthz`)).status, 200);
    for (const socket of held) socket.destroy();
  });

  test('a command sent on a refused connection is not acted on: sent again later, it is taken', async () => {
    const held = [await opened(), await opened(), await opened()];
    const signed = signCommand(hub.admin, hub.origin, 'party.create', {
      party: { id: 'refused', name: 'Refused' },
      administrator: { id: 'refused.admin', name: 'Refused admin', public_key: ALPHA_ADMIN.publicKey },
    });
    const body = JSON.stringify(signed);
    // The request goes out with the connection, before the refusal can be read: as a client's does.
    const answer = await answerOf(
      await opened(
        `POST /v1/commands HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      ),
    );
    assert.match(answer, /^HTTP\/1\.1 429 /);
    assert.doesNotMatch(answer, /HTTP\/1\.1 201/);
    const released = held.map((socket) => new Promise((resolve) => socket.once('close', resolve)));
    for (const socket of held) socket.destroy();
    await Promise.all(released);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await fetch(`${hub.url}/v1/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    assert.equal(again.status, 201, await again.text());
  });
});

describe('connections over TLS', BOUNDED, () => {
  let hub: TestHub;
  let certificates: TestCertificates;
  before(async () => {
    certificates = makeCertificates();
    hub = await startTestHub({
      limits: { connectionsPerAddress: 2, headersTimeoutMs: 1_000 },
      certificate: { cert: Buffer.from(certificates.server.cert), key: Buffer.from(certificates.server.key) },
    });
  });
  after(async () => {
    await hub.stop();
    certificates.remove();
  });

  const secured = (): Promise<TLSSocket> =>
    new Promise((resolve, reject) => {
      const socket = tlsConnect(
        { host: '127.0.0.1', port: Number(new URL(hub.url).port), ca: certificates.ca },
        () => resolve(socket),
      );
      socket.on('error', reject);
    });

  test('one connection more than its share is answered 429 in TLS, where the client can read it', async () => {
    const held = [await secured(), await secured()];
    const refused = await secured();
    let answer = '';
    refused.setEncoding('utf8').on('data', (chunk: string) => {
      answer += chunk;
    });
    await new Promise((resolve) => refused.on('close', resolve));
    assert.match(answer, /^HTTP\/1\.1 429 /);
    assert.match(answer, /"field":"address"/);
    for (const socket of held) socket.destroy();
  });

  test('a connection that never finishes its TLS handshake is cut off', async () => {
    const began = performance.now();
    const silent = connect(Number(new URL(hub.url).port), '127.0.0.1');
    silent.on('error', () => {});
    await new Promise((resolve) => silent.on('close', resolve));
    const afterMs = performance.now() - began;
    assert.ok(afterMs < 5_000, `cut off after ${afterMs} ms`);
  });
});

describe('slow requests', BOUNDED, () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub({ limits: { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 } });
  });
  after(() => hub.stop());

  /** Opens a raw connection, writes `start`, then `drip` every 200 ms; resolves with what came back and when. */
  function trickle(start: string, drip: string): Promise<{ answer: string; afterMs: number }> {
    const { port } = new URL(hub.url);
    const began = performance.now();
    return new Promise((resolve) => {
      const socket: Socket = connect(Number(port), '127.0.0.1', () => socket.write(start));
      let answer = '';
      const timer = setInterval(() => socket.writable && socket.write(drip), 200);
      // Bounded, so that a hub that never cuts the client off fails the test instead of hanging it.
      const giveUp = setTimeout(() => socket.destroy(), 8_000);
      socket.setEncoding('utf8').on('data', (chunk: string) => {
        answer += chunk;
      });
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(timer);
        clearTimeout(giveUp);
        resolve({ answer, afterMs: performance.now() - began });
      });
    });
  }

  test('a client that trickles its headers is cut off, and others are answered meanwhile', async () => {
    const slow = trickle('GET /healthz HTTP/1.1\r\nHost: hub\r\n', 'X-Padding: a\r\n');
    const meanwhile = await fetch(`${hub.url}/healthz`);
    assert.equal(meanwhile.status, 200);
    const { answer, afterMs } = await slow;
    assert.match(answer, /^HTTP\/1\.1 408/);
    assert.ok(afterMs < 5_000, `cut off after ${afterMs} ms`);
  });

  test('a client that trickles its body is cut off', async () => {
    const head =
      'POST /v1/commands HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{';
    const { answer, afterMs } = await trickle(head, ' ');
    assert.match(answer, /^HTTP\/1\.1 408/);
    assert.ok(afterMs < 6_000, `cut off after ${afterMs} ms`);
  });
});
