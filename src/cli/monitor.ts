import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { RecordRoutes } from '../client/record-routes.js';
import {
  CompactRange,
  decodeBase64,
  encodeBase64,
  equalBytes,
  noteVerifier,
  openCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '../record/index.js';
import type { LeafSource } from './leaf-source.js';

/** What a monitor remembers between runs: the last checkpoint it accepted and the tree's frontier. */
export interface MonitorState {
  verifierKey: string;
  size: number;
  root: string;
  frontier: string[];
  checkpoint: string;
}

/** The record cannot be trusted; `reason` says why, for a person. */
export class MonitorAlarm extends Error {
  override name = 'MonitorAlarm';
}

export interface MonitorResult {
  previousSize: number;
  size: number;
  checkedEntries: number;
  /** Of those checked, entries whose content was not read (not the party's to see, or no operator key). */
  hiddenEntries: number;
  /** What this run checked, and what it could not, for a person. */
  checked: string[];
  notChecked: string[];
}

export function loadMonitorState(path: string): MonitorState | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as MonitorState) : null;
}

export function saveMonitorState(path: string, state: MonitorState): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/**
 * Checks a hub's latest checkpoint against the last one this monitor accepted: the signature, that
 * the record only grew (consistency proof), and that the new entries' leaf hashes, as `source` reads
 * and checks them, add up to the signed root. With `full`, every entry from the first is re-checked.
 */
export async function monitorHub(
  client: RecordRoutes,
  source: LeafSource,
  previous: MonitorState | null,
  options: { full: boolean; trustedKey?: string; onProgress?: (done: number, total: number) => void },
): Promise<{ state: MonitorState; result: MonitorResult }> {
  const verifierKey = options.trustedKey ?? previous?.verifierKey ?? (await client.verifierKey());
  if (previous && previous.verifierKey !== verifierKey) {
    throw new MonitorAlarm('the hub key differs from the one this monitor trusted before');
  }
  const text = await client.getText('/v1/record/checkpoint');
  let checkpoint: ReturnType<typeof openCheckpoint>;
  try {
    checkpoint = openCheckpoint(text, [noteVerifier(verifierKey)]);
  } catch (error) {
    throw new MonitorAlarm(`the checkpoint is not validly signed by the hub: ${(error as Error).message}`);
  }
  const previousSize = previous?.size ?? 0;
  if (checkpoint.size < previousSize) {
    throw new MonitorAlarm(`the record shrank from ${previousSize} to ${checkpoint.size} entries`);
  }
  if (previous && previousSize > 0) {
    const { proof } = await client.get<{ proof: string[] }>(
      `/v1/record/proof/consistency?from=${previousSize}&to=${checkpoint.size}`,
    );
    const hashes = proof.map((hash) => decodeBase64(hash) ?? new Uint8Array());
    if (!verifyConsistency(previousSize, checkpoint.size, hashes, decode(previous.root), checkpoint.root)) {
      throw new MonitorAlarm(
        `the record forked: the checkpoint of size ${checkpoint.size} does not extend the one of size ${previousSize} seen before`,
      );
    }
  }
  const start = options.full || !previous ? 0 : previousSize;
  const frontier =
    start === 0
      ? CompactRange.empty()
      : CompactRange.fromNodes(previousSize, previous?.frontier.map(decode) ?? []);
  let unreadEntries = 0;
  for (let from = start; from < checkpoint.size; ) {
    const to = Math.min(checkpoint.size, (Math.floor(from / source.page) + 1) * source.page);
    const { hashes, unread } = await source.leaves(from, to, checkpoint.size);
    unreadEntries += unread;
    for (const leaf of hashes) {
      frontier.append(leaf);
      if (
        options.full &&
        previous &&
        frontier.size === previousSize &&
        !equalBytes(frontier.root(), decode(previous.root))
      ) {
        throw new MonitorAlarm(
          `the record was rewritten: its first ${previousSize} entries no longer give the root seen before`,
        );
      }
    }
    options.onProgress?.(to - start, checkpoint.size - start);
    from = to;
  }
  if (!equalBytes(frontier.root(), checkpoint.root)) {
    throw new MonitorAlarm(`${source.served} do not add up to the signed root: the record was altered`);
  }
  if (checkpoint.size > 0) {
    // A proof touches stored interior hashes that the entries do not; check the newest entry's.
    const last = checkpoint.size - 1;
    const [{ proof }, { hashes }] = await Promise.all([
      client.get<{ proof: string[] }>(`/v1/record/proof/inclusion?index=${last}&size=${checkpoint.size}`),
      source.leaves(last, checkpoint.size, checkpoint.size),
    ]);
    const leaf = hashes[0] ?? new Uint8Array();
    if (!verifyInclusion(leaf, last, checkpoint.size, proof.map(decode), checkpoint.root)) {
      throw new MonitorAlarm(`the hub served a bad inclusion proof for entry ${last}`);
    }
  }
  return {
    state: {
      verifierKey,
      size: checkpoint.size,
      root: encodeBase64(checkpoint.root),
      frontier: frontier.hashes().map(encodeBase64),
      checkpoint: text,
    },
    result: {
      previousSize,
      size: checkpoint.size,
      checkedEntries: checkpoint.size - start,
      hiddenEntries: unreadEntries,
      checked: [
        'the checkpoint is signed by the hub’s key',
        ...(previousSize > 0
          ? [`it extends the checkpoint of size ${previousSize} accepted before (consistency proof)`]
          : []),
        ...(checkpoint.size > start
          ? [
              `the leaf hashes of entries ${start}…${checkpoint.size - 1}, from ${source.served}, add up to its root`,
            ]
          : []),
        ...(checkpoint.size > 0 ? [`the inclusion proof of entry ${checkpoint.size - 1}`] : []),
      ],
      notChecked: unreadEntries > 0 ? [`the content of ${unreadEntries} entries: ${source.unreadMeans}`] : [],
    },
  };
}

function decode(base64: string): Uint8Array {
  return decodeBase64(base64) ?? new Uint8Array();
}
