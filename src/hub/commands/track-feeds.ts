// The track sources parties have registered: each maps to one party, which answers for every report
// that comes through it. Changed only by feed entries, so a replay rebuilds them.
import type { HubState } from '../state.js';

export const FEED_KINDS = ['api', 'cot', 'sbs'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export interface TrackFeed {
  /** "<party>/<name>". */
  id: string;
  party: string;
  name: string;
  /**
   * api: the party's systems post reports over HTTP or a WebSocket with an operator's session;
   * cot: TAK clients or servers connect to the hub's CoT port; sbs: the hub connects to an ADS-B
   * receiver's BaseStation port.
   */
  kind: FeedKind;
  description?: string;
  /** Parties that may see its tracks live besides its own (ids, or "*"); alerts go to those involved. */
  shareWith: string[];
  /** The party's roster told of alerts about its tracks; without one, the whole party. */
  roster?: string;
  /** cot over TLS: the SHA-256 fingerprint of the client certificate it presents, lower-case hex. */
  certificateSha256?: string;
  /** cot: the SHA-256 of the secret a TAK client signs in with (as password, with the feed id as user). */
  secretSha256?: string;
  /** sbs: where the receiver listens, host:port. */
  address?: string;
  /** sbs: the time zone of the receiver's clock; without it, messages are timed on receipt. */
  timeZone?: string;
  /**
   * sbs: the ICAO addresses of the party's own aircraft. A receiver hears every transponder around;
   * only these are the party's to report. Without the list, the party answers for all it hears.
   */
  aircraft?: string[];
}

/** A few per party: its TAK server, its ADS-B receivers, its command system. */
export const MAX_FEEDS_PER_PARTY = 16;

export const feedId = (party: string, name: string) => `${party}/${name}`;

export function trackFeeds(state: HubState): Map<string, TrackFeed> {
  return state.feeds;
}
