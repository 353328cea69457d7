import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type WebSocket from 'ws';
import { Problem } from '../hub/problem.js';
import type { AccessLimits } from './access-limits.js';
import { retryLater } from './problem-response.js';
import { CLOSE } from './stream-protocol.js';

const TITLE = 'Too many sockets waiting to sign in';

/** What a session holds open: a WebSocket, or a stream of server-sent events. */
type Held = WebSocket | ServerResponse;

/** A socket between its upgrade request and its sign-in. */
interface Waiting {
  address: string;
  /** Once the upgrade is done. */
  socket: WebSocket | null;
  timer: NodeJS.Timeout;
}

export type SocketGateLimits = Pick<
  AccessLimits,
  'socketsPerSession' | 'pendingSockets' | 'pendingSocketsPerAddress' | 'signInWithinMs'
>;

/**
 * Every WebSocket of the hub passes here: an upgrade is refused while too many sockets wait to sign
 * in (from anywhere, or from its address), a socket that has not signed in within the limit is
 * closed, and a session holds only so many sockets. So nobody can hold the hub's sockets without
 * signing in, nor one session take what a party's other clients need.
 */
export class SocketGate {
  private readonly waiting = new Map<IncomingMessage, Waiting>();
  private readonly waitingFrom = new Map<string, number>();
  private readonly bySession = new Map<string, Set<Held>>();

  constructor(private readonly limits: SocketGateLimits) {}

  /** Puts the gate in front of every WebSocket route registered after it. */
  install(app: FastifyInstance): void {
    app.addHook('onRequest', async (request) => {
      if (request.ws) this.admit(request);
    });
    app.websocketServer.on('connection', (socket: WebSocket, raw: IncomingMessage) => {
      const waiting = this.waiting.get(raw);
      if (waiting) waiting.socket = socket;
    });
    app.addHook('onClose', async () => {
      for (const raw of [...this.waiting.keys()]) this.release(raw);
    });
  }

  /** How many sockets wait to sign in now. */
  get pending(): number {
    return this.waiting.size;
  }

  /**
   * Called by a route once `socket` has shown a live session: it no longer waits, and counts
   * against the session. False (and the socket closed, saying why) if the session has its fill.
   */
  signedIn(request: FastifyRequest, socket: WebSocket, token: string): boolean {
    this.release(request.raw);
    // Gone while its session was looked up: nothing to count, and no close to uncount it later.
    if (socket.readyState !== socket.OPEN) return false;
    if (this.hold(token, socket)) return true;
    socket.close(CLOSE.policyViolation, `${this.sessionFull()}: close one first`);
    return false;
  }

  /**
   * Counts an event stream (GET /v1/events) against its session like a socket; refuses it with 429
   * if the session has its fill.
   */
  streamOpened(token: string, stream: ServerResponse): void {
    if (this.hold(token, stream)) return;
    const reason = this.sessionFull();
    throw new Problem(429, 'too-many-requests', 'Too many streams', `${reason}: close one first`, [
      { field: 'header:authorization', reason },
    ]);
  }

  private sessionFull(): string {
    return `this session already has ${this.limits.socketsPerSession} sockets open`;
  }

  /** Counts `held` against the session until it closes; false if the session has its fill. */
  private hold(token: string, held: Held): boolean {
    let open = this.bySession.get(token);
    if (open && open.size >= this.limits.socketsPerSession) return false;
    if (!open) {
      open = new Set();
      this.bySession.set(token, open);
    }
    const sessionOpen = open;
    sessionOpen.add(held);
    held.once('close', () => {
      sessionOpen.delete(held);
      if (sessionOpen.size === 0 && this.bySession.get(token) === sessionOpen) this.bySession.delete(token);
    });
    return true;
  }

  private admit(request: FastifyRequest): void {
    const address = request.socket.remoteAddress ?? 'unknown';
    // A waiting socket is signed in or closed within the limit: its place is free by then.
    const seconds = this.limits.signInWithinMs / 1000;
    if (this.waiting.size >= this.limits.pendingSockets)
      throw retryLater(503, TITLE, 'too many sockets are waiting to sign in', 'address', seconds);
    const fromAddress = this.waitingFrom.get(address) ?? 0;
    if (fromAddress >= this.limits.pendingSocketsPerAddress)
      throw retryLater(
        429,
        TITLE,
        'too many sockets from this address are waiting to sign in',
        'address',
        seconds,
      );
    const raw = request.raw;
    const timer = setTimeout(() => this.expire(raw), this.limits.signInWithinMs);
    timer.unref();
    this.waiting.set(raw, { address, socket: null, timer });
    this.waitingFrom.set(address, fromAddress + 1);
    // However the socket ends (refused upgrade, client gone), it no longer waits.
    request.socket.once('close', () => this.release(raw));
  }

  private expire(raw: IncomingMessage): void {
    const waiting = this.waiting.get(raw);
    if (!waiting) return;
    this.release(raw);
    const seconds = this.limits.signInWithinMs / 1000;
    if (waiting.socket) waiting.socket.close(CLOSE.policyViolation, `sign in within ${seconds} s`);
    else raw.socket.destroy();
  }

  private release(raw: IncomingMessage): void {
    const waiting = this.waiting.get(raw);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.waiting.delete(raw);
    const left = (this.waitingFrom.get(waiting.address) ?? 1) - 1;
    if (left > 0) this.waitingFrom.set(waiting.address, left);
    else this.waitingFrom.delete(waiting.address);
  }
}
