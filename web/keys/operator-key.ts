// The operator's Ed25519 key as the browser holds it: a non-extractable private CryptoKey, so that
// script on the page can sign with it but never read it, and the raw public key that names it.
import { toBase64 } from './base64.js';

export interface OperatorKey {
  privateKey: CryptoKey;
  /** Raw 32-byte public key, base64, as `deconflict operator add --public-key` takes it. */
  publicKey: string;
  /** The hub's key id: the first 8 bytes of SHA-256 of the raw public key, in hex. */
  keyId: string;
}

export async function operatorKey(
  privateKey: CryptoKey,
  rawPublicKey: Uint8Array<ArrayBuffer>,
): Promise<OperatorKey> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', rawPublicKey));
  const keyId = [...digest.subarray(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return { privateKey, publicKey: toBase64(rawPublicKey), keyId };
}

/** A new key pair made in the browser; the private half can never leave it. */
export async function generateOperatorKey(): Promise<OperatorKey> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return operatorKey(pair.privateKey, raw);
}
