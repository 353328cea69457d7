// The whole of what a declaration covers, to fit the map to: a site's or zone's area, a line or a
// movement's route, every volume of an operation.
import type { DeclarationBody } from '../hub/views.js';
import { areaOf } from './geo-shapes.js';

export function declarationExtent(body: DeclarationBody): GeoJSON.GeometryCollection {
  const shapes: GeoJSON.Geometry[] = [];
  if (body.geometry) shapes.push(areaOf(body.geometry, body.radius_m));
  if (body.route) shapes.push(body.route as GeoJSON.LineString);
  for (const volume of body.volumes ?? []) shapes.push(areaOf(volume.geometry, volume.radius_m));
  return { type: 'GeometryCollection', geometries: shapes };
}
