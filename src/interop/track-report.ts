// What a feed tells the watch about one of its party's own assets: one position at one time, in SI
// units, whatever the wire format was. Fields are snake_case like the hub's JSON, so a report from
// TAK or ADS-B is the same object as one posted over HTTP.

/** How `alt_m` was measured: TAK sends height above the WGS84 ellipsoid, ADS-B barometric altitude. */
export type AltitudeReference = 'hae' | 'pressure';

export interface TrackReport {
  /** The asset's id within its source: a CoT uid, or `icao:<hex>` for an aircraft. */
  id: string;
  /** The feed it came through, as the hub registered it; the hub maps it to one party. */
  source: string;
  /** When the position was measured, milliseconds since the epoch. */
  time: number;
  lon: number;
  lat: number;
  /** Metres; null when the sender did not know. */
  alt_m: number | null;
  alt_reference: AltitudeReference;
  /** Metres per second over the ground; null when unknown. */
  ground_speed_mps: number | null;
  /** Degrees clockwise from true north, [0, 360); null when unknown. */
  track_deg: number | null;
  /** Metres per second, up positive; null when unknown. */
  vertical_rate_mps: number | null;
  /** Horizontal error radius in metres (CoT `ce`); null when unknown. */
  horizontal_error_m: number | null;
  callsign: string | null;
  /** Until when the sender vouches for the report (CoT `stale`), ms since the epoch; null if not said. */
  stale: number | null;
}
