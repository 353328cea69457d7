// Which kept positions are due for deletion: those past the retention period the hub's operator
// set, then, while a party keeps more than its quota, its oldest batches. Whole batches go, since a
// batch is what the record commits to.
import type { TrackArchive } from './commands/track-archive.js';
import type { TrackQuotas } from './track-quotas.js';

export interface DuePruning {
  party: string;
  batches: string[];
  reason: 'retention' | 'quota';
}

export function duePruning(
  archive: TrackArchive,
  now: number,
  quotas: Pick<TrackQuotas, 'retentionS' | 'keptPositions'>,
): DuePruning[] {
  const due: DuePruning[] = [];
  const retainedFrom = now - quotas.retentionS * 1000;
  for (const party of archive.parties()) {
    const lapsed: string[] = [];
    const over: string[] = [];
    let kept = archive.keptPositions(party);
    for (const batch of archive.batchesOf(party)) {
      if (batch.until < retainedFrom) lapsed.push(batch.batch);
      else if (kept > quotas.keptPositions) over.push(batch.batch);
      else break;
      kept -= batch.positions;
    }
    if (lapsed.length > 0) due.push({ party, batches: lapsed, reason: 'retention' });
    if (over.length > 0) due.push({ party, batches: over, reason: 'quota' });
  }
  return due;
}
