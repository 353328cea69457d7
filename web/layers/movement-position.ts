// Where a movement's vehicles are expected at a time, from its declared schedule: at departure plus
// distance over speed along the route, or interpolated between the times given per waypoint.
import { geoDistance, geoInterpolate } from 'd3-geo';

type Position = [number, number];
type Schedule = { departure: string; speed_kmh: number } | { waypoint_times: string[] };

export interface ExpectedPosition {
  position: Position;
  phase: 'waiting' | 'moving' | 'arrived';
}

const EARTH_RADIUS_KM = 6371.0088;

function waypointTimes(route: Position[], schedule: Schedule): number[] {
  if ('waypoint_times' in schedule) return schedule.waypoint_times.map((time) => Date.parse(time));
  const times = [Date.parse(schedule.departure)];
  for (let i = 1; i < route.length; i++) {
    const km = geoDistance(route[i - 1] as Position, route[i] as Position) * EARTH_RADIUS_KM;
    times.push((times[i - 1] as number) + (km / schedule.speed_kmh) * 3_600_000);
  }
  return times;
}

export function expectedPosition(route: Position[], schedule: Schedule, time: number): ExpectedPosition {
  const times = waypointTimes(route, schedule);
  if (time <= (times[0] as number)) return { position: route[0] as Position, phase: 'waiting' };
  for (let i = 1; i < route.length; i++) {
    const start = times[i - 1] as number;
    const end = times[i] as number;
    if (time <= end) {
      const along = end > start ? (time - start) / (end - start) : 1;
      return {
        position: geoInterpolate(route[i - 1] as Position, route[i] as Position)(along),
        phase: 'moving',
      };
    }
  }
  return { position: route[route.length - 1] as Position, phase: 'arrived' };
}
