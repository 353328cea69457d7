// Stands in for node:crypto in the browser bundle (see scripts/build-web.ts): the record's hashing
// (src/record/hash.ts) asks only for a synchronous SHA-256, which WebCrypto does not offer.
import { sha256 } from '@noble/hashes/sha2.js';

export function hash(algorithm: 'sha256', data: Uint8Array, _outputEncoding: 'buffer'): Uint8Array {
  if (algorithm !== 'sha256')
    throw new TypeError(`only sha256 is available in the browser, not ${algorithm}`);
  return sha256(data);
}
