// The tactical watch as the hub runs it: reports from every feed go through the watch engine (pure)
// as the feed's party's own; what it finds is recorded as alert entries with their hotline notices,
// in the writer's turn; a few positions a minute per track are kept in the store for incidents; and
// those watching the live picture are sent, once a second, the tracks that moved that they may see.

import type { TrackFix } from '../store/store.js';
import type { AlertEvent } from '../watch/alert-event.js';
import type { TrackReport } from '../watch/track-report.js';
import { WatchEngine } from '../watch/watch-engine.js';
import { alertWork, orphanedAlertWork } from './alert-entries.js';
import { feedOfTrack } from './commands/alert-notices.js';
import { newAlertId } from './commands/alert-views.js';
import { maySeeTracks, type TrackFeed, trackFeeds } from './commands/track-feeds.js';
import type { Hub } from './hub.js';
import type { HubState } from './state.js';

/** A report as a feed gives it: its own id for the asset; the party and feed are the hub's to add. */
export type TrackInput = Omit<TrackReport, 'party'>;

export interface FeedCounts {
  accepted: number;
  dropped: number;
  /** Dropped reports by reason, so a feed's owner sees what is wrong with its data. */
  reasons: Map<string, number>;
  /** The latest few dropped, newest last. */
  recent: { time: string; reason: string; input: string | null }[];
}

/** A live picture's watcher: sent the tracks that moved, of feeds its party may see. */
export interface PictureWatcher {
  party: string;
  tracks(tracks: readonly TrackReport[]): void;
}

const RECENT_DROPS = 20;
const TICK_MS = 1000;

function fixOf(report: TrackReport): TrackFix {
  return {
    feed: feedOfTrack(report.id),
    track: report.id,
    time: report.time,
    lon: report.lon,
    lat: report.lat,
    altM: report.altM,
    groundSpeedMs: report.groundSpeedMs,
    trackDeg: report.trackDeg,
    verticalRateMs: report.verticalRateMs,
  };
}

export class TrackWatch {
  readonly engine: WatchEngine;
  private readonly counts = new Map<string, FeedCounts>();
  private fixes: TrackFix[] = [];
  private moved = new Map<string, TrackReport>();
  private readonly watchers = new Set<PictureWatcher>();
  /** The hub's ids of the open alerts, by the watch's, which names their tracks. */
  private readonly alertIds = new Map<string, string>();
  private readonly unsubscribe: () => void;
  private readonly timer: NodeJS.Timeout;
  private archiving: Promise<void> = Promise.resolve();

  private readonly clock: () => number;

  constructor(
    private readonly hub: Hub,
    private readonly options: {
      clock?: () => number;
      /** Keeping positions in the store failed: the record is unaffected, the history has a gap. */
      onArchiveError(error: Error): void;
      /** A picture watcher or a round of the watch failed: it was let go, the rest went on. */
      onFailure(what: string, error: Error): void;
    },
  ) {
    this.clock = options.clock ?? Date.now;
    this.engine = new WatchEngine(hub.state.deconfliction);
    // Called in the writer: what was declared, amended, withdrawn or agreed is watched at once.
    this.unsubscribe = hub.subscribe({
      name: 'track watch',
      entries: (entries) => {
        for (const { entry } of entries) {
          const command = entry.command as { declaration?: string | { id: string } };
          if (entry.kind.startsWith('declaration.') && command.declaration !== undefined)
            this.engine.declarationChanged(
              typeof command.declaration === 'string' ? command.declaration : command.declaration.id,
            );
          else if (entry.kind.startsWith('agreement.')) this.engine.agreementsChanged();
        }
      },
    });
    this.timer = setInterval(
      () => this.tick().catch((error: Error) => this.options.onFailure('the watch', error)),
      TICK_MS,
    );
    this.timer.unref();
  }

  /**
   * Ends the alerts the record holds open from before a restart: the tracks behind them were in
   * memory, so the watch starts afresh, and an encounter still going on raises a new alert.
   */
  async endOrphanedAlerts(): Promise<void> {
    const now = new Date(this.clock()).toISOString();
    await this.hub.recordWork(await this.hub.read((state) => orphanedAlertWork(state, now)));
  }

