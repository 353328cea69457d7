// Where a start begins: the newest stored snapshot that passes every check, so that only the
// entries after it are replayed. A snapshot is loaded only if the hub key signed it, it is of this
// record's origin, the stored signed checkpoint at its size has its root, the stored frontier at
// that size has that root too, and the restored state's digest is the one saved with it. Any
// failure is reported and the next older snapshot tried; with none left the caller replays all.
import type { KeyObject } from 'node:crypto';
import { CompactRange, equalBytes, frontierNodes, noteVerifier, openCheckpoint } from '../../record/index.js';
import { type Store, StoreIntegrityError, type UsedNonce } from '../../store/store.js';
import type { HubState } from '../state.js';
import { readSnapshot } from './snapshot-file.js';
import { decodeState, SnapshotRefused } from './state-codec.js';

export interface RestoredSnapshot {
  state: HubState;
  /** The tree at the snapshot's size, from the stored nodes its root was checked against. */
  frontier: CompactRange;
  nonces: UsedNonce[];
}

export async function restoreSnapshot(
  store: Store,
  hub: { origin: string; hubKey: KeyObject; verifierKey: string },
  refused: (size: number, reason: string) => void,
): Promise<RestoredSnapshot | null> {
  for (const size of await store.snapshotSizes()) {
    try {
      return await restoreAt(store, size, hub);
    } catch (error) {
      if (!(error instanceof SnapshotRefused)) throw error;
      refused(size, error.message);
    }
  }
  return null;
}

async function restoreAt(
  store: Store,
  size: number,
  hub: { origin: string; hubKey: KeyObject; verifierKey: string },
): Promise<RestoredSnapshot> {
  const pieces = await store.snapshot(size).catch((error: Error) => {
    if (error instanceof StoreIntegrityError) throw new SnapshotRefused(error.message);
    throw error;
  });
  if (!pieces) throw new SnapshotRefused('it is gone from the store');
  const { header, parts } = readSnapshot(pieces, hub.hubKey);
  if (header.origin !== hub.origin || header.size !== size)
    throw new SnapshotRefused(
      `it is of ${header.origin} at size ${header.size}, not of ${hub.origin} at ${size}`,
    );
  const stored = await store.checkpointAt(size);
  if (!stored) throw new SnapshotRefused(`the record has no signed checkpoint at size ${size}`);
  const root = Buffer.from(header.root, 'base64');
  let checkpoint: ReturnType<typeof openCheckpoint>;
  try {
    checkpoint = openCheckpoint(stored.text, [noteVerifier(hub.verifierKey)]);
  } catch (error) {
    throw new SnapshotRefused(
      `the checkpoint stored at size ${size} does not verify: ${(error as Error).message}`,
    );
  }
  if (checkpoint.size !== size || !equalBytes(checkpoint.root, root))
    throw new SnapshotRefused(`its root is not the root the checkpoint signed at size ${size}`);
  let frontier: CompactRange;
  try {
    frontier = CompactRange.fromNodes(size, await store.nodes(frontierNodes(size)));
  } catch (error) {
    throw new SnapshotRefused(`the stored tree at size ${size} does not read: ${(error as Error).message}`);
  }
  if (!equalBytes(frontier.root(), root))
    throw new SnapshotRefused(`the stored tree at size ${size} does not have the signed root`);
  const state = decodeState(parts);
  if (state.size !== size) throw new SnapshotRefused(`its state is at size ${state.size}, not ${size}`);
  if (state.digest() !== header.digest)
    throw new SnapshotRefused('its state does not have the digest saved with it');
  return { state, frontier, nonces: header.nonces };
}
