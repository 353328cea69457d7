// One operator's client on the hotline: a WebSocket that, once signed in, counts as the operator on
// line, carries every entry its party may read (from a cursor, then live), and takes its signed
// commands — a client sends its `delivery.receipt` (delivered) the moment a message reaches it.
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import type { CommandGate, Hub } from '../hub/hub.js';
import { Problem, problems } from '../hub/problem.js';
import type { SignedCommand } from '../hub/signed-command.js';
import type { Entry } from '../record/index.js';
import { submitCounted } from './counted-submit.js';
import type { HubMetrics } from './metrics.js';
import { problemBody } from './problem-response.js';
import type { Sessions } from './sessions.js';
import {
  CLOSE,
  type ClientMessage,
  type CommandMessage,
  parseClientMessage,
  type ServerMessage,
} from './stream-protocol.js';
import { type EntryOutlet, type StreamEnd, VisibleEntries, writtenTogether } from './visible-entries.js';

/** Commands one client may have waiting for the writer; more are refused, not queued. */
const MAX_COMMANDS_IN_FLIGHT = 64;
/** The backlog is read on only once the client's socket has taken most of the last page. */
const DRAINED_BELOW_BYTES = 256 * 1024;
const INSTANCE = '/v1/stream';
/**
 * Each committed entry's frame, encoded once for every socket it goes to: the hub hands the same
 * entry object, for one index, to all its subscribers, and a party's thousand clients each get it.
 */
const entryFrames = new WeakMap<Entry, Buffer>();
/** A frame's bytes are sent as they are, as text: they are JSON in UTF-8. */
const AS_TEXT = { binary: false } as const;

const END_CLOSES: Record<StreamEnd, [number, string]> = {
  'session-ended': [CLOSE.policyViolation, 'the session has ended: sign in again and resume'],
  'too-slow': [CLOSE.tryAgainLater, 'too far behind: resume from the last index received'],
  failed: [CLOSE.internalError, 'the stream failed: resume from the last index received'],
  shutdown: [CLOSE.goingAway, 'the hub is shutting down: resume from the last index received'],
};

export interface OperatorSocketOptions {
  hub: Hub;
  sessions: Sessions;
  metrics: HubMetrics;
  /** How fast its operator, and its party, may send commands: as over HTTP. */
  commandLimits: CommandGate;
  log: FastifyBaseLogger;
  /** The TCP connection under the WebSocket, whose writes a batch of entries holds back until its end. */
  connection: Socket;
  /** Counts the socket against its session once signed in (the socket gate); false if it is refused. */
  signedIn: (token: string) => boolean;
}

export class OperatorSocket implements EntryOutlet {
  private phase: 'awaiting-auth' | 'authenticating' | 'open' | 'closed' = 'awaiting-auth';
  /** Settles once authentication is decided; messages that come meanwhile wait for it. */
  private authenticated: Promise<boolean> = Promise.resolve(false);
  private entries: VisibleEntries | null = null;
  private goOffline: (() => Promise<void>) | null = null;
  private hubClosing = false;
  /** Whether the client answered the last ping. */
  private alive = true;
  private inFlight = 0;
  private readonly waitingForDrain: (() => void)[] = [];

  constructor(
    private readonly socket: WebSocket,
    private readonly options: OperatorSocketOptions,
  ) {
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('pong', () => {
      this.alive = true;
    });
    socket.on('close', () => this.closed());
  }

  /** Signs in at once with an Authorization header's bearer token, if the request had one. */
  start(authorization: string | undefined, after: number | null): void {
    if (authorization === undefined) return;
    const token = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(authorization)?.[1];
    if (token) this.authenticate(token, after);
    else this.refuseConnection('the Authorization header is not a bearer token');
  }

  /** The hub is shutting down: close without taking the operator off line, which would escalate. */
  shutdown(): void {
    this.hubClosing = true;
    if (this.entries) this.entries.end('shutdown');
    else this.socket.close(...END_CLOSES.shutdown);
  }

  entry(index: number, entry: Entry): void {
    let frame = entryFrames.get(entry);
    if (frame === undefined) {
      const { kind, time, author, command, visibility } = entry;
      frame = Buffer.from(
        JSON.stringify({
          type: 'entry',
          index,
          kind,
          time,
          author,
          command,
          visibility,
        } satisfies ServerMessage),
      );
      entryFrames.set(entry, frame);
    }
    this.sendText(frame);
  }

  together(write: () => void): void {
    writtenTogether(this.options.connection, write);
  }

  damaged(index: number): void {
    this.send({ type: 'damaged', index });
  }

  buffered(): number {
    return this.socket.bufferedAmount;
  }

  drained(): Promise<void> {
    if (this.phase === 'closed' || this.socket.bufferedAmount < DRAINED_BELOW_BYTES) return Promise.resolve();
    return new Promise((resolve) => this.waitingForDrain.push(resolve));
  }

