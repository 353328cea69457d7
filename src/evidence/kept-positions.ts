// Kept track positions as evidence: the file of a batch is the canonical JSON its `tracks.archived`
// entry committed to, so that its SHA-256 is the batch id, and the positions in it are exactly those
// the hub kept. Each position: [feed, track, time (ms), lon, lat, alt_m, ground_speed_ms, track_deg,
// vertical_rate_ms].
import { createHash } from 'node:crypto';
import type { Entry } from '../record/index.js';
import { keptPositionsFile, readUtf8 } from './bundle-layout.js';
import { EvidenceError } from './evidence-error.js';

export type KeptPosition = [string, string, number, number, number, number, number, number, number];

/** Checks a batch file against its entry; returns its positions. */
export function checkKeptPositions(
  index: number,
  entry: Entry | undefined,
  bytes: Uint8Array,
): KeptPosition[] {
  const file = keptPositionsFile(index);
  if (entry?.kind !== 'tracks.archived')
    throw new EvidenceError(file, `entry #${index} in the bundle is not a tracks.archived entry`);
  if (createHash('sha256').update(bytes).digest('hex') !== entry.command.batch)
    throw new EvidenceError(file, `does not hash to the batch entry #${index} committed to`);
  // What hashes to the committed id is what the hub wrote: canonical JSON of the positions.
  const positions = JSON.parse(readUtf8(bytes)) as KeptPosition[];
  if (positions.length !== entry.command.positions)
    throw new EvidenceError(
      file,
      `holds ${positions.length} positions, entry #${index} committed ${String(entry.command.positions)}`,
    );
  return positions;
}
