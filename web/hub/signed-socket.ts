// A WebSocket to the hub signed in by its first message (browsers cannot set headers on the upgrade),
// opened again after any drop: at once when the hub says the session may go on, after a new session
// when it closed for want of one (1008), and slower when even that fails.
import type { HubApi } from './hub-api.js';

/** Close codes after which the same session may resume; 1008 asks for a new session first. */
const RESUMABLE = new Set([1001, 1006, 1011, 1013]);
const RETRY_MS = 1000;

export class SignedSocket<Message extends { type: string }> {
  private socket: WebSocket | null = null;
  private stopped = false;

  /**
   * `signIn` gives the fields sent with the token on each (re)connection, so that a stream can say
   * where to resume; `onMessage` gets every message the hub sends, parsed.
   */
  constructor(
    private readonly api: HubApi,
    private readonly path: string,
    private readonly signIn: () => Record<string, unknown>,
    private readonly onMessage: (message: Message) => void,
    /** Told each time the socket closes other than by `close`: the live feed is down until it is back. */
    private readonly onDrop: () => void = () => {},
  ) {
    this.connect();
  }

  private connect(): void {
    const url = new URL(this.path, location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () =>
      socket.send(JSON.stringify({ type: 'auth', token: this.api.token, ...this.signIn() }));
    socket.onmessage = (event) => this.onMessage(JSON.parse(String(event.data)) as Message);
    socket.onclose = (event) => {
      if (this.stopped) return;
      this.onDrop();
      const again = RESUMABLE.has(event.code) ? Promise.resolve() : this.api.renew();
      again.then(
        () => setTimeout(() => this.connect(), RETRY_MS),
        () => setTimeout(() => this.connect(), RETRY_MS * 5),
      );
    };
  }

  close(): void {
    this.stopped = true;
    this.socket?.close(1000);
  }
}
