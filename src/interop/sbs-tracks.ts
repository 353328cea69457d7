// Tracks from an ADS-B receiver's SBS-1 lines. Mode S spreads one aircraft's state over separate
// transmissions, so they are merged per ICAO address: a report is made at each position (MSG 2 or 3)
// with the latest velocity (MSG 4) if it is recent, the latest altitude and callsign, in SI units.
// Aircraft not heard for a while are forgotten, so the table holds only what is in range.
import type { SbsMessage } from './sbs-message.js';
import type { TrackReport } from './track-report.js';

const METRES_PER_FOOT = 0.3048;
const METRES_PER_SECOND_PER_KNOT = 1852 / 3600;
/** A velocity older than this is not put beside a new position: the aircraft may have turned. */
export const VELOCITY_MAX_AGE_MS = 10_000;
const FORGET_AFTER_MS = 300_000;
const SWEEP_EVERY_MS = 60_000;

interface AircraftState {
  lastHeard: number;
  callsign: string | null;
  altitudeFt: number | null;
  velocity: { time: number; speedKt: number; trackDeg: number; verticalRateFpm: number | null } | null;
}

export class SbsTrackBuilder {
  private readonly aircraft = new Map<string, AircraftState>();
  private lastSweep = Number.NEGATIVE_INFINITY;

  /** @param source the registered feed the lines come from */
  constructor(private readonly source: string) {}

  /** How many aircraft are being followed. */
  get size(): number {
    return this.aircraft.size;
  }

  /** Takes in one message; a position yields the aircraft's track report. */
  accept(message: SbsMessage): TrackReport | null {
    if (message.kind !== 'MSG') return null;
    const now = message.generated;
    this.sweep(now);
    let state = this.aircraft.get(message.icao);
    if (state === undefined) {
      state = { lastHeard: now, callsign: null, altitudeFt: null, velocity: null };
      this.aircraft.set(message.icao, state);
    }
    state.lastHeard = Math.max(state.lastHeard, now);
    state.callsign = message.callsign ?? state.callsign;
    state.altitudeFt = message.altitude_ft ?? state.altitudeFt;
    if (message.ground_speed_kt !== null && message.track_deg !== null) {
      state.velocity = {
        time: now,
        speedKt: message.ground_speed_kt,
        trackDeg: message.track_deg,
        verticalRateFpm: message.vertical_rate_fpm,
      };
    }
    if (message.lat === null || message.lon === null) return null;
    const velocity =
      state.velocity !== null && now - state.velocity.time <= VELOCITY_MAX_AGE_MS ? state.velocity : null;
    // On the surface an aircraft is at the airfield's elevation, which SBS does not give.
    const altitudeFt = message.on_ground ? null : state.altitudeFt;
    return {
      id: `icao:${message.icao}`,
      source: this.source,
      time: now,
      lon: message.lon,
      lat: message.lat,
      alt_m: altitudeFt === null ? null : altitudeFt * METRES_PER_FOOT,
      alt_reference: 'pressure',
      ground_speed_mps: velocity === null ? null : velocity.speedKt * METRES_PER_SECOND_PER_KNOT,
      track_deg: velocity === null ? null : velocity.trackDeg % 360,
      vertical_rate_mps:
        velocity?.verticalRateFpm == null ? null : (velocity.verticalRateFpm * METRES_PER_FOOT) / 60,
      horizontal_error_m: null,
      callsign: state.callsign,
      stale: null,
    };
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (const [icao, state] of this.aircraft) {
      if (now - state.lastHeard > FORGET_AFTER_MS) this.aircraft.delete(icao);
    }
  }
}
