// C2SP tlog-cosignature (https://c2sp.org/tlog-cosignature), Ed25519 cosignature/v1:
// a witness's note signature over "cosignature/v1\ntime <t>\n" and the checkpoint
// text, framed as keyid || uint64 big-endian t || Ed25519 signature. The cosigner
// fits the note signer / verifier shape, so signNote and openNote carry it.
// The time is an argument: this module has no clock.
import { type KeyObject, sign, verify } from 'node:crypto';
import { decodeBase64 } from './base64.js';
import { type OpenedCheckpoint, openCheckpoint, parseCheckpoint } from './checkpoint.js';
import {
  ED25519_SIGNATURE_SIZE,
  privateKeyFromSeed,
  publicKeyFromRaw,
  rawPublicKey,
  requireEd25519,
} from './ed25519.js';
import { CosignatureError, NoteError } from './errors.js';
import { type NoteSignature, noteSignatureLines } from './note.js';
import {
  isValidKeyName,
  type NoteSigner,
  type NoteVerifier,
  noteKeyId,
  noteVerifier,
  parseVerifierKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  verifierKeyString,
} from './note-key.js';

const KEY_ID_SIZE = 4;
const TIME_SIZE = 8;
/** timestamp || Ed25519 signature, as framed after the key ID. */
const COSIGNATURE_SIZE = TIME_SIZE + ED25519_SIGNATURE_SIZE;

/** A cosigner's verifier key: `name+hex8(keyid)+base64(0x04 || public key)`. */
export function cosignerKeyString(name: string, publicKey: KeyObject | Uint8Array): string {
  return verifierKeyString(name, publicKey, SIGNATURE_TYPE_COSIGNATURE_V1);
}

/** The signed message: the header and time lines, then the checkpoint text. */
function cosignedMessage(time: number | bigint, checkpointText: Uint8Array): Uint8Array {
  const header = new TextEncoder().encode(`cosignature/v1\ntime ${time}\n`);
  const message = new Uint8Array(header.length + checkpointText.length);
  message.set(header);
  message.set(checkpointText, header.length);
  return message;
}

/**
 * A signer of cosignatures at `time` (POSIX seconds), named `name`. Given to
 * signNote or noteSignatureLines, the text it signs must be a checkpoint; use
 * cosignCheckpoint, which checks that.
 */
export function cosigner(name: string, privateKey: KeyObject | Uint8Array, time: number): NoteSigner {
  if (!isValidKeyName(name)) throw new NoteError('invalid-name', `invalid cosigner name ${name}`);
  if (!Number.isSafeInteger(time) || time < 0) {
    throw new CosignatureError(
      'malformed-cosignature',
      'the time must be a non-negative whole number of seconds',
    );
  }
  const key = privateKey instanceof Uint8Array ? privateKeyFromSeed(privateKey) : privateKey;
  requireEd25519(key, 'private');
  return {
    name,
    keyId: noteKeyId(name, rawPublicKey(key), SIGNATURE_TYPE_COSIGNATURE_V1),
    sign: (checkpointText) => {
      const out = new Uint8Array(COSIGNATURE_SIZE);
      new DataView(out.buffer).setBigUint64(0, BigInt(time));
      out.set(sign(null, cosignedMessage(time, checkpointText), key), TIME_SIZE);
      return out;
    },
  };
}

/** The cosignature line (ending in a newline) of `signer` on checkpoint text `checkpointText`. */
export function cosignCheckpoint(checkpointText: string, signer: NoteSigner): string {
  parseCheckpoint(checkpointText);
  return noteSignatureLines(checkpointText, signer);
}

/** A verifier of one cosigner's cosignatures, from its verifier key string (type 0x04). */
export function cosignatureVerifier(vkey: string): NoteVerifier {
  const { name, keyId, publicKey } = parseVerifierKey(vkey, SIGNATURE_TYPE_COSIGNATURE_V1);
  const key = publicKeyFromRaw(publicKey);
  return {
    name,
    keyId,
    verify: (checkpointText, signature) => {
      const time = framedTime(signature);
      return (
        time !== undefined &&
        verify(null, cosignedMessage(time, checkpointText), key, signature.subarray(TIME_SIZE))
      );
    },
  };
}

// The time of timestamp || signature; undefined if the framing is wrong or the
// time is past 2^53 - 1 (the spec allows up to 2^63 - 1; no honest clock reads that).
function framedTime(signature: Uint8Array): number | undefined {
  if (signature.length !== COSIGNATURE_SIZE) return undefined;
  const time = new DataView(signature.buffer, signature.byteOffset, TIME_SIZE).getBigUint64(0);
  return time <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(time) : undefined;
}

/** The time (POSIX seconds) a cosignature states; it does not verify the signature. */
export function cosignatureTime(signature: NoteSignature): number {
  const raw = decodeBase64(signature.base64);
  const time = raw === undefined ? undefined : framedTime(raw.subarray(KEY_ID_SIZE));
  if (time === undefined) {
    throw new CosignatureError('malformed-cosignature', `${signature.name} did not sign a cosignature/v1`);
  }
  return time;
}

export interface CosignaturePolicy {
  /** The log's key, as a verifier or its verifier key string; its signature must be there. */
  logVerifier: NoteVerifier | string;
  /** The witnesses' cosigner keys (`name+hex8+base64(0x04 || key)`). */
  witnesses: readonly string[];
  /** How many of them must have cosigned. */
  quorum: number;
}

export interface Cosigned {
  /** The witness's verifier key string, as given in the policy. */
  witness: string;
  name: string;
  /** When it cosigned, POSIX seconds. */
  time: number;
}

export interface CosignatureCheck {
  checkpoint: OpenedCheckpoint;
  /** The policy's witnesses whose cosignatures verify, in the note's order. */
  cosigned: Cosigned[];
  quorumMet: boolean;
}

/**
 * Opens a checkpoint signed by the log and cosigned by witnesses. Throws a
 * NoteError or CheckpointError for a malformed note, a missing log signature
 * or any invalid signature by a known key, and a CosignatureError for a policy
 * that makes no sense; otherwise says who cosigned and whether that is enough.
 */
export function verifyCosignatures(note: string | Uint8Array, policy: CosignaturePolicy): CosignatureCheck {
  const { witnesses, quorum } = policy;
  if (!Array.isArray(witnesses) || new Set(witnesses).size !== witnesses.length) {
    throw new CosignatureError('invalid-policy', 'witnesses must be a list of distinct keys');
  }
  if (!Number.isSafeInteger(quorum) || quorum < 0 || quorum > witnesses.length) {
    throw new CosignatureError(
      'invalid-policy',
      `a quorum must be a whole number from 0 to ${witnesses.length}`,
    );
  }
  const log = typeof policy.logVerifier === 'string' ? noteVerifier(policy.logVerifier) : policy.logVerifier;
  const verifiers = witnesses.map(cosignatureVerifier);
  const checkpoint = openCheckpoint(note, [log, ...verifiers], log.name);
  const cosigned: Cosigned[] = [];
  for (const signature of checkpoint.note.signatures) {
    const index = verifiers.findIndex((v) => v.name === signature.name && v.keyId === signature.keyId);
    if (index < 0) continue;
    cosigned.push({
      witness: witnesses[index] as string,
      name: signature.name,
      time: cosignatureTime(signature),
    });
  }
  return { checkpoint, cosigned, quorumMet: cosigned.length >= quorum };
}
