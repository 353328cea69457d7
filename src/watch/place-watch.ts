// A track against the declared places: intrusion into restricted areas, protected sites' buffers and
// convoy corridors near the convoy (area-intrusion.ts), and conformance to a linked operation, or to a
// linked movement's route and schedule (movement-conformance.ts). Alerts begin here; the engine ends
// them (see WatchEngine.endCleared).
import { maySee } from '../deconfliction/declaration.js';
import type { DeconflictionState, KnownDeclaration } from '../deconfliction/deconfliction-state.js';
import type { Separation } from '../geo/shape.js';
import { K, KINEMATICS_STRIDE } from '../geo/track-kinematics.js';
import { beginEvent } from './alert-builder.js';
import type { AlertEpisodes } from './alert-episodes.js';
import type { AlertDeclaration, AlertEvent } from './alert-event.js';
import { INTRUSION_REASONS } from './alert-wording.js';
import { intrudes, type TrackAt } from './area-intrusion.js';
import type { DeclaredAreas, WatchedArea } from './declared-areas.js';
import {
  MOVEMENT_CONDITIONS,
  type MovementCondition,
  type MovementPlan,
  mayDrive,
  movementFailures,
  movementPlan,
  type StandingSince,
  stoodAt,
} from './movement-conformance.js';
import { nonConformance } from './operation-conformance.js';
import type { TrackReport } from './track-report.js';
import type { TrackTable } from './track-table.js';

export class PlaceWatch {
  private readonly minimaByOwner = new Map<string, Map<string, Separation>>();
  /** Live movements that vehicles linked to, by id, made once per version. */
  private readonly plans = new Map<string, MovementPlan>();
  /** Where each vehicle of a movement last moved from, by track id. */
  private readonly standing = new Map<string, StandingSince>();
  private readonly partyMinima: (a: string, b: string) => Separation;

  constructor(
    private readonly state: DeconflictionState,
    private readonly tracks: TrackTable,
    private readonly areas: DeclaredAreas,
    private readonly episodes: AlertEpisodes,
  ) {
    this.partyMinima = (a, b) => this.declaredMinima(a, b);
  }

  /** A declaration changed: its movement plan, if any, is made again when next needed. */
  declarationChanged(id: string): void {
    this.plans.delete(id);
  }

  /** Agreements changed: minima between parties may have. */
  agreementsChanged(): void {
    this.minimaByOwner.clear();
  }

  /** The track is no longer watched. */
  forget(id: string): void {
    this.standing.delete(id);
  }

  /** Checks the report of the track at `slot` against the places near it and its linked declaration. */
  check(slot: number, report: TrackReport, sequence: number, alerts: AlertEvent[]): void {
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

  /** Whether the track is still within the area, widened by `marginM`. */
  stillIntrudes(area: WatchedArea, slot: number, report: TrackReport, marginM: number): boolean {
    return intrudes(area, this.trackAtSlot(slot, report), this.partyMinima, marginM);
  }

  /** The live movement a track is linked to, when its party drives it (declared it, or is declared for). */
  drivenPlan(slot: number): MovementPlan | null {
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
  movementFound(
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
    const event = beginEvent(
      this.tracks,
      'non-conformance',
      [slot],
      time,
      ref,
      null,
      reason,
      plan.told,
      condition,
    );
    this.episodes.begin(event, plan.id, part, sequence);
    alerts.push(event);
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
    const event = beginEvent(this.tracks, 'intrusion', [slot], time, ref, null, INTRUSION_REASONS[area.role]);
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
    const time = this.tracks.time[slot] as number;
    const event = beginEvent(this.tracks, 'non-conformance', [slot], time, ref, null, reason);
    this.episodes.begin(event, operationId, -1, sequence);
    alerts.push(event);
  }
}

/** A linked operation's activity, else the reported one, else unknown. */
function activityOf(report: TrackReport, operation: KnownDeclaration | undefined): TrackAt['activity'] {
  if (operation?.kind === 'operation' && operation.party === report.party && operation.activity !== null)
    return operation.activity;
  return report.activity ?? null;
}
