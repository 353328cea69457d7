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

/**
 * The length of what canonical padded base64 decodes to, without decoding it; undefined unless
 * `text` is canonical. The last character before padding must leave its unused bits zero.
 */
export function base64ByteLength(text: string): number | undefined {
  if (!CANONICAL.test(text)) return undefined;
  if (text.endsWith('=='))
    return ZERO_TAIL_4.includes(text.charAt(text.length - 3)) ? (text.length / 4) * 3 - 2 : undefined;
  if (text.endsWith('='))
    return ZERO_TAIL_2.includes(text.charAt(text.length - 2)) ? (text.length / 4) * 3 - 1 : undefined;
  return (text.length / 4) * 3;
}

// Characters whose low 4 (or 2) bits are zero: the only ones that may precede "==" (or "=").
const ZERO_TAIL_4 = 'AQgw';
const ZERO_TAIL_2 = 'AEIMQUYcgkosw048';
