// Checks an evidence bundle with nothing but its files and a policy of trusted keys. Every file is
// accounted for, every entry's bytes are proven under the one signed checkpoint, every signature in
// them holds, and the timeline is what the entries say. The first thing that fails is reported with
// its file; nothing is believed because the bundle says it.
import {
  checkTlogProofInclusion,
  decodeBase64,
  decodeEntry,
  type Entry,
  encodeBase64,
  hashLeaf,
  noteVerifier,
  type OpenedCheckpoint,
  openCheckpoint,
  parseTlogProof,
  parseVerifierKey,
  RecordError,
  verifyConsistency,
  verifyCosignatures,
} from '../record/index.js';
import {
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
} from './bundle-layout.js';
import { checkBundledKeys, checkEntrySignature } from './entry-signatures.js';
import { EvidenceError } from './evidence-error.js';
import { checkKeptPositions } from './kept-positions.js';
import { readManifest, readOperators } from './read-manifest.js';
import { timelineHtml, timelineMarkdown } from './timeline.js';

export interface TrustPolicy {
  /** The hub's C2SP verifier key, known out of band; without it, the bundle's own is used, and said so. */
  hubKey?: string;
  /** Witnesses' cosigner keys the checker trusts, and how many must have cosigned the checkpoint. */
  witnesses?: readonly string[];
  quorum?: number;
}

export interface VerifiedBundle {
  manifest: Manifest;
  checkpoint: OpenedCheckpoint;
  /** Whose key the checkpoint was checked with: the policy's, or only the bundle's own. */
  hubKeyFrom: 'policy' | 'bundle';
  /** The trusted witnesses whose cosignatures on the checkpoint verify (none unless the policy names some). */
  cosignedBy: string[];
  entries: Map<number, { entry: Entry; leafHash: Uint8Array }>;
  hidden: Map<number, Uint8Array>;
  /** The size of an earlier checkpoint the bundle's is proven to extend, if it carries one. */
  extends?: OpenedCheckpoint;
}

function file(files: BundleFiles, name: string): Uint8Array {
  const bytes = files.get(name);
  if (bytes === undefined) throw new EvidenceError(name, 'is missing');
  return bytes;
}

function text(files: BundleFiles, name: string): string {
  try {
    return readUtf8(file(files, name));
  } catch (error) {
    if (error instanceof EvidenceError) throw error;
    throw new EvidenceError(name, 'is not UTF-8 text');
  }
}

/** Wraps the record's typed refusals with the file they came from. */
function about<T>(name: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof RecordError) throw new EvidenceError(name, error.message);
    throw error;
  }
}

function proveLeaf(
  files: BundleFiles,
  name: string,
  index: number,
  leafHash: Uint8Array,
  checkpoint: OpenedCheckpoint,
  checkpointText: string,
): void {
  const proof = about(name, () => parseTlogProof(text(files, name)));
  if (proof.index !== index) throw new EvidenceError(name, `proves index ${proof.index}, not ${index}`);
  if (proof.checkpoint !== checkpointText)
    throw new EvidenceError(name, 'proves to another checkpoint than the bundle’s');
  about(name, () => checkTlogProofInclusion(proof, leafHash, checkpoint));
}

/** Every file a bundle with this manifest holds, and no other. */
function expectedFiles(manifest: Manifest, files: BundleFiles): Set<string> {
  const names = new Set([MANIFEST, CHECKPOINT, KEYS, OPERATORS, TIMELINE_MD, TIMELINE_HTML]);
  for (const { index } of manifest.entries) names.add(entryFile(index)).add(entryProofFile(index));
  for (const { index } of manifest.hidden) names.add(hiddenProofFile(index));
  for (const index of manifest.kept_positions) names.add(keptPositionsFile(index));
  if (files.has(EARLIER_CHECKPOINT) || files.has(CONSISTENCY_PROOF))
    names.add(EARLIER_CHECKPOINT).add(CONSISTENCY_PROOF);
  return names;
}

