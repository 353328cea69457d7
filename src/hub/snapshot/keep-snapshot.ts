// A committed state made into a snapshot and kept: encoded into its parts (a read of the state, which
// must not change meanwhile), then signed with the hub key and stored. While the hub serves, this is
// done beside the writer on a state of its own (snapshot-worker.ts); at a clean stop, when nothing
// waits on the writer any more, on the writer's state itself.
import type { KeyObject } from 'node:crypto';
import type { SnapshotStore, UsedNonce } from '../../store/store.js';
import type { HubState } from '../state.js';
import { type SnapshotHeader, writeSnapshot } from './snapshot-file.js';
import { type EncodedPart, encodeState } from './state-codec.js';

export interface EncodedSnapshot {
  header: SnapshotHeader;
  parts: EncodedPart[];
}

/** The parts are copies, which the state's later changes do not touch. */
export function encodeSnapshot(
  state: HubState,
  record: { root: Uint8Array; origin: string },
  nonces: UsedNonce[],
): EncodedSnapshot {
  const header = {
    origin: record.origin,
    size: state.size,
    root: Buffer.from(record.root).toString('base64'),
    digest: state.digest(),
    nonces,
  };
  return { header, parts: encodeState(state) };
}

/** Signs an encoded snapshot and stores it; resolves with the record size it is at. */
export async function keepSnapshot(
  store: SnapshotStore,
  { header, parts }: EncodedSnapshot,
  hubKey: KeyObject,
): Promise<number> {
  await store.saveSnapshot(header.size, writeSnapshot(header, parts, hubKey));
  return header.size;
}
