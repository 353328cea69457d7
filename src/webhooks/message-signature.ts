// RFC 9421 HTTP Message Signatures for the hub's webhook POSTs, with Ed25519 (alg "ed25519") and the
// hub's own key, so that a receiver verifies them with any RFC 9421 implementation and the key from
// GET /v1/record/key. The body is bound through its RFC 9530 Content-Digest. The signature base
// always begins with `"@method": POST`, so it can never be taken for a signed note (whose first line
// is the hub's origin) or for an entry's command (canonical JSON): the one key serves all three.
import { createHash, type KeyObject, sign } from 'node:crypto';

/** The signature's label in Signature-Input and Signature. */
export const SIGNATURE_LABEL = 'deconflict';
/** Names the application, so a signature made for webhooks is accepted for nothing else. */
export const SIGNATURE_TAG = 'deconflict-webhook';
export const COVERED_COMPONENTS = [
  '@method',
  '@target-uri',
  'content-type',
  'content-digest',
  'deconflict-entry',
] as const;

export interface SignedPost {
  /** The URL POSTed to, as the WHATWG URL parser writes it: the receiver's @target-uri. */
  url: string;
  /** The index of the entry the body carries. */
  index: number;
  body: Uint8Array;
  /** Milliseconds since the epoch. */
  created: number;
  /** The hub key's C2SP key ID, 8 hex digits: the same that names it in its entries' authors. */
  keyId: string;
  key: KeyObject;
}

/** The request headers: the body's type and digest, the entry index, and the signature over them. */
export function signedHeaders(post: SignedPost): Record<string, string> {
  const fields: Record<(typeof COVERED_COMPONENTS)[number], string> = {
    '@method': 'POST',
    '@target-uri': post.url,
    'content-type': 'application/json',
    'content-digest': `sha-256=:${createHash('sha256').update(post.body).digest('base64')}:`,
    'deconflict-entry': String(post.index),
  };
  // Structured-field serialisation (RFC 8941) of the inner list and its parameters; the key ID is
  // hex, so the strings need no escaping.
  const params =
    `(${COVERED_COMPONENTS.map((name) => `"${name}"`).join(' ')})` +
    `;created=${Math.floor(post.created / 1000)};keyid="${post.keyId}";alg="ed25519";tag="${SIGNATURE_TAG}"`;
  const base = [
    ...COVERED_COMPONENTS.map((name) => `"${name}": ${fields[name]}`),
    `"@signature-params": ${params}`,
  ].join('\n');
  const signature = sign(null, Buffer.from(base, 'utf8'), post.key).toString('base64');
  return {
    'content-type': fields['content-type'],
    'content-digest': fields['content-digest'],
    'deconflict-entry': fields['deconflict-entry'],
    'signature-input': `${SIGNATURE_LABEL}=${params}`,
    signature: `${SIGNATURE_LABEL}=:${signature}:`,
  };
}
