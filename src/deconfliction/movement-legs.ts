// A movement's schedule as a time per route position: given outright, or from a departure and a
// steady speed along the geodesic legs.
import { geodesicDistanceM } from '../geo/geodesic.js';
import type { LonLat } from '../geo/shape.js';

export function timesFromSpeed(route: readonly LonLat[], departure: number, speedKmh: number): number[] {
  const metresPerMs = speedKmh / 3600;
  const times = [departure];
  for (let i = 1; i < route.length; i++) {
    const legM = geodesicDistanceM(route[i - 1] as LonLat, route[i] as LonLat);
    // Whole milliseconds, rounded up: arriving later widens the window, never narrows it.
    times.push((times[i - 1] as number) + Math.ceil(legM / metresPerMs));
  }
  return times;
}
