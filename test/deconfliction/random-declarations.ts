// Random declarations of valid volumes for property tests: polygons, circles and corridors in a few
// theatres chosen to stress the index's boxes (mid-latitudes, across the antimeridian, around each
// pole), sizes from metres to tens of kilometres, windows and bands that often overlap.
import type { LonLat, Shape, Volume } from '../../src/geo/shape.js';
import { validateShape } from '../../src/geo/validate-shape.js';
import type { Prng } from '../support/prng.js';

const EARTH_RADIUS_M = 6_371_000;
const RAD = Math.PI / 180;
export const T0 = Date.parse('2016-09-17T00:00:00Z');
const HOUR = 3_600_000;

/** Theatre centres: Syria, on the antimeridian, near the north pole, at the south pole itself. */
const THEATRES: LonLat[] = [
  [36, 35],
  [180, -17],
  [45, 89.7],
  [0, -90],
];

/** The point `distanceM` from `from` along initial `bearingDeg`, on a sphere (good enough to place shapes). */
export function destination(from: LonLat, bearingDeg: number, distanceM: number): LonLat {
  const d = distanceM / EARTH_RADIUS_M;
  // At a pole every bearing is the same direction and the formula below divides rounding noise by
  // rounding noise: take the bearing as the meridian to follow instead.
  if (Math.abs(from[1]) === 90) {
    const lon = ((((bearingDeg + 180) % 360) + 360) % 360) - 180;
    return [lon, from[1] > 0 ? 90 - d / RAD : -90 + d / RAD];
  }
  const t = bearingDeg * RAD;
  const [l1, p1] = [from[0] * RAD, from[1] * RAD];
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(t));
  const l2 =
    l1 + Math.atan2(Math.sin(t) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  const lon = ((((l2 / RAD + 180) % 360) + 360) % 360) - 180;
  return [lon, p2 / RAD];
}

function shapeOf(geometry: unknown, radiusM?: number): Shape {
  const result = validateShape({ geometry, radiusM });
  if (!result.ok) throw new Error(`generated an invalid shape: ${JSON.stringify(result.problems)}`);
  return result.shape;
}

function randomShape(rng: Prng, centre: LonLat): Shape {
  const sizeM = rng.pick([20, 500, 3000, 15_000, 40_000]) * (0.5 + rng.next() / 2 ** 32);
  switch (rng.int(3)) {
    case 0: {
      // A star-shaped ring around the centre: simple by construction, counter-clockwise.
      const n = 3 + rng.int(6);
      const ring: LonLat[] = [];
      for (let i = 0; i < n; i++) {
        ring.push(
          destination(centre, -(360 * (i + rng.next() / 2 ** 33)) / n, sizeM * (0.4 + rng.next() / 2 ** 32)),
        );
      }
      return shapeOf({ type: 'Polygon', coordinates: [[...ring, ring[0]]] }, rng.chance(0.2) ? 100 : 0);
    }
    case 1:
      return shapeOf({ type: 'Point', coordinates: centre }, sizeM);
    default: {
      const route: LonLat[] = [centre];
      for (let i = 1 + rng.int(3); i > 0; i--) {
        route.push(destination(route[route.length - 1] as LonLat, rng.int(360), sizeM));
      }
      return shapeOf({ type: 'LineString', coordinates: route }, 5 + rng.int(500));
    }
  }
}

export function randomVolume(rng: Prng, id: string): Volume {
  const theatre = rng.pick(THEATRES);
  const centre = destination(
    theatre,
    rng.int(360),
    rng.next() / 2 ** 32 < 0.3 ? rng.int(3000) : rng.int(80_000),
  );
  const start = T0 + (rng.int(48) * HOUR) / 2 + rng.int(60_000);
  const lower = rng.int(3000);
  return {
    id,
    shape: randomShape(rng, centre),
    altitudeLowerM: lower,
    altitudeUpperM: lower + rng.int(1500),
    timeStart: start,
    timeEnd: start + rng.pick([0, 10 * 60_000, HOUR, 4 * HOUR, 30 * HOUR]),
  };
}

export function randomVolumes(rng: Prng, prefix: string): Volume[] {
  return Array.from({ length: 1 + rng.int(4) }, (_, i) => randomVolume(rng, `${prefix}/${i}`));
}
