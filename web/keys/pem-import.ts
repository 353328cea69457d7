// Importing a key file written by `deconflict keygen` (PKCS#8 PEM, Ed25519), once. WebCrypto cannot
// derive a public key from a non-extractable private key, so the file is read twice: once
// extractable, only to take the public half from its JWK, then as the non-extractable key that is kept.
import { fromBase64 } from './base64.js';
import { type OperatorKey, operatorKey } from './operator-key.js';

const PEM = /-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END PRIVATE KEY-----/;

export async function importPemKey(pem: string): Promise<OperatorKey> {
  const body = PEM.exec(pem)?.[1];
  if (body === undefined) throw new Error('not a PKCS#8 PEM private key');
  const der = fromBase64(body.replace(/\s+/g, ''));
  const readable = await crypto.subtle.importKey('pkcs8', der, { name: 'Ed25519' }, true, ['sign']);
  const jwk = await crypto.subtle.exportKey('jwk', readable);
  if (jwk.x === undefined) throw new Error('the key file has no Ed25519 public key');
  const raw = fromBase64(jwk.x.replace(/-/g, '+').replace(/_/g, '/').padEnd(44, '='));
  const kept = await crypto.subtle.importKey('pkcs8', der, { name: 'Ed25519' }, false, ['sign']);
  return operatorKey(kept, raw);
}
