// The hub's CoT port: TAK clients and servers of a party's cot feeds connect, their own units'
// positions go to the watch as the party's tracks, and each gets back the picture its party may
// see — on connecting, then as declarations, tracks and alerts change. A client proves its feed by
// a client certificate (TLS) or by TAK's sign-in with the feed's id and secret (plain TCP).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { KnownDeclaration } from '../deconfliction/deconfliction-state.js';
import { type AlertContent, trackAlerts } from '../hub/commands/track-alerts.js';
import { type TrackFeed, trackFeeds } from '../hub/commands/track-feeds.js';
import type { Hub } from '../hub/hub.js';
import type { TrackWatch } from '../hub/track-watch.js';
import { alertsOf, maySeeDeclaration, maySeeEntry } from '../hub/who-may-see.js';
import type { CotConnection } from '../interop/cot-connection.js';
import { CotServer, type CotServerOptions } from '../interop/cot-server.js';
import type { CotSource, TakCredential } from '../interop/cot-source.js';
import { type CotTiming, removalEvents } from '../interop/cot-write-picture.js';
import type { Entry } from '../record/index.js';
import { alertEventFor, declarationEvents, trackEventFor } from './cot-picture.js';
import { airborneCotType, trackInputOf } from './feed-report.js';

/** How long TAK clients show an item without a refresh: declarations are resent when they change. */
const DECLARATION_STALE_MS = 24 * 3_600_000;
const TRACK_STALE_MS = 60_000;

export interface TakGatewayOptions {
  port: number;
  host: string;
  /** PEM: with it the port is TLS and clients present certificates issued by `ca`. */
  tls?: CotServerOptions['tls'];
}

/** What went wrong serving TAK clients, for the hub's log and metrics; the clients' hub goes on. */
export type TakGatewayFailure = (error: Error, what: string) => void;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** node:tls writes fingerprints as colon-separated upper-case hex; feeds register plain lower-case. */
const plainFingerprint = (fingerprint: string) => fingerprint.replaceAll(':', '').toLowerCase();

export function authorizedFeed(feeds: Iterable<TrackFeed>, credential: TakCredential): TrackFeed | null {
  for (const feed of feeds) {
    if (feed.kind !== 'cot') continue;
    if (credential.kind === 'certificate') {
      if (feed.certificateSha256 === plainFingerprint(credential.fingerprint256)) return feed;
    } else if (feed.id === credential.username && feed.secretSha256) {
      // Compared in constant time: the secret is the feed's only proof on plain TCP.
      const expected = Buffer.from(feed.secretSha256, 'hex');
      if (timingSafeEqual(expected, sha256(credential.password))) return feed;
    }
  }
  return null;
}

export class TakGateway {
  private readonly unsubscribe: () => void;
  private readonly unwatch = new Map<CotConnection, () => void>();

  private constructor(
    private readonly hub: Hub,
    private readonly watch: TrackWatch,
    private readonly server: CotServer,
    private readonly onFailure: TakGatewayFailure,
  ) {
    this.unsubscribe = hub.subscribe({
      name: 'TAK gateway',
      entries: (entries) => {
        for (const { entry } of entries) this.changed(entry);
      },
      // Its clients would see a picture that no longer moves: better they see the port closed.
      cutOff: () => void this.close(),
    });
  }

  /** Sends what an entry changed to the clients whose party may see it. */
  private changed(entry: Entry): void {
    const timing = this.timing(DECLARATION_STALE_MS);
    // Each alert entry is one view, for the parties its visibility names.
    if (entry.kind === 'alert.begin') {
      const { alert } = entry.command as { alert: AlertContent };
      this.sendTo(entry, [alertEventFor(alert, false, timing)]);
    } else if (entry.kind === 'alert.end') {
      const told = this.hub.live((state) => trackAlerts(state).get(String(entry.command.alert)));
      for (const party of entry.visibility) {
        const recorded = told?.get(party);
        if (recorded) this.sendTo({ visibility: [party] }, [alertEventFor(recorded.alert, true, timing)]);
      }
    } else if (entry.kind.startsWith('declaration.')) {
      const id = (entry.command as { declaration: string | { id: string } }).declaration;
      const declaration = this.hub.live((state) =>
        state.deconfliction.declarations.get(typeof id === 'string' ? id : id.id),
      );
      if (!declaration) return;
      const sees = (c: CotConnection) => maySeeDeclaration(declaration, (c.source as CotSource).party);
      const removal = removalEvents(declaration.id, timing);
      // Withdrawn or lapsed, it comes off the picture of those shown it; amended to be shown to fewer
      // parties, off the picture of those no longer shown it, who must not go on seeing it.
      if (declaration.status !== 'live') {
        this.server.broadcast(removal, sees);
        return;
      }
      const events = this.eventsOf(declaration, timing);
      if (events.length > 0) this.server.broadcast(events, sees);
      if (entry.kind === 'declaration.amend') this.server.broadcast(removal, (c) => !sees(c));
    } else if (entry.kind === 'feed.remove') {
      const gone = `${(entry.author as { party: string }).party}/${String(entry.command.feed)}`;
      for (const connection of this.server.connections)
        if (connection.source?.source === gone) connection.close('the feed was removed');
    }
  }

