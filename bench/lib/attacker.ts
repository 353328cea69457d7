// The hostile side of the attacks benchmark, in a child process of its own so that its load is not
// the legitimate operator's: a party (or anyone on the network) that storms the hub's front door
// with sign-ins, sockets on one session, sockets that never sign in, requests trickled line by
// line, or idle connections; or, signed in as itself, floods another party's roster with urgent
// requests, or fills the hub with new track ids. Each attack runs until told to stop, within fixed
// bounds of concurrency, and counts how the hub answered. Driven by bench/attacks.ts; everything is on
// loopback, the attacker from an address of its own (127.0.0.2), as another host would be.
import { createPrivateKey } from 'node:crypto';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { WebSocket } from 'ws';
import { OperatorSigner } from '../../src/client/operator-signer.js';

export const ATTACKS = [
  'login-storm',
  'socket-storm',
  'unauthenticated-sockets',
  'slowloris',
  'connection-flood',
  'roster-flood',
  'track-id-flood',
] as const;
export type Attack = (typeof ATTACKS)[number];

export interface AttackSpec {
  attack: Attack;
  url: string;
  origin: string;
  /** PKCS#8 PEM of the attacking party's own operator. */
  pem: string;
  /** The key id of the legitimate operator, which forged sign-ins name. */
  victimKeyId: string;
  /** The legitimate party's roster that the roster flood sends its urgent requests to. */
  victimRoster: { party: string; duty: string };
  /** The attacking operator's party, and its own api feed, through which it posts new track ids. */
  party: string;
  feed: string;
}

export type AttackerRequest = { type: 'start'; spec: AttackSpec } | { type: 'stop' };
export type AttackerMessage =
  | { type: 'started' }
  | { type: 'stopped'; counts: Record<string, number>; attempts: number };

/** The attacker's own address: the legitimate operator is on 127.0.0.1. */
export const ATTACKER_ADDRESS = '127.0.0.2';
/** Sign-ins in flight at once. */
const LOGIN_CONCURRENCY = 16;
/** Socket openings in flight at once on the attacker's one session. */
const SOCKET_CONCURRENCY = 16;
/** Sockets held open without signing in; and slowloris connections held, trickling. */
const HELD_CONNECTIONS = 400;
/** Urgent requests in flight at once to the victim's roster. */
const URGENT_CONCURRENCY = 16;
/** Batches of new track ids in flight at once, and new ids in each: a full batch is 10,000. */
const TRACK_BATCH_CONCURRENCY = 4;
const TRACK_BATCH = 1_000;
/** Idle connections the flood tries to hold: beyond the hub's per-address cap. */
const FLOOD_CONNECTIONS = 1_000;
/** How long a held connection waits before coming back after the hub closed or refused it. */
const COME_BACK_MS = 20;
/** A slowloris connection sends one more header line this often. */
const TRICKLE_MS = 1_000;

const counts = new Map<string, number>();
let attempts = 0;
let running = false;
/** Numbers the attacker's messages and track ids, across phases, so that each is new. */
let serial = 0;
const open = new Set<WebSocket | Socket>();
const pending: Promise<void>[] = [];
const agent = new Agent({ keepAlive: true, localAddress: ATTACKER_ADDRESS, maxSockets: LOGIN_CONCURRENCY });

