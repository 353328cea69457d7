// The latest state of every live track, in typed arrays indexed by a slot that a track keeps for as
// long as it is watched (a freed slot is reused), so that the pair and area checks read numbers, not
// objects. Parties are interned to small integers for the same reason.
import type { Activity } from '../deconfliction/declaration-schema.js';
import { KINEMATICS_STRIDE, writeKinematics } from '../geo/track-kinematics.js';
import { grownFrom } from './grown-array.js';
import type { TrackReport } from './track-report.js';

export class TrackTable {
  private readonly slotById = new Map<string, number>();
  private readonly free: number[] = [];
  private readonly partyIds = new Map<string, number>();
  /** Party names by interned number. */
  readonly partyNames: string[] = [];
  /** Track ids by slot; '' for a free slot. */
  readonly ids: string[] = [];
  readonly operations: (string | null)[] = [];
  readonly activities: (Activity | null)[] = [];
  party = new Int32Array(0);
  lon = new Float64Array(0);
  lat = new Float64Array(0);
  altM = new Float64Array(0);
  groundSpeedMs = new Float64Array(0);
  trackDeg = new Float64Array(0);
  verticalRateMs = new Float64Array(0);
  time = new Float64Array(0);
  airborne = new Uint8Array(0);
  /** 1 when the report said how the track moves (see TrackReport.velocityKnown). */
  velocityKnown = new Uint8Array(0);
  /** KINEMATICS_STRIDE numbers per slot (see geo/track-kinematics.ts). */
  kinematics = new Float64Array(0);
  private used = 0;

  get size(): number {
    return this.slotById.size;
  }

  /** One past the highest slot ever used: the length a per-slot array needs. */
  get slotLimit(): number {
    return this.used;
  }

  slotOf(id: string): number | undefined {
    return this.slotById.get(id);
  }

  partyNumber(party: string): number {
    let n = this.partyIds.get(party);
    if (n === undefined) {
      n = this.partyNames.length;
      this.partyIds.set(party, n);
      this.partyNames.push(party);
    }
    return n;
  }

  /** Stores the report as the track's latest state; returns its slot. */
  upsert(report: TrackReport): number {
    let slot = this.slotById.get(report.id);
    if (slot === undefined) {
      slot = this.free.pop() ?? this.used++;
      this.reserve(slot + 1);
      this.slotById.set(report.id, slot);
      this.ids[slot] = report.id;
    }
    this.party[slot] = this.partyNumber(report.party);
    this.operations[slot] = report.operation ?? null;
    this.activities[slot] = report.activity ?? null;
    this.lon[slot] = report.lon;
    this.lat[slot] = report.lat;
    this.altM[slot] = report.altM;
    this.groundSpeedMs[slot] = report.groundSpeedMs;
    this.trackDeg[slot] = report.trackDeg;
    this.verticalRateMs[slot] = report.verticalRateMs;
    this.time[slot] = report.time;
    this.airborne[slot] = report.airborne ? 1 : 0;
    this.velocityKnown[slot] = report.velocityKnown === false ? 0 : 1;
    writeKinematics(
      this.kinematics,
      slot * KINEMATICS_STRIDE,
      report.lon,
      report.lat,
      report.altM,
      report.groundSpeedMs,
      report.trackDeg,
      report.verticalRateMs,
      report.time,
    );
    return slot;
  }

  remove(id: string): number | undefined {
    const slot = this.slotById.get(id);
    if (slot === undefined) return undefined;
    this.slotById.delete(id);
    this.ids[slot] = '';
    this.operations[slot] = null;
    this.activities[slot] = null;
    this.free.push(slot);
    return slot;
  }

  /** The stored state of a slot, as a report (for alerts, which carry what the tracks were doing). */
  reportOf(slot: number): TrackReport {
    return {
      id: this.ids[slot] as string,
      party: this.partyNames[this.party[slot] as number] as string,
      lon: this.lon[slot] as number,
      lat: this.lat[slot] as number,
      altM: this.altM[slot] as number,
      groundSpeedMs: this.groundSpeedMs[slot] as number,
      trackDeg: this.trackDeg[slot] as number,
      verticalRateMs: this.verticalRateMs[slot] as number,
      time: this.time[slot] as number,
      airborne: this.airborne[slot] === 1,
      velocityKnown: this.velocityKnown[slot] === 1,
      operation: this.operations[slot] ?? null,
      activity: this.activities[slot] ?? null,
    };
  }

  /** Every watched slot. */
  *slots(): IterableIterator<number> {
    yield* this.slotById.values();
  }

  private reserve(capacity: number): void {
    if (capacity <= this.party.length) return;
    const n = Math.max(capacity, this.party.length * 2, 64);
    this.party = grownFrom(new Int32Array(n), this.party);
    this.lon = grownFrom(new Float64Array(n), this.lon);
    this.lat = grownFrom(new Float64Array(n), this.lat);
    this.altM = grownFrom(new Float64Array(n), this.altM);
    this.groundSpeedMs = grownFrom(new Float64Array(n), this.groundSpeedMs);
    this.trackDeg = grownFrom(new Float64Array(n), this.trackDeg);
    this.verticalRateMs = grownFrom(new Float64Array(n), this.verticalRateMs);
    this.time = grownFrom(new Float64Array(n), this.time);
    this.airborne = grownFrom(new Uint8Array(n), this.airborne);
    this.velocityKnown = grownFrom(new Uint8Array(n), this.velocityKnown);
    this.kinematics = grownFrom(new Float64Array(n * KINEMATICS_STRIDE), this.kinematics);
  }
}
