// `deconflict check A.geojson B.geojson`: the planner's offline check. Reads two FeatureCollections
// of 4D volumes and reports every conflicting pair between them, with the measures the hub records
// for a conflict. Invalid features are reported with every reason and left out; the check runs on
// the rest. Only a file that cannot be read or is not a FeatureCollection stops it.
import { conflictingPairs } from '../geo/conflict-sweep.js';
import { type InvalidFeature, NotAFeatureCollection, readGeoJsonVolumes } from '../geo/geojson-volumes.js';
import type { Separation, Volume } from '../geo/shape.js';
import { readJsonFile, UnreadableInput } from './json-file.js';

export interface CheckConflict {
  a: string;
  b: string;
  overlap: { start: string; end: string } | null;
  time_gap_s: number;
  horizontal_distance_m: number;
  vertical_gap_m: number;
}

export interface CheckReport {
  conflicts: CheckConflict[];
  invalid: { a: InvalidFeature[]; b: InvalidFeature[] };
  checked: { a: number; b: number };
}

function readVolumesFile(path: string): ReturnType<typeof readGeoJsonVolumes> {
  const document = readJsonFile(path);
  try {
    return readGeoJsonVolumes(document);
  } catch (error) {
    if (error instanceof NotAFeatureCollection) throw new UnreadableInput(`${path}: ${error.message}`);
    throw error;
  }
}

/** The conflicts between two sets of volumes, as the report shows them. */
export function checkVolumes(
  a: readonly Volume[],
  b: readonly Volume[],
  separation: Separation,
): CheckConflict[] {
  return conflictingPairs(a, b, separation).map(({ a: i, b: j, measures }) => ({
    a: (a[i] as Volume).id,
    b: (b[j] as Volume).id,
    overlap:
      measures.overlap === null
        ? null
        : {
            start: new Date(measures.overlap.start).toISOString(),
            end: new Date(measures.overlap.end).toISOString(),
          },
    time_gap_s: measures.timeGapS,
    horizontal_distance_m: measures.horizontalDistanceM,
    vertical_gap_m: measures.verticalGapM,
  }));
}

export function checkFiles(pathA: string, pathB: string, separation: Separation): CheckReport {
  const a = readVolumesFile(pathA);
  const b = readVolumesFile(pathB);
  return {
    conflicts: checkVolumes(a.volumes, b.volumes, separation),
    invalid: { a: a.invalid, b: b.invalid },
    checked: { a: a.volumes.length, b: b.volumes.length },
  };
}
