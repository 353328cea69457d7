// Declarations as a party would write them, for tests: small shapes around Aleppo and Deir ez-Zor,
// times relative to a given instant.
import type { LonLat } from '../../src/geo/shape.js';

export const HOUR_MS = 3_600_000;
export const iso = (ms: number) => new Date(ms).toISOString();

/** A square of `sizeDeg` degrees with its south-west corner at `sw`, as a GeoJSON Polygon. */
export function squareGeometry(sw: LonLat, sizeDeg: number) {
  const [x, y] = sw;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + sizeDeg, y],
        [x + sizeDeg, y + sizeDeg],
        [x, y + sizeDeg],
        [x, y],
      ],
    ],
  };
}

export function site(id: string, at: LonLat, radiusM: number, from: number, hours = 48, extra = {}) {
  return {
    kind: 'site',
    id,
    title: `Site ${id}`,
    visibility: [],
    function: 'hospital',
    geometry: { type: 'Point', coordinates: [...at] },
    radius_m: radiusM,
    valid_from: iso(from),
    valid_until: iso(from + hours * HOUR_MS),
    ...extra,
  };
}

export function operation(id: string, sw: LonLat, sizeDeg: number, from: number, hours = 2, extra = {}) {
  return {
    kind: 'operation',
    id,
    title: `Operation ${id}`,
    visibility: [],
    activity: 'air',
    volumes: [
      {
        geometry: squareGeometry(sw, sizeDeg),
        altitude_lower_m: 0,
        altitude_upper_m: 6000,
        time_start: iso(from),
        time_end: iso(from + hours * HOUR_MS),
      },
    ],
    ...extra,
  };
}
