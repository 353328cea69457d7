// The key of each new operation, computed beforehand with an index of our own, independent of the
// hub's: every declaration already live that it conflicts with (searched within the hub's default
// minima, as the hub itself does), and every new operation of another party it conflicts with
// (naming one not yet admitted is harmless, so the key holds in whatever order they arrive).
import { ConflictIndex } from '../../src/deconfliction/conflict-index.js';
import { HUB_DEFAULT_SEPARATION } from '../../src/deconfliction/separation-minima.js';
import type { Volume } from '../../src/geo/shape.js';
import type { AdmissionSpec } from './admission-load.js';
import { type Operation, operationVolumes, ownerOf } from './admission-workload.js';

const SEP = HUB_DEFAULT_SEPARATION;

/**
 * The specs of `operations`, client i % `parties` signing the i-th, keyed against `live` (the
 * declarations the hub holds before them, loaded into an index), and the time the search of `live`
 * took for each operation (ms).
 */
export function keyedSpecs(
  live: ConflictIndex,
  operations: readonly Operation[],
  parties: number,
): { specs: AdmissionSpec[]; checkMs: Float64Array } {
  const newVolumes = operations.map(operationVolumes);
  const among = new ConflictIndex({ maxSeparation: SEP });
  among.load(
    operations.map((operation, i) => ({ owner: ownerOf(operation), volumes: newVolumes[i] as Volume[] })),
  );
  const checkMs = new Float64Array(operations.length);
  const specs = operations.map((operation, i) => {
    const volumes = newVolumes[i] as Volume[];
    const t = performance.now();
    const found = live.conflicts(volumes, ownerOf(operation), () => SEP);
    checkMs[i] = performance.now() - t;
    const background = found.map((g) => g.key.declaration);
    const others = among
      .conflicts(volumes, ownerOf(operation), (key) => (key.party === operation.party ? null : SEP))
      .map((g) => g.key.declaration);
    return { client: i % parties, operation, key: [...background, ...others].sort(), background };
  });
  return { specs, checkMs };
}
