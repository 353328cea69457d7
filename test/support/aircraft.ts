// Aircraft as a party's feed reports them, for tests of the tactical watch: at 5,000 m and 200 m/s
// on a parallel of latitude, so that two set some kilometres apart meet head-on or fly in parallel.

export const AIRCRAFT_LAT = 35;

/** Metres east of a point at `lat`, in degrees of longitude. */
export const eastDeg = (m: number, lat = AIRCRAFT_LAT) => m / (111_320 * Math.cos((lat * Math.PI) / 180));

/** A track report of an aircraft at `lon` on the test's parallel, heading `trackDeg`, at `time` (ms). */
export const aircraft = (id: string, lon: number, trackDeg: number, time: number) => ({
  id,
  time: new Date(time).toISOString(),
  lon,
  lat: AIRCRAFT_LAT,
  alt_m: 5000,
  ground_speed_ms: 200,
  track_deg: trackDeg,
  airborne: true,
  activity: 'air',
});
