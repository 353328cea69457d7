// What a hub starts from: the newest snapshot that passes its checks, if any, and the record's tail
// replayed over it (the whole record otherwise); the nonces still fresh; the latest checkpoint. A store
// holding another hub's record is refused here, before anything is written.
import { formatCheckpoint, signNote, verifierKeyString } from '../record/index.js';
import type { HubOptions } from './hub.js';
import { hubSigner } from './hub-signer.js';
import { NonceWindow } from './nonce-window.js';
import { replayRecord } from './replay.js';
import { restoreSnapshot } from './snapshot/restore-snapshot.js';
import { StoredRecord } from './stored-record.js';

type StartOptions = Pick<
  HubOptions,
  'clock' | 'replayAll' | 'store' | 'origin' | 'hubKey' | 'onSnapshotWarning'
>;

export async function startingState(options: StartOptions) {
  const now = (options.clock ?? Date.now)();
  const nonces = new NonceWindow();
  // From the newest snapshot that passes its checks, if any: then only the tail is replayed.
  const restored = options.replayAll
    ? null
    : await restoreSnapshot(
        options.store,
        {
          origin: options.origin,
          hubKey: options.hubKey,
          verifierKey: verifierKeyString(options.origin, options.hubKey),
        },
        (size, reason) =>
          (options.onSnapshotWarning ?? console.warn)(
            `the snapshot at size ${size} was not loaded: ${reason}`,
          ),
      );
  const snapshotSize = restored?.state.size ?? 0;
  for (const used of restored?.nonces ?? []) if (used.expiresAt > now) nonces.add(used);
  // Commands signed within the freshness window could still be replayed: remember their nonces.
  const replayed = await replayRecord(options.store, {
    audit: false,
    afterEntry: (_state, entry) => nonces.addFromEntry(entry, now),
    ...(restored ? { from: restored } : {}),
  });
  const identity = replayed.state.identity;
  if (identity && identity.origin !== options.origin) {
    throw new Error(`this store is the record of ${identity.origin}, not ${options.origin}`);
  }
  if (identity && identity.verifierKey !== verifierKeyString(options.origin, options.hubKey)) {
    throw new Error('the hub key does not match the key this record was founded with');
  }
  for (const used of await options.store.liveNonces(now)) nonces.add(used);
  replayed.state.deconfliction.buildIndex();
  const record = await StoredRecord.open(options.store, replayed.frontier);
  const signer = hubSigner(options.origin, options.hubKey);
  const checkpoint =
    replayed.checkpoint?.text ??
    signNote(formatCheckpoint({ origin: options.origin, size: 0, root: record.root() }), signer);
  return { state: replayed.state, record, nonces, checkpoint, snapshotSize };
}
