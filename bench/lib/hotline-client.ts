// One operator's client in the hotline benchmark: a WebSocket to the hub's /v1/stream (or to the
// plain fan-out peer, which speaks the same frames), that checks each entry comes once and in order,
// answers commands by id, and — like a real client — comes back on its own after the hub goes away:
// it signs in again (sessions do not outlive the hub) and resumes from the last index it received.
import { createPrivateKey } from 'node:crypto';
import { WebSocket } from 'ws';
import type { ServerMessage } from '../../src/api/stream-protocol.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import type { SignedCommand } from '../../src/hub/signed-command.js';

export interface ClientSpec {
  operator: string;
  party: string;
  /** PKCS#8 PEM of the operator's Ed25519 key. */
  pem: string;
}

export type StreamEntry = Extract<ServerMessage, { type: 'entry' }>;
export type Answer = Extract<ServerMessage, { type: 'accepted' | 'refused' }>;

/** Where the client connects: the hub (sign in with a session) or the peer (no sessions). */
export interface Endpoint {
  url: string;
  origin: string;
  kind: 'hub' | 'peer';
}

/**
 * Each entry as parsed once for all the clients of this process. A party's thousand clients receive
 * the same bytes for an index; parsed a thousand times, the clients' process spent most of its CPU
 * on it and, on a small machine, took that CPU from the hub it measures. Real clients each run on a
 * machine of their own. By endpoint, since the hub and the peer number their entries alike.
 */
const parsedEntries = new WeakMap<Endpoint, Map<number, StreamEntry>>();
/** Entries kept parsed: enough for the entries in flight to every client at once. */
const PARSED_KEPT = 20_000;
const ENTRY_FRAME = Buffer.from('{"type":"entry","index":');

/** The index an entry frame starts with, read from its bytes; null for any other frame. */
function entryIndex(data: Buffer): number | null {
  if (data.length <= ENTRY_FRAME.length || ENTRY_FRAME.compare(data, 0, ENTRY_FRAME.length) !== 0)
    return null;
  let index = 0;
  let at = ENTRY_FRAME.length;
  for (; at < data.length; at++) {
    const digit = (data[at] as number) - 48;
    if (digit < 0 || digit > 9) break;
    index = index * 10 + digit;
  }
  return at > ENTRY_FRAME.length && data[at] === 44 ? index : null;
}

function parseFrame(endpoint: Endpoint, data: Buffer): ServerMessage {
  const index = entryIndex(data);
  if (index === null) return JSON.parse(data.toString()) as ServerMessage;
  let parsed = parsedEntries.get(endpoint);
  if (!parsed) {
    parsed = new Map();
    parsedEntries.set(endpoint, parsed);
  }
  let entry = parsed.get(index);
  if (entry === undefined) {
    entry = JSON.parse(data.toString()) as StreamEntry;
    parsed.set(index, entry);
    if (parsed.size > PARSED_KEPT) parsed.delete(parsed.keys().next().value as number);
  }
  return entry;
}

/**
 * Sign-ins this process has under way at once. Ten thousand clients coming back together would
 * otherwise each open an HTTP connection beside their socket: twice as many descriptors as the
 * machine allows a process (20,000 here), on both sides. Offices of real clients are many machines.
 */
const SIGN_INS_AT_ONCE = 256;
let signInsUnderWay = 0;
const waitingToSignIn: (() => void)[] = [];

async function oneOfTheSignIns<T>(signIn: () => Promise<T>): Promise<T> {
  // A sign-in that ends hands its place to the next waiting, if any.
  if (signInsUnderWay < SIGN_INS_AT_ONCE) signInsUnderWay++;
  else await new Promise<void>((resolve) => waitingToSignIn.push(resolve));
  try {
    return await signIn();
  } finally {
    const next = waitingToSignIn.shift();
    if (next) next();
    else signInsUnderWay--;
  }
}

/** How long a client waits between attempts to come back while the hub is away. */
const RECONNECT_EVERY_MS = 200;

