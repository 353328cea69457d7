import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { HubClient } from '../client/hub-client.js';
import {
  CompactRange,
  canonicalBytes,
  decodeBase64,
  encodeBase64,
  equalBytes,
  hashLeaf,
  noteVerifier,
  openCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '../record/index.js';

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
  hiddenEntries: number;
}

const PAGE = 1000;

export function loadMonitorState(path: string): MonitorState | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as MonitorState) : null;
}

export function saveMonitorState(path: string, state: MonitorState): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/**
 * Checks a hub's latest checkpoint against the last one this monitor accepted: the signature, that
 * the record only grew (consistency proof), and that the new entries hash to the signed root (each
 * readable entry re-hashed from its content). With `full`, every entry from the first is re-checked.
 */
export async function monitorHub(
  client: HubClient,
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
  let hiddenEntries = 0;
  for (let from = start; from < checkpoint.size; from += PAGE) {
    const to = Math.min(checkpoint.size, from + PAGE);
    const page = await client.get<{
      entries: { index: number; leaf_hash: string; entry?: unknown; damaged?: boolean }[];
    }>(`/v1/record/entries?start=${from}&end=${to}`);
    for (const item of page.entries) {
      if (item.damaged) throw new MonitorAlarm(`entry ${item.index} is damaged in the hub's store`);
      const served = decode(item.leaf_hash);
      let leaf = served;
      if (item.entry === undefined) {
        hiddenEntries++;
      } else {
        leaf = hashLeaf(canonicalBytes(item.entry));
        if (!equalBytes(leaf, served)) {
          throw new MonitorAlarm(`entry ${item.index} was altered: its content does not match its leaf hash`);
        }
      }
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
  }
  if (!equalBytes(frontier.root(), checkpoint.root)) {
    throw new MonitorAlarm('the entries served do not add up to the signed root: the record was altered');
  }
  if (checkpoint.size > 0) {
    // A proof touches stored interior hashes that the entries do not; check the newest entry's.
    const last = checkpoint.size - 1;
    const [{ proof }, entries] = await Promise.all([
      client.get<{ proof: string[] }>(`/v1/record/proof/inclusion?index=${last}&size=${checkpoint.size}`),
      client.get<{ entries: { leaf_hash: string }[] }>(
        `/v1/record/entries?start=${last}&end=${checkpoint.size}`,
      ),
    ]);
    const leaf = decode(entries.entries[0]?.leaf_hash ?? '');
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
    result: { previousSize, size: checkpoint.size, checkedEntries: checkpoint.size - start, hiddenEntries },
  };
}

function decode(base64: string): Uint8Array {
  return decodeBase64(base64) ?? new Uint8Array();
}
