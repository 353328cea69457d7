// The hotline's live feed: GET /v1/stream, resumed from the last index seen after any drop, so every
// entry the party may read arrives once and in order. It starts from the record as it stands when the
// hub says it is ready: what the views read after that misses no entry. Its state is the page's link
// to the hub: connected while it is signed in, lost from the moment it drops.
import type { HubApi } from './hub-api.js';
import { SignedSocket } from './signed-socket.js';

export interface StreamEntry {
  index: number;
  kind: string;
  time: string;
  command: Record<string, unknown>;
}

export class EntryStream {
  private readonly socket: SignedSocket<{ type: string } & Partial<StreamEntry>>;
  /** The last index received; none at first, when only what is committed from now on is wanted. */
  private after: number | null = null;
  /** Resolves once the hub has signed the stream in, the first time. */
  readonly ready: Promise<void>;

  /** `onResumed` is told each time the stream signs in again after a drop. */
  constructor(api: HubApi, onEntry: (entry: StreamEntry) => void, onResumed: () => void = () => {}) {
    let signedIn = () => {};
    let resumed = false;
    this.ready = new Promise((resolve) => {
      signedIn = resolve;
    });
    this.socket = new SignedSocket(
      api,
      '/v1/stream',
      () => (this.after === null ? {} : { after: this.after }),
      (message) => {
        if (message.type === 'ready') {
          api.link.streamReady();
          if (resumed) onResumed();
          resumed = true;
          signedIn();
        }
        if (message.type !== 'entry' || message.index === undefined) return;
        this.after = message.index;
        onEntry(message as StreamEntry);
      },
      () => api.link.streamDropped(),
    );
  }

  close(): void {
    this.socket.close();
  }
}
