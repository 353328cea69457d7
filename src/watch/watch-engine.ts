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
// (separation-watch.ts), intrusion into restricted areas, protected sites' buffers and convoy
// corridors near the convoy (area-intrusion.ts), and conformance to a linked operation, or to a linked
// movement's route and schedule (movement-conformance.ts; its silence is found on the tick).

import { maySee } from '../deconfliction/declaration.js';
import type { DeconflictionState, KnownDeclaration } from '../deconfliction/deconfliction-state.js';
import {
  BLUESKY_LOOKAHEAD_S,
  BLUESKY_MINIMA,
  LOSS,
  type PairMinima,
  type UnknownMotion,
} from '../geo/cpa.js';
import type { Separation } from '../geo/shape.js';
import { K, KINEMATICS_STRIDE } from '../geo/track-kinematics.js';
import { AlertEpisodes, type Episode } from './alert-episodes.js';
import type { AlertDeclaration, AlertEvent, AlertKind, SeparationPrediction } from './alert-event.js';
import { type ArchivePolicy, ArchiveSampler, DEFAULT_ARCHIVE_POLICY } from './archive-sampler.js';
import { intrudes, type TrackAt } from './area-intrusion.js';
import { DeclaredAreas, type WatchedArea } from './declared-areas.js';
import {
  MOVEMENT_CONDITIONS,
  type MovementCondition,
  type MovementPlan,
  mayDrive,
  movementFailures,
  movementPlan,
  type StandingSince,
  silence,
  stoodAt,
} from './movement-conformance.js';
import { nonConformance } from './operation-conformance.js';
import type { PairMinimaFor } from './pair-minima-table.js';
import { DEFAULT_PLAUSIBILITY, implausibility, type PlausibilityLimits } from './report-plausibility.js';
import { SeparationWatch } from './separation-watch.js';
import type { TrackReport } from './track-report.js';
import { TrackTable } from './track-table.js';

export interface WatchOptions {
  /** Seconds ahead a loss of separation is predicted (BlueSky: 300). */
  lookaheadS: number;
  /** Minima between the tracks of two parties; default BlueSky's 5 NM and 1,000 ft for every pair. */
  minimaFor: PairMinimaFor;
  /** The largest minima `minimaFor` may return (the encounter grid is built for them). */
  maxMinima: PairMinima;
  /** A pair whose reports are further apart in time is not predicted (see separation-watch.ts). */
  maxReportAgeS: number;
  /** How fast a track whose velocity is unknown may be moving (see separation-watch.ts)… */
  unknownMotion: UnknownMotion;
  /** …over how many seconds ahead. */
  unknownHorizonS: number;
  /** A track silent this long is dropped and its alerts end. */
  dropAfterS: number;
  /** An alert ends after this many consecutive evaluations found it clear. */
  clearAfter: number;
  /** …and, for a pair, clear means clear of the minima times this. */
  clearMargin: number;
  /** …and, for a track against a place (intrusion, non-conformance), clear for this long… */
  clearForS: number;
  /** …and this many metres beyond the place (horizontally and vertically). */
  clearMarginM: number;
  plausibility: PlausibilityLimits;
  archive: ArchivePolicy;
  /** Grid cells, degrees: the encounter grid's (a few times the minima) and the declared areas'. */
  encounterCellDeg: number;
  /** The encounter grid's cell height, metres (a few times the vertical minimum). */
  encounterLayerM: number;
  areaCellDeg: number;
}

/**
 * A pair is clear after 3 evaluations beyond 1.1 × the minima. 10 % is 926 m at 5 NM and 30 m at
 * 1,000 ft: above the jitter of a GNSS or ADS-B position (NACp 8 is 93 m) and of barometric altitude
 * (±25 ft steps), so noise alone cannot end an alert; 3 evaluations (about 1.5 s of the pair's 1 Hz
 * reports) so that one stray report cannot either, while a real end is told within two seconds. The
 * prediction already looks minutes ahead, so a pair needs no hold in time.
 * A track against a place is clear only after 60 s and 3 reports more than 100 m out (again above a
 * position's jitter): a place is crossed, not predicted, and a drone loitering across a 100 m convoy
 * corridor, in and out every half minute, is one alert for as long as it loiters, not one per pass.
 */
export const DEFAULT_WATCH_OPTIONS: WatchOptions = {
  lookaheadS: BLUESKY_LOOKAHEAD_S,
  minimaFor: () => BLUESKY_MINIMA,
  maxMinima: BLUESKY_MINIMA,
  maxReportAgeS: 10,
  unknownMotion: { speedMs: 300, climbMs: 40 },
  unknownHorizonS: 30,
  dropAfterS: 60,
  clearAfter: 3,
  clearMargin: 1.1,
  clearForS: 60,
  clearMarginM: 100,
  plausibility: DEFAULT_PLAUSIBILITY,
  archive: DEFAULT_ARCHIVE_POLICY,
  encounterCellDeg: 0.5,
  encounterLayerM: 1000,
  areaCellDeg: 0.05,
};

