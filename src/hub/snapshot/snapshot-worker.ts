// A snapshot made beside the writer, in a thread of its own. Encoding, signing and storing the state
// of a million live declarations takes many seconds, which the writer's thread would spend deaf to
// every operator. Instead this thread opens its own connection to the store, rebuilds the committed
// state as a start does (the newest snapshot and the record after it), keeps a snapshot of that, and
// posts back the size it is at and what the start warned of.
import type { KeyObject } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { verifierKeyString } from '../../record/index.js';
import { openStoreAt } from '../../store/open-store-at.js';
import type { StoreAddress } from '../../store/store.js';
import { startingState } from '../hub-start.js';
import { encodeSnapshot, keepSnapshot } from './keep-snapshot.js';

export interface SnapshotJob {
  address: StoreAddress;
  origin: string;
  hubKey: KeyObject;
  /** The hub's clock when it asked: the nonces kept are those still fresh then. */
  now: number;
}

export interface SnapshotMade {
  size: number;
  warnings: string[];
}

const { address, origin, hubKey, now } = workerData as SnapshotJob;
const warnings: string[] = [];
const store = await openStoreAt(address, verifierKeyString(origin, hubKey));
try {
  const { state, record, nonces } = await startingState({
    store,
    origin,
    hubKey,
    clock: () => now,
    onSnapshotWarning: (message) => warnings.push(message),
  });
  const encoded = encodeSnapshot(state, { root: record.root(), origin }, nonces.live(now));
  const made: SnapshotMade = { size: await keepSnapshot(store, encoded, hubKey), warnings };
  parentPort?.postMessage(made);
} finally {
  await store.close();
}
