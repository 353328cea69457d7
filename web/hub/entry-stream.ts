// The hotline's live feed: GET /v1/stream, signed in by its first message, resumed from the last
// index seen after any drop, so every entry the party may read arrives once and in order.
import type { HubApi } from './hub-api.js';

export interface StreamEntry {
  index: number;
  kind: string;
  time: string;
  command: Record<string, unknown>;
}

/** Close codes after which the same session may resume; 1008 asks for a new session first. */
const RESUMABLE = new Set([1001, 1006, 1011, 1013]);
const RETRY_MS = 1000;

export class EntryStream {
  private socket: WebSocket | null = null;
  /** The last index received; none at first, when only what is committed from now on is wanted. */
  private after: number | null = null;
  private stopped = false;

  constructor(
    private readonly api: HubApi,
    private readonly onEntry: (entry: StreamEntry) => void,
  ) {
    this.connect();
  }

  private connect(): void {
    const url = new URL('/v1/stream', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () =>
      socket.send(
        JSON.stringify({
          type: 'auth',
          token: this.api.token,
          ...(this.after === null ? {} : { after: this.after }),
        }),
      );
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as { type: string } & Partial<StreamEntry>;
      if (message.type !== 'entry' || message.index === undefined) return;
      this.after = message.index;
      this.onEntry(message as StreamEntry);
    };
    socket.onclose = (event) => {
      if (this.stopped) return;
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
