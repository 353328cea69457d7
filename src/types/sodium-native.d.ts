// The libsodium bindings the hub uses; sodium-native ships no type declarations.
declare module 'sodium-native' {
  function crypto_sign_verify_detached(
    signature: Uint8Array,
    message: Uint8Array,
    publicKey: Uint8Array,
  ): boolean;
  function crypto_sign_detached(signature: Uint8Array, message: Uint8Array, secretKey: Uint8Array): void;
  function crypto_sign_seed_keypair(publicKey: Uint8Array, secretKey: Uint8Array, seed: Uint8Array): void;
  const crypto_sign_BYTES: number;
  const crypto_sign_PUBLICKEYBYTES: number;
  const crypto_sign_SECRETKEYBYTES: number;
  const sodium: {
    crypto_sign_verify_detached: typeof crypto_sign_verify_detached;
    crypto_sign_detached: typeof crypto_sign_detached;
    crypto_sign_seed_keypair: typeof crypto_sign_seed_keypair;
    crypto_sign_BYTES: number;
    crypto_sign_PUBLICKEYBYTES: number;
    crypto_sign_SECRETKEYBYTES: number;
  };
  export default sodium;
}
