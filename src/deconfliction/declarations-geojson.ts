// Declarations as GeoJSON (RFC 7946), for planners' GIS (QGIS, GDAL, Google Earth through KML) and
// the parties' own systems. The hub's edges are great-circle arcs and its circles geodesic, where
// GeoJSON's edges are straight in longitude and latitude: long edges are cut into steps short enough
// that the drawing stays within a metre of the arc, and a circle is drawn as a polygon around it
// (its centre and radius kept in the properties). Rings turn counter-clockwise, RFC 7946's
// right-hand rule. A declaration is one feature, an operation one per volume, ids as the hub's.
import type { Feature, FeatureCollection, Geometry as GeoJsonGeometry, Position } from 'geojson';
import { geodesicDestination, MIN_METRES_PER_RADIAN } from '../geo/geodesic.js';
import { pointsAlongArc } from '../geo/great-circle-arc.js';
import { lonLatOf, nVector } from '../geo/n-vector.js';
import type { LonLat, Shape, Vec3 } from '../geo/shape.js';
import { declarationView } from './declaration-view.js';
import type { DeconflictionState, KnownDeclaration } from './deconfliction-state.js';

/** Whether each declaration binds now: a zone or line of a suspended agreement is shown suspended. */
type Standing = Pick<DeconflictionState, 'binds'>;

/**
 * At most 5 km a step: an arc strays from the straight line in longitude and latitude by about
 * s² tan φ / 8R, under a metre for 5 km below 60° of latitude.
 */
const MAX_STEP_RAD = 5_000 / MIN_METRES_PER_RADIAN;
/** A circle's polygon: its edges lie outside the circle, so the drawing never shows less than is protected. */
const CIRCLE_VERTICES = 72;

type Properties = Record<string, unknown>;

const position = (lonLat: LonLat): Position => [lonLat[0], lonLat[1]];

/** The positions along a path of great-circle arcs, the last vertex included. */
function alongArcs(vertices: readonly Vec3[], closed: boolean): Position[] {
  const path = closed ? [...vertices, vertices[0] as Vec3] : vertices;
  const positions: Position[] = [];
  for (let i = 0; i + 1 < path.length; i++)
    for (const point of pointsAlongArc(path[i] as Vec3, path[i + 1] as Vec3, MAX_STEP_RAD))
      positions.push(position(lonLatOf(point)));
  positions.push(position(lonLatOf(path.at(-1) as Vec3)));
  return positions;
}

/** A geodesic circle as a counter-clockwise ring whose straight edges pass just outside it. */
function circleRing(center: LonLat, radiusM: number): Position[] {
  const reach = radiusM / Math.cos(Math.PI / CIRCLE_VERTICES);
  const ring: Position[] = [];
  // Azimuths run clockwise from north: taken in decreasing order the ring turns counter-clockwise.
  for (let i = 0; i < CIRCLE_VERTICES; i++)
    ring.push(position(geodesicDestination(center, 360 - (i * 360) / CIRCLE_VERTICES, reach)));
  ring.push(ring[0] as Position);
  return ring;
}

/** A shape as the hub holds it (rings already counter-clockwise); a corridor as its centre line. */
function geometryOf(shape: Shape): GeoJsonGeometry {
  const { core, radiusM } = shape;
  switch (core.kind) {
    case 'point':
      return radiusM > 0
        ? { type: 'Polygon', coordinates: [circleRing(core.at.lonLat, radiusM)] }
        : { type: 'Point', coordinates: position(core.at.lonLat) };
    case 'polygon':
      return {
        type: 'Polygon',
        coordinates: [
          alongArcs(
            core.ring.map((vertex) => vertex.n),
            true,
          ),
        ],
      };
    case 'polyline':
      return {
        type: 'LineString',
        coordinates: alongArcs(
          core.vertices.map((vertex) => vertex.n),
          false,
        ),
      };
  }
}

/**
 * What the hub says of every declaration, flat, so that GIS tables and KML show it as columns; the
 * title and notes as `name` and `description`, the fields GIS and KML label features with.
 */
