// Lays out a bundle's files from what was gathered: each entry's exact bytes beside its tlog-proof,
// the hidden entries' proofs, the checkpoint, the keys, the operators' keys and the timeline the
// entries tell. Pure: the files it returns are written as they are.
import { canonicalJson, decodeEntry, encodeBase64, formatTlogProof, hashLeaf } from '../record/index.js';
import {
  BUNDLE_FORMAT,
  type BundledKey,
  type BundleFiles,
  CHECKPOINT,
  CONSISTENCY_PROOF,
  EARLIER_CHECKPOINT,
  entryFile,
  entryProofFile,
  hiddenProofFile,
  KEYS,
  keptPositionsFile,
  MANIFEST,
  type Manifest,
  OPERATORS,
  readUtf8,
  TIMELINE_HTML,
  TIMELINE_MD,
  utf8,
} from './bundle-layout.js';
import type { KeptPosition } from './kept-positions.js';
import { timelineHtml, timelineMarkdown } from './timeline.js';

export interface GatheredEvidence {
  origin: string;
  requester: Manifest['requested_by'];
  subjects: string[];
  /** The signed checkpoint note every proof proves to, and its size. */
  checkpoint: { text: string; size: number };
  hubKey: string;
  /** The cosigner keys of the witnesses whose policy the checkpoint was cosigned under, if it was. */
  witnessKeys: string[];
  entries: { index: number; bytes: Uint8Array; proof: Uint8Array[] }[];
  hidden: { index: number; leafHash: Uint8Array; proof: Uint8Array[] }[];
  keys: BundledKey[];
  /** The kept positions of readable `tracks.archived` entries, as committed (canonical JSON). */
  tracks: { index: number; bytes: Uint8Array }[];
  /** An earlier checkpoint the requester held, and the proof that this one extends it. */
  extends?: { checkpoint: string; proof: Uint8Array[] };
}

const json = (value: unknown): Uint8Array => utf8(`${JSON.stringify(value, null, 2)}\n`);

export function assembleBundle(gathered: GatheredEvidence): BundleFiles {
  const entries = [...gathered.entries].sort((a, b) => a.index - b.index);
  const hidden = [...gathered.hidden].sort((a, b) => a.index - b.index);
  const tracks = [...gathered.tracks].sort((a, b) => a.index - b.index);
  const manifest: Manifest = {
    format: BUNDLE_FORMAT,
    origin: gathered.origin,
    requested_by: gathered.requester,
    subjects: gathered.subjects,
    entries: entries.map((e) => ({ index: e.index, leaf_hash: encodeBase64(hashLeaf(e.bytes)) })),
    hidden: hidden.map((h) => ({ index: h.index, leaf_hash: encodeBase64(h.leafHash) })),
    kept_positions: tracks.map((t) => t.index),
  };
  const files: BundleFiles = new Map();
  files.set(MANIFEST, json(manifest));
  files.set(CHECKPOINT, utf8(gathered.checkpoint.text));
  files.set(KEYS, utf8([gathered.hubKey, ...gathered.witnessKeys].map((key) => `${key}\n`).join('')));
  files.set(OPERATORS, utf8(`${canonicalJson([...gathered.keys].sort((a, b) => (a.id < b.id ? -1 : 1)))}\n`));
  for (const { index, bytes, proof } of entries) {
    files.set(entryFile(index), bytes);
    files.set(
      entryProofFile(index),
      utf8(formatTlogProof({ index, proof, checkpoint: gathered.checkpoint.text })),
    );
  }
  for (const { index, proof } of hidden)
    files.set(
      hiddenProofFile(index),
      utf8(formatTlogProof({ index, proof, checkpoint: gathered.checkpoint.text })),
    );
  const timeline = {
    origin: gathered.origin,
    subjects: gathered.subjects,
    requester: gathered.requester,
    checkpointSize: gathered.checkpoint.size,
    entries: entries.map(({ index, bytes }) => ({ index, entry: decodeEntry(bytes) })),
    hidden: hidden.map((h) => h.index),
    tracks: tracks.map(({ index, bytes }) => ({
      index,
      positions: JSON.parse(readUtf8(bytes)) as KeptPosition[],
    })),
  };
  for (const { index, bytes } of tracks) files.set(keptPositionsFile(index), bytes);
  files.set(TIMELINE_MD, utf8(timelineMarkdown(timeline)));
  files.set(TIMELINE_HTML, utf8(timelineHtml(timeline)));
  if (gathered.extends) {
    files.set(EARLIER_CHECKPOINT, utf8(gathered.extends.checkpoint));
    files.set(CONSISTENCY_PROOF, utf8(gathered.extends.proof.map((h) => `${encodeBase64(h)}\n`).join('')));
  }
  return files;
}
