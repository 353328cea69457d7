// From a declaration as submitted (already matching its schema) to its validity window and 4D
// volumes, or every problem with it, each named by a JSON pointer under "/command/declaration".
// Pure and deterministic: the hub reads the same body again when it replays the record.
import { ALTITUDE_MAX_M, ALTITUDE_MIN_M } from '../geo/geojson-volumes.js';
import { parseRfc3339 } from '../geo/rfc3339.js';
import type { GeoProblem, GeoProblemCode, LonLat, Shape } from '../geo/shape.js';
import { validateShape } from '../geo/validate-shape.js';
import type { DeclaredVolume } from './declaration.js';
import type { Activity, DeclarationBody } from './declaration-schema.js';
import { timesFromSpeed } from './movement-legs.js';

export interface ReadDeclaration {
  validFrom: number;
  validUntil: number;
  volumes: DeclaredVolume[];
  activity: Activity | null;
}

export type DeclarationReading = { ok: true; read: ReadDeclaration } | { ok: false; problems: GeoProblem[] };

export const DEFAULT_DELAY_TOLERANCE_S = 1800;
const ROOT = '/command/declaration';

type Band = { altitude_lower_m?: number; altitude_upper_m?: number };

class Reader {
  readonly problems: GeoProblem[] = [];

  problem(field: string, reason: string, code?: GeoProblemCode): void {
    this.problems.push({ field: `${ROOT}${field}`, reason, ...(code ? { code } : {}) });
  }

  time(value: string, field: string, round: 'down' | 'up'): number | null {
    const time = parseRfc3339(value, round);
    if (time === null) this.problem(field, 'must be an RFC 3339 date-time with a time zone');
    return time;
  }

  window(start: string, end: string, startField: string, endField: string): [number, number] | null {
    // Sub-millisecond digits round outwards: a window may grow by under a millisecond, never shrink.
    const from = this.time(start, startField, 'down');
    const until = this.time(end, endField, 'up');
    if (from === null || until === null) return null;
    if (until <= from) {
      this.problem(endField, `must be after ${startField.split('/').pop()}`, 'ends-before-start');
      return null;
    }
    return [from, until];
  }

  shape(
    geometry: unknown,
    radiusM: number | undefined,
    allowed: readonly string[],
    geometryField: string,
    radiusField: string,
  ): Shape | null {
    const type = (geometry as { type: string }).type;
    if (!allowed.includes(type)) {
      this.problem(`${geometryField}/type`, `must be ${allowed.join(' or ')} here`);
      return null;
    }
    const validation = validateShape(
      { geometry, radiusM },
      { geometry: `${ROOT}${geometryField}`, radius: `${ROOT}${radiusField}` },
    );
    if (validation.ok) return validation.shape;
    this.problems.push(...validation.problems);
    return null;
  }

  band(band: Band, prefix: string, fullColumnByDefault: boolean): [number, number] | null {
    const lower = band.altitude_lower_m ?? (fullColumnByDefault ? ALTITUDE_MIN_M : undefined);
    const upper = band.altitude_upper_m ?? (fullColumnByDefault ? ALTITUDE_MAX_M : undefined);
    let ok = true;
    for (const [value, name] of [
      [lower, 'altitude_lower_m'],
      [upper, 'altitude_upper_m'],
    ] as const) {
      if (
        value === undefined ||
        !Number.isFinite(value) ||
        value < ALTITUDE_MIN_M ||
        value > ALTITUDE_MAX_M
      ) {
        this.problem(`${prefix}/${name}`, `must be between ${ALTITUDE_MIN_M} and ${ALTITUDE_MAX_M} metres`);
        ok = false;
      }
    }
    if (!ok) return null;
    if ((lower as number) > (upper as number)) {
      this.problem(`${prefix}/altitude_upper_m`, 'must not be below altitude_lower_m', 'band-upside-down');
      return null;
    }
    return [lower as number, upper as number];
  }
}

function volume(id: string, shape: Shape, band: [number, number], window: [number, number]): DeclaredVolume {
  return {
    id,
    shape,
    altitudeLowerM: band[0],
    altitudeUpperM: band[1],
    timeStart: window[0],
    timeEnd: window[1],
  };
}

/**
 * A site or movement protects the whole column above it unless it says otherwise: an aircraft at
 * 5,000 m over a hospital is a conflict. Operations and agreed areas must state their band.
 */
export function readDeclaration(body: DeclarationBody): DeclarationReading {
  const read = new Reader();
  const result = readKind(body, read);
  if (read.problems.length > 0 || result === null) return { ok: false, problems: read.problems };
  return { ok: true, read: result };
}