/** Counts an answer of the hub; what the attacker's own stopping ends is not one. */
function count(what: string): void {
  if (running) counts.set(what, (counts.get(what) ?? 0) + 1);
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const send = (message: AttackerMessage) => process.send?.(message);

/** A POST of JSON from the attacker's address: its status and body. */
function postJson(
  spec: AttackSpec,
  path: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; text: string }> {
  const headers = {
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
  return new Promise((resolve, reject) => {
    const sent = request(`${spec.url}${path}`, { method: 'POST', agent, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    sent.on('error', reject);
    sent.end(JSON.stringify(body));
  });
}

function streamSocket(spec: AttackSpec, headers: Record<string, string> = {}): WebSocket {
  return new WebSocket(`${spec.url.replace(/^http/, 'ws')}/v1/stream`, {
    headers,
    localAddress: ATTACKER_ADDRESS,
  });
}

/** Half the sign-ins are forged in the victim's name (to lock it out), half are the attacker's own. */
async function loginStorm(spec: AttackSpec, signer: OperatorSigner): Promise<void> {
  const worker = async (lane: number) => {
    for (let n = 0; running; n++) {
      attempts++;
      const own = signer.command(spec.origin, 'login');
      const forged = (lane + n) % 2 === 0;
      const answer = await postJson(
        spec,
        '/v1/sessions',
        forged ? { ...own, key: spec.victimKeyId } : own,
      ).catch(() => ({ status: 0 }));
      count(`${forged ? 'forged' : 'own'} sign-in answered ${answer.status || 'error'}`);
    }
  };
  await Promise.all(Array.from({ length: LOGIN_CONCURRENCY }, (_, lane) => worker(lane)));
}

/** The attacking operator's own session, for the attacks it makes signed in as itself. */
async function signIn(spec: AttackSpec, signer: OperatorSigner): Promise<string> {
  const answer = await postJson(spec, '/v1/sessions', signer.command(spec.origin, 'login'));
  if (answer.status !== 201) throw new Error(`the attacker's sign-in: ${answer.status} ${answer.text}`);
  return (JSON.parse(answer.text) as { token: string }).token;
}

/** How the hub answered a request: its status, and the problem's type where it refused. */
function answered(answer: { status: number; text: string }): string {
  if (answer.status < 400) return `answered ${answer.status || 'error'}`;
  let type = '';
  try {
    type = String((JSON.parse(answer.text) as { type?: unknown }).type ?? '');
  } catch {
    // Not a problem document: the status says it all.
  }
  return `answered ${answer.status}${type ? ` ${type.slice(type.lastIndexOf('/') + 1)}` : ''}`;
}

/**
 * Sends the victim's roster urgent stop requests as fast as the hub answers, each with words of its
 * own (a repeat of one still waiting would be grouped with it and ring nobody).
 */
async function rosterFlood(spec: AttackSpec, signer: OperatorSigner): Promise<void> {
  const worker = async () => {
    while (running) {
      attempts++;
      const n = serial++;
      const message = {
        id: `${spec.party}/urgent-${n}`,
        kind: 'urgent-request',
        action: 'stop',
        recipients: [spec.victimRoster],
        text: `Stop all flights in sector ${n} now.`,
      };
      const answer = await postJson(
        spec,
        '/v1/commands',
        signer.command(spec.origin, 'message.send', { message }),
      ).catch(() => ({ status: 0, text: '' }));
      count(`urgent request ${answered(answer)}`);
    }
  };
  await Promise.all(Array.from({ length: URGENT_CONCURRENCY }, worker));
}

/** Posts batches of track ids never seen before through the attacker's own feed, as fast as answered. */
async function trackIdFlood(spec: AttackSpec, signer: OperatorSigner): Promise<void> {
  const token = await signIn(spec, signer);
  const path = `/v1/feeds/${spec.party}/${spec.feed}/reports`;
  const worker = async () => {
    while (running) {
      attempts++;
      const time = new Date().toISOString();
      const reports = Array.from({ length: TRACK_BATCH }, () => {
        const n = serial++;
        return {
          id: `fill-${n}`,
          time,
          lon: 30 + (n % 1000) * 0.01,
          lat: 30 + (Math.floor(n / 1000) % 1000) * 0.01,
          alt_m: 9000,
          ground_speed_ms: 230,
          track_deg: 90,
          airborne: true,
        };
      });
      const answer = await postJson(spec, path, { reports }, token).catch(() => ({ status: 0, text: '' }));
      count(`batch of ${TRACK_BATCH} new ids ${answered(answer)}`);
      if (answer.status === 200 && running) {
        const taken = (JSON.parse(answer.text) as { accepted: number }).accepted;
        counts.set('new ids taken', (counts.get('new ids taken') ?? 0) + taken);
      }
    }
  };
  await Promise.all(Array.from({ length: TRACK_BATCH_CONCURRENCY }, worker));
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
  const token = await signIn(spec, signer);
  const worker = async () => {
    while (running) {
      attempts++;
      const socket = streamSocket(spec, { authorization: `Bearer ${token}` });
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
      const socket = streamSocket(spec);
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

/**
 * Holds `connections` connections, opening another each time one ends: slowloris sends a request's
 * headers a line a second, never finishing them; a flood sends nothing at all.
 */
async function heldConnections(spec: AttackSpec, connections: number, trickle: boolean): Promise<void> {
  const { hostname, port } = new URL(spec.url);
  const holder = async () => {
    while (running) {
      attempts++;
      const outcome = await new Promise<string>((resolve) => {
        let answer = '';
        const socket = connect({ port: Number(port), host: hostname, localAddress: ATTACKER_ADDRESS }, () => {
          if (trickle) socket.write(`GET /healthz HTTP/1.1\r\nHost: ${hostname}\r\n`);
        });
        open.add(socket);
        const drip = trickle
          ? setInterval(() => socket.writable && socket.write('X-Keep-Waiting: 1\r\n'), TRICKLE_MS)
          : undefined;
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
  await Promise.all(Array.from({ length: connections }, holder));
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
    slowloris: () => heldConnections(spec, HELD_CONNECTIONS, true),
    'connection-flood': () => heldConnections(spec, FLOOD_CONNECTIONS, false),
    'roster-flood': () => rosterFlood(spec, signer),
    'track-id-flood': () => trackIdFlood(spec, signer),
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
