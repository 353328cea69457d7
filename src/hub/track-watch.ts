// The tactical watch as the hub runs it: reports from every feed go through the watch engine (pure)
// as the feed's party's own, within the party's quotas; what it finds is recorded as alert entries
// with their hotline notices, in the writer's turn; a few positions a minute per track are kept in
// the store for incidents, in batches the record commits to, deleted past the retention period or
// the party's quota; and those watching the live picture are sent, once a second, the tracks that
// moved that they may see.

import type { TrackFix } from '../store/store.js';
import type { AlertEvent } from '../watch/alert-event.js';
import type { TrackReport } from '../watch/track-report.js';
import { WatchEngine } from '../watch/watch-engine.js';
import { alertWork, orphanedAlertWork } from './alert-entries.js';
import { archiveBatchHash } from './archive-batch.js';
import { duePruning } from './archive-retention.js';
import { feedOfTrack } from './commands/alert-notices.js';
import { newAlertId } from './commands/alert-views.js';
import { trackArchive } from './commands/track-archive.js';
import { type TrackFeed, trackFeeds } from './commands/track-feeds.js';
import { tracksArchived } from './commands/tracks-archived.js';
import { MAX_PRUNED_BATCHES, tracksPruned } from './commands/tracks-pruned.js';
import type { Hub } from './hub.js';
import { Problem } from './problem.js';
import { ReportBucket } from './report-bucket.js';
import type { HubState } from './state.js';
import { DEFAULT_TRACK_QUOTAS, type TrackQuotas } from './track-quotas.js';
import { maySeeTrack } from './who-may-see.js';

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
/** A track silent this long is no longer live (the watch engine's default). */
const LIVE_TRACK_SILENCE_S = 60;

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
  private watchEngine: WatchEngine;
  private readonly counts = new Map<string, FeedCounts>();
  /** Positions to keep, by party, until the next batch is written. */
  private fixes = new Map<string, TrackFix[]>();
  private readonly buckets = new Map<string, ReportBucket>();
  /** Each party's live track ids (forgotten once the engine drops a silent track). */
  private readonly live = new Map<string, Set<string>>();
  private lastArchived: number;
  private moved = new Map<string, TrackReport>();
  private readonly watchers = new Set<PictureWatcher>();
  /** The hub's ids of the open alerts, by the watch's, which names their tracks. */
  private readonly alertIds = new Map<string, string>();
  private readonly unsubscribe: () => void;
  private readonly timer: NodeJS.Timeout;
  private archiving: Promise<void> = Promise.resolve();

  private readonly clock: () => number;
  readonly quotas: TrackQuotas;

  constructor(
    private readonly hub: Hub,
    private readonly options: {
      clock?: () => number;
      quotas?: TrackQuotas;
      /** Keeping positions in the store failed: the record is unaffected, the history has a gap. */
      onArchiveError(error: Error): void;
      /** A picture watcher or a round of the watch failed: it was let go, the rest went on. */
      onFailure(what: string, error: Error): void;
    },
  ) {
    this.clock = options.clock ?? Date.now;
    this.quotas = options.quotas ?? DEFAULT_TRACK_QUOTAS;
    this.lastArchived = this.clock();
    this.watchEngine = new WatchEngine(hub.live((state) => state.deconfliction));
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
      // The declarations watched are the rebuilt state's; live tracks are reported again within seconds.
      rebuilt: () => {
        this.watchEngine = new WatchEngine(hub.live((state) => state.deconfliction));
      },
    });
    this.timer = setInterval(
      () => this.tick().catch((error: Error) => this.options.onFailure('the watch', error)),
      TICK_MS,
    );
    this.timer.unref();
  }

  get engine(): WatchEngine {
    return this.watchEngine;
  }

  /**
   * Ends the alerts the record holds open from before a restart: the tracks behind them were in
   * memory, so the watch starts afresh, and an encounter still going on raises a new alert.
   */
  async endOrphanedAlerts(): Promise<void> {
    const now = new Date(this.clock()).toISOString();
    await this.hub.recordWork(await this.hub.read((state) => orphanedAlertWork(state, now)));
  }

  /**
   * Whether a whole batch is beyond the party's quotas (for a client that can be told to wait): too
   * many reports for its rate, or more new tracks than its live tracks allow. Streams are not asked:
   * what they send beyond the quotas is dropped and counted by `take`.
   */
  refusal(feed: TrackFeed, reports: number, ids: readonly string[]): Problem | null {
    const now = this.clock();
    const waitS = this.bucketOf(feed.party, now).secondsUntil(reports, now);
    if (waitS > 0)
      return new Problem(
        429,
        'too-many-reports',
        'Too many track reports',
        `your party may send ${this.quotas.reportsPerSecond} reports a second (${this.quotas.reportsBurst} at once)`,
        [],
        { retry_after_s: waitS },
      );
    const live = this.liveOf(feed.party);
    const added = new Set(ids.map((id) => `${feed.id}:${id}`).filter((id) => !live.has(id)));
    if (live.size + added.size > this.quotas.liveTracks)
      return new Problem(
        429,
        'too-many-tracks',
        'Too many live tracks',
        `your party may have ${this.quotas.liveTracks} live tracks; it has ${live.size} and this adds ` +
          `${added.size}. A track is no longer live after ${LIVE_TRACK_SILENCE_S} s without a report.`,
        [],
        { retry_after_s: LIVE_TRACK_SILENCE_S },
      );
    return null;
  }

  /** Checks and keeps one feed's reports; says which were dropped and why. */
  take(
    feed: TrackFeed,
    inputs: readonly TrackInput[],
  ): { accepted: number; dropped: { index: number; reason: string }[] } {
    const now = this.clock();
    const dropped: { index: number; reason: string }[] = [];
    const drop = (index: number, reason: string, input: TrackInput) => {
      dropped.push({ index, reason });
      this.countDropped(feed.id, reason, JSON.stringify(input));
    };
    const events: AlertEvent[] = [];
    const granted = this.bucketOf(feed.party, now).take(inputs.length, now);
    const live = this.liveOf(feed.party);
    for (const [index, input] of inputs.entries()) {
      const report: TrackReport = { ...input, id: `${feed.id}:${input.id}`, party: feed.party };
      const outcome =
        index >= granted
          ? {
              accepted: false as const,
              reason: `over the party's quota of ${this.quotas.reportsPerSecond} reports a second`,
            }
          : !live.has(report.id) && live.size >= this.quotas.liveTracks
            ? {
                accepted: false as const,
                reason: `over the party's quota of ${this.quotas.liveTracks} live tracks`,
              }
            : this.engine.report(report, now);
      if (!outcome.accepted) {
        drop(index, outcome.reason, input);
        continue;
      }
      live.add(report.id);
      this.countsOf(feed.id).accepted++;
      events.push(...outcome.alerts);
      if (outcome.archive) this.keep(feed.party, fixOf(report));
      this.moved.set(report.id, report);
    }
    this.record(events);
    return { accepted: inputs.length - dropped.length, dropped };
  }

  private bucketOf(party: string, now: number): ReportBucket {
    let bucket = this.buckets.get(party);
    if (!bucket) {
      bucket = new ReportBucket(this.quotas.reportsPerSecond, this.quotas.reportsBurst, now);
      this.buckets.set(party, bucket);
    }
    return bucket;
  }

  private liveOf(party: string): Set<string> {
    let live = this.live.get(party);
    if (!live) {
      live = new Set();
      this.live.set(party, live);
    }
    return live;
  }

  private keep(party: string, fix: TrackFix): void {
    const fixes = this.fixes.get(party);
    if (fixes) fixes.push(fix);
    else this.fixes.set(party, [fix]);
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
    return [...this.engine.liveTracks()].filter((track) => maySeeTrack(feeds, track.id, party));
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
      return this.hub.live((state) => alertWork(state, event, id));
    });
    // Enqueued now, in order, so an alert's end is never written before its beginning.
    this.hub.recordWork(work).catch((error: Error) => this.options.onFailure('recording alerts', error));
  }

  /**
   * Removes kept positions the record does not vouch for: written just before the hub stopped and
   * never committed, deleted by policy but not yet removed, or put there by someone else.
   * Returns how many batches went.
   */
  async removeUnrecordedPositions(): Promise<number> {
    const stored = await this.hub.store.trackFixBatchIds();
    const unrecorded = await this.hub.read((state) =>
      stored.filter((batch) => batch === null || !trackArchive(state).find(batch)),
    );
    await this.hub.store.deleteTrackFixBatches(unrecorded);
    return unrecorded.length;
  }

  /**
   * Writes each party's new kept positions as a batch and commits it to the record by its hash;
   * then deletes what the retention period or a party's quota makes due, recorded first.
   */
  private async archive(now: number): Promise<void> {
    const fixes = this.fixes;
    this.fixes = new Map();
    // Only the writer can commit to a batch: one a follower kept would be removed as unrecorded.
    if (this.hub.role !== 'writer') return;
    for (const [party, batchFixes] of fixes) {
      const batch = archiveBatchHash(batchFixes);
      // The very same positions are kept already (a track resent after it went silent): writing
      // them again under the same hash would make that batch no longer match its commitment.
      if (await this.hub.read((state) => trackArchive(state).find(batch) !== undefined)) continue;
      await this.hub.store.archiveTrackFixes(batch, batchFixes);
      let from = Number.POSITIVE_INFINITY;
      let until = Number.NEGATIVE_INFINITY;
      for (const fix of batchFixes) {
        from = Math.min(from, fix.time);
        until = Math.max(until, fix.time);
      }
      const command = {
        type: tracksArchived.type,
        party,
        batch,
        positions: batchFixes.length,
        from: new Date(from).toISOString(),
        until: new Date(until).toISOString(),
      };
      await this.hub.recordWork([
        {
          consequence: { command, visibility: [party] },
          stillDue: (state) => trackArchive(state).find(batch) === undefined,
        },
      ]);
    }
    const due = await this.hub.read((state) => duePruning(trackArchive(state), now, this.quotas));
    for (const { party, batches, reason } of due) {
      for (let at = 0; at < batches.length; at += MAX_PRUNED_BATCHES) {
        const chunk = batches.slice(at, at + MAX_PRUNED_BATCHES);
        await this.hub.recordWork([
          {
            consequence: {
              command: { type: tracksPruned.type, party, batches: chunk, reason },
              visibility: [party],
            },
            stillDue: (state) => chunk.every((batch) => trackArchive(state).find(batch) !== undefined),
          },
        ]);
        // Only what the record now says is deleted.
        const recorded = await this.hub.read((state) =>
          chunk.filter((batch) => trackArchive(state).find(batch) === undefined),
        );
        await this.hub.store.deleteTrackFixBatches(recorded);
      }
    }
  }

  /** Once a second: silent tracks end their alerts, positions are archived, watchers told. */
  private async tick(): Promise<void> {
    const now = this.clock();
    this.record(this.engine.tick(now));
    for (const live of this.live.values())
      for (const id of live) if (this.engine.track(id) === undefined) live.delete(id);
    if (now - this.lastArchived >= this.quotas.archiveEveryS * 1000) {
      this.lastArchived = now;
      this.archiving = this.archiving
        .then(() => this.archive(now))
        .catch((error: Error) => this.options.onArchiveError(error));
    }
    const moved = [...this.moved.values()];
    this.moved = new Map();
    if (moved.length === 0 || this.watchers.size === 0) return;
    const feeds = await this.hub.read(trackFeeds);
    for (const watcher of this.watchers) {
      const visible = moved.filter((track) => maySeeTrack(feeds, track.id, watcher.party));
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
    await this.archive(this.clock());
  }
}
