// Who may read the record's public face (checkpoints, cosigned checkpoints, proofs, tiles, the
// witness policy, the verifier key) without a party's session. They disclose sizes and hashes, not
// content, so by default anyone may; a hub's operator may name the Ed25519 keys of the witnesses
// and auditors allowed, and then a reader proves it holds one by signing a challenge from the hub.
import { createHmac, randomBytes, timingSafeEqual, verify } from 'node:crypto';
import type { Hub } from '../hub/hub.js';
import { type Problem, problems } from '../hub/problem.js';
import { decodeBase64, publicKeyFromRaw } from '../record/index.js';
import { SessionTokens } from './session-token.js';

export const READER_SESSION_TTL_MS = 15 * 60 * 1000;
const CHALLENGE_TTL_MS = 60 * 1000;
/** Whose nonces the answered challenges are, in the store's table of used nonces. */
const ANSWERED_CHALLENGES = 'record reader challenge';
/** The environment variable listing the keys allowed to read the record (base64, comma-separated). */
export const RECORD_READERS_ENV = 'DECONFLICT_RECORD_READERS';

/** What a reader signs: it names the hub, so that a signature for one hub opens no other. */
export function readerChallengeMessage(origin: string, challenge: string): Uint8Array {
  return new TextEncoder().encode(`deconflict record reader\n${origin}\n${challenge}\n`);
}

/** The keys named in the environment, or null for a record anyone may read; a bad key stops the hub. */
export function recordReadersFromEnvironment(env: NodeJS.ProcessEnv): string[] | null {
  const text = env[RECORD_READERS_ENV]?.trim();
  if (!text) return null;
  const keys = text.split(',').map((key) => key.trim());
  for (const key of keys) {
    if (decodeBase64(key)?.length !== 32)
      throw new Error(`${RECORD_READERS_ENV}: ${key} is not a base64 raw Ed25519 public key`);
  }
  return keys;
}

/** What the hub's secrets for readers are derived for: each authenticates one thing only. */
export const READER_CHALLENGE_PURPOSE = 'deconflict record reader challenge v1';
export const READER_TOKEN_PURPOSE = 'deconflict record reader token v1';

/**
 * Readers' challenges and tokens are stateless, under secrets every hub of the installation
 * derives from its key: a challenge one hub gave may be answered on another, and a token works on
 * any of them and after a restart. A challenge is answered once, on whichever hub, since the
 * answers are burnt in the store the hubs share.
 */
export class RecordReaders {
  private readonly allowed: Set<string> | null;
  private readonly challengeKey: Buffer;
  private readonly tokens: SessionTokens<'reader'>;

  constructor(
    private readonly hub: Hub,
    keys: readonly string[] | null,
    private readonly clock: () => number = Date.now,
  ) {
    this.allowed = keys ? new Set(keys) : null;
    this.challengeKey = hub.derivedKey(READER_CHALLENGE_PURPOSE);
    this.tokens = new SessionTokens(hub.derivedKey(READER_TOKEN_PURPOSE), ['reader']);
  }

  /** Whether reading needs a named key. */
  get restricted(): boolean {
    return this.allowed !== null;
  }

  /** A challenge valid for a minute; stateless (the hub's MAC over its expiry), so asking costs nothing. */
  challenge(): { challenge: string; expires_at: string } {
    const expires = this.clock() + CHALLENGE_TTL_MS;
    const nonce = randomBytes(16).toString('base64url');
    const body = `${expires}.${nonce}`;
    return { challenge: `${body}.${this.mac(body)}`, expires_at: new Date(expires).toISOString() };
  }

  /** Checks a signed challenge from a named key and opens a reader session. */
  async signIn(
    publicKey: string,
    challenge: string,
    signature: string,
  ): Promise<{ token: string; expires_at: string }> {
    const now = this.clock();
    const [expires, nonce, mac] = challenge.split('.');
    const body = `${expires}.${nonce}`;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw refused('/challenge', 'not a challenge this hub gave');
    }
    if (Number(expires) <= now) throw refused('/challenge', 'expired: ask for a new one');
    if (!this.allowed?.has(publicKey))
      throw refused('/public_key', 'not a key this hub lets read its record');
    const raw = decodeBase64(publicKey);
    const signed = decodeBase64(signature);
    if (
      !raw ||
      !signed ||
      !verify(null, readerChallengeMessage(this.hub.origin, challenge), publicKeyFromRaw(raw), signed)
    ) {
      throw refused('/signature', 'does not verify with the key for this hub and challenge');
    }
    const answer = { key: ANSWERED_CHALLENGES, nonce: challenge, expiresAt: Number(expires) };
    if (!(await this.hub.store.useNonce(answer)))
      throw refused('/challenge', 'already answered: ask for a new one');
    const until = now + READER_SESSION_TTL_MS;
    const token = this.tokens.issue({ kind: 'reader', subject: publicKey, expiresAt: until });
    return { token, expires_at: new Date(until).toISOString() };
  }

  /** Whether a token is a live reader session of a key the hub still names. */
  holds(token: string): boolean {
    const claims = this.tokens.check(token, this.clock());
    return claims !== null && this.allowed?.has(claims.subject) === true;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.challengeKey).update(body).digest('base64url');
  }
}

function refused(field: string, reason: string): Problem {
  return problems.unauthenticated(`record reader sign-in refused: ${reason}`, field);
}