function readKind(body: DeclarationBody, read: Reader): ReadDeclaration | null {
  switch (body.kind) {
    case 'site': {
      const shape = read.shape(body.geometry, body.radius_m, ['Point', 'Polygon'], '/geometry', '/radius_m');
      const band = read.band(body, '', true);
      const window = read.window(body.valid_from, body.valid_until, '/valid_from', '/valid_until');
      if (!shape || !band || !window) return null;
      return {
        validFrom: window[0],
        validUntil: window[1],
        volumes: [volume(`${body.id}#0`, shape, band, window)],
        activity: null,
      };
    }
    case 'operation': {
      const volumes: DeclaredVolume[] = [];
      body.volumes.forEach((v, i) => {
        const at = `/volumes/${i}`;
        const shape = read.shape(
          v.geometry,
          v.radius_m,
          ['Point', 'Polygon'],
          `${at}/geometry`,
          `${at}/radius_m`,
        );
        const band = read.band(v, at, false);
        const window = read.window(v.time_start, v.time_end, `${at}/time_start`, `${at}/time_end`);
        if (shape && band && window) volumes.push(volume(`${body.id}#${i}`, shape, band, window));
      });
      if (volumes.length !== body.volumes.length) return null;
      return {
        validFrom: Math.min(...volumes.map((v) => v.timeStart)),
        validUntil: Math.max(...volumes.map((v) => v.timeEnd)),
        volumes,
        activity: body.activity,
      };
    }
    case 'movement':
      return readMovement(body, read);
    case 'zone':
    case 'line': {
      const shape =
        body.kind === 'zone'
          ? read.shape(body.geometry, body.radius_m, ['Point', 'Polygon'], '/geometry', '/radius_m')
          : read.shape(body.geometry, body.half_width_m, ['LineString'], '/geometry', '/half_width_m');
      const band = read.band(body, '', true);
      const validity = read.window(body.valid_from, body.valid_until, '/valid_from', '/valid_until');
      if (!validity) return null;
      const volumes: DeclaredVolume[] = [];
      for (const [i, restriction] of body.restrictions.entries()) {
        const at = `/restrictions/${i}`;
        const from =
          restriction.from === undefined ? validity[0] : read.time(restriction.from, `${at}/from`, 'down');
        const until =
          restriction.until === undefined ? validity[1] : read.time(restriction.until, `${at}/until`, 'up');
        if (from === null || until === null) continue;
        if (until <= from) {
          read.problem(`${at}/until`, 'must be after from');
          continue;
        }
        if (from < validity[0] || until > validity[1]) {
          read.problem(at, 'must lie within valid_from and valid_until');
          continue;
        }
        if (shape && band) {
          volumes.push({
            ...volume(`${body.id}#${i}`, shape, band, [from, until]),
            restriction: { party: restriction.party, activities: restriction.activities },
          });
        }
      }
      if (!shape || !band || volumes.length !== body.restrictions.length) return null;
      return { validFrom: validity[0], validUntil: validity[1], volumes, activity: null };
    }
  }
}

function readMovement(
  body: Extract<DeclarationBody, { kind: 'movement' }>,
  read: Reader,
): ReadDeclaration | null {
  const shape = read.shape(body.route, body.half_width_m, ['LineString'], '/route', '/half_width_m');
  const band = read.band(body, '', true);
  if (!shape || !band || shape.core.kind !== 'polyline') return null;
  const positions = shape.core.vertices.map((v) => v.lonLat as LonLat);
  let times: number[];
  if ('departure' in body.schedule) {
    const departure = read.time(body.schedule.departure, '/schedule/departure', 'down');
    if (departure === null) return null;
    times = timesFromSpeed(positions, departure, body.schedule.speed_kmh);
  } else {
    const given = body.schedule.waypoint_times;
    if (given.length !== positions.length) {
      read.problem('/schedule/waypoint_times', `must give one time per route position (${positions.length})`);
      return null;
    }
    const parsed = given.map((t, i) =>
      read.time(t, `/schedule/waypoint_times/${i}`, i === 0 ? 'down' : 'up'),
    );
    if (parsed.some((t) => t === null)) return null;
    times = parsed as number[];
    for (let i = 1; i < times.length; i++) {
      if ((times[i] as number) < (times[i - 1] as number)) {
        read.problem(`/schedule/waypoint_times/${i}`, 'must not be before the time of the previous position');
        return null;
      }
    }
  }
  // Each leg is its own volume, live from reaching its start until its end plus the tolerance: the
  // corridor ahead of a convoy is not protected all day, only while the convoy can be on it.
  const toleranceMs = (body.delay_tolerance_s ?? DEFAULT_DELAY_TOLERANCE_S) * 1000;
  const volumes: DeclaredVolume[] = [];
  for (let i = 1; i < positions.length; i++) {
    const leg: Shape = {
      core: {
        kind: 'polyline',
        vertices: [shape.core.vertices[i - 1], shape.core.vertices[i]] as typeof shape.core.vertices,
      },
      radiusM: shape.radiusM,
    };
    const window: [number, number] = [times[i - 1] as number, (times[i] as number) + toleranceMs];
    volumes.push(volume(`${body.id}#${i - 1}`, leg, band, window));
  }
  return {
    validFrom: times[0] as number,
    validUntil: (times[times.length - 1] as number) + toleranceMs,
    volumes,
    activity: 'movement',
  };
}

/** A window must not be wholly past, nor reach beyond the hub's horizon. */
export const MAX_HORIZON_MS = 366 * 86_400_000;

export function timelinessProblems(read: ReadDeclaration, now: number): GeoProblem[] {
  const problems: GeoProblem[] = [];
  if (read.validUntil <= now) {
    problems.push({
      field: ROOT,
      code: 'already-past',
      reason: `ends ${new Date(read.validUntil).toISOString()}, which is already past`,
    });
  }
  if (read.validUntil > now + MAX_HORIZON_MS) {
    problems.push({
      field: ROOT,
      code: 'too-far-ahead',
      reason: 'ends more than 366 days from now: declare it again nearer the time',
    });
  }
  return problems;
}
