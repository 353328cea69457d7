// C2SP tlog-proof (https://c2sp.org/tlog-proof): an entry's index, its inclusion proof and the
// checkpoint it proves to, in one text file anyone checks offline against a policy of trusted keys.
// Parsing is strict (one proof has one text), and the checkpoint is kept verbatim: its signatures
// are checked by whoever verifies, with the keys it trusts, not here.
import { decodeBase64, encodeBase64 } from './base64.js';
import { type Checkpoint, parseCheckpoint } from './checkpoint.js';
import { RecordError } from './errors.js';
import { HASH_SIZE, isHash } from './hash.js';
import { isCount } from './node-id.js';
import { verifyInclusion } from './verify.js';

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export interface TlogProof {
  index: number;
  /** From the leaf's sibling up to the root's child. */
  proof: Uint8Array[];
  /** The signed checkpoint note, verbatim. */
  checkpoint: string;
  /** Opaque and unauthenticated: nothing may rely on it without checking it otherwise. */
  extra?: Uint8Array;
}

export type TlogProofErrorCode = 'malformed-proof' | 'not-included';

/** A tlog-proof that cannot be read, or that does not prove what it is asked to. */
export class TlogProofError extends RecordError<TlogProofErrorCode> {}

const INDEX = /^index (0|[1-9][0-9]*)$/;

/** The proof's text: header, optional extra, index, hashes, a blank line, then the checkpoint note. */
export function formatTlogProof(proof: TlogProof): string {
  const { index, proof: hashes, checkpoint, extra } = proof;
  if (!isCount(index)) throw malformed('index must be a non-negative safe integer');
  if (!hashes.every(isHash)) throw malformed(`every proof hash must be ${HASH_SIZE} bytes`);
  if (!checkpoint.includes('\n\n') || !checkpoint.endsWith('\n'))
    throw malformed('the checkpoint must be a signed note');
  const lines = [TLOG_PROOF_HEADER];
  if (extra !== undefined) lines.push(`extra ${encodeBase64(extra)}`);
  lines.push(`index ${index}`, ...hashes.map(encodeBase64), '');
  return `${lines.join('\n')}\n${checkpoint}`;
}

/** Reads a proof's text; the checkpoint note is returned verbatim, unopened. */
export function parseTlogProof(text: string): TlogProof {
  if (typeof text !== 'string') throw malformed('not text');
  const blank = text.indexOf('\n\n');
  if (blank < 0) throw malformed('no blank line before the checkpoint');
  const head = text.slice(0, blank).split('\n');
  const checkpoint = text.slice(blank + 2);
  if (head[0] !== TLOG_PROOF_HEADER) throw malformed(`the first line must be ${TLOG_PROOF_HEADER}`);
  let line = 1;
  let extra: Uint8Array | undefined;
  if (head[line]?.startsWith('extra ')) {
    extra = decodeBase64((head[line] as string).slice('extra '.length));
    if (extra === undefined) throw malformed('extra data is not canonical base64');
    line++;
  }
  const indexMatch = INDEX.exec(head[line] ?? '');
  if (!indexMatch) throw malformed('expected "index <n>" in decimal without leading zeros');
  const index = Number(indexMatch[1]);
  if (!Number.isSafeInteger(index)) throw malformed('index is too large');
  const proof = head.slice(line + 1).map((hashText, i) => {
    const hash = decodeBase64(hashText);
    if (hash === undefined || hash.length !== HASH_SIZE)
      throw malformed(`proof line ${i + 1} is not base64 of ${HASH_SIZE} bytes`);
    return hash;
  });
  if (checkpoint.length === 0) throw malformed('the checkpoint is missing');
  return extra === undefined ? { index, proof, checkpoint } : { index, proof, checkpoint, extra };
}

/**
 * Checks that `leafHash` is the proof's entry under `checkpoint` (the proof's own checkpoint, once
 * its signatures have been checked by the caller): the index is inside the tree and the hashes
 * lead from the leaf to the root.
 */
export function checkTlogProofInclusion(
  proof: TlogProof,
  leafHash: Uint8Array,
  checkpoint: Checkpoint,
): void {
  if (proof.index >= checkpoint.size)
    throw new TlogProofError('not-included', `index ${proof.index} is not below size ${checkpoint.size}`);
  if (!verifyInclusion(leafHash, proof.index, checkpoint.size, proof.proof, checkpoint.root))
    throw new TlogProofError(
      'not-included',
      `the inclusion proof does not lead from the leaf to the root of size ${checkpoint.size}`,
    );
}

/** The checkpoint body of a proof's note, unverified: for reading its size before opening it. */
export function proofCheckpointBody(proof: Pick<TlogProof, 'checkpoint'>): Checkpoint {
  const split = proof.checkpoint.lastIndexOf('\n\n');
  if (split < 0) throw malformed('the checkpoint has no signature block');
  return parseCheckpoint(proof.checkpoint.slice(0, split + 1));
}

function malformed(why: string): TlogProofError {
  return new TlogProofError('malformed-proof', `malformed tlog-proof: ${why}`);
}
