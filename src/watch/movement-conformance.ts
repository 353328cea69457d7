// Whether a declared movement's own vehicles keep to what was declared: on the route's corridor, not
// later than the delay tolerance behind the schedule, not standing still for longer than the
// movement allows, and not silent for longer than it allows. A convoy that stops and falls silent is
// what every party it was shown to needs to hear about: its protection rests on being where it said.
// Pure: positions and times come in with the reports, and the hub's clock with the tick.
import type { KnownDeclaration } from '../deconfliction/deconfliction-state.js';
import { DEFAULT_DELAY_TOLERANCE_S } from '../deconfliction/read-declaration.js';
import { geodesicDistanceM } from '../geo/geodesic.js';
import { angleBetween } from '../geo/great-circle-arc.js';
import { pointWithinM } from '../geo/point-within.js';
import type { Shape, Vec3, Vertex } from '../geo/shape.js';
import { fractionAt, type ScheduledLeg } from './convoy-stretch.js';
import { scheduledLegs } from './declared-areas.js';

/** What a movement's vehicle can fail at; an alert's episode is one of these for one track. */
export const MOVEMENT_CONDITIONS = ['off-route', 'stopped', 'late', 'silent'] as const;
export type MovementCondition = (typeof MOVEMENT_CONDITIONS)[number];

export const DEFAULT_MAX_STOP_S = 600;
export const DEFAULT_MAX_SILENCE_S = 300;
/** Moving less than this is standing still: above a GNSS fix's wander, below a vehicle's minute. */
export const STOP_RADIUS_M = 100;
/** How far behind the schedule's latest place a vehicle may be and still be on time: a column's length. */
export const LATE_SLACK_M = 500;
/** Metres per radian for distances along the route, within 0.4 % of the geodesic. */
const MEAN_RADIUS_M = 6_371_008.8;

/** A live movement as its vehicles are checked against it. */
export interface MovementPlan {
  id: string;
  version: number;
  party: string;
  /** The parties it is shown to, named (the owner among them): they are told of its vehicles' troubles. */
  told: string[];
  legs: ScheduledLeg[];
  corridors: Shape[];
  /** Metres along the route at the start of each leg, and in all. */
  startsM: number[];
  lengthM: number;
  /** When it is due to start, and when its last leg's tolerance runs out, ms. */
  start: number;
  end: number;
  toleranceMs: number;
  maxStopMs: number;
  maxSilenceMs: number;
  /** How many vehicles it declared: no more of its silent tracks are kept than that. */
  vehicles: number;
}

/** Whether a party's vehicles may drive a movement: it declared it, or the movement is declared for it. */
export function mayDrive(declaration: KnownDeclaration, party: string): boolean {
  const body = declaration.body;
  return (
    declaration.party === party || (body.kind === 'movement' && (body.on_behalf_of?.includes(party) ?? false))
  );
}

export function movementPlan(declaration: KnownDeclaration): MovementPlan | null {
  const body = declaration.body;
  if (declaration.kind !== 'movement' || body.kind !== 'movement') return null;
  const legs = scheduledLegs(declaration);
  const startsM: number[] = [];
  let lengthM = 0;
  for (const leg of legs) {
    startsM.push(lengthM);
    lengthM += geodesicDistanceM(leg.from.lonLat, leg.to.lonLat);
  }
  const toleranceMs = (body.delay_tolerance_s ?? DEFAULT_DELAY_TOLERANCE_S) * 1000;
  return {
    id: declaration.id,
    version: declaration.version,
    party: declaration.party,
    told: declaration.visibility.filter((party) => party !== '*'),
    legs,
    corridors: declaration.volumes.map((volume) => volume.shape),
    startsM,
    lengthM,
    start: Math.min(...legs.map((leg) => leg.dueFrom)),
    end: Math.max(...legs.map((leg) => leg.dueTo + leg.toleranceMs)),
    toleranceMs,
    maxStopMs: (body.max_stop_s ?? DEFAULT_MAX_STOP_S) * 1000,
    maxSilenceMs: (body.max_silence_s ?? DEFAULT_MAX_SILENCE_S) * 1000,
    vehicles: body.vehicles.count,
  };
}

