// Standard base64 (RFC 4648 §4), decoded strictly. Buffer's own decoder skips
// characters it does not know, which would let two different strings name the
// same key, signature or root; here only the canonical encoding is accepted.

const CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The decoded bytes, or undefined unless `text` is canonical padded base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!CANONICAL.test(text)) return undefined;
  const buf = Buffer.from(text, 'base64');
  // Non-zero padding bits decode to the same bytes; refuse them too.
  if (buf.toString('base64') !== text) return undefined;
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
