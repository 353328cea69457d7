// Shapes drawn in a TAK client: u-d-f is a free line or polygon through <link point="lat,lon[,hae]">
// vertices (closed when the last repeats the first, as ATAK writes polygons), u-d-r a rectangle of
// four corners, u-d-c-c a circle round the event's point with its radius in <shape><ellipse major>.
import type { LonLat } from '../geo/shape.js';
import type { CotEvent } from './cot-event.js';
import { childElement, childElements } from './xml-element.js';

export type CotShape =
  | { kind: 'polyline'; points: LonLat[] }
  /** Vertices in order, not repeated at the end. */
  | { kind: 'polygon'; points: LonLat[] }
  | { kind: 'circle'; center: LonLat; radius_m: number };

export const SHAPE_TYPES = { freehand: 'u-d-f', rectangle: 'u-d-r', circle: 'u-d-c-c' } as const;

/** The shape a drawing event describes, or why it describes none. */
export function readCotShape(event: CotEvent): CotShape | string {
  if (event.type === SHAPE_TYPES.circle) return readCircle(event);
  const points: LonLat[] = [];
  for (const link of childElements(event.detail, 'link')) {
    const point = link.attributes.point;
    if (point === undefined) continue;
    const [lat, lon] = point.split(',').map(Number);
    if (!(lat !== undefined && Math.abs(lat) <= 90 && lon !== undefined && Math.abs(lon) <= 180)) {
      return `link point "${point}" is not a latitude and longitude`;
    }
    points.push([lon, lat]);
  }
  if (event.type === SHAPE_TYPES.rectangle) {
    return points.length === 4 ? { kind: 'polygon', points } : 'a rectangle has four corners';
  }
  const first = points[0];
  const last = points.at(-1);
  const closed = points.length > 3 && first !== undefined && last?.[0] === first[0] && last[1] === first[1];
  if (closed) return { kind: 'polygon', points: points.slice(0, -1) };
  return points.length >= 2 ? { kind: 'polyline', points } : 'a line has at least two points';
}

function readCircle(event: CotEvent): CotShape | string {
  const ellipse = childElement(childElement(event.detail, 'shape') ?? event.detail, 'ellipse');
  const radius = Number(ellipse?.attributes.major);
  if (!(radius > 0 && Number.isFinite(radius))) return 'a circle needs <shape><ellipse major> in metres';
  return { kind: 'circle', center: [event.point.lon, event.point.lat], radius_m: radius };
}
