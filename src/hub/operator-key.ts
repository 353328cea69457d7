import sodium from 'sodium-native';

// Offline checkers of evidence name keys the same way, from the record's pure core.
export { operatorKeyId } from '../record/operator-key-id.js';

/** Decodes a base64 raw 32-byte Ed25519 public key; null when it is not one. */
export function decodePublicKey(encoded: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(encoded)) return null;
  const raw = Buffer.from(encoded, 'base64');
  return raw.length === 32 ? new Uint8Array(raw) : null;
}

const SIGNATURE = /^[A-Za-z0-9+/]{86}==$/;

/**
 * Checks a base64 Ed25519 signature by a raw 32-byte public key; false for anything malformed.
 * libsodium verifies about twice as fast as OpenSSL here, and every command pays for one verify.
 * It is also the stricter of the two (it refuses small-order keys and non-canonical signatures),
 * so whatever the hub accepts verifies under any RFC 8032 implementation.
 */
export function verifySignature(publicKey: Uint8Array, data: Uint8Array, signature: string): boolean {
  if (publicKey.length !== 32 || !SIGNATURE.test(signature)) return false;
  return sodium.crypto_sign_verify_detached(Buffer.from(signature, 'base64'), data, publicKey);
}
