// The hostile side of the attacks benchmark, in a child process of its own so that its load is not
// the legitimate operator's: a party (or anyone on the network) that storms the hub's front door
// with sign-ins, sockets on one session, sockets that never sign in, or requests trickled byte by
// byte. Each attack runs until told to stop, within fixed bounds of concurrency, and counts how
// the hub answered. Driven by bench/attacks.ts; everything is on loopback.
import { createPrivateKey } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { WebSocket } from 'ws';
import { OperatorSigner } from '../../src/client/operator-signer.js';

export const ATTACKS = ['login-storm', 'socket-storm', 'unauthenticated-sockets', 'slowloris'] as const;
export type Attack = (typeof ATTACKS)[number];

export interface AttackSpec {
  attack: Attack;
  url: string;
  origin: string;
  /** PKCS#8 PEM of the attacking party's own operator. */
  pem: string;
  /** The key id of the legitimate operator, which forged sign-ins name. */
  victimKeyId: string;
}

export type AttackerRequest = { type: 'start'; spec: AttackSpec } | { type: 'stop' };
export type AttackerMessage =
  | { type: 'started' }
  | { type: 'stopped'; counts: Record<string, number>; attempts: number };

/** Sign-ins in flight at once. */
const LOGIN_CONCURRENCY = 16;
/** Socket openings in flight at once on the attacker's one session. */
const SOCKET_CONCURRENCY = 16;
/** Sockets held open without signing in; and slow connections held, trickling. */
const HELD_CONNECTIONS = 400;
/** How long a held connection waits before coming back after the hub closed or refused it. */
const COME_BACK_MS = 20;
/** A slowloris connection sends one more header line this often. */
const TRICKLE_MS = 1_000;

const counts = new Map<string, number>();
let attempts = 0;
let running = false;
const open = new Set<WebSocket | Socket>();
const pending: Promise<void>[] = [];

/** Counts an answer of the hub; what the attacker's own stopping ends is not one. */
function count(what: string): void {
  if (running) counts.set(what, (counts.get(what) ?? 0) + 1);
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const send = (message: AttackerMessage) => process.send?.(message);

async function postSession(spec: AttackSpec, body: unknown): Promise<number> {
  const response = await fetch(`${spec.url}/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Half the sign-ins are forged in the victim's name (to lock it out), half are the attacker's own. */
async function loginStorm(spec: AttackSpec, signer: OperatorSigner): Promise<void> {
  const worker = async (lane: number) => {
    for (let n = 0; running; n++) {
      attempts++;
      const own = signer.command(spec.origin, 'login');
      const forged = (lane + n) % 2 === 0;
      const status = await postSession(spec, forged ? { ...own, key: spec.victimKeyId } : own).catch(() => 0);
      count(`${forged ? 'forged' : 'own'} sign-in answered ${status || 'error'}`);
    }
  };
  await Promise.all(Array.from({ length: LOGIN_CONCURRENCY }, (_, lane) => worker(lane)));
}

/** One outcome of a WebSocket: refused at the upgrade, signed in (held), or closed with a reason. */
function socketOutcome(socket: WebSocket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('message', () => resolve('signed in'));
    socket.once('unexpected-response', (_request, response) => {
      resolve(`upgrade refused ${response.statusCode}`);
      response.resume();
      socket.terminate();
    });
    socket.once('close', (code, reason) => resolve(`closed ${code} ${reason.toString() || '(no reason)'}`));
    socket.once('error', () => resolve('error'));
  });
}

/** Opens socket after socket on one session; those signed in are held, the rest come back at once. */
async function socketStorm(spec: AttackSpec, signer: OperatorSigner): Promise<void> {
  const response = await fetch(`${spec.url}/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(signer.command(spec.origin, 'login')),
  });
  const { token } = (await response.json()) as { token: string };
  const worker = async () => {
    while (running) {
      attempts++;
      const socket = new WebSocket(`${spec.url.replace(/^http/, 'ws')}/v1/stream`, {
        headers: { authorization: `Bearer ${token}` },
      });
      open.add(socket);
      const outcome = await socketOutcome(socket);
      count(outcome);
      if (outcome !== 'signed in') open.delete(socket);
    }
  };
  await Promise.all(Array.from({ length: SOCKET_CONCURRENCY }, worker));
}

/** Holds many sockets that never sign in, opening another each time one is closed or refused. */
async function unauthenticatedSockets(spec: AttackSpec): Promise<void> {
  const holder = async () => {
    while (running) {
      attempts++;
      const socket = new WebSocket(`${spec.url.replace(/^http/, 'ws')}/v1/stream`);
      open.add(socket);
      socket.once('open', () => count('upgraded, never signing in'));
      const outcome = await socketOutcome(socket);
      open.delete(socket);
      count(outcome);
      await pause(COME_BACK_MS);
    }
  };
  await Promise.all(Array.from({ length: HELD_CONNECTIONS }, holder));
}

/** Holds many connections that send a request's headers a line a second, never finishing them. */
async function slowloris(spec: AttackSpec): Promise<void> {
  const { hostname, port } = new URL(spec.url);
  const holder = async () => {
    while (running) {
      attempts++;
      const outcome = await new Promise<string>((resolve) => {
        let answer = '';
        const socket = connect(Number(port), hostname, () =>
          socket.write(`GET /healthz HTTP/1.1\r\nHost: ${hostname}\r\n`),
        );
        open.add(socket);
        const drip = setInterval(() => socket.writable && socket.write('X-Keep-Waiting: 1\r\n'), TRICKLE_MS);
        socket.setEncoding('utf8').on('data', (chunk: string) => {
          answer += chunk;
        });
        socket.on('error', () => {});
        socket.on('close', () => {
          clearInterval(drip);
          open.delete(socket);
          const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
          resolve(`cut off${status ? ` with ${status}` : ' (no answer)'}`);
        });
      });
      count(outcome);
      await pause(COME_BACK_MS);
    }
  };
  await Promise.all(Array.from({ length: HELD_CONNECTIONS }, holder));
}

function start(spec: AttackSpec): void {
  counts.clear();
  attempts = 0;
  running = true;
  const signer = new OperatorSigner(createPrivateKey(spec.pem));
  const attack = {
    'login-storm': () => loginStorm(spec, signer),
    'socket-storm': () => socketStorm(spec, signer),
    'unauthenticated-sockets': () => unauthenticatedSockets(spec),
    slowloris: () => slowloris(spec),
  }[spec.attack];
  pending.push(attack());
}

async function stop(): Promise<void> {
  running = false;
  for (const connection of open) {
    if (connection instanceof WebSocket) connection.terminate();
    else connection.destroy();
  }
  await Promise.all(pending.splice(0));
  open.clear();
}

process.on('message', async (request: AttackerRequest) => {
  if (request.type === 'start') {
    start(request.spec);
    send({ type: 'started' });
  } else {
    await stop();
    send({ type: 'stopped', counts: Object.fromEntries(counts), attempts });
  }
});