  /** Checks and keeps one feed's reports; says which were dropped and why. */
  take(
    feed: TrackFeed,
    inputs: readonly TrackInput[],
  ): { accepted: number; dropped: { index: number; reason: string }[] } {
    const now = this.clock();
    const dropped: { index: number; reason: string }[] = [];
    const events: AlertEvent[] = [];
    inputs.forEach((input, index) => {
      const report: TrackReport = { ...input, id: `${feed.id}:${input.id}`, party: feed.party };
      const outcome = this.engine.report(report, now);
      if (!outcome.accepted) {
        dropped.push({ index, reason: outcome.reason });
        this.countDropped(feed.id, outcome.reason, JSON.stringify(input));
        return;
      }
      this.countsOf(feed.id).accepted++;
      events.push(...outcome.alerts);
      if (outcome.archive) this.fixes.push(fixOf(report));
      this.moved.set(report.id, report);
    });
    this.record(events);
    return { accepted: inputs.length - dropped.length, dropped };
  }

  /** Counts what a feed sent that never became a report (malformed XML, a bad CSV line). */
  countDropped(feed: string, reason: string, input: string | null): void {
    const counts = this.countsOf(feed);
    counts.dropped++;
    counts.reasons.set(reason, (counts.reasons.get(reason) ?? 0) + 1);
    counts.recent.push({
      time: new Date(this.clock()).toISOString(),
      reason,
      input: input?.slice(0, 500) ?? null,
    });
    if (counts.recent.length > RECENT_DROPS) counts.recent.shift();
  }

  countsOf(feed: string): FeedCounts {
    let counts = this.counts.get(feed);
    if (!counts) {
      counts = { accepted: 0, dropped: 0, reasons: new Map(), recent: [] };
      this.counts.set(feed, counts);
    }
    return counts;
  }

  /** The latest state of every live track a party may see. */
  visibleTracks(state: HubState, party: string): TrackReport[] {
    const feeds = trackFeeds(state);
    return [...this.engine.liveTracks()].filter((track) => {
      const feed = feeds.get(feedOfTrack(track.id));
      return feed !== undefined && maySeeTracks(feed, party);
    });
  }

  watch(watcher: PictureWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private record(events: readonly AlertEvent[]): void {
    if (events.length === 0) return;
    const work = events.flatMap((event) => {
      const id = this.alertIds.get(event.alert) ?? newAlertId();
      if (event.event === 'begin') this.alertIds.set(event.alert, id);
      else this.alertIds.delete(event.alert);
      // Who may see what as of the reports that found it: intake does not wait on the writer.
      return alertWork(this.hub.state, event, id);
    });
    // Enqueued now, in order, so an alert's end is never written before its beginning.
    this.hub.recordWork(work).catch((error: Error) => this.options.onFailure('recording alerts', error));
  }

  /** Once a second: silent tracks end their alerts, positions are archived, watchers told. */
  private async tick(): Promise<void> {
    this.record(this.engine.tick(this.clock()));
    const fixes = this.fixes;
    this.fixes = [];
    this.archiving = this.archiving
      .then(() => this.hub.store.archiveTrackFixes(fixes))
      .catch((error: Error) => this.options.onArchiveError(error));
    const moved = [...this.moved.values()];
    this.moved = new Map();
    if (moved.length === 0 || this.watchers.size === 0) return;
    const feeds = await this.hub.read(trackFeeds);
    for (const watcher of this.watchers) {
      const visible = moved.filter((track) => {
        const feed = feeds.get(feedOfTrack(track.id));
        return feed !== undefined && maySeeTracks(feed, watcher.party);
      });
      if (visible.length === 0) continue;
      try {
        watcher.tracks(visible);
      } catch (error) {
        // One picture that cannot be sent is one client's loss, never every other's.
        this.watchers.delete(watcher);
        this.options.onFailure('a picture watcher', error as Error);
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.unsubscribe();
    await this.archiving;
    await this.hub.store.archiveTrackFixes(this.fixes);
    this.fixes = [];
  }
}
