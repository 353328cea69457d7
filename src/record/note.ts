// C2SP signed-note (https://c2sp.org/signed-note): text, a blank line, then
// one "— name base64(keyid || signature)" line per signature.
import { decodeBase64, encodeBase64 } from './base64.js';
import { NoteError } from './errors.js';
import { isValidKeyName, type NoteSigner, type NoteVerifier } from './note-key.js';
import { hasControlCharacter, isWellFormed } from './text.js';

/** More than the spec's minimum of 16; a bound so a note cannot make us verify without end. */
export const MAX_NOTE_SIGNATURES = 100;

const SIG_PREFIX = '\u2014 ';
const KEY_ID_SIZE = 4;

export interface NoteSignature {
  name: string;
  keyId: number;
  /** base64(keyid || signature), exactly as on the signature line. */
  base64: string;
}

export interface OpenedNote {
  /** The signed text, ending in a newline. */
  text: string;
  /** Signatures by known keys, all verified. */
  signatures: NoteSignature[];
  /** Signatures by keys we do not know, unchecked (e.g. other witnesses). */
  unverified: NoteSignature[];
}

/** Whether `text` can be the text of a note: non-empty, ends in newline, no control characters. */
export function isValidNoteText(text: unknown): text is string {
  return (
    typeof text === 'string' && text.endsWith('\n') && !hasControlCharacter(text, true) && isWellFormed(text)
  );
}

/** Signs `text` with each signer; the result is the complete note. */
export function signNote(text: string, signers: NoteSigner | readonly NoteSigner[]): string {
  return `${text}\n${noteSignatureLines(text, signers)}`;
}

/**
 * The signature lines (each ending in a newline) of `text` by each signer, without the text:
 * what a cosigner hands back to be added to a note it did not write.
 */
export function noteSignatureLines(text: string, signers: NoteSigner | readonly NoteSigner[]): string {
  const list = Array.isArray(signers) ? signers : [signers as NoteSigner];
  if (!isValidNoteText(text)) {
    throw new NoteError('invalid-text', 'note text must end in a newline and contain no control characters');
  }
  if (list.length === 0) throw new NoteError('malformed-note', 'a note needs at least one signer');
  if (list.length > MAX_NOTE_SIGNATURES) throw new NoteError('too-many-signatures', 'too many signers');
  const message = new TextEncoder().encode(text);
  const seen = new Set<string>();
  let lines = '';
  for (const signer of list) {
    if (!isValidKeyName(signer.name))
      throw new NoteError('invalid-name', `invalid signer name ${signer.name}`);
    const key = `${signer.name}+${signer.keyId}`;
    if (seen.has(key)) throw new NoteError('ambiguous-key', `signer ${signer.name} given twice`);
    seen.add(key);
    const sig = signer.sign(message);
    const framed = new Uint8Array(KEY_ID_SIZE + sig.length);
    new DataView(framed.buffer).setUint32(0, signer.keyId >>> 0);
    framed.set(sig, KEY_ID_SIZE);
    lines += `${SIG_PREFIX}${signer.name} ${encodeBase64(framed)}\n`;
  }
  return lines;
}

/**
 * Parses a signed note and checks its signatures against `verifiers`.
 * Throws NoteError unless at least one known key signed it and every
 * signature by a known key verifies (as the spec recommends).
 */
export function openNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  const msg = typeof note === 'string' ? note : decodeUtf8(note);
  if (!isWellFormed(msg) || hasControlCharacter(msg, true))
    throw malformed('not UTF-8 text without control characters');
  // The text ends at the last blank line; the text itself may contain blank lines.
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no signature block');
  const text = msg.slice(0, split + 1);
  const block = msg.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) throw malformed('signature block must end in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw new NoteError('too-many-signatures', 'too many signatures');

  const byKey = new Map<string, NoteVerifier[]>();
  for (const v of verifiers) {
    const key = `${v.name}+${v.keyId}`;
    byKey.set(key, [...(byKey.get(key) ?? []), v]);
  }

  const message = new TextEncoder().encode(text);
  const signatures: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    const sig = parseSignatureLine(line);
    const candidates = byKey.get(`${sig.name}+${sig.keyId}`);
    if (candidates === undefined) {
      // Unknown keys are ignored but reported, once per distinct line.
      if (!seen.has(line)) unverified.push(sig);
      seen.add(line);
      continue;
    }
    if (candidates.length > 1)
      throw new NoteError('ambiguous-key', `ambiguous key ${sig.name}+${hex8(sig.keyId)}`);
    // A known key's repeated signature adds nothing; skip it.
    const known = `${sig.name}+${sig.keyId}`;
    if (seen.has(known)) continue;
    seen.add(known);
    const raw = decodeBase64(sig.base64) as Uint8Array;
    if (!(candidates[0] as NoteVerifier).verify(message, raw.subarray(KEY_ID_SIZE))) {
      throw new NoteError('invalid-signature', `invalid signature for key ${sig.name}+${hex8(sig.keyId)}`);
    }
    signatures.push(sig);
  }
  if (signatures.length === 0) throw new NoteError('unverified', 'note has no verifiable signatures');
  return { text, signatures, unverified };
}

/** Parses one signature line (without its newline); throws NoteError unless well formed. */
export function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(SIG_PREFIX)) throw malformed('expected a signature line');
  const rest = line.slice(SIG_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) throw malformed('signature line has no signature');
  const name = rest.slice(0, space);
  const base64 = rest.slice(space + 1);
  if (!isValidKeyName(name)) throw malformed('invalid key name in signature line');
  const raw = decodeBase64(base64);
  if (raw === undefined || raw.length <= KEY_ID_SIZE)
    throw malformed('signature is not base64(keyid || signature)');
  const keyId = new DataView(raw.buffer, raw.byteOffset, raw.byteLength).getUint32(0);
  return { name, keyId, base64 };
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw malformed('not valid UTF-8');
  }
}

const hex8 = (id: number): string => id.toString(16).padStart(8, '0');

function malformed(why: string): NoteError {
  return new NoteError('malformed-note', `malformed note: ${why}`);
}
