// The shapes of declared volumes. Every shape is a core (a point, a polyline or a polygon region)
// grown by a geodesic radius: a circle is a point grown by its radius, a corridor a route grown by
// its half-width, an outline a polygon grown by nothing. Two shapes are within d of each other
// exactly when their cores are within d + both radii, so one distance function serves every pair.

/** A WGS84 position in degrees, GeoJSON order. */
export type LonLat = readonly [lon: number, lat: number];

/** A unit vector of R³: the direction of the surface normal at a geodetic position (an n-vector). */
export type Vec3 = readonly [x: number, y: number, z: number];

/** A vertex: as declared, and as the unit vector the exact predicates work on. */
export interface Vertex {
  lonLat: LonLat;
  n: Vec3;
}

/**
 * Polygon edges and route legs are great-circle arcs between their vertices (ASTM F3548): the
 * shorter arc of the great circle through both n-vectors.
 */
export type Core =
  | { kind: 'point'; at: Vertex }
  | { kind: 'polyline'; vertices: Vertex[] }
  /** A ring of distinct vertices, counter-clockwise seen from outside the Earth, not repeated at the end; the region it bounds is the one smaller than a hemisphere. */
  | { kind: 'polygon'; ring: Vertex[] };

export interface Shape {
  core: Core;
  /** Geodesic metres added around the core (0 for an outline). */
  radiusM: number;
}

/** A 4D extent: a shape, an altitude band in metres above the WGS84 ellipsoid, a closed time window. */
export interface Volume {
  id: string;
  shape: Shape;
  altitudeLowerM: number;
  altitudeUpperM: number;
  /** Milliseconds since the epoch. */
  timeStart: number;
  timeEnd: number;
}

/** Separation minima: closer than all three at once is a conflict. Touching (equal) counts. */
export interface Separation {
  horizontalM: number;
  verticalM: number;
  timeS: number;
}

/** How two volumes in conflict relate. */
export interface ConflictMeasures {
  /** Where the two time windows overlap, or null when they are apart but within the time minimum. */
  overlap: { start: number; end: number } | null;
  /** Seconds between the windows; 0 when they overlap. */
  timeGapS: number;
  /** Geodesic metres between the shapes; 0 when they overlap or touch. */
  horizontalDistanceM: number;
  /** Metres between the altitude bands; 0 when they overlap. */
  verticalGapM: number;
}

/** Something wrong with an input shape, named by a JSON pointer relative to what was validated. */
export interface GeoProblem {
  field: string;
  reason: string;
  /**
   * For the problems a form explains in its reader's language before anything is sent; the API
   * gives the reason only.
   */
  code?: GeoProblemCode;
}

export type GeoProblemCode =
  | 'self-crossing'
  | 'too-large'
  | 'band-upside-down'
  | 'ends-before-start'
  | 'already-past'
  | 'too-far-ahead';
