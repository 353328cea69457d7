// An operator's hotline client for tests, over GET /v1/stream: signs in, reads entries one by one as
// they come, and sends signed commands, waiting for the answer to each.
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import type { ServerMessage } from '../../src/api/stream-protocol.js';
import type { SignedCommand } from '../../src/hub/signed-command.js';

export type StreamEntry = Extract<ServerMessage, { type: 'entry' }>;
export type Answer = Extract<ServerMessage, { type: 'accepted' | 'refused' }>;
type Ready = Extract<ServerMessage, { type: 'ready' }>;

export interface Closed {
  code: number;
  reason: string;
}

export interface OpenOptions {
  token: string;
  /** The last index the client has; omitted, only entries from now on. */
  after?: number;
  /**
   * Sign in with the Authorization header, or with the first message as a browser must, or not at
   * all (the test sends what it likes).
   */
  authBy?: 'header' | 'message' | 'none';
}

export class StreamClient {
  /** Entries, and answers to no command, not yet read, in the order they came. */
  private readonly inbox: ServerMessage[] = [];
  private wake: (() => void) | null = null;
  private readonly answers = new Map<string, (answer: Answer) => void>();
  private nextId = 0;
  private closedWith: Closed | null = null;
  /** Resolves when the connection has closed, with the hub's code and reason. */
  readonly closed: Promise<Closed>;
  /** The last entry index received: where to resume from. */
  last = -1;

  private constructor(
    private readonly socket: WebSocket,
    readonly ready: Promise<Ready>,
  ) {
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.closedWith = { code, reason: reason.toString() };
        this.wake?.();
        resolve(this.closedWith);
      });
    });
  }

  /** Connects; resolves once open (not yet signed in: see `ready`). */
  static async connect(base: string, options: OpenOptions): Promise<StreamClient> {
    const url = new URL('/v1/stream', base.replace(/^http/, 'ws'));
    const byHeader = (options.authBy ?? 'header') === 'header';
    if (byHeader && options.after !== undefined) url.searchParams.set('after', String(options.after));
    const socket = new WebSocket(
      url,
      byHeader ? { headers: { authorization: `Bearer ${options.token}` } } : {},
    );
    let signedIn: (ready: Ready) => void = () => {};
    const client = new StreamClient(socket, new Promise((resolve) => (signedIn = resolve)));
    socket.on('message', (data) => client.receive(JSON.parse(data.toString()) as ServerMessage, signedIn));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    if (options.authBy === 'message') {
      socket.send(
        JSON.stringify({
          type: 'auth',
          token: options.token,
          ...(options.after === undefined ? {} : { after: options.after }),
        }),
      );
    }
    return client;
  }

  /** Connects and waits until the hub has signed the client in (the operator is then on line). */
  static async open(base: string, options: OpenOptions): Promise<StreamClient> {
    const client = await StreamClient.connect(base, options);
    const outcome = await Promise.race([client.ready, client.closed]);
    assert.ok('operator' in outcome, `not signed in: ${JSON.stringify(outcome)}`);
    return client;
  }

  private receive(message: ServerMessage, signedIn: (ready: Ready) => void): void {
    const answered = 'id' in message ? this.answers.get(String(message.id)) : undefined;
    if (message.type === 'ready') {
      signedIn(message);
    } else if (answered) {
      this.answers.delete(String((message as Answer).id));
      answered(message as Answer);
    } else {
      this.inbox.push(message);
      this.wake?.();
    }
  }

  /** The next message that answers no command, or null once the connection has closed and all are read. */
  async message(): Promise<ServerMessage | null> {
    for (;;) {
      const message = this.inbox.shift();
      if (message) return message;
      if (this.closedWith) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  /** The next entry, or null once the connection has closed; each index must come after the last. */
  async next(): Promise<StreamEntry | null> {
    const message = await this.message();
    if (message === null) return null;
    assert.equal(message.type, 'entry', `not an entry: ${JSON.stringify(message)}`);
    const entry = message as StreamEntry;
    assert.ok(entry.index > this.last, `index ${entry.index} came after ${this.last}`);
    this.last = entry.index;
    return entry;
  }

  /** Entries up to and including the first that `last` accepts; fails if the connection closes first. */
  async until(last: (entry: StreamEntry) => boolean): Promise<StreamEntry[]> {
    const entries: StreamEntry[] = [];
    for (;;) {
      const entry = await this.next();
      assert.ok(
        entry,
        `closed (${JSON.stringify(this.closedWith)}) before the awaited entry; got ${entries.map((e) => e.kind)}`,
      );
      entries.push(entry);
      if (last(entry)) return entries;
    }
  }

  /** Sends a signed command and waits for its answer. */
  command(signed: SignedCommand): Promise<Answer> {
    return this.send({ type: 'command', signed });
  }

  /** Sends any message carrying a fresh id, and waits for the answer with that id. */
  send(message: Record<string, unknown>): Promise<Answer> {
    const id = `c${this.nextId++}`;
    return new Promise((resolve, reject) => {
      this.answers.set(id, resolve);
      this.socket.send(JSON.stringify({ ...message, id }), (error) => error && reject(error));
      void this.closed.then((closed) =>
        reject(new Error(`closed (${closed.code} ${closed.reason}) before the answer to ${id}`)),
      );
    });
  }

  /** Sends text as it is, expecting no answer. */
  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** Closes from the client's side and waits until the connection is closed. */
  async close(): Promise<Closed> {
    this.socket.close(1000);
    return this.closed;
  }
}
