// The exact conflict between two given declarations, volume by volume: how the hub re-derives a
// recorded conflict's measures from the record, without the index.
import type { Separation } from '../geo/shape.js';
import { volumesConflict } from '../geo/volume.js';
import { pairSeparation } from './conflict-rule.js';
import type { DeclaredVolume } from './declaration.js';
import type { Candidate } from './deconfliction-state.js';
import type { PairMeasures } from './recorded-conflict.js';

export function declarationPairs(
  found: Candidate,
  against: Candidate,
  partyMinima: (a: string, b: string) => Separation,
): { pairs: PairMeasures[]; separations: Separation[] } {
  const pairs: PairMeasures[] = [];
  const separations: Separation[] = [];
  found.volumes.forEach((a, i) => {
    against.volumes.forEach((b, j) => {
      const sep = pairSeparation(side(found, a), side(against, b), partyMinima);
      if (sep === null) return;
      const measures = volumesConflict(a, b, sep);
      if (measures === null) return;
      pairs.push({ ...measures, volumes: [i, j] });
      separations.push(sep);
    });
  });
  return { pairs, separations };
}

function side(declaration: Candidate, volume: DeclaredVolume) {
  return { party: declaration.party, kind: declaration.kind, activity: declaration.activity, volume };
}