export type ReportOutcome =
  | { accepted: false; reason: string }
  | { accepted: true; alerts: AlertEvent[]; archive: boolean };

export class WatchEngine {
  private readonly options: WatchOptions;
  private readonly tracks = new TrackTable();
  private readonly separation: SeparationWatch;
  private readonly areas: DeclaredAreas;
  private readonly episodes: AlertEpisodes;
  private readonly archive: ArchiveSampler;
  private readonly minimaByOwner = new Map<string, Map<string, Separation>>();
  /** Live movements that vehicles linked to, by id, made once per version. */
  private readonly plans = new Map<string, MovementPlan>();
  /** Where each vehicle of a movement last moved from, by track id. */
  private readonly standing = new Map<string, StandingSince>();
  private readonly partyMinima: (a: string, b: string) => Separation;
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
    this.archive = new ArchiveSampler(o.archive);
    this.partyMinima = (a, b) => this.declaredMinima(a, b);
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
    this.checkAreas(slot, report, sequence, alerts);
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
      const plan = this.drivenPlan(slot);
      if (plan !== null && now <= plan.end) {
        // Kept while its movement is on, so that its silence is told and its alerts stay open; but
        // no more of them than the movement has vehicles, so that links cannot hold the memory.
        const count = (kept.get(plan.id) ?? 0) + (heard < limit ? 1 : 0);
        kept.set(plan.id, count);
        if (count <= plan.vehicles) {
          const reason = silence(plan, heard, now);
          if (reason !== null) this.movementFound(slot, plan, 'silent', reason, now, sequence, alerts);
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
      this.standing.delete(id);
      this.tracks.remove(id);
    }
    return alerts;
  }

  /** A declaration was declared, amended, withdrawn or expired: the areas follow the state. */
  declarationChanged(id: string): void {
    this.plans.delete(id);
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
    this.minimaByOwner.clear();
    for (const declaration of this.state.declarations.values())
      if (declaration.status === 'live' && declaration.kind !== 'operation') this.watchArea(declaration);
  }

  /** A live declaration's areas are watched while it binds. */
  private watchArea(declaration: KnownDeclaration): void {
    if (this.state.binds(declaration)) this.areas.put(declaration);
    else this.areas.remove(declaration.id);
  }

  /**
   * The state's minima between a declaration's owner and a track's party, kept by the two names so
   * that asking on every report builds no key.
   */
  private declaredMinima(owner: string, party: string): Separation {
    let ofOwner = this.minimaByOwner.get(owner);
    if (ofOwner === undefined) {
      ofOwner = new Map();
      this.minimaByOwner.set(owner, ofOwner);
    }
    let minima = ofOwner.get(party);
    if (minima === undefined) {
      minima = this.state.partyMinima(owner, party);
      ofOwner.set(party, minima);
    }
    return minima;
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
    const event = this.beginEvent('loss-of-separation', pair, time, null, predicted, reason);
    this.episodes.begin(event, '', -1, this.sequence);
    alerts.push(event);
  }

  private checkAreas(slot: number, report: TrackReport, sequence: number, alerts: AlertEvent[]): void {
    const cell = this.areas.near(report.lon, report.lat);
    // Made only when an area is near enough to ask: most reports are near none.
    let track: TrackAt | null = null;
    if (cell !== undefined) {
      const k = this.tracks.kinematics;
      const o = slot * KINEMATICS_STRIDE;
      const nx = k[o + K.upX] as number;
      const ny = k[o + K.upY] as number;
      const nz = k[o + K.upZ] as number;
      for (let i = 0; i < cell.length; i++) {
        const index = cell[i] as number;
        if (!this.areas.mayReach(index, nx, ny, nz)) continue;
        const area = this.areas.area(index);
        track ??= this.trackAtSlot(slot, report);
        if (intrudes(area, track, this.partyMinima)) this.areaFound(slot, area, sequence, alerts);
      }
    }
    if (report.operation !== undefined && report.operation !== null) {
      track ??= this.trackAtSlot(slot, report);
      const linked = this.state.declarations.get(report.operation);
      const plan = this.drivenPlan(slot);
      if (plan !== null) {
        const standing = stoodAt(this.standing.get(report.id), track.point.n, report.time);
        this.standing.set(report.id, standing);
        for (const [condition, reason] of movementFailures(plan, track.point, report.time, standing))
          this.movementFound(slot, plan, condition, reason, report.time, sequence, alerts);
      } else if (linked?.kind === 'movement' && mayDrive(linked, report.party)) {
        this.strayFound(slot, report.operation, linked, `its movement is ${linked.status}`, sequence, alerts);
      } else if (linked?.kind === 'movement' && maySee(linked, report.party)) {
        // Not its party's to drive: said to that party alone, as its owner has nothing to act on.
        const reason = 'linked to a movement its party neither declared nor is declared for';
        this.strayFound(slot, report.operation, undefined, reason, sequence, alerts, 'movement');
      } else {
        // A movement the party may not see is, to it, no declaration at all.
        const operation = linked?.kind === 'movement' ? undefined : linked;
        const reason = nonConformance(operation, report.party, report.altM, report.time, track.point);
        if (reason !== null) this.strayFound(slot, report.operation, operation, reason, sequence, alerts);
      }
    }
  }

