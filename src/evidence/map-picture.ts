// The places an evidence bundle's declarations name, drawn as an inline SVG that needs no network:
// each declaration's points, routes and polygons, in an equirectangular projection scaled at the
// picture's middle latitude, labelled with the declaration's id. Deterministic, so a timeline
// regenerated from the same entries draws the same picture.
import type { Entry } from '../record/index.js';
import type { KeptPosition } from './kept-positions.js';

type Fields = Record<string, unknown>;
type LonLat = [number, number];

interface Shape {
  id: string;
  kind: 'Point' | 'LineString' | 'Polygon';
  points: LonLat[];
}

const WIDTH = 640;
const HEIGHT = 400;
const MARGIN = 40;

const isLonLat = (value: unknown): value is LonLat =>
  Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'number';

function shapeOf(id: string, geometry: unknown): Shape | null {
  const g = geometry as Fields | undefined;
  if (!g || !Array.isArray(g.coordinates)) return null;
  if (g.type === 'Point' && isLonLat(g.coordinates)) return { id, kind: 'Point', points: [g.coordinates] };
  if (g.type === 'LineString') return { id, kind: 'LineString', points: g.coordinates.filter(isLonLat) };
  if (g.type === 'Polygon' && Array.isArray(g.coordinates[0]))
    return { id, kind: 'Polygon', points: (g.coordinates[0] as unknown[]).filter(isLonLat) };
  return null;
}

/** The geometry of every declaration version among the entries, latest version last. */
export function declaredShapes(entries: readonly Entry[]): Shape[] {
  const shapes: Shape[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'declaration.submit' && entry.kind !== 'declaration.amend') continue;
    const d = entry.command.declaration as Fields;
    const id = String(d.id);
    const geometries = [
      d.geometry,
      d.route,
      ...(Array.isArray(d.volumes) ? d.volumes.map((v) => (v as Fields).geometry) : []),
    ];
    for (const geometry of geometries) {
      const shape = shapeOf(id, geometry);
      if (shape && shape.points.length > 0) shapes.push(shape);
    }
  }
  return shapes;
}

/** Each track's kept positions as a path, in time order (a single position is a point). */
export function trackPaths(positions: readonly KeptPosition[]): Shape[] {
  const byTrack = new Map<string, KeptPosition[]>();
  for (const p of positions) {
    const key = p[1];
    byTrack.set(key, [...(byTrack.get(key) ?? []), p]);
  }
  return [...byTrack]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, list]) => {
      const points = [...list].sort((a, b) => a[2] - b[2]).map((p): LonLat => [p[3], p[4]]);
      return { id: `track ${key}`, kind: points.length === 1 ? 'Point' : 'LineString', points };
    });
}

/** Text made safe inside SVG and HTML elements and attributes. */
export const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An SVG element of the shapes, or a note saying there are none. */
export function mapPicture(shapes: readonly Shape[]): string {
  const all = shapes.flatMap((s) => s.points);
  if (all.length === 0) return '<p>No declared geometry in this bundle.</p>';
  // A loop, not Math.min(...): a bundle may hold more kept positions than a call takes arguments.
  let [west, east, south, north] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [lon, lat] of all) {
    west = Math.min(west, lon);
    east = Math.max(east, lon);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  }
  const cosLat = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const spanX = Math.max((east - west) * cosLat, 1e-3);
  const spanY = Math.max(north - south, 1e-3);
  const scale = Math.min((WIDTH - 2 * MARGIN) / spanX, (HEIGHT - 2 * MARGIN) / spanY);
  const project = ([lon, lat]: LonLat): [string, string] => [
    (MARGIN + (lon - west) * cosLat * scale).toFixed(1),
    (HEIGHT - MARGIN - (lat - south) * scale).toFixed(1),
  ];
  const parts = shapes.map((shape, i) => {
    const hue = (i * 67) % 360;
    const stroke = `hsl(${hue},70%,35%)`;
    const [x, y] = project(shape.points[0] as LonLat);
    const label = `<text x="${x}" y="${y}" dx="6" dy="-6" font-size="11" fill="${stroke}">${escapeXml(shape.id)}</text>`;
    if (shape.kind === 'Point') return `<circle cx="${x}" cy="${y}" r="5" fill="${stroke}"/>${label}`;
    const points = shape.points.map((p) => project(p).join(',')).join(' ');
    const element = shape.kind === 'Polygon' ? 'polygon' : 'polyline';
    const fill = shape.kind === 'Polygon' ? `hsla(${hue},70%,50%,0.2)` : 'none';
    return `<${element} points="${points}" fill="${fill}" stroke="${stroke}" stroke-width="2"/>${label}`;
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="Declared places">` +
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#f4f1ea"/>${parts.join('')}` +
    `<text x="8" y="${HEIGHT - 8}" font-size="10" fill="#555">${west.toFixed(3)}…${east.toFixed(3)}°E, ${south.toFixed(3)}…${north.toFixed(3)}°N</text></svg>`
  );
}
