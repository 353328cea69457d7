// A bearer token that any hub of the installation checks on its own, after a restart too, with no
// table to look up: it states what it grants (a kind, and a subject such as an operator's key id)
// and until when, and carries a MAC over that under a secret the hubs derive from their key for
// this one purpose. Whatever else decides whether it still holds (a revoked key) is checked by the
// caller against the state as it is now.
//
// Bytes, sent as base64url (the only characters a bearer token may have here): the kind's number
// (1), the expiry in milliseconds since the epoch (6, big-endian), the subject (UTF-8), and the
// first 16 bytes of HMAC-SHA256 over all of that (RFC 4868's truncation: 128 bits is beyond guessing).
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface TokenClaims<Kind extends string> {
  kind: Kind;
  /** Who the token is for, e.g. an operator's key id. */
  subject: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

const MAC_BYTES = 16;
const HEAD_BYTES = 7;

export class SessionTokens<Kind extends string> {
  /**
   * `kinds` numbers the kinds of token issued under this secret: append new ones, never reorder,
   * or tokens already out would change their kind.
   */
  constructor(
    private readonly secret: Buffer,
    private readonly kinds: readonly Kind[],
  ) {}

  issue({ kind, subject, expiresAt }: TokenClaims<Kind>): string {
    const body = Buffer.concat([Buffer.alloc(HEAD_BYTES), Buffer.from(subject)]);
    body.writeUInt8(this.kinds.indexOf(kind), 0);
    body.writeUIntBE(expiresAt, 1, 6);
    return Buffer.concat([body, this.mac(body)]).toString('base64url');
  }

  /** What a token grants, or null if this installation did not issue it as it is, or it expired. */
  check(token: string, now: number): TokenClaims<Kind> | null {
    const bytes = Buffer.from(token, 'base64url');
    // Decoding is lenient (it skips what is not base64url): only the exact text issued is taken.
    if (bytes.length <= HEAD_BYTES + MAC_BYTES || bytes.toString('base64url') !== token) return null;
    const body = bytes.subarray(0, bytes.length - MAC_BYTES);
    if (!timingSafeEqual(bytes.subarray(body.length), this.mac(body))) return null;
    const kind = this.kinds[body.readUInt8(0)];
    const expiresAt = body.readUIntBE(1, 6);
    if (kind === undefined || expiresAt <= now) return null;
    return { kind, subject: body.subarray(HEAD_BYTES).toString(), expiresAt };
  }

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(body).digest().subarray(0, MAC_BYTES);
  }
}