  /** A ping; a client that did not answer the last one is gone, however its TCP connection looks. */
  heartbeat(): void {
    if (!this.alive) return void this.socket.terminate();
    this.alive = false;
    this.socket.ping();
  }

  end(why: StreamEnd): void {
    this.socket.close(...END_CLOSES[why]);
  }

  private authenticate(token: string, after: number | null): void {
    this.phase = 'authenticating';
    this.authenticated = this.open(token, after).catch((error: unknown) => {
      this.options.log.error({ err: error }, 'stream authentication failed');
      this.end('failed');
      return false;
    });
  }

  private async open(token: string, after: number | null): Promise<boolean> {
    const { hub, sessions, log } = this.options;
    const operator = await sessions.operator(token).catch(() => null);
    // Closed, or being closed (the hub shutting down), while the session was looked up.
    if (this.socket.readyState !== this.socket.OPEN) return false;
    if (!operator) {
      this.refuseConnection('unknown or expired session: sign in again');
      return false;
    }
    const size = hub.record.size;
    if (after !== null && after >= size) {
      this.refuseConnection(`after must be below ${size}, the record’s size`);
      return false;
    }
    if (!this.options.signedIn(token)) return false;
    this.phase = 'open';
    this.goOffline = hub.connect(operator.id);
    const start = after === null ? size : after + 1;
    this.entries = new VisibleEntries({ hub, sessions, token, party: operator.party, start, outlet: this });
    // First, so that the client knows it is on line and where its entries start.
    this.send({ type: 'ready', operator: operator.id, party: operator.party, after: start - 1 });
    void this.entries.run(log);
    return true;
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.phase === 'closed') return;
    const parsed: ClientMessage = isBinary
      ? { ok: false, id: null, errors: [{ field: '/', reason: 'must be a JSON text frame' }] }
      : parseClientMessage(data.toString());
    if (this.phase === 'awaiting-auth') {
      if (parsed.ok && parsed.message.type === 'auth')
        this.authenticate(parsed.message.token, parsed.message.after ?? null);
      else this.refuseConnection('send {"type":"auth","token":…} first');
    } else if (this.phase === 'authenticating') {
      // Messages sent right behind `auth` are handled once it has been decided, in order.
      this.authenticated
        .then((ok) => ok && this.handle(parsed))
        .catch((error: unknown) => {
          this.options.log.error({ err: error }, 'stream message failed');
          this.end('failed');
        });
    } else {
      this.handle(parsed);
    }
  }

  private handle(parsed: ClientMessage): void {
    if (this.phase !== 'open') return;
    if (!parsed.ok) this.refuse(parsed.id, problems.badRequest('the message is not valid', parsed.errors));
    else if (parsed.message.type === 'auth')
      this.refuse(null, problems.badRequest('this connection is already signed in'));
    else void this.command(parsed.message);
  }

  private async command(message: CommandMessage): Promise<void> {
    if (this.inFlight >= MAX_COMMANDS_IN_FLIGHT) {
      this.refuse(
        message.id,
        new Problem(
          429,
          'too-many-commands',
          'Too many commands in flight',
          `wait for answers: at most ${MAX_COMMANDS_IN_FLIGHT} at a time`,
        ),
      );
      return;
    }
    this.inFlight++;
    try {
      const accepted = await submitCounted(
        this.options.hub,
        this.options.metrics,
        this.options.commandLimits,
        message.signed as SignedCommand,
      );
      this.send({ type: 'accepted', id: message.id, ...accepted });
    } catch (error) {
      if (!(error instanceof Problem))
        this.options.log.error({ err: error }, 'command over the stream failed');
      this.refuse(
        message.id,
        error instanceof Problem
          ? error
          : new Problem(500, 'internal', 'Internal error', 'the hub could not complete this request'),
      );
    } finally {
      this.inFlight--;
    }
  }

  private refuse(id: string | number | null, problem: Problem): void {
    this.send({ type: 'refused', id, problem: problemBody(problem, INSTANCE) });
  }

  /** Before sign-in there is nobody to answer: the connection is closed, saying why. */
  private refuseConnection(reason: string): void {
    this.socket.close(CLOSE.policyViolation, reason);
  }

  private send(message: ServerMessage): void {
    this.sendText(JSON.stringify(message));
  }

  private sendText(text: string | Buffer): void {
    if (this.phase === 'closed' || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(text, AS_TEXT, this.afterSend);
  }

  private readonly afterSend = (): void => {
    if (this.waitingForDrain.length === 0) return;
    if (this.phase !== 'closed' && this.socket.bufferedAmount >= DRAINED_BELOW_BYTES) return;
    for (const resolve of this.waitingForDrain.splice(0)) resolve();
  };

  private closed(): void {
    this.phase = 'closed';
    this.entries?.close();
    for (const resolve of this.waitingForDrain.splice(0)) resolve();
    if (this.goOffline && !this.hubClosing) {
      void this.goOffline().catch((error: unknown) =>
        this.options.log.warn({ err: error }, 'could not record the operator going off line'),
      );
    }
  }
}