export function verifyBundle(files: BundleFiles, policy: TrustPolicy = {}): VerifiedBundle {
  const manifest = readManifest(files.get(MANIFEST));
  const expected = expectedFiles(manifest, files);
  for (const name of files.keys())
    if (!expected.has(name))
      throw new EvidenceError(name, 'is not part of the bundle its manifest describes');
  for (const name of expected) file(files, name);

  const bundledHubKey = text(files, KEYS).split('\n')[0] ?? '';
  const hubKey = policy.hubKey ?? bundledHubKey;
  const hubVerifier = about(KEYS, () => noteVerifier(hubKey));
  const hubPublicKey = parseVerifierKey(hubKey).publicKey;
  const checkpointText = text(files, CHECKPOINT);
  const checkpoint = about(CHECKPOINT, () => openCheckpoint(checkpointText, [hubVerifier]));
  if (bundledHubKey !== hubKey) throw new EvidenceError(KEYS, 'names another hub key than the trusted one');
  const cosignedBy = checkWitnesses(checkpointText, hubKey, policy);
  if (checkpoint.origin !== manifest.origin)
    throw new EvidenceError(CHECKPOINT, `is of ${checkpoint.origin}, not of ${manifest.origin}`);

  const entries = new Map<number, { entry: Entry; leafHash: Uint8Array }>();
  for (const { index, leaf_hash } of manifest.entries) {
    const bytes = file(files, entryFile(index));
    const leafHash = hashLeaf(bytes);
    if (encodeBase64(leafHash) !== leaf_hash)
      throw new EvidenceError(entryFile(index), `its bytes do not hash to the leaf listed in ${MANIFEST}`);
    proveLeaf(files, entryProofFile(index), index, leafHash, checkpoint, checkpointText);
    const entry = about(entryFile(index), () => decodeEntry(bytes));
    entries.set(index, { entry, leafHash });
  }
  const hidden = new Map<number, Uint8Array>();
  for (const { index, leaf_hash } of manifest.hidden) {
    const leafHash = decodeBase64(leaf_hash) as Uint8Array;
    proveLeaf(files, hiddenProofFile(index), index, leafHash, checkpoint, checkpointText);
    hidden.set(index, leafHash);
  }

  const plain = new Map([...entries].map(([index, { entry }]) => [index, entry]));
  const keys = checkBundledKeys(readOperators(files.get(OPERATORS)), plain);
  for (const [index, entry] of plain) {
    if (entry.kind === 'hub.genesis' && entry.command.verifier_key !== hubKey)
      throw new EvidenceError(entryFile(index), 'founds a hub with another key than the trusted one');
    checkEntrySignature(index, entry, hubPublicKey, keys);
  }

  const tracks = manifest.kept_positions.map((index) => ({
    index,
    positions: checkKeptPositions(index, plain.get(index), file(files, keptPositionsFile(index))),
  }));

  const timeline = {
    origin: manifest.origin,
    subjects: manifest.subjects,
    requester: manifest.requested_by,
    checkpointSize: checkpoint.size,
    entries: [...plain].map(([index, entry]) => ({ index, entry })),
    hidden: manifest.hidden.map((h) => h.index),
    tracks,
  };
  if (text(files, TIMELINE_MD) !== timelineMarkdown(timeline))
    throw new EvidenceError(TIMELINE_MD, 'differs from the timeline its entries tell');
  if (text(files, TIMELINE_HTML) !== timelineHtml(timeline))
    throw new EvidenceError(TIMELINE_HTML, 'differs from the timeline its entries tell');

  const verified: VerifiedBundle = {
    manifest,
    checkpoint,
    hubKeyFrom: policy.hubKey === undefined ? 'bundle' : 'policy',
    cosignedBy,
    entries,
    hidden,
  };
  if (files.has(EARLIER_CHECKPOINT)) verified.extends = checkExtension(files, hubVerifier, checkpoint);
  return verified;
}

/** The trusted witnesses that cosigned the checkpoint; refused unless a quorum of them did. */
function checkWitnesses(checkpointText: string, hubKey: string, policy: TrustPolicy): string[] {
  const witnesses = policy.witnesses ?? [];
  if (witnesses.length === 0) return [];
  const quorum = policy.quorum ?? witnesses.length;
  const check = about(CHECKPOINT, () =>
    verifyCosignatures(checkpointText, { logVerifier: hubKey, witnesses, quorum }),
  );
  const names = check.cosigned.map((c) => c.name);
  if (!check.quorumMet)
    throw new EvidenceError(
      CHECKPOINT,
      `cosigned by ${names.length} of the trusted witnesses (${names.join(', ') || 'none'}); the policy needs ${quorum}`,
    );
  return names;
}

/** The earlier checkpoint a party held, and the proof that the bundle's record extends it. */
function checkExtension(
  files: BundleFiles,
  hubVerifier: ReturnType<typeof noteVerifier>,
  checkpoint: OpenedCheckpoint,
): OpenedCheckpoint {
  const earlier = about(EARLIER_CHECKPOINT, () =>
    openCheckpoint(text(files, EARLIER_CHECKPOINT), [hubVerifier]),
  );
  const proofText = text(files, CONSISTENCY_PROOF);
  const proof = (proofText === '' ? [] : proofText.slice(0, -1).split('\n')).map((line, i) => {
    const hash = decodeBase64(line);
    if (hash?.length !== 32)
      throw new EvidenceError(CONSISTENCY_PROOF, `line ${i + 1} is not base64 of 32 bytes`);
    return hash;
  });
  if (!verifyConsistency(earlier.size, checkpoint.size, proof, earlier.root, checkpoint.root))
    throw new EvidenceError(
      CONSISTENCY_PROOF,
      `does not prove the checkpoint of size ${checkpoint.size} extends the one of size ${earlier.size}`,
    );
  return earlier;
}
