// Random operations over one theatre, shared by the benchmarks that need many live volumes: the
// conflict index against PostGIS, and admissions through the hub. Deterministic for a seed, so that
// separate processes (a signing worker, the hub, the PostGIS loader) can make the same volumes.

import type { Core, LonLat, Shape, Volume } from '../../src/geo/shape.js';
import { validateShape } from '../../src/geo/validate-shape.js';
import { destination } from '../../test/deconfliction/random-declarations.js';
import type { Prng } from '../../test/support/prng.js';

/** Theatre: 300 km × 300 km around 35.5°N 39.5°E (a degree of longitude is ~90.8 km there). */
export const LAT = [34.15, 36.85] as const;
export const LON = [37.85, 41.15] as const;
export const MINUTE = 60_000;
export const WEEK = 7 * 24 * 60 * MINUTE;
/** The largest radius a generated shape has: PostGIS's index condition must use a constant reach. */
export const MAX_RADIUS_M = 5000;

/** A GeoJSON geometry with the radius (circle, buffer, corridor half-width) the hub reads beside it. */
export interface GeneratedGeometry {
  geometry: { type: 'Point' | 'LineString' | 'Polygon'; coordinates: unknown };
  radiusM: number;
}

/** One volume as generated: its GeoJSON and what the geometry reader makes of it. */
export interface GeneratedVolume extends GeneratedGeometry {
  altitudeLowerM: number;
  altitudeUpperM: number;
  timeStart: number;
  timeEnd: number;
}

export interface OperationOptions {
  /** Start of the week the operations fall in, ms. */
  t0: number;
  /** Whether corridors (LineString) may be drawn; a hub operation holds only circles and polygons. */
  corridors?: boolean;
  /** Where the operation is centred; by default anywhere in the theatre. */
  centre?: LonLat;
}

export function uniform(rng: Prng, lo: number, hi: number): number {
  return lo + (rng.next() / 2 ** 32) * (hi - lo);
}

export function shapeOf({ geometry, radiusM }: GeneratedGeometry): Shape {
  const result = validateShape({ geometry, radiusM });
  if (!result.ok) throw new Error(`generated an invalid shape: ${JSON.stringify(result.problems)}`);
  return result.shape;
}

/**
 * A circle (radius 200 m–5 km), a small polygon (300 m–3 km) or a corridor (legs 1–8 km, 50–500 m
 * wide). Without corridors the draw that would have made one makes a circle or polygon instead, in
 * the same 40:35 proportion, taking the same random numbers.
 */
function randomGeometry(rng: Prng, centre: LonLat, corridors: boolean): GeneratedGeometry {
  const kind = (rng.next() / 2 ** 32) * (corridors ? 1 : 0.75);
  if (kind < 0.4) return { geometry: { type: 'Point', coordinates: centre }, radiusM: 200 + rng.int(4801) };
  if (kind < 0.75) {
    const n = 4 + rng.int(5);
    const size = uniform(rng, 300, 3000);
    const ring: LonLat[] = [];
    // Decreasing bearings: counter-clockwise seen from outside the Earth.
    for (let i = 0; i < n; i++)
      ring.push(destination(centre, -(360 * (i + rng.next() / 2 ** 33)) / n, size * uniform(rng, 0.4, 1)));
    return {
      geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] },
      radiusM: rng.chance(0.2) ? 50 : 0,
    };
  }
  const route: LonLat[] = [centre];
  for (let i = 1 + rng.int(3); i > 0; i--)
    route.push(destination(route[route.length - 1] as LonLat, rng.int(360), uniform(rng, 1000, 8000)));
  return { geometry: { type: 'LineString', coordinates: route }, radiusM: 50 + rng.int(451) };
}

/** One operation's volumes as GeoJSON: `count` near one place, in consecutive windows of 15 min–4 h. */
export function randomOperationGeometry(
  rng: Prng,
  count: number,
  options: OperationOptions,
): GeneratedVolume[] {
  const corridors = options.corridors ?? true;
  const centre: LonLat = options.centre ?? [uniform(rng, LON[0], LON[1]), uniform(rng, LAT[0], LAT[1])];
  let start = options.t0 + rng.int(WEEK - 4 * 60 * MINUTE);
  const volumes: GeneratedVolume[] = [];
  for (let i = 0; i < count; i++) {
    const lower = rng.int(3000);
    const duration = 15 * MINUTE + rng.int(225 * MINUTE);
    volumes.push({
      ...randomGeometry(rng, destination(centre, rng.int(360), rng.int(5000)), corridors),
      altitudeLowerM: lower,
      altitudeUpperM: lower + 100 + rng.int(1401),
      timeStart: start,
      timeEnd: start + duration,
    });
    start += duration - rng.int(duration / 2);
  }
  return volumes;
}

/** A generated volume as the geometry reader makes it. */
export function volumeOf(generated: GeneratedVolume, id: string): Volume {
  return {
    id,
    shape: shapeOf(generated),
    altitudeLowerM: generated.altitudeLowerM,
    altitudeUpperM: generated.altitudeUpperM,
    timeStart: generated.timeStart,
    timeEnd: generated.timeEnd,
  };
}

/** One operation: `count` volumes, numbered from `firstId`. */
export function randomOperation(
  rng: Prng,
  count: number,
  firstId: number,
  options: OperationOptions,
): Volume[] {
  return randomOperationGeometry(rng, count, options).map((v, i) => volumeOf(v, String(firstId + i)));
}

/** The core as WKT, for PostGIS's ST_GeogFromText. */
export function wktOf(core: Core): string {
  const xy = (p: LonLat) => `${p[0]} ${p[1]}`;
  switch (core.kind) {
    case 'point':
      return `POINT(${xy(core.at.lonLat)})`;
    case 'polyline':
      return `LINESTRING(${core.vertices.map((v) => xy(v.lonLat)).join(',')})`;
    default: {
      const ring = core.ring.map((v) => xy(v.lonLat));
      return `POLYGON((${[...ring, ring[0]].join(',')}))`;
    }
  }
}

export const iso = (ms: number) => new Date(ms).toISOString();
