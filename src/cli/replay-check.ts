import type { ArchiveReport } from '../hub/archive-check.js';
import { replayRecord } from '../hub/replay.js';
import type { Store } from '../store/store.js';

export interface ReplayCheckReport {
  entries: number;
  parties: number;
  operators: number;
  digestsCompared: number;
  digest: string;
  kept_positions: ReturnType<typeof keptPositionsReport>;
}

/** What the check found of the track archive, as the CLI prints it. */
export function keptPositionsReport(archive: ArchiveReport) {
  return {
    checked: { batches: archive.batches, positions: archive.positions },
    deleted_by_policy: archive.deletedByPolicy,
    not_in_record: archive.notInRecord,
  };
}

/**
 * Replays the whole record with every signature re-verified and compares the state at each size
 * where the live hub saved a digest of its own state: they must be equal, or replay is not the truth.
 */
export async function replayCheck(
  store: Store,
  onProgress?: (done: number, total: number) => void,
): Promise<ReplayCheckReport> {
  const saved = new Map((await store.stateDigests()).map((item) => [item.size, item.digest]));
  const mismatches: string[] = [];
  let compared = 0;
  const { state, archive } = await replayRecord(store, {
    audit: true,
    ...(onProgress ? { onProgress } : {}),
    afterEntry: (current) => {
      const expected = saved.get(current.size);
      if (expected === undefined) return;
      compared++;
      if (current.digest() !== expected) mismatches.push(`after ${current.size} entries`);
    },
  });
  if (mismatches.length > 0) {
    throw new Error(`replay differs from the state the hub had ${mismatches.join(', ')}`);
  }
  return {
    entries: state.size,
    parties: state.parties.size,
    operators: state.operators.size,
    digestsCompared: compared,
    digest: state.digest(),
    kept_positions: keptPositionsReport(archive),
  };
}