function commonProperties(declaration: KnownDeclaration, standing: Standing): Properties {
  const { declaration: body, visibility, ...view } = declarationView(declaration, standing);
  return {
    name: body.title,
    ...(body.notes === undefined ? {} : { description: body.notes }),
    ...view,
    visibility: visibility.join(','),
  };
}

/** A contact as one line: name, then whichever of phone, radio and email it gives. */
const contactText = (contact: { name: string; phone?: string; radio?: string; email?: string }) =>
  [contact.name, contact.phone, contact.radio, contact.email].filter(Boolean).join(', ');

const band = (lower: number | undefined, upper: number | undefined): Properties => ({
  ...(lower === undefined ? {} : { altitude_lower_m: lower }),
  ...(upper === undefined ? {} : { altitude_upper_m: upper }),
});

function features(declaration: KnownDeclaration, standing: Standing): Feature[] {
  const body = declaration.body;
  const common = commonProperties(declaration, standing);
  const first = declaration.volumes[0];
  const feature = (id: string, geometry: GeoJsonGeometry, properties: Properties): Feature => ({
    type: 'Feature',
    id,
    geometry,
    properties: { ...common, ...properties },
  });
  switch (body.kind) {
    case 'site':
      if (!first) return [];
      return [
        feature(declaration.id, geometryOf(first.shape), {
          function: body.function,
          ...(body.radius_m === undefined ? {} : { radius_m: body.radius_m }),
          ...band(first.altitudeLowerM, first.altitudeUpperM),
        }),
      ];
    case 'zone':
    case 'line':
      if (!first) return [];
      return [
        feature(declaration.id, geometryOf(first.shape), {
          agreement: body.agreement,
          ...(body.kind === 'zone' && body.radius_m !== undefined ? { radius_m: body.radius_m } : {}),
          ...(body.kind === 'line' ? { half_width_m: body.half_width_m } : {}),
          ...band(first.altitudeLowerM, first.altitudeUpperM),
          restricted: body.restrictions
            .map((restriction) => `${restriction.party}: ${restriction.activities.join(', ')}`)
            .join('; '),
        }),
      ];
    case 'movement': {
      const route = (body.route.coordinates as LonLat[]).map((lonLat) => nVector(lonLat));
      return [
        feature(
          declaration.id,
          { type: 'LineString', coordinates: alongArcs(route, false) },
          {
            half_width_m: body.half_width_m,
            ...('departure' in body.schedule
              ? { departure: body.schedule.departure, speed_kmh: body.schedule.speed_kmh }
              : { waypoint_times: body.schedule.waypoint_times.join(',') }),
            vehicles: body.vehicles.count,
            ...(body.vehicles.markings === undefined ? {} : { markings: body.vehicles.markings }),
            ...(body.vehicles.plates === undefined ? {} : { plates: body.vehicles.plates.join(',') }),
            armed_escort: body.armed_escort,
            personnel: body.personnel,
            ...(body.origin === undefined ? {} : { origin: body.origin }),
            ...(body.destination === undefined ? {} : { destination: body.destination }),
            ...(body.cargo === undefined ? {} : { cargo: body.cargo }),
            ...(body.contacts === undefined ? {} : { contacts: body.contacts.map(contactText).join('; ') }),
            ...band(body.altitude_lower_m, body.altitude_upper_m),
          },
        ),
      ];
    }
    case 'operation':
      // Volumes are read one to one from the declared ones, in order.
      return declaration.volumes.map((volume, index) =>
        feature(`${declaration.id}#${index}`, geometryOf(volume.shape), {
          activity: body.activity,
          volume: index,
          time_start: new Date(volume.timeStart).toISOString(),
          time_end: new Date(volume.timeEnd).toISOString(),
          ...band(volume.altitudeLowerM, volume.altitudeUpperM),
        }),
      );
  }
}

export function declarationsGeoJson(
  declarations: readonly KnownDeclaration[],
  standing: Standing,
): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: declarations.flatMap((declaration) => features(declaration, standing)),
  };
}
