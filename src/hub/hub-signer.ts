import type { KeyObject } from 'node:crypto';
import sodium from 'sodium-native';
import { type NoteSigner, noteSigner, seedOf } from '../record/index.js';

/**
 * The hub's signer for its checkpoints and its own entries. It signs with libsodium, which takes
 * half the time of node:crypto here; a busy writer signs a checkpoint per batch and one entry per
 * conflict, notice and escalation step, all on its one thread. Ed25519 signatures are
 * deterministic, so the result is the same bytes either way.
 */
export function hubSigner(origin: string, hubKey: KeyObject): NoteSigner {
  const { name, keyId } = noteSigner(origin, hubKey);
  const publicKey = Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES);
  const secretKey = Buffer.alloc(sodium.crypto_sign_SECRETKEYBYTES);
  sodium.crypto_sign_seed_keypair(publicKey, secretKey, seedOf(hubKey));
  return {
    name,
    keyId,
    sign(message) {
      const signature = new Uint8Array(sodium.crypto_sign_BYTES);
      sodium.crypto_sign_detached(signature, message, secretKey);
      return signature;
    },
  };
}