  /** The live movement a track is linked to, when its party drives it (declared it, or is declared for). */
  private drivenPlan(slot: number): MovementPlan | null {
    const id = this.tracks.operations[slot];
    if (id === null || id === undefined) return null;
    const declaration = this.state.declarations.get(id);
    if (declaration?.kind !== 'movement' || declaration.status !== 'live') return null;
    if (!mayDrive(declaration, this.tracks.partyNames[this.tracks.party[slot] as number] as string))
      return null;
    let plan = this.plans.get(id);
    if (plan === undefined || plan.version !== declaration.version) {
      plan = movementPlan(declaration) as MovementPlan;
      this.plans.set(id, plan);
    }
    return plan;
  }

  /** A movement's vehicle fails one of its conditions: told to the parties the movement is shown to. */
  private movementFound(
    slot: number,
    plan: MovementPlan,
    condition: MovementCondition,
    reason: string,
    time: number,
    sequence: number,
    alerts: AlertEvent[],
  ): void {
    const id = this.tracks.ids[slot] as string;
    const part = MOVEMENT_CONDITIONS.indexOf(condition);
    const episode = this.episodes.about(id, 'non-conformance', plan.id, part);
    if (episode !== undefined) {
      this.episodes.confirm(episode, sequence);
      return;
    }
    const ref: AlertDeclaration = {
      id: plan.id,
      version: plan.version,
      party: plan.party,
      kind: 'movement',
      volume: null,
      role: 'movement',
    };
    const event = this.beginEvent('non-conformance', [slot], time, ref, null, reason, plan.told, condition);
    this.episodes.begin(event, plan.id, part, sequence);
    alerts.push(event);
  }

  /** The track as the area checks see it; its n-vector is the one the kinematics computed. */
  private trackAtSlot(slot: number, report: TrackReport): TrackAt {
    const k = this.tracks.kinematics;
    const o = slot * KINEMATICS_STRIDE;
    const operation =
      report.operation === undefined || report.operation === null
        ? undefined
        : this.state.declarations.get(report.operation);
    return {
      party: report.party,
      activity: activityOf(report, operation),
      altM: report.altM,
      time: report.time,
      point: {
        lonLat: [report.lon, report.lat],
        n: [k[o + K.upX] as number, k[o + K.upY] as number, k[o + K.upZ] as number],
      },
    };
  }

  private areaFound(slot: number, area: WatchedArea, sequence: number, alerts: AlertEvent[]): void {
    const { declaration } = area;
    const id = this.tracks.ids[slot] as string;
    const episode = this.episodes.about(id, 'intrusion', declaration.id, area.position);
    if (episode !== undefined) {
      this.episodes.confirm(episode, sequence);
      return;
    }
    const ref: AlertDeclaration = {
      id: declaration.id,
      version: declaration.version,
      party: declaration.party,
      kind: declaration.kind,
      volume: area.position,
      role: area.role,
    };
    const time = this.tracks.time[slot] as number;
    const event = this.beginEvent('intrusion', [slot], time, ref, null, INTRUSION_REASONS[area.role]);
    this.episodes.begin(event, declaration.id, area.position, sequence);
    alerts.push(event);
  }

