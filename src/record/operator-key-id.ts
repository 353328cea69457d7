import { createHash } from 'node:crypto';

/** A key id names an operator's Ed25519 key: the first 8 bytes of SHA-256 of the raw key, in hex. */
export function operatorKeyId(publicKey: Uint8Array): string {
  return createHash('sha256').update(publicKey).digest('hex').slice(0, 16);
}
