// A C2SP tlog-witness (https://c2sp.org/tlog-witness): it cosigns a log's
// checkpoint only if the log's key signed it and it extends, by a verified
// consistency proof, the latest checkpoint this witness cosigned for that log.
// Every decision runs synchronously inside one store transaction, so requests
// for one origin are serialised and the state is on disk before the answer.
import {
  CheckpointError,
  cosignCheckpoint,
  cosigner,
  EMPTY_ROOT,
  equalBytes,
  NoteError,
  openNote,
  parseCheckpoint,
  verifyConsistency,
} from '../record/index.js';
import { AddCheckpointFormatError, parseAddCheckpointRequest } from './add-checkpoint-wire.js';
import type { CosignedStore } from './cosigned-store.js';
import type { WitnessKey } from './witness-key.js';
import type { WitnessedLogs } from './witnessed-logs.js';

export type WitnessAnswer =
  /** Cosignature lines, each ending in a newline. */
  | { status: 200; signatures: string }
  /** The size the witness has for this log; the client sent another old size. */
  | { status: 409; size: number }
  | { status: 400 | 403 | 404 | 409 | 422; problem: WitnessProblem };

export interface WitnessProblem {
  type: 'malformed-request' | 'untrusted-signature' | 'unknown-log' | 'fork' | 'inconsistent';
  title: string;
  detail: string;
}

const TITLES: Record<WitnessProblem['type'], string> = {
  'malformed-request': 'Not an add-checkpoint request',
  'untrusted-signature': 'Not signed by a key this witness trusts for the log',
  'unknown-log': 'A log this witness does not witness',
  fork: 'A different tree of the size this witness cosigned',
  inconsistent: 'The consistency proof does not verify',
};

function refusal(
  status: 400 | 403 | 404 | 409 | 422,
  type: WitnessProblem['type'],
  detail: string,
): WitnessAnswer {
  return { status, problem: { type, title: TITLES[type], detail } };
}

export class Witness {
  constructor(
    private readonly key: WitnessKey,
    private readonly logs: WitnessedLogs,
    private readonly store: CosignedStore,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  get verifierKey(): string {
    return this.key.verifierKey;
  }

  /** Answers one add-checkpoint request body. */
  addCheckpoint(body: string): WitnessAnswer {
    let request: ReturnType<typeof parseAddCheckpointRequest>;
    try {
      request = parseAddCheckpointRequest(body);
    } catch (error) {
      if (error instanceof AddCheckpointFormatError) return refusal(400, 'malformed-request', error.message);
      throw error;
    }
    const origin = request.checkpoint.slice(0, Math.max(0, request.checkpoint.indexOf('\n')));
    const verifiers = this.logs.get(origin);
    if (verifiers === undefined) {
      return refusal(404, 'unknown-log', `this witness does not witness ${JSON.stringify(origin)}`);
    }
    let text: string;
    let checkpoint: ReturnType<typeof parseCheckpoint>;
    try {
      text = openNote(request.checkpoint, verifiers).text;
      checkpoint = parseCheckpoint(text);
    } catch (error) {
      if (
        error instanceof NoteError &&
        ['unverified', 'invalid-signature', 'ambiguous-key'].includes(error.code)
      ) {
        return refusal(403, 'untrusted-signature', error.message);
      }
      if (error instanceof NoteError || error instanceof CheckpointError) {
        return refusal(400, 'malformed-request', error.message);
      }
      throw error;
    }
    if (request.oldSize > checkpoint.size) {
      return refusal(
        400,
        'malformed-request',
        `old size ${request.oldSize} is above the checkpoint's ${checkpoint.size}`,
      );
    }
    return this.store.advance(origin, (latest) => {
      const size = latest?.size ?? 0;
      const root = latest?.root ?? EMPTY_ROOT;
      if (request.oldSize !== size) return { answer: { status: 409, size } };
      if (checkpoint.size === size && !equalBytes(checkpoint.root, root)) {
        return { answer: refusal(409, 'fork', `this witness cosigned another root for size ${size}`) };
      }
      if (!verifyConsistency(size, checkpoint.size, request.proof, root, checkpoint.root)) {
        return {
          answer: refusal(
            422,
            'inconsistent',
            `no proof that size ${checkpoint.size} extends the cosigned size ${size}`,
          ),
        };
      }
      // Never earlier than the last cosignature, even if the clock stepped back.
      const time = Math.max(this.now(), latest?.time ?? 0);
      const signatures = cosignCheckpoint(text, cosigner(this.key.name, this.key.privateKey, time));
      return {
        next: { size: checkpoint.size, root: checkpoint.root, checkpoint: request.checkpoint, time },
        answer: { status: 200, signatures },
      };
    });
  }
}
