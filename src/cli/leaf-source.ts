// Where a monitor gets the leaf hashes it folds into the signed root: the one thing that differs
// between an operator, who reads entries and re-hashes the content its party may see, and an
// outsider, who reads only the hash tiles.
import type { RecordRoutes } from '../client/record-routes.js';
import {
  canonicalBytes,
  decodeBase64,
  equalBytes,
  HASH_SIZE,
  hashLeaf,
  TILE_WIDTH,
  tilePath,
  tileWidthFor,
} from '../record/index.js';
import { MonitorAlarm } from './monitor.js';

export interface LeafSource {
  /** What the leaves are read from, for a person: "the entries", "the hash tiles". */
  readonly served: string;
  /** What an entry whose content was not read leaves unchecked, for a person. */
  readonly unreadMeans: string;
  /** Calls ask for ranges that do not cross a multiple of this. */
  readonly page: number;
  /** Leaf hashes of entries [from, to) of a tree of `size`; `unread`: entries whose content was not re-hashed. */
  leaves(from: number, to: number, size: number): Promise<{ hashes: Uint8Array[]; unread: number }>;
}

/** An operator's: each entry its party may read is re-hashed from its content; the others' leaf hash is taken as served. */
export function entryLeaves(client: RecordRoutes): LeafSource {
  return {
    served: 'the entries served',
    unreadMeans: 'not your party’s to read; only their leaf hashes were checked',
    page: 1000,
    async leaves(from, to) {
      const page = await client.get<{
        entries: { index: number; leaf_hash: string; entry?: unknown; damaged?: boolean }[];
      }>(`/v1/record/entries?start=${from}&end=${to}`);
      const hashes: Uint8Array[] = [];
      let unread = 0;
      for (const item of page.entries) {
        if (item.damaged) throw new MonitorAlarm(`entry ${item.index} is damaged in the hub's store`);
        const served = decodeHash(item.leaf_hash);
        if (item.entry === undefined) {
          unread++;
        } else if (!equalBytes(hashLeaf(canonicalBytes(item.entry)), served)) {
          throw new MonitorAlarm(`entry ${item.index} was altered: its content does not match its leaf hash`);
        }
        hashes.push(served);
      }
      return { hashes, unread };
    },
  };
}

/** An outsider's: leaf hashes from the level-0 C2SP hash tiles (the right edge's partial at `size`); no content. */
export function tileLeaves(client: RecordRoutes): LeafSource {
  return {
    served: 'the hash tiles served',
    unreadMeans:
      'not read without an operator’s --key; only their leaf hashes, from the hash tiles, were checked against the signed root',
    page: TILE_WIDTH,
    async leaves(from, to, size) {
      const index = Math.floor(from / TILE_WIDTH);
      const width = tileWidthFor(0, index, size);
      const path = tilePath({ level: 0, index, width });
      const bytes = await client.getBytes(`/v1/record/${path}`);
      if (bytes.length !== width * HASH_SIZE)
        throw new MonitorAlarm(`the hub served ${bytes.length} bytes for ${path}, not ${width} hashes`);
      const hashes: Uint8Array[] = [];
      for (let leaf = from; leaf < to; leaf++) {
        const at = (leaf - index * TILE_WIDTH) * HASH_SIZE;
        hashes.push(bytes.slice(at, at + HASH_SIZE));
      }
      return { hashes, unread: to - from };
    },
  };
}

function decodeHash(base64: string): Uint8Array {
  return decodeBase64(base64) ?? new Uint8Array();
}
