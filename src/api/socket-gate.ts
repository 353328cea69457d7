import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type WebSocket from 'ws';
import type { AccessLimits } from './access-limits.js';
import { retryLater } from './problem-response.js';
import { CLOSE } from './stream-protocol.js';

const TITLE = 'Too many sockets waiting to sign in';

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
  private readonly bySession = new Map<string, Set<WebSocket>>();

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
    let sockets = this.bySession.get(token);
    if (sockets && sockets.size >= this.limits.socketsPerSession) {
      socket.close(
        CLOSE.policyViolation,
        `this session already has ${this.limits.socketsPerSession} sockets open: close one first`,
      );
      return false;
    }
    if (!sockets) {
      sockets = new Set();
      this.bySession.set(token, sockets);
    }
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0 && this.bySession.get(token) === sockets) this.bySession.delete(token);
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