  private strayFound(
    slot: number,
    operationId: string,
    operation: KnownDeclaration | undefined,
    reason: string,
    sequence: number,
    alerts: AlertEvent[],
    /** What the link claims to be, when `operation` is not given (then its owner is not told). */
    linkKind: 'operation' | 'movement' = 'operation',
  ): void {
    const id = this.tracks.ids[slot] as string;
    const episode = this.episodes.about(id, 'non-conformance', operationId, -1);
    if (episode !== undefined) {
      this.episodes.confirm(episode, sequence);
      return;
    }
    const kind =
      operation?.kind === 'movement' ? 'movement' : operation === undefined ? linkKind : 'operation';
    const ref: AlertDeclaration = {
      id: operationId,
      version: operation?.version ?? 0,
      party: operation?.party ?? this.tracks.reportOf(slot).party,
      kind: operation?.kind ?? kind,
      volume: null,
      role: kind,
    };
    const event = this.beginEvent(
      'non-conformance',
      [slot],
      this.tracks.time[slot] as number,
      ref,
      null,
      reason,
    );
    this.episodes.begin(event, operationId, -1, sequence);
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
        return intrudes(area, this.trackAtSlot(slot, report), this.partyMinima, this.options.clearMarginM);
      }
      case 'non-conformance':
        return false;
    }
  }

  private end(episode: Episode, time: number, reason: string): AlertEvent {
    this.episodes.end(episode);
    const slots = episode.tracks.map((id) => this.tracks.slotOf(id));
    return {
      ...episode.begin,
      event: 'end',
      time,
      positions: slots.flatMap((slot) => (slot === undefined ? [] : [this.tracks.reportOf(slot)])),
      prediction: null,
      reason,
    };
  }

  private beginEvent(
    kind: AlertKind,
    slots: number[],
    time: number,
    declaration: AlertDeclaration | null,
    prediction: SeparationPrediction | null,
    reason: string,
    told: readonly string[] = [],
    /** What about the subjects, when one track can be in several alerts about one declaration. */
    facet = '',
  ): AlertEvent {
    const positions = slots.map((slot) => this.tracks.reportOf(slot));
    const tracks = positions.map((p) => p.id);
    const subjects = declaration === null ? tracks : [...tracks, declaration.id];
    const about = facet === '' ? subjects.join('+') : `${subjects.join('+')}#${facet}`;
    return {
      event: 'begin',
      alert: `${kind}:${about}@${new Date(time).toISOString()}`,
      kind,
      time,
      began: time,
      tracks,
      parties: [
        ...new Set([...positions.map((p) => p.party), ...(declaration ? [declaration.party] : []), ...told]),
      ],
      positions,
      prediction,
      declaration,
      reason,
    };
  }
}

/** Why an alert ended when its condition cleared. */
const CLEARED: Record<AlertKind, (o: WatchOptions) => string> = {
  'loss-of-separation': (o) => `clear for ${o.clearAfter} reports in a row`,
  intrusion: (o) => `clear by ${o.clearMarginM} m for ${o.clearForS} s and ${o.clearAfter} reports`,
  'non-conformance': (o) => `conforming for ${o.clearForS} s and ${o.clearAfter} reports`,
};

const INTRUSION_REASONS: Record<WatchedArea['role'], string> = {
  'restricted-area': 'inside an area restricted for its party and activity',
  'protected-site': 'within the separation minima of a protected site',
  'convoy-corridor': 'inside a convoy’s corridor near where the convoy can be now',
};

/** A linked operation's activity, else the reported one, else unknown. */
function activityOf(report: TrackReport, operation: KnownDeclaration | undefined): TrackAt['activity'] {
  if (operation?.kind === 'operation' && operation.party === report.party && operation.activity !== null)
    return operation.activity;
  return report.activity ?? null;
}

function predictionOf(out: Float64Array, minima: PairMinima, lookaheadS: number): SeparationPrediction {
  const ends = out[LOSS.lossEndsS] as number;
  return {
    timeToLossS: out[LOSS.timeToLossS] as number,
    lossEndsS: Number.isFinite(ends) ? ends : null,
    closestInS: out[LOSS.closestS] as number,
    horizontalMissM: out[LOSS.horizontalMissM] as number,
    verticalMissM: out[LOSS.verticalMissM] as number,
    minima: { horizontalM: minima.horizontalM, verticalM: minima.verticalM },
    lookaheadS,
  };
}

function lossReason(p: SeparationPrediction): string {
  const miss = `${Math.round(p.horizontalMissM)} m horizontally and ${Math.round(p.verticalMissM)} m vertically`;
  return p.timeToLossS === 0
    ? `separation lost now; closest ${miss} in ${Math.round(p.closestInS)} s`
    : `separation lost in ${Math.round(p.timeToLossS)} s; closest ${miss}`;
}

/** A pair decided by a track's reach: says that it is not a prediction, and why. */
function reachReason(p: SeparationPrediction, unknown: string[], motion: UnknownMotion): string {
  const when = p.timeToLossS === 0 ? 'may be lost now' : `may be lost in ${Math.round(p.timeToLossS)} s`;
  return (
    `separation ${when}: the velocity of ${unknown.join(' and ')} is not known yet, so it may be ` +
    `anywhere within ${motion.speedMs} m/s and ${motion.climbMs} m/s up or down of where it was ` +
    `last reported; ${Math.round(p.horizontalMissM)} m horizontally and ${Math.round(p.verticalMissM)} m ` +
    `vertically from there in ${Math.round(p.closestInS)} s`
  );
}
