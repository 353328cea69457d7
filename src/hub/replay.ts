import {
  CompactRange,
  decodeEntry,
  type Entry,
  equalBytes,
  type HashedNode,
  hashLeaf,
  noteVerifier,
  openCheckpoint,
  parseTrustedEntry,
} from '../record/index.js';
import {
  type RecordStore,
  type StoredCheckpoint,
  type StoredEntry,
  StoreIntegrityError,
  type TrackArchiveStore,
} from '../store/store.js';
import { applyEntry } from './apply-entry.js';
import { type ArchiveReport, checkTrackArchive } from './archive-check.js';
import { entrySignatureFault } from './entry-signature.js';
import { HubState } from './state.js';

export interface ReplayOptions {
  /**
   * Also re-verify every signature and every entry's canonical form (slow: an audit). Without it the
   * entries are still checked against their leaf hashes and the signed root, which is what makes
   * them trustworthy.
   */
  audit: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Called after each entry is applied, e.g. to compare the state with a digest saved at that size. */
  afterEntry?: (state: HubState, entry: Entry) => void;
  /**
   * Replay only what follows a state already checked at its size (a snapshot's), with the tree at
   * that size. The entries after it, the nodes, checkpoints and track archive are checked as ever.
   */
  from?: { state: HubState; frontier: CompactRange };
}

export interface Replayed {
  state: HubState;
  frontier: CompactRange;
  checkpoint: StoredCheckpoint | null;
  /** The track archive, checked against the record's commitments. */
  archive: ArchiveReport;
}

const CHUNK = 4096;

/**
 * Rebuilds the state by folding every stored entry, and checks the store against itself on the way:
 * each entry against its leaf hash, each stored node against the one recomputed from the leaves,
 * the columns reads filter on against the entry's content, and every stored signed checkpoint
 * against the tree at its size, and the kept track positions against the batches the record committed.
 * Any difference is a StoreIntegrityError naming where it is.
 */
export async function replayRecord(
  store: RecordStore & TrackArchiveStore,
  options: ReplayOptions,
): Promise<Replayed> {
  const total = await store.size();
  const state = options.from?.state ?? new HubState();
  const frontier = options.from?.frontier.clone() ?? CompactRange.empty();
  if (frontier.size !== state.size || state.size > total)
    throw new StoreIntegrityError(`a state at size ${state.size} cannot start a replay of ${total} entries`);
  for (let start = state.size; start < total; start += CHUNK) {
    const stored = await store.entries(start, Math.min(total, start + CHUNK));
    const checkpoints = await store.checkpoints(start, Math.min(total, start + CHUNK));
    let nextCheckpoint = 0;
    const trees: { checkpoint: StoredCheckpoint; root: Uint8Array }[] = [];
    const produced: HashedNode[] = [];
    for (const item of stored) {
      if (item.index !== state.size) throw new StoreIntegrityError(`entry ${state.size} is missing`);
      const entry = storedEntryContent(item, options.audit);
      if (options.audit) {
        const fault = entrySignatureFault(state, entry);
        if (fault) throw new StoreIntegrityError(`entry ${item.index}: ${fault}`);
      }
      produced.push(...frontier.append(hashLeaf(item.bytes)));
      applyEntry(state, entry);
      options.afterEntry?.(state, entry);
      const checkpoint = checkpoints[nextCheckpoint];
      if (checkpoint?.size === frontier.size) {
        trees.push({ checkpoint, root: frontier.root() });
        nextCheckpoint++;
      }
    }
    // Nodes first: a changed entry is named as such, not as the checkpoint it no longer matches.
    await checkStoredNodes(store, produced);
    for (const { checkpoint, root } of trees) checkStoredCheckpoint(state, checkpoint, root);
    options.onProgress?.(state.size, total);
  }
  // While a writer goes on (this is a follower starting, or a snapshot's thread), checkpoints past
  // `total` come with their entries; one that has none is damage.
  const beyond = (await store.checkpoints(total, Number.MAX_SAFE_INTEGER)).at(-1);
  if (beyond && (await store.entries(beyond.size - 1, beyond.size)).length === 0)
    throw new StoreIntegrityError(
      `the stored record is damaged: a checkpoint of size ${beyond.size} is beyond its ${total} entries`,
    );
  const checkpoint = await store.checkpointAt(total);
  if (frontier.size > 0 && !checkpoint)
    throw new StoreIntegrityError('the record has entries but no signed checkpoint');
  const archive = await checkTrackArchive(store, state.trackArchive);
  return { state, frontier, checkpoint, archive };
}

/**
 * An entry as stored, decoded and checked against the columns reads filter on; a difference is a
 * StoreIntegrityError naming the entry. `audit` also checks its canonical form.
 */
export function storedEntryContent(item: StoredEntry, audit: boolean): Entry {
  let entry: Entry;
  try {
    entry = audit ? decodeEntry(item.bytes) : parseTrustedEntry(item.bytes);
  } catch (error) {
    throw new StoreIntegrityError(`entry ${item.index} is not a valid entry: ${(error as Error).message}`);
  }
  if (
    entry.kind !== item.kind ||
    entry.time !== item.time ||
    JSON.stringify(entry.visibility) !== JSON.stringify(item.visibility)
  ) {
    throw new StoreIntegrityError(
      `entry ${item.index}: its stored kind, time or visibility differ from its content`,
    );
  }
  return entry;
}

/**
 * Compares recomputed nodes with the stored ones. Appending consecutive leaves completes consecutive
 * nodes at each level, so each level is one range read.
 */
async function checkStoredNodes(store: RecordStore, produced: readonly HashedNode[]): Promise<void> {
  const byLevel = new Map<number, HashedNode[]>();
  for (const node of produced) {
    const level = byLevel.get(node.level) ?? [];
    level.push(node);
    byLevel.set(node.level, level);
  }
  for (const [level, nodes] of byLevel) {
    const first = (nodes[0] as HashedNode).index;
    const stored = await store.nodeRange(level, first, first + nodes.length);
    nodes.forEach((node, i) => {
      const hash = stored[i];
      if (hash !== undefined && equalBytes(node.hash, hash)) return;
      const what =
        hash === undefined
          ? `node ${node.level}/${node.index} is missing`
          : node.level === 0
            ? `entry ${node.index} does not match its stored leaf hash`
            : `node ${node.level}/${node.index} was altered`;
      throw new StoreIntegrityError(`the stored record is damaged: ${what}`);
    });
  }
}

/**
 * Checks a stored checkpoint against the tree at its size: the hub's signature, the size and the
 * root. Every batch stored one, and each is a statement an inquiry may rely on, so an old one that
 * was changed is damage as much as the latest.
 */
function checkStoredCheckpoint(state: HubState, stored: StoredCheckpoint, root: Uint8Array): void {
  if (!state.identity) throw new StoreIntegrityError('the record has entries but no hub identity');
  let opened: ReturnType<typeof openCheckpoint>;
  try {
    opened = openCheckpoint(stored.text, [noteVerifier(state.identity.verifierKey)]);
  } catch (error) {
    throw new StoreIntegrityError(
      `the checkpoint stored at size ${stored.size} does not verify: ${(error as Error).message}`,
    );
  }
  if (opened.size !== stored.size || !equalBytes(opened.root, root)) {
    throw new StoreIntegrityError(
      `the checkpoint stored at size ${stored.size} (signed for size ${opened.size}) does not match the stored entries`,
    );
  }
}
