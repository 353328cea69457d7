// Which minima apply between two parties: those of the agreements in force between them, else the
// hub's defaults. The hub's maxima bound what an agreement may set, because the conflict index
// widens every search by them.
import type { Separation } from '../geo/shape.js';
import type { Agreement } from './agreement.js';

/** 1 km, 300 m (about 1,000 ft) and 10 minutes, when the parties have agreed nothing. */
export const HUB_DEFAULT_SEPARATION: Separation = { horizontalM: 1000, verticalM: 300, timeS: 600 };

export const MAX_SEPARATION: Separation = { horizontalM: 10_000, verticalM: 1500, timeS: 3600 };

export const NO_SEPARATION: Separation = { horizontalM: 0, verticalM: 0, timeS: 0 };

/**
 * When several agreements in force cover the same two parties, each dimension takes the largest
 * minimum: nothing says which agreement prevails, and the wider one is the safe reading.
 */
export function agreedSeparation(agreements: Iterable<Agreement>, a: string, b: string): Separation {
  let result: Separation | null = null;
  for (const agreement of agreements) {
    if (agreement.status !== 'in-force' || agreement.separation === null) continue;
    if (!agreement.parties.includes(a) || !agreement.parties.includes(b)) continue;
    const s = agreement.separation;
    result =
      result === null
        ? { ...s }
        : {
            horizontalM: Math.max(result.horizontalM, s.horizontalM),
            verticalM: Math.max(result.verticalM, s.verticalM),
            timeS: Math.max(result.timeS, s.timeS),
          };
  }
  return result ?? HUB_DEFAULT_SEPARATION;
}

/**
 * The widest minima `party` has with anyone: the hub's defaults, or wider where an agreement in
 * force that it signed says so. A search for its conflicts need reach no further.
 */
export function widestSeparation(agreements: Iterable<Agreement>, party: string): Separation {
  const widest = { ...HUB_DEFAULT_SEPARATION };
  for (const agreement of agreements) {
    if (agreement.status !== 'in-force' || agreement.separation === null) continue;
    if (!agreement.parties.includes(party)) continue;
    widest.horizontalM = Math.max(widest.horizontalM, agreement.separation.horizontalM);
    widest.verticalM = Math.max(widest.verticalM, agreement.separation.verticalM);
    widest.timeS = Math.max(widest.timeS, agreement.separation.timeS);
  }
  return widest;
}
