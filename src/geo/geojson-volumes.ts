// A GeoJSON FeatureCollection of 4D volumes, as planners exchange them for `deconflict check`:
//   geometry     Polygon (an outline), Point with properties.radius_m (a circle), or LineString
//                with properties.half_width_m (a corridor)
//   properties   id, altitude_lower_m, altitude_upper_m (metres above the WGS84 ellipsoid),
//                time_start, time_end (RFC 3339)
// Every problem of every feature is listed, with JSON pointers relative to the feature, so that a
// planner can fix a file in one pass; the valid features are returned for checking all the same.
import { parseRfc3339 } from './rfc3339.js';
import type { GeoProblem, Shape, Volume } from './shape.js';
import { validateShape } from './validate-shape.js';

export interface InvalidFeature {
  /** The feature's id when it has a usable one. */
  id: string | null;
  /** Its position in `features`. */
  index: number;
  problems: GeoProblem[];
}

export interface GeoJsonVolumes {
  volumes: Volume[];
  invalid: InvalidFeature[];
}

/** The document is not a FeatureCollection at all: nothing in it can be read as volumes. */
export class NotAFeatureCollection extends Error {}

/** From the Mariana Trench to the Kármán line: anything outside is a typo, not a plan. */
export const ALTITUDE_MIN_M = -11_000;
export const ALTITUDE_MAX_M = 100_000;

type Properties = Record<string, unknown>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readId(properties: Properties, problems: GeoProblem[]): string | null {
  const id = properties.id;
  if (typeof id === 'string' && id !== '') return id;
  if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
  problems.push({ field: '/properties/id', reason: 'required: a non-empty string (or an integer)' });
  return null;
}

function readAltitude(properties: Properties, name: string, problems: GeoProblem[]): number | null {
  const value = properties[name];
  const field = `/properties/${name}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push({ field, reason: 'required: a finite number of metres above the WGS84 ellipsoid' });
    return null;
  }
  if (value < ALTITUDE_MIN_M || value > ALTITUDE_MAX_M) {
    problems.push({ field, reason: `must be between ${ALTITUDE_MIN_M} and ${ALTITUDE_MAX_M} metres` });
    return null;
  }
  return value;
}

function readTime(
  properties: Properties,
  name: string,
  round: 'down' | 'up',
  problems: GeoProblem[],
): number | null {
  const value = properties[name];
  const time = typeof value === 'string' ? parseRfc3339(value, round) : null;
  if (time === null) {
    problems.push({
      field: `/properties/${name}`,
      reason: 'required: an RFC 3339 date-time with a time zone, e.g. 2016-09-17T14:00:00Z',
    });
  }
  return time;
}

function readShape(
  feature: Record<string, unknown>,
  properties: Properties,
  problems: GeoProblem[],
): Shape | null {
  const geometry = feature.geometry;
  const type = isObject(geometry) ? geometry.type : undefined;
  // The radius of a circle, the half-width of a corridor; an outline takes none.
  const radiusName = type === 'LineString' ? 'half_width_m' : type === 'Point' ? 'radius_m' : null;
  const validation = validateShape(
    { geometry, radiusM: radiusName === null ? undefined : properties[radiusName] },
    { geometry: '/geometry', radius: `/properties/${radiusName ?? 'radius_m'}` },
  );
  if (validation.ok) return validation.shape;
  problems.push(...validation.problems);
  return null;
}

function readFeature(feature: unknown): { id: string | null; volume: Volume | null; problems: GeoProblem[] } {
  const problems: GeoProblem[] = [];
  if (!isObject(feature) || feature.type !== 'Feature') {
    return { id: null, volume: null, problems: [{ field: '', reason: 'must be a GeoJSON Feature' }] };
  }
  const properties: Properties = isObject(feature.properties) ? feature.properties : {};
  if (!isObject(feature.properties)) problems.push({ field: '/properties', reason: 'must be an object' });
  const id = readId(properties, problems);
  const shape = readShape(feature, properties, problems);
  const lower = readAltitude(properties, 'altitude_lower_m', problems);
  const upper = readAltitude(properties, 'altitude_upper_m', problems);
  if (lower !== null && upper !== null && lower > upper) {
    problems.push({ field: '/properties/altitude_upper_m', reason: 'must not be below altitude_lower_m' });
  }
  // Sub-millisecond digits round outwards: a window may grow by under a millisecond, never shrink.
  const start = readTime(properties, 'time_start', 'down', problems);
  const end = readTime(properties, 'time_end', 'up', problems);
  if (start !== null && end !== null && end <= start) {
    problems.push({ field: '/properties/time_end', reason: 'must be after time_start' });
  }
  if (problems.length > 0 || id === null || shape === null || lower === null || upper === null) {
    return { id, volume: null, problems };
  }
  return {
    id,
    volume: {
      id,
      shape,
      altitudeLowerM: lower,
      altitudeUpperM: upper,
      timeStart: start as number,
      timeEnd: end as number,
    },
    problems,
  };
}

/** The volumes of a parsed GeoJSON document, and every feature that is not one, with why. */
export function readGeoJsonVolumes(document: unknown): GeoJsonVolumes {
  if (!isObject(document) || document.type !== 'FeatureCollection' || !Array.isArray(document.features)) {
    throw new NotAFeatureCollection('not a GeoJSON FeatureCollection (an object with "features": [...])');
  }
  const read = document.features.map(readFeature);
  // An id used twice would make every conflict reported against it ambiguous: refuse each use.
  const uses = new Map<string, number>();
  for (const { id } of read) if (id !== null) uses.set(id, (uses.get(id) ?? 0) + 1);
  const volumes: Volume[] = [];
  const invalid: InvalidFeature[] = [];
  read.forEach(({ id, volume, problems }, index) => {
    if (id !== null && (uses.get(id) ?? 0) > 1) {
      problems.push({ field: '/properties/id', reason: `"${id}" is the id of ${uses.get(id)} features` });
    }
    if (problems.length > 0 || volume === null) invalid.push({ id, index, problems });
    else volumes.push(volume);
  });
  return { volumes, invalid };
}
