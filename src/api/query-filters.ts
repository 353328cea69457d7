// The filters the read routes share, read from the query string: a time window and an area. Each
// reader adds what is wrong to `errors` (naming the parameter as the schema's own errors do) and
// returns null, so that a route can refuse a request once, naming every bad parameter.
import type { DeclaredVolume } from '../deconfliction/declaration.js';
import { ALTITUDE_MAX_M, ALTITUDE_MIN_M } from '../geo/geojson-volumes.js';
import { parseRfc3339 } from '../geo/rfc3339.js';
import type { Shape } from '../geo/shape.js';
import { validateShape } from '../geo/validate-shape.js';
import type { FieldProblem } from '../hub/problem.js';

/** A closed window, milliseconds since the epoch. */
export interface TimeWindow {
  from: number;
  until: number;
}

/** The whole range of a JavaScript date: "any time" when a query gives no bound. */
const EARLIEST = -8.64e15;
const LATEST = 8.64e15;

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export const param = (name: string) => `querystring:${name}`;

/** `from` and `until` (RFC 3339), either of them open when absent. */
export function readTimeWindow(
  query: { from?: string | undefined; until?: string | undefined },
  errors: FieldProblem[],
): TimeWindow | null {
  const read = (name: 'from' | 'until', round: 'down' | 'up', open: number) => {
    const text = query[name];
    if (text === undefined) return open;
    const time = parseRfc3339(text, round);
    if (time === null)
      errors.push({ field: param(name), reason: 'must be an RFC 3339 date-time with a time zone' });
    return time;
  };
  // Rounded outwards, like declared windows: a query never misses by a fraction of a millisecond.
  const from = read('from', 'down', EARLIEST);
  const until = read('until', 'up', LATEST);
  if (from === null || until === null) return null;
  if (from >= until) {
    errors.push({ field: param('until'), reason: 'must be after from' });
    return null;
  }
  return { from, until };
}

/** Whether a closed window meets another: touching counts, as everywhere in the hub. */
export function windowsMeet(a: TimeWindow, start: number, end: number): boolean {
  return start <= a.until && end >= a.from;
}

/**
 * `bbox=west,south,east,north` (degrees) as the polygon through its four corners. Like every
 * polygon here its edges are great-circle arcs, so the south and north edges bow poleward of their
 * parallels. West greater than east crosses the antimeridian; a box 180° wide or more is refused,
 * since the arcs between its corners would go the other way round the Earth.
 */
export function readBbox(text: string, errors: FieldProblem[]): Shape | null {
  const field = param('bbox');
  const parts = text.split(',');
  if (parts.length !== 4 || !parts.every((part) => NUMBER.test(part))) {
    errors.push({ field, reason: 'must be four numbers: west,south,east,north (degrees)' });
    return null;
  }
  const [west, south, east, north] = parts.map(Number) as [number, number, number, number];
  const before = errors.length;
  for (const [value, name] of [
    [west, 'west'],
    [east, 'east'],
  ] as const) {
    if (!(value >= -180 && value <= 180))
      errors.push({ field, reason: `${name} must be a longitude, -180 to 180` });
  }
  for (const [value, name] of [
    [south, 'south'],
    [north, 'north'],
  ] as const) {
    if (!(value >= -90 && value <= 90))
      errors.push({ field, reason: `${name} must be a latitude, -90 to 90` });
  }
  if (errors.length > before) return null;
  if (south >= north) {
    errors.push({ field, reason: 'south must be below north' });
    return null;
  }
  const span = east > west ? east - west : east - west + 360;
  // -180 and 180 are one meridian.
  if (span === 0 || span === 360) {
    errors.push({ field, reason: 'west and east must be different meridians' });
    return null;
  }
  if (span >= 180) {
    errors.push({ field, reason: 'must span less than 180° of longitude: split a wider area' });
    return null;
  }
  const ring = [
    [west, south],
    [east, south],
    [east, north],
    [west, north],
    [west, south],
  ];
  const shape = validateShape({ geometry: { type: 'Polygon', coordinates: [ring] } });
  if (!shape.ok) {
    errors.push(...shape.problems.map((problem) => ({ field, reason: problem.reason })));
    return null;
  }
  return shape.shape;
}

/** An area over a window, through every altitude: what a declaration must meet to be in the answer. */
export function areaVolume(shape: Shape, window: TimeWindow): DeclaredVolume {
  return {
    id: 'query',
    shape,
    altitudeLowerM: ALTITUDE_MIN_M,
    altitudeUpperM: ALTITUDE_MAX_M,
    timeStart: window.from,
    timeEnd: window.until,
  };
}
