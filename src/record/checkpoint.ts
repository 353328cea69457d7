// C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the note text that
// states a log's size and root. Parsing is strict so that one checkpoint has
// exactly one text, and so one signature covers exactly one statement.
import { decodeBase64, encodeBase64 } from './base64.js';
import { CheckpointError } from './errors.js';
import { HASH_SIZE, isHash } from './hash.js';
import { isCount } from './node-id.js';
import { type OpenedNote, openNote } from './note.js';
import type { NoteVerifier } from './note-key.js';
import { hasControlCharacter, isWellFormed } from './text.js';

export interface Checkpoint {
  /** The log's identity, e.g. `hub.example/deconflict`. */
  origin: string;
  size: number;
  root: Uint8Array;
  /** Opaque extra lines; the spec discourages them, but they are signed. */
  extensions?: string[];
}

const SIZE = /^(?:0|[1-9][0-9]*)$/;

const isLine = (line: unknown): line is string =>
  typeof line === 'string' && line.length > 0 && !hasControlCharacter(line, false) && isWellFormed(line);

/** The checkpoint's note text: origin, size, base64 root, extensions, each ending in a newline. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, root, extensions = [] } = checkpoint;
  if (!isLine(origin)) throw malformed('origin must be one non-empty line');
  if (!isCount(size)) throw malformed('size must be a non-negative safe integer');
  if (!isHash(root)) throw malformed(`root must be ${HASH_SIZE} bytes`);
  if (!extensions.every(isLine)) throw malformed('extension lines must be non-empty single lines');
  return [origin, String(size), encodeBase64(root), ...extensions].map((line) => `${line}\n`).join('');
}

/** Parses checkpoint note text (not the signed note; see openCheckpoint). */
export function parseCheckpoint(text: string): Checkpoint {
  if (typeof text !== 'string' || !text.endsWith('\n')) throw malformed('text must end in a newline');
  const [origin, sizeText, rootText, ...extensions] = text.slice(0, -1).split('\n');
  if (!isLine(origin)) throw malformed('origin must be a non-empty line');
  if (sizeText === undefined || !SIZE.test(sizeText))
    throw malformed('size must be decimal without leading zeros');
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw malformed('size is too large');
  const root = rootText === undefined ? undefined : decodeBase64(rootText);
  if (root === undefined || root.length !== HASH_SIZE) throw malformed('root must be base64 of 32 bytes');
  if (!extensions.every(isLine)) throw malformed('extension lines must be non-empty');
  return extensions.length > 0 ? { origin, size, root, extensions } : { origin, size, root };
}

export interface OpenedCheckpoint extends Checkpoint {
  note: OpenedNote;
}

/**
 * Opens a signed checkpoint note. At least one verified signature must be by
 * the log's key, so that a witness's cosignature alone cannot pass off some
 * other log's checkpoint. The spec says the log's key name SHOULD be the
 * origin, so that is the default; pass `logKeyName` for logs (like Go's
 * sumdb) whose key is named otherwise.
 */
export function openCheckpoint(
  note: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
  logKeyName?: string,
): OpenedCheckpoint {
  const opened = openNote(note, verifiers);
  const checkpoint = parseCheckpoint(opened.text);
  const logName = logKeyName ?? checkpoint.origin;
  if (!opened.signatures.some((s) => s.name === logName)) {
    throw malformed(`no verified signature by the log key ${logName}`);
  }
  return { ...checkpoint, note: opened };
}

function malformed(why: string): CheckpointError {
  return new CheckpointError('malformed-checkpoint', `malformed checkpoint: ${why}`);
}
