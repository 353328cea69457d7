// The bodies of C2SP tlog-witness add-checkpoint (https://c2sp.org/tlog-witness):
// the request ("old <size>", proof lines, a blank line, the signed checkpoint),
// the 409 answer (the witness's size, as text/x.tlog.size) and the 200 answer
// (note signature lines). Written and read here, by the client and the witness alike.
import { decodeBase64, encodeBase64, isHash, parseSignatureLine } from '../record/index.js';

/** The spec's bound on consistency proof lines. */
export const MAX_PROOF_LINES = 63;
export const SIZE_CONTENT_TYPE = 'text/x.tlog.size';

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

export interface AddCheckpointRequest {
  /** The size of the latest checkpoint the witness cosigned for this log (0 if none). */
  oldSize: number;
  /** The consistency proof from oldSize to the checkpoint's size (RFC 9162). */
  proof: Uint8Array[];
  /** The signed checkpoint note, ending in a newline. */
  checkpoint: string;
}

/** A request body that is not an add-checkpoint request; the witness answers 400. */
export class AddCheckpointFormatError extends Error {
  override name = 'AddCheckpointFormatError';
}

export function formatAddCheckpointRequest(request: AddCheckpointRequest): string {
  const { oldSize, proof, checkpoint } = request;
  if (!Number.isSafeInteger(oldSize) || oldSize < 0) throw new TypeError('oldSize must be a count');
  if (!Array.isArray(proof) || proof.length > MAX_PROOF_LINES || !proof.every(isHash)) {
    throw new TypeError(`proof must be at most ${MAX_PROOF_LINES} hashes of 32 bytes`);
  }
  if (typeof checkpoint !== 'string' || !checkpoint.endsWith('\n')) {
    throw new TypeError('checkpoint must be a signed note ending in a newline');
  }
  return `old ${oldSize}\n${proof.map((hash) => `${encodeBase64(hash)}\n`).join('')}\n${checkpoint}`;
}

export function parseAddCheckpointRequest(body: string): AddCheckpointRequest {
  const blank = body.indexOf('\n\n');
  if (blank < 0) throw new AddCheckpointFormatError('no blank line between the proof and the checkpoint');
  const [oldLine, ...proofLines] = body.slice(0, blank).split('\n');
  const oldSize = parseOldLine(oldLine as string);
  if (proofLines.length > MAX_PROOF_LINES) {
    throw new AddCheckpointFormatError(`more than ${MAX_PROOF_LINES} consistency proof lines`);
  }
  const proof = proofLines.map((line, i) => {
    const hash = decodeBase64(line);
    if (hash === undefined || !isHash(hash)) {
      throw new AddCheckpointFormatError(`proof line ${i + 1} is not the base64 of a 32-byte hash`);
    }
    return hash;
  });
  const checkpoint = body.slice(blank + 2);
  if (checkpoint.length === 0) throw new AddCheckpointFormatError('no checkpoint after the blank line');
  return { oldSize, proof, checkpoint };
}

function parseOldLine(line: string): number {
  const size = line.startsWith('old ') ? line.slice(4) : undefined;
  if (size === undefined || !DECIMAL.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new AddCheckpointFormatError(
      'the first line must be "old <size>", in decimal without leading zeroes',
    );
  }
  return Number(size);
}

export function formatSize(size: number): string {
  return `${size}\n`;
}

/** The size in a text/x.tlog.size body, or undefined if it is not one. */
export function parseSize(body: string): number | undefined {
  const size = body.endsWith('\n') ? body.slice(0, -1) : undefined;
  return size !== undefined && DECIMAL.test(size) && Number.isSafeInteger(Number(size))
    ? Number(size)
    : undefined;
}

/** The signature lines (without newlines) of a 200 answer, or undefined unless it is one or more of them. */
export function parseSignatureLines(body: string): string[] | undefined {
  if (!body.endsWith('\n')) return undefined;
  const lines = body.slice(0, -1).split('\n');
  try {
    for (const line of lines) parseSignatureLine(line);
  } catch {
    return undefined;
  }
  return lines;
}
