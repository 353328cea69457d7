// What the declare form holds, and the declaration it makes with the shape drawn, in the hub's schema
// (src/deconfliction/declaration-schema.ts): a route makes a movement, a polygon or circle an
// operation or a protected site.
import type { Shape } from './draw-tool.js';

export interface Draft {
  kind: 'operation' | 'site' | 'movement';
  name: string;
  title: string;
  activity: 'air' | 'ground' | 'drone' | 'exercise';
  siteFunction: string;
  altitudeLowerM: number;
  altitudeUpperM: number;
  /** datetime-local values, read as UTC. */
  from: string;
  until: string;
  speedKmh: number;
  halfWidthM: number;
  vehicles: number;
  personnel: number;
  armedEscort: boolean;
  /** Parties besides the owner that may see it; '*' for all. */
  visibility: string[];
}

const HOUR_MS = 3_600_000;

/** A datetime-local value (minutes, UTC) for a time. */
export function localValue(time: number): string {
  return new Date(time).toISOString().slice(0, 16);
}

export function utc(value: string): string {
  return `${value}:00Z`;
}

export function newDraft(now: number): Draft {
  const hour = now - (now % HOUR_MS);
  return {
    kind: 'operation',
    name: '',
    title: '',
    activity: 'air',
    siteFunction: 'hospital',
    altitudeLowerM: 0,
    altitudeUpperM: 3000,
    from: localValue(hour + HOUR_MS),
    until: localValue(hour + 4 * HOUR_MS),
    speedKmh: 30,
    halfWidthM: 500,
    vehicles: 10,
    personnel: 20,
    armedEscort: false,
    visibility: ['*'],
  };
}

/** The geometry of a polygon or circle: a Polygon, or a Point with its radius. */
function area(shape: Shape): { geometry: { type: string; coordinates: unknown[] }; radius_m?: number } {
  if (shape.kind === 'circle')
    return { geometry: { type: 'Point', coordinates: shape.center }, radius_m: shape.radiusM };
  if (shape.kind === 'polygon') return { geometry: { type: 'Polygon', coordinates: [shape.ring] } };
  throw new Error('a route is not an area');
}

export function declarationOf(draft: Draft, shape: Shape, party: string): Record<string, unknown> {
  const common = {
    id: `${party}/${draft.name}`,
    title: draft.title,
    visibility: draft.visibility,
  };
  if (shape.kind === 'route') {
    return {
      kind: 'movement',
      ...common,
      route: { type: 'LineString', coordinates: shape.points },
      half_width_m: draft.halfWidthM,
      schedule: { departure: utc(draft.from), speed_kmh: draft.speedKmh },
      vehicles: { count: draft.vehicles },
      armed_escort: draft.armedEscort,
      personnel: draft.personnel,
      altitude_lower_m: draft.altitudeLowerM,
      altitude_upper_m: draft.altitudeUpperM,
    };
  }
  if (draft.kind === 'site') {
    return {
      kind: 'site',
      ...common,
      function: draft.siteFunction,
      ...area(shape),
      altitude_lower_m: draft.altitudeLowerM,
      altitude_upper_m: draft.altitudeUpperM,
      valid_from: utc(draft.from),
      valid_until: utc(draft.until),
    };
  }
  return {
    kind: 'operation',
    ...common,
    activity: draft.activity,
    volumes: [
      {
        ...area(shape),
        altitude_lower_m: draft.altitudeLowerM,
        altitude_upper_m: draft.altitudeUpperM,
        time_start: utc(draft.from),
        time_end: utc(draft.until),
      },
    ],
  };
}
