// deconflict/record: the pure core of the signed record — Merkle hashing and
// proofs (RFC 9162), signed notes and checkpoints (C2SP), tile paths, and the
// entry encoding. No I/O, no clock, no randomness.

export { decodeBase64, encodeBase64 } from './base64.js';
export { canonicalBytes, canonicalJson } from './canonical-json.js';
export {
  type Checkpoint,
  formatCheckpoint,
  type OpenedCheckpoint,
  openCheckpoint,
  parseCheckpoint,
} from './checkpoint.js';
export { CompactRange, type HashedNode } from './compact-range.js';
export {
  type CosignatureCheck,
  type CosignaturePolicy,
  type Cosigned,
  cosignatureTime,
  cosignatureVerifier,
  cosignCheckpoint,
  cosigner,
  cosignerKeyString,
  verifyCosignatures,
} from './cosignature.js';
export { privateKeyFromSeed, publicKeyFromRaw, rawPublicKey, seedOf } from './ed25519.js';
export {
  checkEntry,
  decodeEntry,
  ENTRY_VERSION,
  type Entry,
  type EntryAuthor,
  encodeEntry,
  entryLeafHash,
  entrySignedBytes,
  MIN_SALT_BYTES,
  parseTrustedEntry,
} from './entry.js';
export {
  CheckpointError,
  type CheckpointErrorCode,
  CosignatureError,
  type CosignatureErrorCode,
  EntryError,
  type EntryErrorCode,
  NoteError,
  type NoteErrorCode,
  RecordError,
  TilePathError,
  type TilePathErrorCode,
} from './errors.js';
export { EMPTY_ROOT, equalBytes, HASH_SIZE, hashChildren, hashLeaf, isHash } from './hash.js';
export { consistencyProof, inclusionProof, rootFromLeafHashes } from './in-memory.js';
export { frontierNodes, type NodeId, nodeRange, rangeNodes } from './node-id.js';
export {
  isValidNoteText,
  MAX_NOTE_SIGNATURES,
  type NoteSignature,
  noteSignatureLines,
  type OpenedNote,
  openNote,
  parseSignatureLine,
  signNote,
} from './note.js';
export {
  isValidKeyName,
  type NoteSigner,
  type NoteVerifier,
  noteKeyId,
  noteSigner,
  noteSignerFromKey,
  noteVerifier,
  type ParsedSignerKey,
  type ParsedVerifierKey,
  parseSignerKey,
  parseVerifierKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  SIGNATURE_TYPE_ED25519,
  signerKeyString,
  verifierKeyString,
} from './note-key.js';
export { operatorKeyId } from './operator-key-id.js';
export { consistencyPlan, inclusionPlan, type ProofPlan } from './proof-plan.js';
export {
  MAX_TILE_LEVEL,
  parseTilePath,
  TILE_HEIGHT,
  TILE_WIDTH,
  type TileRef,
  tileNodes,
  tilePath,
  tileWidthFor,
} from './tiles.js';
export {
  checkTlogProofInclusion,
  formatTlogProof,
  parseTlogProof,
  proofCheckpointBody,
  TLOG_PROOF_HEADER,
  type TlogProof,
  TlogProofError,
  type TlogProofErrorCode,
} from './tlog-proof.js';
export { verifyConsistency, verifyInclusion } from './verify.js';
