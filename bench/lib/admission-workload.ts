// The operations of the admissions benchmark: background operations by one party (so that they never
// conflict with each other and the record can be filled through the hub's own command path), and new
// operations by many other parties in the same theatre. Every operation is made from a seed, so the
// hub's signing workers, the key computation and the PostGIS loader all make the same ones.
import type { DeclarationKey } from '../../src/deconfliction/declaration-conflict.js';
import type { DeclarationBody } from '../../src/deconfliction/declaration-schema.js';
import type { Volume } from '../../src/geo/shape.js';
import { Prng } from '../../test/support/prng.js';
import { type GeneratedVolume, iso, LAT, LON, randomOperationGeometry, volumeOf } from './theatre.js';

export const BACKGROUND_PARTY = 'background';
export const VOLUMES_PER_OPERATION = 4;
/** Background operations are made in chunks, each from its own seed, so any chunk can be made alone. */
export const BACKGROUND_CHUNK = 1000;
const BACKGROUND_SEED = 0x5eed0000;
const NEW_SEED = 0x0e1f0000;
const CLEAR_SKY_SEED = 0xc1ea0000;
/**
 * Clear-sky operations are centred on a grid east of the theatre. An operation reaches at most 10 km
 * from its centre, so centres 0.25° of latitude (27 km) and 0.35° of longitude (22 km at 55°N, the
 * grid's northern edge at 5,000 operations) apart keep every two of them farther apart than the widest
 * minimum the hub searches (10 km).
 */
const CLEAR_SKY_LAT_DEGREES = 0.25;
const CLEAR_SKY_LON_DEGREES = 0.35;
const CLEAR_SKY_COLUMNS = 60;

export function clientParty(i: number): string {
  return `client-${String(i).padStart(3, '0')}`;
}

export interface Operation {
  id: string;
  party: string;
  volumes: GeneratedVolume[];
}

/** The background operations of chunk `c` (ids background/op-<n>, n from c × BACKGROUND_CHUNK). */
export function backgroundChunk(c: number, total: number, t0: number): Operation[] {
  const rng = new Prng(BACKGROUND_SEED + c);
  const operations: Operation[] = [];
  for (let n = c * BACKGROUND_CHUNK; n < Math.min(total, (c + 1) * BACKGROUND_CHUNK); n++) {
    operations.push({
      id: `${BACKGROUND_PARTY}/op-${n}`,
      party: BACKGROUND_PARTY,
      volumes: randomOperationGeometry(rng, VOLUMES_PER_OPERATION, { t0, corridors: false }),
    });
  }
  return operations;
}

/** The new operations, by the client parties in turn. */
export function newOperations(count: number, parties: number, t0: number): Operation[] {
  const rng = new Prng(NEW_SEED);
  return Array.from({ length: count }, (_, n) => {
    const party = clientParty(n % parties);
    return {
      id: `${party}/op-${n}`,
      party,
      volumes: randomOperationGeometry(rng, VOLUMES_PER_OPERATION, { t0, corridors: false }),
    };
  });
}

/**
 * New operations that conflict with nothing: the same shapes, altitudes and week as the others, each
 * alone in its own cell beside the theatre, so an admission does all its work but finds no conflict.
 */
export function clearSkyOperations(count: number, parties: number, t0: number): Operation[] {
  const rng = new Prng(CLEAR_SKY_SEED);
  return Array.from({ length: count }, (_, n) => {
    const party = clientParty(n % parties);
    const centre: [number, number] = [
      LON[1] + (1 + (n % CLEAR_SKY_COLUMNS)) * CLEAR_SKY_LON_DEGREES,
      LAT[0] + Math.floor(n / CLEAR_SKY_COLUMNS) * CLEAR_SKY_LAT_DEGREES,
    ];
    return {
      id: `${party}/clear-${n}`,
      party,
      volumes: randomOperationGeometry(rng, VOLUMES_PER_OPERATION, { t0, corridors: false, centre }),
    };
  });
}

/** The declaration.submit body of an operation, as a client would write it. */
export function operationBody(operation: Operation): DeclarationBody {
  return {
    kind: 'operation',
    id: operation.id,
    title: `Operation ${operation.id}`,
    visibility: ['*'],
    activity: 'air',
    volumes: operation.volumes.map((v) => ({
      geometry: v.geometry as { type: 'Point' | 'Polygon'; coordinates: unknown[] },
      ...(v.radiusM > 0 ? { radius_m: v.radiusM } : {}),
      altitude_lower_m: v.altitudeLowerM,
      altitude_upper_m: v.altitudeUpperM,
      time_start: iso(v.timeStart),
      time_end: iso(v.timeEnd),
    })),
  };
}

/** The operation's volumes as the hub reads them (same ids: declaration#position). */
export function operationVolumes(operation: Operation): Volume[] {
  return operation.volumes.map((v, i) => volumeOf(v, `${operation.id}#${i}`));
}

export function ownerOf(operation: Operation): DeclarationKey {
  return { declaration: operation.id, version: 1, party: operation.party };
}

/** The first day boundary (UTC) at least a day ahead: the theatre's week is wholly in the future. */
export function theatreStart(now = Date.now()): number {
  const day = 86_400_000;
  return Math.ceil(now / day) * day + day;
}
