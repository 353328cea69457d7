// The log's side of C2SP tlog-witness add-checkpoint: send a checkpoint with its
// consistency proof to a witness, and read its answer. The answer is read with a
// bound, so a witness cannot flood the hub; the cosignatures are not verified
// here (verifyCosignatures does that, with the keys the policy names).
import {
  type AddCheckpointRequest,
  formatAddCheckpointRequest,
  parseSignatureLines,
  parseSize,
  SIZE_CONTENT_TYPE,
} from './add-checkpoint-wire.js';

export type CosignRequestResult =
  /** Note signature lines, without their newlines, to add to the checkpoint. */
  | { kind: 'cosigned'; signatures: string[] }
  /** The witness's latest cosigned size differs from oldSize: send a proof from this size. */
  | { kind: 'size-mismatch'; size: number }
  | { kind: 'refused'; status: number; reason: string };

/** An answer that is not one the protocol allows (a network failure is a TypeError from fetch). */
export class WitnessResponseError extends Error {
  override name = 'WitnessResponseError';
}

export const DEFAULT_WITNESS_TIMEOUT_MS = 10_000;
/** Far above 16 cosignature lines; a bound, not an expectation. */
const MAX_ANSWER_BYTES = 64 * 1024;
const MAX_REASON_CHARS = 500;

/**
 * Asks the witness whose submission prefix is `url` (e.g. `https://witness.example/`)
 * to cosign. Throws on network failure, timeout, abort or an answer outside the protocol.
 */
export async function requestCosignature(
  url: string,
  request: AddCheckpointRequest,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<CosignRequestResult> {
  const body = formatAddCheckpointRequest(request);
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_WITNESS_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const response = await fetch(addCheckpointUrl(url), {
    method: 'POST',
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body,
    signal,
  });
  const answer = await readBounded(response);
  if (response.status === 200) {
    const signatures = parseSignatureLines(answer);
    if (signatures === undefined)
      throw new WitnessResponseError('the witness answered 200 without signature lines');
    return { kind: 'cosigned', signatures };
  }
  if (response.status === 409 && mediaType(response) === SIZE_CONTENT_TYPE) {
    const size = parseSize(answer);
    if (size === undefined) throw new WitnessResponseError(`the witness answered 409 with a malformed size`);
    return { kind: 'size-mismatch', size };
  }
  return { kind: 'refused', status: response.status, reason: reasonOf(response, answer) };
}

function addCheckpointUrl(prefix: string): URL {
  return new URL('add-checkpoint', prefix.endsWith('/') ? prefix : `${prefix}/`);
}

function mediaType(response: Response): string {
  return (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

async function readBounded(response: Response): Promise<string> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  if (response.body !== null) {
    for await (const chunk of response.body) {
      length += chunk.byteLength;
      // Leaving the loop by a throw cancels the rest of the stream.
      if (length > MAX_ANSWER_BYTES) {
        throw new WitnessResponseError(`the witness's answer is over ${MAX_ANSWER_BYTES} bytes`);
      }
      chunks.push(chunk);
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new WitnessResponseError('the witness answered with bytes that are not UTF-8');
  }
}

// A problem+json detail where the witness gives one, else the text itself, shortened.
function reasonOf(response: Response, answer: string): string {
  if (mediaType(response) === 'application/problem+json') {
    try {
      const problem = JSON.parse(answer) as { detail?: unknown; title?: unknown };
      const text = typeof problem.detail === 'string' ? problem.detail : problem.title;
      if (typeof text === 'string') return text.slice(0, MAX_REASON_CHARS);
    } catch {
      // Not JSON after all: fall through to the raw text.
    }
  }
  return answer.trim().slice(0, MAX_REASON_CHARS) || `HTTP ${response.status}`;
}
