// Ed25519 keys for C2SP signed notes: key IDs, the text forms of verifier and
// signer keys, and the signer / verifier objects built from them.
import { createHash, type KeyObject, sign, verify } from 'node:crypto';
import { decodeBase64, encodeBase64 } from './base64.js';
import {
  ED25519_KEY_SIZE,
  ED25519_SIGNATURE_SIZE,
  privateKeyFromSeed,
  publicKeyFromRaw,
  rawPublicKey,
  requireEd25519,
  seedOf,
} from './ed25519.js';
import { NoteError } from './errors.js';
import { isWellFormed } from './text.js';

/** Signature type bytes of the signed-note spec: Ed25519 note signatures, and Ed25519 cosignature/v1 (C2SP tlog-cosignature). */
export const SIGNATURE_TYPE_ED25519 = 0x01;
export const SIGNATURE_TYPE_COSIGNATURE_V1 = 0x04;
type SignatureType = typeof SIGNATURE_TYPE_ED25519 | typeof SIGNATURE_TYPE_COSIGNATURE_V1;
const PRIVATE_KEY_PREFIX = 'PRIVATE+KEY+';

export interface NoteSigner {
  readonly name: string;
  /** uint32 key ID, as written (big-endian) before each signature. */
  readonly keyId: number;
  sign(message: Uint8Array): Uint8Array;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** Key names are non-empty, with no Unicode whitespace and no '+' (which separates key string fields). */
export function isValidKeyName(name: unknown): name is string {
  return typeof name === 'string' && name.length > 0 && !/[\s+]/u.test(name) && isWellFormed(name);
}

function requireName(name: unknown): string {
  if (!isValidKeyName(name)) throw new NoteError('invalid-name', `invalid key name ${JSON.stringify(name)}`);
  return name;
}

/** key ID = SHA-256(name || 0x0A || type || 32-byte public key)[:4], big-endian. */
export function noteKeyId(
  name: string,
  publicKey: Uint8Array,
  type: SignatureType = SIGNATURE_TYPE_ED25519,
): number {
  const digest = createHash('sha256')
    .update(name, 'utf8')
    .update(new Uint8Array([0x0a, type]))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

const hex8 = (id: number): string => id.toString(16).padStart(8, '0');

function rawPublic(publicKey: KeyObject | Uint8Array): Uint8Array {
  if (publicKey instanceof Uint8Array) {
    if (publicKey.length !== ED25519_KEY_SIZE) throw new TypeError('an Ed25519 public key is 32 bytes');
    return publicKey;
  }
  return rawPublicKey(publicKey);
}

/** `name+hex8(keyid)+base64(type || public key)`. */
export function verifierKeyString(
  name: string,
  publicKey: KeyObject | Uint8Array,
  type: SignatureType = SIGNATURE_TYPE_ED25519,
): string {
  requireName(name);
  const raw = rawPublic(publicKey);
  return `${name}+${hex8(noteKeyId(name, raw, type))}+${encodeBase64(withType(type, raw))}`;
}

/** `PRIVATE+KEY+name+hex8(keyid)+base64(type || seed)`. Keep it secret. */
export function signerKeyString(
  name: string,
  privateKey: KeyObject | Uint8Array,
  type: SignatureType = SIGNATURE_TYPE_ED25519,
): string {
  requireName(name);
  const key = privateKey instanceof Uint8Array ? privateKeyFromSeed(privateKey) : privateKey;
  requireEd25519(key, 'private');
  const id = noteKeyId(name, rawPublicKey(key), type);
  return `${PRIVATE_KEY_PREFIX}${name}+${hex8(id)}+${encodeBase64(withType(type, seedOf(key)))}`;
}

export interface ParsedVerifierKey {
  name: string;
  keyId: number;
  publicKey: Uint8Array;
}

/** Parses a verifier key of the given signature type (Ed25519 note signatures unless told). */
export function parseVerifierKey(
  vkey: string,
  type: SignatureType = SIGNATURE_TYPE_ED25519,
): ParsedVerifierKey {
  const { name, keyId, key } = parseKeyFields(vkey, type);
  if (noteKeyId(name, key, type) !== keyId) throw malformedKey('key ID does not match the key');
  return { name, keyId, publicKey: key };
}

export interface ParsedSignerKey {
  name: string;
  keyId: number;
  seed: Uint8Array;
}

export function parseSignerKey(skey: string, type: SignatureType = SIGNATURE_TYPE_ED25519): ParsedSignerKey {
  if (typeof skey !== 'string' || !skey.startsWith(PRIVATE_KEY_PREFIX))
    throw malformedKey('missing PRIVATE+KEY+');
  const { name, keyId, key } = parseKeyFields(skey.slice(PRIVATE_KEY_PREFIX.length), type);
  if (noteKeyId(name, rawPublicKey(privateKeyFromSeed(key)), type) !== keyId) {
    throw malformedKey('key ID does not match the key');
  }
  return { name, keyId, seed: key };
}

/** A signer named `name`, from a private Ed25519 KeyObject or its 32-byte seed. */
export function noteSigner(name: string, privateKey: KeyObject | Uint8Array): NoteSigner {
  requireName(name);
  const key = privateKey instanceof Uint8Array ? privateKeyFromSeed(privateKey) : privateKey;
  requireEd25519(key, 'private');
  const keyId = noteKeyId(name, rawPublicKey(key));
  return {
    name,
    keyId,
    sign: (message) => new Uint8Array(sign(null, message, key)),
  };
}

/** A signer from its `PRIVATE+KEY+…` string. */
export function noteSignerFromKey(skey: string): NoteSigner {
  const { name, seed } = parseSignerKey(skey);
  return noteSigner(name, seed);
}

/** A verifier from its `name+hex8+base64` string. */
export function noteVerifier(vkey: string): NoteVerifier {
  const { name, keyId, publicKey } = parseVerifierKey(vkey);
  const key = publicKeyFromRaw(publicKey);
  return {
    name,
    keyId,
    verify: (message, signature) =>
      signature.length === ED25519_SIGNATURE_SIZE && verify(null, message, key, signature),
  };
}

function withType(type: SignatureType, key: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + key.length);
  out[0] = type;
  out.set(key, 1);
  return out;
}

// name+hex8+base64(type || key), shared by both key forms.
function parseKeyFields(text: string, type: SignatureType): { name: string; keyId: number; key: Uint8Array } {
  if (typeof text !== 'string') throw malformedKey('not a string');
  const fields = text.split('+');
  // The base64 field may itself contain '+', so rejoin everything after the ID.
  const [name, idHex, ...rest] = fields;
  if (name === undefined || idHex === undefined || rest.length === 0)
    throw malformedKey('expected name+id+key');
  if (!isValidKeyName(name)) throw malformedKey('invalid key name');
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw malformedKey('key ID must be 8 lowercase hex digits');
  const data = decodeBase64(rest.join('+'));
  if (data === undefined) throw malformedKey('key is not canonical base64');
  if (data.length !== 1 + ED25519_KEY_SIZE || data[0] !== type) {
    throw malformedKey(`not a key of type 0x${type.toString(16).padStart(2, '0')} (32 bytes)`);
  }
  return { name, keyId: Number.parseInt(idHex, 16), key: data.subarray(1) };
}

function malformedKey(why: string): NoteError {
  return new NoteError('malformed-key', `malformed note key: ${why}`);
}
