// The declared side of the watch's benchmark: 100,000 protected sites, restricted zones, convoys
// and operations over one theatre, as bodies the hub reads, loaded into a DeconflictionState the
// way the hub's entry handlers do (put, one declaration at a time). Deterministic for a seed.

import type { DeclarationBody } from '../../src/deconfliction/declaration-schema.js';
import { DeconflictionState } from '../../src/deconfliction/deconfliction-state.js';
import type { LonLat } from '../../src/geo/shape.js';
import type { TrackReport } from '../../src/watch/track-report.js';
import { destination } from '../../test/deconfliction/random-declarations.js';
import type { Prng } from '../../test/support/prng.js';
import { declared } from './watch-declarations.js';

export interface WatchTheatre {
  west: number;
  south: number;
  widthDeg: number;
  heightDeg: number;
  parties: readonly string[];
}

/** Shares of each kind among the declarations. */
const SITES = 0.7;
const ZONES = 0.2;
const MOVEMENTS = 0.05;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

function uniform(rng: Prng, lo: number, hi: number): number {
  return lo + (rng.next() / 2 ** 32) * (hi - lo);
}

function somewhere(rng: Prng, t: WatchTheatre): LonLat {
  return [uniform(rng, t.west, t.west + t.widthDeg), uniform(rng, t.south, t.south + t.heightDeg)];
}

function polygonAround(rng: Prng, centre: LonLat, sizeM: number) {
  const n = 4 + rng.int(4);
  const ring: LonLat[] = [];
  // Decreasing bearings: counter-clockwise seen from outside the Earth.
  for (let i = 0; i < n; i++)
    ring.push(destination(centre, -(360 * (i + 0.5 * (rng.next() / 2 ** 32))) / n, sizeM));
  return { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
}

/**
 * `count` declarations live around `now`: sites (points of 50–500 m), zones restricting one party's
 * air and drone activity (polygons of 300 m–3 km), convoys on the road (2–4 legs, departed in the
 * last hour), and each party's operations (circles of 5–20 km, 3,000 m high, for the day).
 */
export function declareTheatre(rng: Prng, count: number, t: WatchTheatre, now: number): DeconflictionState {
  const state = new DeconflictionState();
  const common = (id: string) => ({ id, title: id, visibility: ['*'] });
  for (let i = 0; i < count; i++) {
    const owner = rng.pick(t.parties);
    const draw = rng.next() / 2 ** 32;
    const at = somewhere(rng, t);
    let body: unknown;
    if (draw < SITES) {
      body = {
        kind: 'site',
        ...common(`${owner}/site-${i}`),
        function: 'hospital',
        geometry: { type: 'Point', coordinates: at },
        radius_m: 50 + rng.int(451),
        valid_from: iso(now - 24 * HOUR),
        valid_until: iso(now + 24 * HOUR),
      };
    } else if (draw < SITES + ZONES) {
      body = {
        kind: 'zone',
        ...common(`${owner}/zone-${i}`),
        agreement: `${owner}/deconfliction-line`,
        geometry: polygonAround(rng, at, uniform(rng, 300, 3000)),
        valid_from: iso(now - 24 * HOUR),
        valid_until: iso(now + 24 * HOUR),
        restrictions: [{ party: rng.pick(t.parties), activities: ['air', 'drone'] }],
      };
    } else if (draw < SITES + ZONES + MOVEMENTS) {
      const route: LonLat[] = [at];
      for (let leg = 1 + rng.int(3); leg > 0; leg--)
        route.push(destination(route[route.length - 1] as LonLat, rng.int(360), uniform(rng, 2000, 15_000)));
      body = {
        kind: 'movement',
        ...common(`${owner}/convoy-${i}`),
        route: { type: 'LineString', coordinates: route },
        half_width_m: 100 + rng.int(200),
        schedule: { departure: iso(now - rng.int(HOUR)), speed_kmh: 20 + rng.int(40) },
        vehicles: { count: 1 + rng.int(20) },
        armed_escort: false,
        personnel: rng.int(100),
      };
    } else {
      body = {
        kind: 'operation',
        ...common(`${owner}/operation-${i}`),
        activity: rng.pick(['air', 'ground', 'drone'] as const),
        volumes: [
          {
            geometry: { type: 'Point', coordinates: at },
            radius_m: uniform(rng, 5000, 20_000),
            altitude_lower_m: 0,
            altitude_upper_m: 3000,
            time_start: iso(now - 12 * HOUR),
            time_end: iso(now + 12 * HOUR),
          },
        ],
      };
    }
    state.put(declared(owner, body as DeclarationBody));
  }
  return state;
}

/**
 * Links a share of the tracks to an operation of their own party and starts them inside it (most
 * then stay in, a few stray out as they fly on): the conformance check runs on every such report.
 */
export function linkOperations(
  rng: Prng,
  tracks: TrackReport[],
  state: DeconflictionState,
  share: number,
): void {
  const byParty = new Map<string, { centre: LonLat; radiusM: number; id: string }[]>();
  for (const d of state.declarations.values()) {
    const volume = d.volumes[0];
    if (d.kind !== 'operation' || volume === undefined || volume.shape.core.kind !== 'point') continue;
    const list = byParty.get(d.party) ?? [];
    list.push({ centre: volume.shape.core.at.lonLat, radiusM: volume.shape.radiusM, id: d.id });
    byParty.set(d.party, list);
  }
  tracks.forEach((track, i) => {
    const own = byParty.get(track.party);
    if (own === undefined || !rng.chance(share)) return;
    const operation = rng.pick(own);
    const [lon, lat] = destination(
      operation.centre,
      rng.int(360),
      operation.radiusM * 0.5 * (rng.next() / 2 ** 32),
    );
    tracks[i] = { ...track, lon, lat, altM: Math.min(track.altM, 2500), operation: operation.id };
  });
}
