// An evidence bundle is a directory of plain files, read here as a map from relative path to bytes
// so that producing and checking it are pure. What each file is, and the manifest that lists them.
// Nothing in the manifest is trusted: every claim in it is checked against proofs and signatures.

/** Relative path → exact bytes. */
export type BundleFiles = Map<string, Uint8Array>;

export const BUNDLE_FORMAT = 'deconflict-evidence/1';

export const MANIFEST = 'bundle.json';
export const CHECKPOINT = 'checkpoint';
/** The hub's verifier key on the first line, then the witnesses' it was cosigned by. */
export const KEYS = 'keys';
export const OPERATORS = 'operators.json';
export const TIMELINE_MD = 'timeline.md';
export const TIMELINE_HTML = 'timeline.html';
/** An earlier checkpoint a party already held, and the proof the bundle's extends it. */
export const EARLIER_CHECKPOINT = 'consistency/checkpoint';
export const CONSISTENCY_PROOF = 'consistency/proof';

export const entryFile = (index: number): string => `entries/${index}.json`;
export const entryProofFile = (index: number): string => `entries/${index}.tlog-proof`;
export const hiddenProofFile = (index: number): string => `hidden/${index}.tlog-proof`;
/** The kept positions a `tracks.archived` entry commits to: SHA-256 of these bytes is its batch id. */
export const keptPositionsFile = (index: number): string => `tracks/${index}.json`;

export interface ListedLeaf {
  index: number;
  /** base64 */
  leaf_hash: string;
}

export interface Manifest {
  format: typeof BUNDLE_FORMAT;
  /** The hub's origin, as its checkpoints name it. */
  origin: string;
  /** Who asked for it: the operator whose key signed in, and its party. */
  requested_by: { operator: string; party: string };
  /** What it is about, as asked: "message <id>", "declaration <id>", "entry <index>". */
  subjects: string[];
  /**
   * Entries whose content is in the bundle, ascending, with their leaf hashes: unauthenticated, but
   * they tell a changed entry from a changed proof.
   */
  entries: ListedLeaf[];
  /** Related entries the requester may not read: their leaf hashes, proven at their index. */
  hidden: ListedLeaf[];
  /** The `tracks.archived` entries whose kept positions the bundle holds. */
  kept_positions: number[];
}

/** An operator's key as the bundle carries it, with the entries that registered and ended it. */
export interface BundledKey {
  id: string;
  operator: string;
  party: string;
  public_key: string;
  entries: number[];
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

export function readUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}
