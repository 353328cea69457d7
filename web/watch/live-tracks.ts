// The live tracks the party may see, from the /v1/picture WebSocket: every track at once on each
// (re)connection, then those reported again once a second. The hub drops a track silent for 60 s and
// never says so to the picture, so the browser forgets it by the same rule; ages are the reports'
// own times against this browser's clock, the one UTC clock the hotline's deadlines are shown on too.
import type { HubApi } from '../hub/hub-api.js';
import { SignedSocket } from '../hub/signed-socket.js';
import type { TrackView } from '../hub/views.js';

/** The watch engine's dropAfterS: a track unreported this long is gone from the hub's picture. */
export const STALE_AFTER_MS = 60_000;
/** How often ages are looked at again, so that fading and forgetting are seen as they happen. */
const AGEING_MS = 1000;

export class LiveTracks {
  private readonly tracks = new Map<string, TrackView>();
  private readonly listeners: (() => void)[] = [];

  constructor(api: HubApi) {
    let first = true;
    new SignedSocket<{ type: string; tracks?: TrackView[] }>(
      api,
      '/v1/picture',
      () => {
        first = true;
        return {};
      },
      (message) => {
        if (message.type !== 'tracks' || !message.tracks) return;
        // The first frame after signing in is the whole picture: a track missing from it is gone.
        if (first) this.tracks.clear();
        first = false;
        for (const track of message.tracks) this.tracks.set(track.id, track);
        this.changed();
      },
    );
    window.setInterval(() => this.changed(), AGEING_MS);
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The tracks heard from within the last minute. */
  all(): TrackView[] {
    return [...this.tracks.values()];
  }

  get(id: string): TrackView | undefined {
    return this.tracks.get(id);
  }

  private changed(): void {
    const now = Date.now();
    for (const [id, track] of this.tracks)
      if (now - Date.parse(track.time) >= STALE_AFTER_MS) this.tracks.delete(id);
    for (const listener of this.listeners) listener();
  }
}
