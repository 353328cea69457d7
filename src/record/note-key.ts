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

/** Signature type byte assigned to Ed25519 by the signed-note spec. */
const ALG_ED25519 = 0x01;
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

/** key ID = SHA-256(name || 0x0A || 0x01 || 32-byte public key)[:4], big-endian. */
export function noteKeyId(name: string, publicKey: Uint8Array): number {
  const digest = createHash('sha256')
    .update(name, 'utf8')
    .update(new Uint8Array([0x0a, ALG_ED25519]))
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

/** `name+hex8(keyid)+base64(0x01 || public key)`. */
export function verifierKeyString(name: string, publicKey: KeyObject | Uint8Array): string {
  requireName(name);
  const raw = rawPublic(publicKey);
  return `${name}+${hex8(noteKeyId(name, raw))}+${encodeBase64(withAlg(raw))}`;
}

/** `PRIVATE+KEY+name+hex8(keyid)+base64(0x01 || seed)`. Keep it secret. */
export function signerKeyString(name: string, privateKey: KeyObject | Uint8Array): string {
  requireName(name);
  const key = privateKey instanceof Uint8Array ? privateKeyFromSeed(privateKey) : privateKey;
  requireEd25519(key, 'private');
  const id = noteKeyId(name, rawPublicKey(key));
  return `${PRIVATE_KEY_PREFIX}${name}+${hex8(id)}+${encodeBase64(withAlg(seedOf(key)))}`;
}

export interface ParsedVerifierKey {
  name: string;
  keyId: number;
  publicKey: Uint8Array;
}

export function parseVerifierKey(vkey: string): ParsedVerifierKey {
  const { name, keyId, key } = parseKeyFields(vkey);
  if (noteKeyId(name, key) !== keyId) throw malformedKey('key ID does not match the key');
  return { name, keyId, publicKey: key };
}

export interface ParsedSignerKey {
  name: string;
  keyId: number;
  seed: Uint8Array;
}

export function parseSignerKey(skey: string): ParsedSignerKey {
  if (typeof skey !== 'string' || !skey.startsWith(PRIVATE_KEY_PREFIX))
    throw malformedKey('missing PRIVATE+KEY+');
  const { name, keyId, key } = parseKeyFields(skey.slice(PRIVATE_KEY_PREFIX.length));
  if (noteKeyId(name, rawPublicKey(privateKeyFromSeed(key))) !== keyId) {
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

function withAlg(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + key.length);
  out[0] = ALG_ED25519;
  out.set(key, 1);
  return out;
}

// name+hex8+base64(alg || key), shared by both key forms.
function parseKeyFields(text: string): { name: string; keyId: number; key: Uint8Array } {
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
  if (data.length !== 1 + ED25519_KEY_SIZE || data[0] !== ALG_ED25519) {
    throw malformedKey('not an Ed25519 key (type 0x01, 32 bytes)');
  }
  return { name, keyId: Number.parseInt(idHex, 16), key: data.subarray(1) };
}

function malformedKey(why: string): NoteError {
  return new NoteError('malformed-key', `malformed note key: ${why}`);
}
