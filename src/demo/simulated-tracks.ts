// The live tracks a demo scenario plays: aircraft flying a path, looped over an operation's area for
// its time, and a convoy's vehicles driving its declared route on its declared schedule, one after
// another. Pure: a track's report at a moment is a function of the scenario, its load's offset and
// that moment, so a hub restarted mid-sortie picks the tracks up where they are.
import { timesFromSpeed } from '../deconfliction/movement-legs.js';
import { geodesicBearingM, geodesicDestination } from '../geo/geodesic.js';
import type { LonLat } from '../geo/shape.js';
import { type Scenario, shiftTimes } from './scenario.js';

/** An asset flying or driving `path` at a steady speed from `from`, round and round with `loop`. */
export interface PathSimulation {
  /** The operator who reports it, and the feed (`<party>/<name>`, of kind api) it is reported through. */
  as: string;
  feed: string;
  id: string;
  activity: 'air' | 'ground';
  alt_m: number;
  speed_ms: number;
  path: LonLat[];
  loop?: boolean;
  from: string;
  until: string;
  /** The operation it flies for, as its reports name it. */
  operation?: string;
}

/** A movement's vehicles, `interval_s` apart, on its route and schedule, then standing at its end until its tolerance runs out. */
export interface ConvoySimulation {
  as: string;
  feed: string;
  /** Each vehicle's id is this and its place in the column, from 1. */
  id: string;
  follows: string;
  vehicles: number;
  interval_s: number;
  alt_m: number;
}

export type TrackSimulation = PathSimulation | ConvoySimulation;

/** A report as `POST /v1/feeds/{party}/{name}/reports` takes it. */
export interface SimulatedReport {
  id: string;
  time: string;
  lon: number;
  lat: number;
  alt_m: number;
  ground_speed_ms: number;
  track_deg: number;
  airborne: boolean;
  activity: 'air' | 'ground';
  operation?: string;
}

/** One asset in hub time: when it is at each vertex, from first report to last. */
export interface SimulatedTrack {
  as: string;
  feed: string;
  id: string;
  activity: 'air' | 'ground';
  altM: number;
  path: LonLat[];
  times: number[];
  /** Repeats its path from `reportsFrom` until `reportsUntil` if set; else stands at its end once there. */
  loop: boolean;
  reportsFrom: number;
  reportsUntil: number;
  operation?: string;
}

interface MovementFields {
  route: { coordinates: LonLat[] };
  schedule: { departure?: string; speed_kmh?: number };
  delay_tolerance_s?: number;
}

/** The scenario's simulated tracks in hub time, its dates moved by the load's `offsetMs`. */
export function simulatedTracks(scenario: Scenario, offsetMs: number): SimulatedTrack[] {
  return (scenario.simulation ?? []).flatMap((simulation) =>
    'follows' in simulation
      ? convoyTracks(scenario, simulation, offsetMs)
      : [pathTrack(shiftTimes(simulation, offsetMs))],
  );
}

function pathTrack(simulation: PathSimulation): SimulatedTrack {
  const path = simulation.loop ? [...simulation.path, simulation.path[0] as LonLat] : simulation.path;
  const from = Date.parse(simulation.from);
  return {
    as: simulation.as,
    feed: simulation.feed,
    id: simulation.id,
    activity: simulation.activity,
    altM: simulation.alt_m,
    path,
    times: timesFromSpeed(path, from, simulation.speed_ms * 3.6),
    loop: simulation.loop ?? false,
    reportsFrom: from,
    reportsUntil: Date.parse(simulation.until),
    ...(simulation.operation ? { operation: simulation.operation } : {}),
  };
}

function convoyTracks(scenario: Scenario, simulation: ConvoySimulation, offsetMs: number): SimulatedTrack[] {
  const step = scenario.steps.find(
    (candidate) =>
      candidate.command === 'declaration.submit' &&
      (candidate.fields.declaration as { id?: string } | undefined)?.id === simulation.follows,
  );
  if (!step) throw new Error(`the demo's convoy follows ${simulation.follows}, which it does not declare`);
  const movement = shiftTimes(step.fields.declaration, offsetMs) as MovementFields;
  const { departure, speed_kmh } = movement.schedule;
  if (departure === undefined || speed_kmh === undefined)
    throw new Error(`the demo's convoy follows ${simulation.follows}, which has no departure and speed`);
  const route = movement.route.coordinates;
  const toleranceMs = (movement.delay_tolerance_s ?? 0) * 1000;
  return Array.from({ length: simulation.vehicles }, (_, place) => {
    const times = timesFromSpeed(
      route,
      Date.parse(departure) + place * simulation.interval_s * 1000,
      speed_kmh,
    );
    return {
      as: simulation.as,
      feed: simulation.feed,
      id: `${simulation.id}${place + 1}`,
      activity: 'ground' as const,
      altM: simulation.alt_m,
      path: route,
      times,
      loop: false,
      reportsFrom: times[0] as number,
      reportsUntil: (times.at(-1) as number) + toleranceMs,
    };
  });
}

/** Where `track` is at `time`, as its feed reports it, or null outside its reporting time. */
export function reportAt(track: SimulatedTrack, time: number): SimulatedReport | null {
  if (time < track.reportsFrom || time > track.reportsUntil) return null;
  const first = track.times[0] as number;
  const last = track.times.at(-1) as number;
  const onPath = track.loop ? first + ((time - first) % (last - first)) : Math.min(time, last);
  // The leg it is on: the first to end at or after that moment (there is one, since it is on the path).
  const leg = track.times.findIndex((at, i) => i > 0 && onPath <= at);
  const from = track.path[leg - 1] as LonLat;
  const to = track.path[leg] as LonLat;
  const { bearingDeg, distanceM } = geodesicBearingM(from, to);
  const legStart = track.times[leg - 1] as number;
  const legMs = (track.times[leg] as number) - legStart;
  const fraction = legMs === 0 ? 1 : (onPath - legStart) / legMs;
  const [lon, lat] = geodesicDestination(from, bearingDeg, fraction * distanceM);
  const moving = track.loop || time < last;
  return {
    id: track.id,
    time: new Date(time).toISOString(),
    lon,
    lat,
    alt_m: track.altM,
    ground_speed_ms: moving && legMs > 0 ? distanceM / (legMs / 1000) : 0,
    // The heading where the asset is now, towards the leg's end.
    track_deg: fraction < 1 ? geodesicBearingM([lon, lat], to).bearingDeg : bearingDeg,
    airborne: track.activity === 'air',
    activity: track.activity,
    ...(track.operation ? { operation: track.operation } : {}),
  };
}
