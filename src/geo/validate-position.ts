// GeoJSON positions: [lon, lat] or [lon, lat, altitude] in degrees. The altitude, when given, is
// ignored: altitude bands belong to the volume, not to its outline.
import type { GeoProblem, LonLat } from './shape.js';

/** The position at `field`, or null after adding every problem with it to `problems`. */
export function readPosition(value: unknown, field: string, problems: GeoProblem[]): LonLat | null {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3) {
    problems.push({ field, reason: 'a position is an array of 2 or 3 numbers: [longitude, latitude]' });
    return null;
  }
  let ok = true;
  for (let i = 0; i < value.length; i++) {
    const n: unknown = value[i];
    if (typeof n !== 'number' || !Number.isFinite(n)) {
      problems.push({ field: `${field}/${i}`, reason: 'must be a finite number' });
      ok = false;
    }
  }
  if (!ok) return null;
  const [lon, lat] = value as [number, number];
  if (lon < -180 || lon > 180) {
    problems.push({ field: `${field}/0`, reason: 'longitude must be between -180 and 180 degrees' });
    ok = false;
  }
  if (lat < -90 || lat > 90) {
    problems.push({ field: `${field}/1`, reason: 'latitude must be between -90 and 90 degrees' });
    ok = false;
  }
  return ok ? [lon, lat] : null;
}

/** Every position of an array of them, or null after listing every problem. */
export function readPositions(value: unknown, field: string, problems: GeoProblem[]): LonLat[] | null {
  if (!Array.isArray(value)) {
    problems.push({ field, reason: 'must be an array of positions' });
    return null;
  }
  const positions: LonLat[] = [];
  let ok = true;
  for (let i = 0; i < value.length; i++) {
    const position = readPosition(value[i], `${field}/${i}`, problems);
    if (position === null) ok = false;
    else positions.push(position);
  }
  return ok ? positions : null;
}
