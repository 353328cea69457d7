// The ADS-B receivers parties registered as their own feeds: the hub keeps one connection to each
// (sbs feeds name the receiver's host:port), opened when the feed is registered, opened again when its
// address or time zone changes and closed when it is removed. Every aircraft a receiver hears is taken as the
// registering party's own: a party registers only a receiver that sees its own aircraft, such as
// one fed by its own transponders' data, and answers for that in the record.
import { type TrackFeed, trackFeeds } from '../hub/commands/track-feeds.js';
import type { Hub } from '../hub/hub.js';
import type { TrackWatch } from '../hub/track-watch.js';
import { SbsFeedClient } from '../interop/sbs-feed-client.js';
import { trackInputOf } from './feed-report.js';

/** Splits host:port, and [v6]:port. */
function hostAndPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(address.slice(at + 1)) };
}

/** What a connection is made for: a change of address or of clock reconnects. */
function receiverOf(feed: TrackFeed): string {
  return `${feed.address} ${feed.timeZone ?? ''}`;
}

export class SbsReceivers {
  /** By feed id, with the receiver's address and time zone it was connected for. */
  private readonly clients = new Map<string, { receiver: string; client: SbsFeedClient }>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly hub: Hub,
    private readonly watch: TrackWatch,
    private readonly onConnection: (
      feed: string,
      state: 'connected' | 'disconnected',
      detail: string,
    ) => void,
  ) {
    this.unsubscribe = hub.subscribe({
      name: 'ADS-B receivers',
      entries: (entries) => {
        if (entries.some(({ entry }) => entry.kind === 'feed.set' || entry.kind === 'feed.remove'))
          this.sync();
      },
      cutOff: () => this.close(),
    });
    this.sync();
  }

  /** Connects to every registered receiver not yet connected, and drops those no longer registered. */
  private sync(): void {
    const feeds = [...this.hub.live(trackFeeds).values()].filter((f) => f.kind === 'sbs' && f.address);
    const wanted = new Map(feeds.map((feed) => [feed.id, feed]));
    for (const [id, { receiver, client }] of this.clients) {
      const feed = wanted.get(id);
      if (feed === undefined || receiverOf(feed) !== receiver) {
        client.stop();
        this.clients.delete(id);
      }
    }
    for (const feed of feeds) if (!this.clients.has(feed.id)) this.connect(feed);
  }

  private connect(feed: TrackFeed): void {
    const address = feed.address as string;
    const client = new SbsFeedClient({
      ...hostAndPort(address),
      source: feed.id,
      timeZone: feed.timeZone ?? null,
      onTrack: (report) => {
        const current = this.hub.live(trackFeeds).get(feed.id);
        if (!current) return;
        // The hub takes no reports about other parties' assets.
        if (current.aircraft && !current.aircraft.includes(report.id.replace(/^icao:/, '').toLowerCase()))
          return this.watch.countDropped(feed.id, 'not one of the aircraft the feed registered', null);
        const input = trackInputOf(report, true);
        if (typeof input === 'string') this.watch.countDropped(feed.id, input, null);
        else this.watch.take(current, [input]);
      },
      onDropped: (drop) => this.watch.countDropped(feed.id, drop.reason, drop.excerpt),
      onConnection: (state, detail) => this.onConnection(feed.id, state, detail),
    }).start();
    this.clients.set(feed.id, { receiver: receiverOf(feed), client });
  }

  close(): void {
    this.unsubscribe();
    for (const { client } of this.clients.values()) client.stop();
    this.clients.clear();
  }
}
