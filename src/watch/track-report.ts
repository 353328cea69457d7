// One position report of a live track, as every source (HTTP, WebSocket, CoT, SBS-1) maps it for the
// watch. A track belongs to the party whose feed reported it: the hub takes no reports about other
// parties' assets, so `party` is the feed's owner, never a field read from the message.
import type { Activity } from '../deconfliction/declaration-schema.js';

export interface TrackReport {
  /** Unique within the hub: the ingestion side prefixes the source's id with the party's. */
  id: string;
  party: string;
  /** WGS84 degrees, GeoJSON order. */
  lon: number;
  lat: number;
  /** Metres above the WGS84 ellipsoid, like declared altitude bands. */
  altM: number;
  /**
   * False when the source has not said how the track moves (an ADS-B position before its velocity
   * message, a TAK client that sends no speed or course): then `groundSpeedMs` and `trackDeg` are 0
   * as placeholders, and the watch predicts nothing from them. Absent means known.
   */
  velocityKnown?: boolean;
  /** Metres per second over the ground. */
  groundSpeedMs: number;
  /** Degrees clockwise from true north, [0, 360). */
  trackDeg: number;
  /** Metres per second, positive climbing. */
  verticalRateMs: number;
  /** When the position was measured, milliseconds since the epoch (the source's time, not arrival). */
  time: number;
  /**
   * Flying or not. Predicted loss of separation is between airborne tracks only, as in BlueSky and
   * ACAS: two lorries 5 NM apart at the same height are traffic, not a conflict. SBS-1 gives it
   * (IsOnGround), CoT in its type (a-?-A air, a-?-G ground).
   */
  airborne: boolean;
  /** The declared operation this track flies or drives for, if the party links it: checked for conformance. */
  operation?: string | null;
  /** What it is doing, for zones' restrictions; a linked operation's activity takes precedence. */
  activity?: Activity | null;
}

/** Whether a speed and course say how a track moves: both given, or a speed of 0, which needs no course. */
export function velocityKnown(speed: number | null | undefined, course: number | null | undefined): boolean {
  return speed === 0 || (speed != null && course != null);
}