  static async start(
    hub: Hub,
    watch: TrackWatch,
    options: TakGatewayOptions,
    onFailure: TakGatewayFailure,
  ): Promise<TakGateway> {
    let gateway: TakGateway | null = null;
    const server = await CotServer.listen(
      {
        ...(options.tls ? { tls: options.tls } : {}),
        authorize: (credential) => {
          const feed = authorizedFeed(hub.live(trackFeeds).values(), credential);
          return feed ? { source: feed.id, party: feed.party } : null;
        },
        onReading: (connection, reading) => {
          const feed = hub.live(trackFeeds).get((connection.source as CotSource).source);
          if (!feed) return connection.close('the feed was removed');
          if (reading.kind !== 'track') return watch.countDropped(feed.id, reading.reason, null);
          const input = trackInputOf(reading.track, airborneCotType(reading.event.type));
          if (typeof input === 'string') return watch.countDropped(feed.id, input, null);
          watch.take(feed, [input]);
        },
        onDropped: (connection, drop) => {
          if (connection.source) watch.countDropped(connection.source.source, drop.reason, drop.excerpt);
        },
        onSignedIn: (connection) => gateway?.signedIn(connection),
        onFailed: (connection, error) => onFailure(error, `TAK client ${connection.remoteAddress}`),
        onClosed: (connection) => {
          gateway?.unwatch.get(connection)?.();
          gateway?.unwatch.delete(connection);
        },
      },
      options.port,
      options.host,
    );
    gateway = new TakGateway(hub, watch, server, onFailure);
    return gateway;
  }

  get port(): number {
    return this.server.port;
  }

  private timing(staleMs: number): CotTiming {
    const now = Date.now();
    return { now, stale: now + staleMs };
  }

  /** A client that proved its feed gets the whole picture at once, then what moves. */
  private signedIn(connection: CotConnection): void {
    const party = (connection.source as CotSource).party;
    const timing = this.timing(DECLARATION_STALE_MS);
    const trackTiming = this.timing(TRACK_STALE_MS);
    const events = this.hub.live((state) => [
      ...[...state.deconfliction.declarations.values()]
        .filter((d) => d.status === 'live' && maySeeDeclaration(d, party))
        .flatMap((d) => this.eventsOf(d, timing)),
      ...alertsOf(state, party)
        .filter((r) => r.ended === null)
        .flatMap((r) => alertEventFor(r.alert, false, timing) ?? []),
      ...this.watch.visibleTracks(state, party).map((t) => trackEventFor(t, party, trackTiming)),
    ]);
    connection.send(events);
    this.unwatch.set(
      connection,
      this.watch.watch({
        party,
        tracks: (tracks) => {
          const moving = this.timing(TRACK_STALE_MS);
          connection.send(tracks.map((t) => trackEventFor(t, party, moving)));
        },
      }),
    );
  }

  /** One declaration the picture cannot show is left out of it, not every other with it. */
  private eventsOf(declaration: KnownDeclaration, timing: CotTiming): string[] {
    try {
      return declarationEvents(declaration, timing);
    } catch (error) {
      this.onFailure(error as Error, `the CoT picture of ${declaration.id}`);
      return [];
    }
  }

  /** Sends to the clients whose party may see the entry (an alert's view: its visibility). */
  private sendTo(entry: Pick<Entry, 'visibility'>, events: (string | null)[]): void {
    const sent = events.filter((event) => event !== null);
    if (sent.length > 0)
      this.server.broadcast(sent, (c) => maySeeEntry(entry, (c.source as CotSource).party));
  }

  async close(): Promise<void> {
    this.unsubscribe();
    for (const stop of this.unwatch.values()) stop();
    await this.server.close();
  }
}