export class OperatorClient {
  readonly signer: OperatorSigner;
  private socket: WebSocket | null = null;
  private readonly answers = new Map<number, (answer: Answer | null) => void>();
  private nextId = 0;
  /** The cursor of the first connection: entries after it are this client's to receive. */
  first: number | null = null;
  /** The last index received: where to resume. */
  last = -1;
  /** Entries received, and the sums of their indices and of their squares: the exactly-once check. */
  received = 0;
  indexSum = 0;
  indexSquareSum = 0;
  /** Entries whose index was not above the last one received: repeats (or reordering). */
  repeated = 0;
  connections = 0;
  /** Set once closing was asked for: no coming back. */
  private leaving = false;
  private open = false;

  constructor(
    readonly spec: ClientSpec,
    private readonly endpoint: () => Endpoint,
    private readonly onEntry: (client: OperatorClient, entry: StreamEntry) => void,
    /** Called each time the connection is lost, and when it is back. */
    private readonly onLink: (client: OperatorClient, up: boolean) => void,
  ) {
    this.signer = new OperatorSigner(createPrivateKey(spec.pem));
  }

  get connected(): boolean {
    return this.open;
  }

  /** Signs in (hub) and connects, resuming after `last` once there is one; resolves when ready. */
  async connect(): Promise<void> {
    const endpoint = this.endpoint();
    const { url, origin, kind } = endpoint;
    const stream = new URL('/v1/stream', url.replace(/^http/, 'ws'));
    const headers: Record<string, string> = {};
    if (kind === 'hub') headers.authorization = `Bearer ${await this.login(url, origin)}`;
    else stream.searchParams.set('party', this.spec.party);
    if (this.first !== null) stream.searchParams.set('after', String(this.last));
    else if (kind === 'peer') stream.searchParams.set('after', '-1');
    const socket = new WebSocket(stream, { headers, perMessageDeflate: false });
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.on('message', (data) => {
        const message = parseFrame(endpoint, data as Buffer);
        if (message.type === 'ready') {
          this.first ??= message.after;
          this.open = true;
          this.connections++;
          resolve();
        } else this.receive(message);
      });
      socket.once('error', reject);
      socket.once('close', (code, reason) => {
        reject(new Error(`closed ${code} ${reason.toString()} before ready`));
        this.closed();
      });
    });
    this.onLink(this, true);
  }

  /** Opens a session for this operator: the token for /v1/stream, or for a feed's socket. */
  async login(url: string, origin: string): Promise<string> {
    const { response, body } = await oneOfTheSignIns(async () => {
      const response = await fetch(`${url}/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(this.signer.command(origin, 'login')),
      });
      return { response, body: (await response.json()) as { token?: string } };
    });
    if (response.status !== 201 || !body.token)
      throw new Error(`login of ${this.spec.operator}: ${response.status} ${JSON.stringify(body)}`);
    return body.token;
  }

  private receive(message: ServerMessage): void {
    if (message.type === 'entry') {
      if (message.index <= this.last) this.repeated++;
      else {
        this.last = message.index;
        this.received++;
        this.indexSum += message.index;
        this.indexSquareSum += message.index * message.index;
      }
      this.onEntry(this, message);
    } else if (message.type === 'accepted' || message.type === 'refused') {
      const id = Number(message.id);
      this.answers.get(id)?.(message);
      this.answers.delete(id);
    } else if (message.type === 'damaged') {
      throw new Error(`entry ${message.index} is damaged`);
    }
  }

  /** Sends a signed command; the answer, or null if the connection went before it came. */
  command(signed: SignedCommand): Promise<Answer | null> {
    const socket = this.socket;
    if (!this.open || !socket) return Promise.resolve(null);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.answers.set(id, resolve);
      socket.send(JSON.stringify({ type: 'command', id, signed }));
    });
  }

  private closed(): void {
    const wasOpen = this.open;
    this.open = false;
    this.socket = null;
    for (const resolve of this.answers.values()) resolve(null);
    this.answers.clear();
    if (!wasOpen || this.leaving) return;
    this.onLink(this, false);
    void this.comeBack();
  }

  /** Tries again and again until the hub answers: it is restarting. */
  private async comeBack(): Promise<void> {
    while (!this.leaving) {
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_EVERY_MS * (0.5 + Math.random())));
      try {
        await this.connect();
        return;
      } catch {
        // Not back yet.
      }
    }
  }

  close(): Promise<void> {
    this.leaving = true;
    const socket = this.socket;
    if (!socket || socket.readyState === socket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.close(1000);
    });
  }
}
