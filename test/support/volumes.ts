import type { Shape, Volume } from '../../src/geo/shape.js';

export const HOUR = 3_600_000;

/** A volume of the given shape from 0 to 1,000 m for one hour from `start`, unless overridden. */
export function testVolume(id: string, shape: Shape, start: number, overrides: Partial<Volume> = {}): Volume {
  return {
    id,
    shape,
    altitudeLowerM: 0,
    altitudeUpperM: 1000,
    timeStart: start,
    timeEnd: start + HOUR,
    ...overrides,
  };
}
