// What a follower takes in: the entries another hub committed since the follower's size, up to a
// checkpoint that hub signed. They are trusted only once the root recomputed by appending their
// leaves (as the writer did) matches the signed one, so a follower never serves what the writer
// did not sign, whoever else can write to the database.
import {
  type CompactRange,
  equalBytes,
  type HashedNode,
  hashLeaf,
  type NoteVerifier,
  openCheckpoint,
} from '../record/index.js';
import { type RecordStore, StoreIntegrityError } from '../store/store.js';
import { storedEntryContent } from './replay.js';
import type { StoredRecord } from './stored-record.js';
import type { CommittedEntry } from './subscribers.js';

export interface CommittedBatch {
  committed: CommittedEntry[];
  /** The tree once they are appended, and the nodes they completed. */
  next: CompactRange;
  nodes: HashedNode[];
  /** The signed checkpoint they end at. */
  checkpoint: string;
}

/** A follower far behind takes in this many entries at a time (or one batch of the writer, if larger). */
const MOST_AT_ONCE = 16_384;

/**
 * Reads the committed entries beyond `record`'s size up to a stored checkpoint, checked against it;
 * null when there are none. Throws StoreIntegrityError when what is stored does not verify.
 */
export async function nextCommittedBatch(
  store: RecordStore,
  record: StoredRecord,
  verifier: NoteVerifier,
): Promise<CommittedBatch | null> {
  const from = record.size;
  // Every commit stores its entries and its checkpoint in one transaction: a checkpoint read is
  // covered by entries already visible.
  const checkpoints = await store.checkpoints(from, from + MOST_AT_ONCE);
  const checkpoint = checkpoints.at(-1) ?? (await store.checkpoints(from, Number.MAX_SAFE_INTEGER))[0];
  if (!checkpoint) return null;
  const stored = await store.entries(from, checkpoint.size);
  const committed = stored.map((item, at) => {
    if (item.index !== from + at) throw new StoreIntegrityError(`entry ${from + at} is missing`);
    return { index: item.index, entry: storedEntryContent(item, false), bytes: item.bytes };
  });
  if (committed.length !== checkpoint.size - from)
    throw new StoreIntegrityError(`entry ${from + committed.length} is missing`);
  const { next, nodes } = record.prepare(committed.map((item) => hashLeaf(item.bytes)));
  let signed: ReturnType<typeof openCheckpoint>;
  try {
    signed = openCheckpoint(checkpoint.text, [verifier]);
  } catch (error) {
    throw new StoreIntegrityError(
      `the checkpoint stored at size ${checkpoint.size} does not verify: ${(error as Error).message}`,
    );
  }
  if (signed.size !== checkpoint.size || !equalBytes(signed.root, next.root()))
    throw new StoreIntegrityError(
      `the checkpoint stored at size ${checkpoint.size} does not match the entries stored before it`,
    );
  return { committed, next, nodes, checkpoint: checkpoint.text };
}
