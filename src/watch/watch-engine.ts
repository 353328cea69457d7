// The tactical watch: live tracks in, alerts out. Pure (no I/O, no clock): time comes in with the
// reports, and the hub's clock with each call, so a replay of the same calls gives the same alerts.
//
// How the hub uses it:
//   const watch = new WatchEngine(hub.deconfliction, { minimaFor });
//   watch.report(report, now)   for every report from every feed; if accepted, record
//                               outcome.alerts (begin and end events) and, when outcome.archive,
//                               the report in the track archive; if not, count and show the reason
//   watch.tick(now)             about once a second: tracks silent for dropAfterS end their alerts
//                               (a live movement's vehicles are kept, and alerted on when silent)
//   watch.declarationChanged(id) after applying an entry that declares, amends, withdraws or expires
//   watch.agreementsChanged()   after an agreement comes into force, is suspended, resumed or ended
// Checks on every report: predicted loss of separation with airborne tracks of other parties
// (separation-watch.ts); intrusion into declared places and conformance to a linked operation or
// movement (place-watch.ts; a movement's silence is found on the tick). Alerts begin and end here
// without flicker (alert-episodes.ts).

import type { DeconflictionState, KnownDeclaration } from '../deconfliction/deconfliction-state.js';
import type { PairMinima } from '../geo/cpa.js';
import { beginEvent, endEvent } from './alert-builder.js';
import { AlertEpisodes, type Episode } from './alert-episodes.js';
import type { AlertEvent } from './alert-event.js';
import { CLEARED, lossReason, predictionOf, reachReason } from './alert-wording.js';
import { ArchiveSampler } from './archive-sampler.js';
import { DeclaredAreas, type WatchedArea } from './declared-areas.js';
import { silence } from './movement-conformance.js';
import { PlaceWatch } from './place-watch.js';
import { implausibility } from './report-plausibility.js';
import { SeparationWatch } from './separation-watch.js';
import type { TrackReport } from './track-report.js';
import { TrackTable } from './track-table.js';
import { DEFAULT_WATCH_OPTIONS, type WatchOptions } from './watch-options.js';

export type ReportOutcome =
  | { accepted: false; reason: string }
  | { accepted: true; alerts: AlertEvent[]; archive: boolean };

export class WatchEngine {
  private readonly options: WatchOptions;
  private readonly tracks = new TrackTable();
  private readonly separation: SeparationWatch;
  private readonly areas: DeclaredAreas;
  private readonly places: PlaceWatch;
  private readonly episodes: AlertEpisodes;
  private readonly archive: ArchiveSampler;
  private sequence = 0;
  /** The report being checked, for the loss callback (bound once, so the pair loop allocates nothing). */
  private readonly current = { slot: 0, alerts: [] as AlertEvent[] };
  private readonly onLoss: (other: number, prediction: Float64Array, minima: PairMinima) => void;

  constructor(
    private readonly state: DeconflictionState,
    options: Partial<WatchOptions> = {},
  ) {
    this.options = { ...DEFAULT_WATCH_OPTIONS, ...options };
    const o = this.options;
    this.separation = new SeparationWatch(this.tracks, {
      lookaheadS: o.lookaheadS,
      maxReportAgeS: o.maxReportAgeS,
      maxMinima: o.maxMinima,
      minimaFor: o.minimaFor,
      unknownMotion: o.unknownMotion,
      unknownHorizonS: o.unknownHorizonS,
      cellDeg: o.encounterCellDeg,
      layerM: o.encounterLayerM,
    });
    this.areas = new DeclaredAreas(o.areaCellDeg, (party) => state.reachOf(party).horizontalM);
    this.episodes = new AlertEpisodes(o.clearAfter);
    this.places = new PlaceWatch(state, this.tracks, this.areas, this.episodes);
    this.archive = new ArchiveSampler(o.archive);
    this.onLoss = (other, prediction, minima) => this.lossFound(other, prediction, minima);
    for (const declaration of state.declarations.values())
      if (declaration.status === 'live') this.watchArea(declaration);
  }

