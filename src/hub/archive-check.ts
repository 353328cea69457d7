// Checks the stored track archive against what the record vouches for: every batch an entry
// committed is either stored with exactly the positions it committed, or was deleted by policy (an
// entry says so). Positions stored under no commitment are counted apart: the hub wrote them just
// before it stopped, before their commitment, or someone else did; the hub removes them on start.
import { StoreIntegrityError, type TrackArchiveStore } from '../store/store.js';
import { archiveBatchHash } from './archive-batch.js';
import type { DeletedByPolicy, KeptBatch, TrackArchive } from './commands/track-archive.js';

export interface ArchiveReport {
  /** Batches and positions stored and matching their commitment. */
  batches: number;
  positions: number;
  deletedByPolicy: DeletedByPolicy;
  /** Stored, but committed by no entry, or deleted by policy and not yet removed. */
  notInRecord: DeletedByPolicy;
}

const describe = (batch: KeptBatch) =>
  `the kept positions of batch ${batch.batch} (${batch.party}, ${batch.positions} positions from ` +
  `${new Date(batch.from).toISOString()} to ${new Date(batch.until).toISOString()})`;

export async function checkTrackArchive(
  store: TrackArchiveStore,
  archive: TrackArchive,
): Promise<ArchiveReport> {
  const report: ArchiveReport = {
    batches: 0,
    positions: 0,
    deletedByPolicy: archive.deletedByPolicy(),
    notInRecord: { batches: 0, positions: 0 },
  };
  const seen = new Set<string>();
  for await (const { batch, fixes } of store.trackFixBatches()) {
    const committed = batch === null ? undefined : archive.find(batch);
    if (!committed) {
      report.notInRecord.batches++;
      report.notInRecord.positions += fixes.length;
      continue;
    }
    seen.add(committed.batch);
    if (fixes.length !== committed.positions || archiveBatchHash(fixes) !== committed.batch)
      throw new StoreIntegrityError(
        `the track archive is damaged: ${describe(committed)} were altered (${fixes.length} stored)`,
      );
    report.batches++;
    report.positions += fixes.length;
  }
  for (const committed of archive.batches())
    if (!seen.has(committed.batch))
      throw new StoreIntegrityError(
        `the track archive is damaged: ${describe(committed)} are missing, and were not deleted by policy`,
      );
  return report;
}