/** Metres along the route of a point in its corridor (the farthest, where legs overlap), or null when off it. */
export function progressM(plan: MovementPlan, point: Vertex): number | null {
  let best: number | null = null;
  plan.legs.forEach((leg, i) => {
    if (!pointWithinM(point, plan.corridors[i] as Shape, 0)) return;
    const along = (plan.startsM[i] as number) + alongLegM(leg, point.n);
    if (best === null || along > best) best = along;
  });
  return best;
}

/** Metres along the route where the schedule puts the movement at `time` (0 before it starts). */
export function scheduledM(plan: MovementPlan, time: number): number {
  let at = 0;
  plan.legs.forEach((leg, i) => {
    if (time < leg.dueFrom) return;
    const lengthM = (plan.startsM[i + 1] ?? plan.lengthM) - (plan.startsM[i] as number);
    at = Math.max(at, (plan.startsM[i] as number) + fractionAt(leg, time) * lengthM);
  });
  return at;
}

/** The foot of `p` on the leg's great circle, as metres from its start, within the leg. */
function alongLegM(leg: ScheduledLeg, p: Vec3): number {
  const a = leg.from.n;
  const b = leg.to.n;
  const legAngle = angleBetween(a, b);
  if (legAngle === 0) return 0;
  // The pole of the leg's great circle; p's foot is p less its component along the pole.
  const c: Vec3 = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  const cc = Math.hypot(c[0], c[1], c[2]);
  const pc = (p[0] * c[0] + p[1] * c[1] + p[2] * c[2]) / (cc * cc);
  const foot: Vec3 = [p[0] - pc * c[0], p[1] - pc * c[1], p[2] - pc * c[2]];
  // Signed: behind the start is negative.
  const ahead =
    (a[1] * foot[2] - a[2] * foot[1]) * c[0] +
    (a[2] * foot[0] - a[0] * foot[2]) * c[1] +
    (a[0] * foot[1] - a[1] * foot[0]) * c[2];
  const angle = Math.sign(ahead) * angleBetween(a, foot);
  return Math.min(legAngle, Math.max(0, angle)) * MEAN_RADIUS_M;
}

/** Where a vehicle last moved from, to tell standing still from moving. */
export interface StandingSince {
  n: Vec3;
  time: number;
}

/**
 * What a vehicle's report fails at, with the reason for each, given where it has stood since
 * (`standing`, already updated with this report). Before the movement starts nothing is checked.
 */
export function movementFailures(
  plan: MovementPlan,
  point: Vertex,
  time: number,
  standing: StandingSince,
): [MovementCondition, string][] {
  if (time < plan.start || time > plan.end) return [];
  const failures: [MovementCondition, string][] = [];
  const along = progressM(plan, point);
  if (along === null) failures.push(['off-route', 'off its movement’s route corridor']);
  const due = scheduledM(plan, time - plan.toleranceMs);
  if (along !== null && along + LATE_SLACK_M < due)
    failures.push([
      'late',
      `${Math.round((due - along) / 100) / 10} km behind where its movement is due by its delay tolerance`,
    ]);
  const stillMs = time - Math.max(standing.time, plan.start);
  const arrived = along !== null && along >= plan.lengthM - STOP_RADIUS_M;
  if (stillMs > plan.maxStopMs && !arrived)
    failures.push([
      'stopped',
      `standing still for ${Math.round(stillMs / 60_000)} min on its movement’s way`,
    ]);
  return failures;
}

/** Moves the standing point when the vehicle has moved beyond STOP_RADIUS_M from it. */
export function stoodAt(previous: StandingSince | undefined, n: Vec3, time: number): StandingSince {
  if (previous !== undefined && angleBetween(previous.n, n) * MEAN_RADIUS_M <= STOP_RADIUS_M) return previous;
  return { n, time };
}

/** Whether a vehicle last heard at `lastHeard` has been silent too long by `now`, and why. */
export function silence(plan: MovementPlan, lastHeard: number, now: number): string | null {
  if (now < plan.start || now > plan.end) return null;
  const silentMs = now - Math.max(lastHeard, plan.start);
  return silentMs > plan.maxSilenceMs
    ? `no report for ${Math.round(silentMs / 60_000)} min on its movement’s way`
    : null;
}