  /** Tracks watched now. */
  get trackCount(): number {
    return this.tracks.size;
  }

  /** Alerts open now. */
  get openAlerts(): number {
    return this.episodes.size;
  }

  /** Pairs of tracks predicted so far: what the encounter grid left of all pairs. */
  get pairsPredicted(): number {
    return this.separation.pairsPredicted;
  }

  /** Declared areas (volumes) indexed for intrusion. */
  get watchedAreas(): number {
    return this.areas.size;
  }

  /** The latest state of a track, as reported. */
  track(id: string): TrackReport | undefined {
    const slot = this.tracks.slotOf(id);
    return slot === undefined ? undefined : this.tracks.reportOf(slot);
  }

  /** The latest state of every watched track. */
  *liveTracks(): IterableIterator<TrackReport> {
    for (const slot of this.tracks.slots()) yield this.tracks.reportOf(slot);
  }

  /**
   * Takes one report (`now` is the hub's clock on arrival): refused with a reason when implausible
   * (then nothing changes), else stored as the track's latest state and checked. Returns the alerts
   * that began or ended with it, and whether to archive it.
   */
  report(report: TrackReport, now: number): ReportOutcome {
    const known = this.tracks.slotOf(report.id);
    const previous =
      known === undefined
        ? null
        : {
            lon: this.tracks.lon[known] as number,
            lat: this.tracks.lat[known] as number,
            time: this.tracks.time[known] as number,
          };
    const reason = implausibility(report, now, previous, this.options.plausibility);
    if (reason !== null) return { accepted: false, reason };
    const slot = this.tracks.upsert(report);
    this.separation.update(slot);
    const sequence = ++this.sequence;
    const alerts: AlertEvent[] = [];
    this.current.slot = slot;
    this.current.alerts = alerts;
    this.separation.lossesOf(slot, this.onLoss);
    this.places.check(slot, report, sequence, alerts);
    this.endCleared(slot, report, sequence, alerts);
    return { accepted: true, alerts, archive: this.archive.due(slot, report) };
  }

  /** Drops the tracks silent for `dropAfterS` by `now`; their open alerts end. */
  tick(now: number): AlertEvent[] {
    const alerts: AlertEvent[] = [];
    const limit = now - this.options.dropAfterS * 1000;
    const silent: number[] = [];
    const sequence = ++this.sequence;
    const kept = new Map<string, number>();
    for (const slot of this.tracks.slots()) {
      const heard = this.tracks.time[slot] as number;
      const plan = this.places.drivenPlan(slot);
      if (plan !== null && now <= plan.end) {
        // Kept while its movement is on, so that its silence is told and its alerts stay open; but
        // no more of them than the movement has vehicles, so that links cannot hold the memory.
        const count = (kept.get(plan.id) ?? 0) + (heard < limit ? 1 : 0);
        kept.set(plan.id, count);
        if (count <= plan.vehicles) {
          const reason = silence(plan, heard, now);
          if (reason !== null) this.places.movementFound(slot, plan, 'silent', reason, now, sequence, alerts);
          continue;
        }
      }
      if (heard < limit) silent.push(slot);
    }
    for (const slot of silent) {
      const id = this.tracks.ids[slot] as string;
      for (const episode of this.episodes.ofTrack(id) ?? [])
        alerts.push(this.end(episode, now, `track ${id} has not reported for ${this.options.dropAfterS} s`));
      this.separation.remove(slot);
      this.archive.forget(slot);
      this.places.forget(id);
      this.tracks.remove(id);
    }
    return alerts;
  }

  /** A declaration was declared, amended, withdrawn or expired: the areas follow the state. */
  declarationChanged(id: string): void {
    this.places.declarationChanged(id);
    const declaration = this.state.declarations.get(id);
    if (declaration?.status === 'live') this.watchArea(declaration);
    else this.areas.remove(id);
  }

