// When a declared movement sets out and when it is due, read from the hub's listing: the window the
// hub gives it runs to its arrival plus the delay it is allowed, so the arrival is that much earlier.
import { DEFAULT_DELAY_TOLERANCE_S } from '../../src/deconfliction/read-declaration.js';
import type { DeclarationListing } from '../hub/views.js';

export function movementTimes(listing: DeclarationListing): { departure: number; arrival: number } {
  const body = listing.declaration;
  const schedule = body.schedule;
  const departure = schedule && 'departure' in schedule ? schedule.departure : schedule?.waypoint_times[0];
  const tolerance = (body.delay_tolerance_s ?? DEFAULT_DELAY_TOLERANCE_S) * 1000;
  return {
    departure: Date.parse(departure ?? listing.valid_from),
    arrival: Date.parse(listing.valid_until) - tolerance,
  };
}
