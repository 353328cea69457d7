// One TAK client connected to the hub: its messages read off the stream as they arrive, nothing
// taken from it before it has proved which feed it is, and the picture written back to it. A bad
// message is counted and dropped; only a client that never proves itself, speaks another protocol
// or cannot keep up is disconnected.
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { parseCotEvent } from './cot-event.js';
import { type CotReading, readCotEvent } from './cot-reading.js';
import type { AuthorizeTakClient, CotSource } from './cot-source.js';
import { CotStreamFramer } from './cot-stream-framer.js';
import { pongEvent } from './cot-write-picture.js';
import type { DroppedInput } from './dropped-input.js';
import { FeedTally } from './feed-tally.js';
import { isTakSignIn, parseTakSignIn } from './tak-sign-in.js';

export interface CotConnectionHandlers {
  authorize: AuthorizeTakClient;
  /** Every event read from a signed-in client: tracks, and what is not a track with the reason. */
  onReading(connection: CotConnection, reading: CotReading): void;
  onDropped(connection: CotConnection, drop: DroppedInput): void;
  /** The client has proved which feed it is: a moment to send it the picture. */
  onSignedIn?(connection: CotConnection): void;
  onClosed?(connection: CotConnection, reason: string): void;
  /** A handler threw while serving this client: the connection was closed, the rest go on. */
  onFailed?(connection: CotConnection, error: Error): void;
}

export interface CotConnectionLimits {
  /** How long a plain-TCP client has to sign in. */
  signInTimeoutMs: number;
  /** Bytes waiting to be written to a client before it counts as too slow and is disconnected. */
  maxBufferedBytes: number;
  /** The clock for keep-alive answers. */
  now: () => number;
}

export const DEFAULT_CONNECTION_LIMITS: CotConnectionLimits = {
  signInTimeoutMs: 10_000,
  maxBufferedBytes: 4 << 20,
  now: Date.now,
};

/** How long the answer to a keep-alive stays valid. */
const PONG_LIFETIME_MS = 20_000;

export class CotConnection {
  private signedIn: CotSource | null = null;
  private closed = false;
  private readonly framer = new CotStreamFramer();
  private readonly signInTimer: NodeJS.Timeout | undefined;
  readonly tally = new FeedTally();

  constructor(
    private readonly socket: Socket,
    private readonly handlers: CotConnectionHandlers,
    private readonly limits: CotConnectionLimits,
  ) {
    socket.on('data', (chunk: Buffer) => this.guarded(() => this.receive(chunk)));
    socket.on('end', () => {
      for (const frame of this.framer.end()) if ('drop' in frame) this.drop(frame.drop);
      this.close('the client ended the connection');
    });
    socket.on('error', (error) => this.close(`connection error: ${error.message}`));
    socket.on('close', () => this.close('connection closed'));
    const certificate = socket instanceof TLSSocket ? socket.getPeerCertificate() : undefined;
    if (certificate?.fingerprint256) {
      const commonName = certificate.subject?.CN;
      this.guarded(() =>
        this.signIn({
          kind: 'certificate',
          fingerprint256: certificate.fingerprint256,
          commonName: Array.isArray(commonName) ? commonName.join(',') : (commonName ?? ''),
        }),
      );
    } else {
      this.signInTimer = setTimeout(() => this.close('no sign-in in time'), limits.signInTimeoutMs);
    }
  }

  /** The feed the client proved it is, once it has. */
  get source(): CotSource | null {
    return this.signedIn;
  }

  get remoteAddress(): string {
    return `${this.socket.remoteAddress}:${this.socket.remotePort}`;
  }

  /** Writes events to the client; one that lets too much pile up is disconnected. */
  send(events: readonly string[]): void {
    if (this.closed) return;
    this.socket.write(events.join(''));
    if (this.socket.writableLength > this.limits.maxBufferedBytes)
      this.close('too slow to keep up with the picture');
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.signInTimer);
    this.socket.destroy();
    this.handlers.onClosed?.(this, reason);
  }

  /**
   * Runs the hub's handlers for this client: whatever they throw ends this connection alone, where it
   * would otherwise escape a socket event and take the whole hub down.
   */
  private guarded(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.close('the hub could not serve this connection');
      this.handlers.onFailed?.(this, error as Error);
    }
  }

  private signIn(credential: Parameters<AuthorizeTakClient>[0]): void {
    const source = this.handlers.authorize(credential);
    if (source === null) {
      this.close(
        credential.kind === 'certificate' ? 'certificate not registered to a feed' : 'sign-in refused',
      );
      return;
    }
    clearTimeout(this.signInTimer);
    this.signedIn = source;
    this.handlers.onSignedIn?.(this);
  }

  private receive(chunk: Buffer): void {
    for (const frame of this.framer.push(chunk)) {
      if (this.closed) return;
      if ('refused' in frame) this.close(frame.refused);
      else if ('drop' in frame) this.drop(frame.drop);
      else this.message(frame.xml);
    }
  }

  private message(xml: string): void {
    if (isTakSignIn(xml)) {
      if (this.signedIn !== null) return;
      const signIn = parseTakSignIn(xml);
      if (typeof signIn === 'string') this.close(`sign-in unreadable: ${signIn}`);
      else this.signIn({ kind: 'password', ...signIn });
      return;
    }
    const source = this.signedIn;
    if (source === null) {
      this.close('sent events before signing in');
      return;
    }
    const parsed = parseCotEvent(xml);
    if ('drop' in parsed) {
      this.drop(parsed.drop);
      return;
    }
    const reading = readCotEvent(parsed.event, source.source);
    if ('drop' in reading) {
      this.drop(reading.drop);
      return;
    }
    this.tally.countAccepted();
    if (reading.kind === 'ping') {
      const now = this.limits.now();
      this.send([pongEvent({ now, stale: now + PONG_LIFETIME_MS })]);
    }
    this.handlers.onReading(this, reading);
  }

  private drop(drop: DroppedInput): void {
    this.tally.countDropped(drop);
    this.handlers.onDropped(this, drop);
  }
}
