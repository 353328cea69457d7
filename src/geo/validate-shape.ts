// From declared GeoJSON geometry (plus a radius or half-width) to a Shape, or every problem with it.
//   Polygon    one ring, no holes; the region is the smaller side, wound counter-clockwise here
//   Point      a circle: radius > 0
//   LineString a corridor: half-width > 0, at least 2 distinct vertices
// Shapes across the antimeridian or around a pole need nothing special: the geometry is on the
// sphere, where longitude 180 is an ordinary meridian.

import { arcEndpointsProblem } from './arc-endpoints.js';
import { vertexAt } from './n-vector.js';
import type { Core, GeoProblem, LonLat, Shape, Vertex } from './shape.js';
import { readPosition, readPositions } from './validate-position.js';
import { MAX_RING_VERTICES, readRing } from './validate-ring.js';

/** The largest radius or corridor half-width: a theatre is hundreds of kilometres, not thousands. */
export const MAX_RADIUS_M = 1_000_000;

export const MAX_ROUTE_VERTICES = MAX_RING_VERTICES;

export type ShapeValidation = { ok: true; shape: Shape } | { ok: false; problems: GeoProblem[] };

export interface ShapeInput {
  geometry: unknown;
  /** The circle's radius, the corridor's half-width, or (optional, default 0) a margin around a polygon. */
  radiusM?: unknown;
}

export interface ShapeFields {
  /** JSON pointer of the geometry in what the caller validates; default "/geometry". */
  geometry?: string;
  /** JSON pointer of the radius; default "/radiusM". */
  radius?: string;
}

export function validateShape(input: ShapeInput, fields: ShapeFields = {}): ShapeValidation {
  const geometryField = fields.geometry ?? '/geometry';
  const radiusField = fields.radius ?? '/radiusM';
  const problems: GeoProblem[] = [];
  const geometry = input.geometry;
  if (typeof geometry !== 'object' || geometry === null || Array.isArray(geometry)) {
    return { ok: false, problems: [{ field: geometryField, reason: 'must be a GeoJSON geometry object' }] };
  }
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  const at = `${geometryField}/coordinates`;
  let core: Core | null = null;
  switch (type) {
    case 'Point': {
      const position = readPosition(coordinates, at, problems);
      if (position) core = { kind: 'point', at: vertexAt(position) };
      break;
    }
    case 'LineString': {
      const positions = readPositions(coordinates, at, problems);
      if (positions) core = readRoute(positions, at, problems);
      break;
    }
    case 'Polygon': {
      if (!Array.isArray(coordinates) || coordinates.length === 0) {
        problems.push({ field: at, reason: 'a Polygon needs exactly one ring' });
        break;
      }
      if (coordinates.length > 1) {
        problems.push({
          field: `${at}/1`,
          reason: 'polygons with holes are not supported: declare one outer ring',
        });
      }
      const positions = readPositions(coordinates[0], `${at}/0`, problems);
      if (positions) {
        const ring = readRing(positions, `${at}/0`, problems);
        if (ring) core = { kind: 'polygon', ring };
      }
      break;
    }
    default:
      problems.push({ field: `${geometryField}/type`, reason: 'must be "Point", "LineString" or "Polygon"' });
  }
  const radiusM = readRadius(input.radiusM, type === 'Polygon', radiusField, problems);
  if (problems.length > 0 || core === null || radiusM === null) return { ok: false, problems };
  return { ok: true, shape: { core, radiusM } };
}

function readRoute(positions: readonly LonLat[], field: string, problems: GeoProblem[]): Core | null {
  if (positions.length < 2) {
    problems.push({ field, reason: 'a LineString needs at least 2 positions' });
    return null;
  }
  if (positions.length > MAX_ROUTE_VERTICES) {
    problems.push({ field, reason: `a LineString may have at most ${MAX_ROUTE_VERTICES} positions` });
    return null;
  }
  const vertices: Vertex[] = positions.map(vertexAt);
  let ok = true;
  for (let i = 1; i < vertices.length; i++) {
    const a = (vertices[i - 1] as Vertex).n;
    const b = (vertices[i] as Vertex).n;
    const problem = arcEndpointsProblem(a, b, `${field}/${i}`);
    if (problem) {
      problems.push(problem);
      ok = false;
    }
  }
  // A route may cross itself (a patrol loop does); only its legs must be defined.
  return ok ? { kind: 'polyline', vertices } : null;
}

function readRadius(value: unknown, optional: boolean, field: string, problems: GeoProblem[]): number | null {
  if (value === undefined && optional) return 0;
  const what = optional ? 'a margin' : 'required, a number of metres';
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push({ field, reason: `must be a finite number of metres (${what})` });
    return null;
  }
  if (optional ? value < 0 : value <= 0) {
    problems.push({ field, reason: optional ? 'must not be negative' : 'must be greater than 0' });
    return null;
  }
  if (value > MAX_RADIUS_M) {
    problems.push({ field, code: 'too-large', reason: `must be at most ${MAX_RADIUS_M} metres` });
    return null;
  }
  return value;
}
