// GeoJSON shapes for what the hub states as numbers: circles by radius, conflict cells by bounds,
// positions dead-reckoned from a track's speed and course.
import { geoArea, geoCircle } from 'd3-geo';

const EARTH_RADIUS_M = 6_371_008.8;

export function circlePolygon(center: [number, number], radiusM: number): GeoJSON.Polygon {
  return geoCircle()
    .center(center)
    .radius(((radiusM / EARTH_RADIUS_M) * 180) / Math.PI)
    .precision(2)();
}

/** A west, south, east, north cell as a polygon with meridian and parallel edges. */
export function cellPolygon([west, south, east, north]: [number, number, number, number]): GeoJSON.Polygon {
  const edge = (from: [number, number], to: [number, number]) =>
    Array.from({ length: 8 }, (_, i): [number, number] => [
      from[0] + ((to[0] - from[0]) * i) / 8,
      from[1] + ((to[1] - from[1]) * i) / 8,
    ]);
  // Parallels are not great circles: sample them so d3 does not bow them.
  const ring = [
    ...edge([west, south], [west, north]),
    ...edge([west, north], [east, north]),
    ...edge([east, north], [east, south]),
    ...edge([east, south], [west, south]),
    [west, south] as [number, number],
  ];
  return smallerSide({ type: 'Polygon', coordinates: [ring] });
}

/**
 * The hub reads a polygon as the smaller of the two areas its ring bounds, whichever way it winds
 * (GeoJSON winds counter-clockwise); d3 fills the area to the right of the ring, so rings that would
 * cover the rest of the globe are turned round.
 */
export function smallerSide(polygon: GeoJSON.Polygon): GeoJSON.Polygon {
  if (geoArea(polygon) <= 2 * Math.PI) return polygon;
  return { type: 'Polygon', coordinates: polygon.coordinates.map((ring) => [...ring].reverse()) };
}

/** The shape a declaration's geometry covers: a polygon as given, a point as its circle. */
export function areaOf(geometry: { type: string; coordinates: unknown[] }, radiusM = 0): GeoJSON.Geometry {
  if (geometry.type === 'Point') return circlePolygon(geometry.coordinates as [number, number], radiusM);
  return geometry.type === 'Polygon'
    ? smallerSide(geometry as GeoJSON.Polygon)
    : (geometry as GeoJSON.Geometry);
}

/** A representative point for a symbol: the point itself, else the mean of the vertices. */
export function anchorOf(geometry: { type: string; coordinates: unknown[] }): [number, number] {
  if (geometry.type === 'Point') return geometry.coordinates as [number, number];
  const vertices = (
    geometry.type === 'Polygon' ? (geometry.coordinates[0] as number[][]).slice(0, -1) : geometry.coordinates
  ) as [number, number][];
  const sum = vertices.reduce((total, [x, y]) => [total[0] + x, total[1] + y], [0, 0]);
  return [sum[0] / vertices.length, sum[1] / vertices.length];
}

/**
 * Where a track will be after `distanceM` along the great circle leaving `position` on `bearingDeg`:
 * its dead-reckoned position, drawn as the leader of its velocity and as predicted closest points.
 */
export function ahead(position: [number, number], bearingDeg: number, distanceM: number): [number, number] {
  const radians = Math.PI / 180;
  const lon = position[0] * radians;
  const lat = position[1] * radians;
  const bearing = bearingDeg * radians;
  const angle = distanceM / EARTH_RADIUS_M;
  const lat2 = Math.asin(
    Math.sin(lat) * Math.cos(angle) + Math.cos(lat) * Math.sin(angle) * Math.cos(bearing),
  );
  const lon2 =
    lon +
    Math.atan2(
      Math.sin(bearing) * Math.sin(angle) * Math.cos(lat),
      Math.cos(angle) - Math.sin(lat) * Math.sin(lat2),
    );
  return [((lon2 / radians + 540) % 360) - 180, lat2 / radians];
}