  /**
   * Agreements changed: minima between parties, and so the reach around sites and corridors, may
   * have; and a suspension or resumption lifts or restores the restrictions of its zones and lines.
   */
  agreementsChanged(): void {
    this.separation.minima.clear();
    this.places.agreementsChanged();
    for (const declaration of this.state.declarations.values())
      if (declaration.status === 'live' && declaration.kind !== 'operation') this.watchArea(declaration);
  }

  /** A live declaration's areas are watched while it binds. */
  private watchArea(declaration: KnownDeclaration): void {
    if (this.state.binds(declaration)) this.areas.put(declaration);
    else this.areas.remove(declaration.id);
  }

  private lossFound(other: number, prediction: Float64Array, minima: PairMinima): void {
    const { slot, alerts } = this.current;
    const a = this.tracks.ids[slot] as string;
    const b = this.tracks.ids[other] as string;
    const episode = this.episodes.between(a, b);
    if (episode !== undefined) {
      this.episodes.confirm(episode, this.sequence);
      return;
    }
    const time = this.tracks.time[slot] as number;
    const pair = a < b ? [slot, other] : [other, slot];
    const unknown = pair.filter((s) => this.tracks.velocityKnown[s] !== 1).map((s) => this.tracks.ids[s]);
    const o = this.options;
    const predicted = predictionOf(
      prediction,
      minima,
      unknown.length === 0 ? o.lookaheadS : o.unknownHorizonS,
    );
    const reason =
      unknown.length === 0
        ? lossReason(predicted)
        : reachReason(predicted, unknown as string[], o.unknownMotion);
    const event = beginEvent(this.tracks, 'loss-of-separation', pair, time, null, predicted, reason);
    this.episodes.begin(event, '', -1, this.sequence);
    alerts.push(event);
  }

  /**
   * Every open alert of the track not confirmed by this report is evaluated against its widened
   * condition: still within it, it goes on; beyond it, it takes one more clear evaluation.
   */
  private endCleared(slot: number, report: TrackReport, sequence: number, alerts: AlertEvent[]): void {
    const id = this.tracks.ids[slot] as string;
    const time = this.tracks.time[slot] as number;
    const o = this.options;
    for (const episode of this.episodes.ofTrack(id) ?? []) {
      if (episode.confirmedBy === sequence) continue;
      // A place no longer in force cannot be intruded on: nothing to wait for.
      if (episode.kind === 'intrusion' && this.areas.areaOf(episode.subject, episode.part) === undefined) {
        alerts.push(this.end(episode, time, `${episode.subject} is no longer in force`));
        continue;
      }
      if (this.withinMargin(episode, slot, report)) {
        this.episodes.confirm(episode, sequence);
        continue;
      }
      const pair = episode.kind === 'loss-of-separation';
      if (this.episodes.clearedOnce(episode, time, pair ? 0 : o.clearForS * 1000))
        alerts.push(this.end(episode, time, CLEARED[episode.kind](o)));
    }
  }

  /** Whether an episode's condition, widened by its margin, still holds for the track's report. */
  private withinMargin(episode: Episode, slot: number, report: TrackReport): boolean {
    switch (episode.kind) {
      case 'loss-of-separation': {
        const id = this.tracks.ids[slot] as string;
        const other = this.tracks.slotOf(
          (episode.tracks[0] === id ? episode.tracks[1] : episode.tracks[0]) as string,
        );
        return other !== undefined && this.separation.inLoss(slot, other, this.options.clearMargin);
      }
      case 'intrusion': {
        const area = this.areas.areaOf(episode.subject, episode.part) as WatchedArea;
        return this.places.stillIntrudes(area, slot, report, this.options.clearMarginM);
      }
      case 'non-conformance':
        return false;
    }
  }

  private end(episode: Episode, time: number, reason: string): AlertEvent {
    this.episodes.end(episode);
    return endEvent(this.tracks, episode, time, reason);
  }
}
