import { createHash, type KeyObject, verify } from 'node:crypto';

/** A key id names an operator's Ed25519 key: the first 8 bytes of SHA-256 of the raw key, in hex. */
export function operatorKeyId(publicKey: Uint8Array): string {
  return createHash('sha256').update(publicKey).digest('hex').slice(0, 16);
}

/** Decodes a base64 raw 32-byte Ed25519 public key; null when it is not one. */
export function decodePublicKey(encoded: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(encoded)) return null;
  const raw = Buffer.from(encoded, 'base64');
  return raw.length === 32 ? new Uint8Array(raw) : null;
}

/** Checks a base64 Ed25519 signature; false for anything malformed. */
export function verifySignature(key: KeyObject, data: Uint8Array, signature: string): boolean {
  if (!/^[A-Za-z0-9+/]{86}==$/.test(signature)) return false;
  try {
    return verify(null, data, key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
