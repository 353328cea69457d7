// Whether the hub, PostGIS and the keys computed beforehand found the same conflicts: each as the set
// of unordered pairs of declarations, which does not depend on the order of admission. A pair on one
// side only is measured: a disagreement within TOLERANCE_M of the threshold is rounding between two
// geodesic models; anything else is a wrong answer.
import { HUB_DEFAULT_SEPARATION } from '../../src/deconfliction/separation-minima.js';
import { coreDistanceM } from '../../src/geo/distance.js';
import type { Volume } from '../../src/geo/shape.js';
import {
  BACKGROUND_CHUNK,
  BACKGROUND_PARTY,
  backgroundChunk,
  type Operation,
  operationVolumes,
} from './admission-workload.js';

const SEP = HUB_DEFAULT_SEPARATION;
/** A disagreement closer than this to the threshold is rounding between two geodesic models. */
export const TOLERANCE_M = 0.5;

export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** How close a differing pair is to the threshold: the smallest margin over its volume pairs in time and band. */
function margin(a: readonly Volume[], b: readonly Volume[]): { marginM: number; withinTimeAndBand: boolean } {
  let best = Number.POSITIVE_INFINITY;
  let within = false;
  for (const x of a) {
    for (const y of b) {
      if (Math.max(x.timeStart, y.timeStart) - Math.min(x.timeEnd, y.timeEnd) > SEP.timeS * 1000) continue;
      if (
        Math.max(x.altitudeLowerM, y.altitudeLowerM) - Math.min(x.altitudeUpperM, y.altitudeUpperM) >
        SEP.verticalM
      )
        continue;
      within = true;
      const threshold = SEP.horizontalM + x.shape.radiusM + y.shape.radiusM;
      best = Math.min(best, Math.abs(coreDistanceM(x.shape.core, y.shape.core) - threshold));
    }
  }
  return { marginM: best, withinTimeAndBand: within };
}

export function compareAnswers(
  expected: Set<string>,
  answers: Record<string, Set<string>>,
  t0: number,
  total: number,
  operations: Map<string, Operation>,
) {
  const volumesOf = (id: string): Volume[] => {
    const known = operations.get(id);
    if (known) return operationVolumes(known);
    const n = Number(id.slice(`${BACKGROUND_PARTY}/op-`.length));
    const operation = backgroundChunk(Math.floor(n / BACKGROUND_CHUNK), total, t0).find((o) => o.id === id);
    if (!operation) throw new Error(`no operation ${id}`);
    return operationVolumes(operation);
  };
  return Object.fromEntries(
    Object.entries(answers).map(([name, pairs]) => {
      const missing = [...expected].filter((p) => !pairs.has(p));
      const extra = [...pairs].filter((p) => !expected.has(p));
      const differing = [
        ...missing.map((p) => ({ pair: p, in: 'key only' })),
        ...extra.map((p) => ({ pair: p, in: `${name} only` })),
      ]
        .slice(0, 40)
        .map((d) => {
          const [a, b] = d.pair.split('|') as [string, string];
          return { ...d, ...margin(volumesOf(a), volumesOf(b)) };
        });
      const beyond = differing.filter((d) => d.marginM > TOLERANCE_M || !d.withinTimeAndBand).length;
      return [
        name,
        {
          pairs: pairs.size,
          expected: expected.size,
          missing: missing.length,
          extra: extra.length,
          beyondTolerance: beyond,
          differing,
        },
      ];
    }),
  );
}
