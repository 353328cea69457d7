import { activeKeyHolder } from '../hub/authenticate.js';
import type { Hub } from '../hub/hub.js';
import type { Operator } from '../hub/state.js';
import { SessionTokens } from './session-token.js';

export const SESSION_TTL_MS = 15 * 60 * 1000;
/** What the secret behind session tokens is derived for: it authenticates nothing else. */
export const SESSION_TOKEN_PURPOSE = 'deconflict session token v1';

type SessionKind = 'operator' | 'inquiry';
/** The kinds of session, numbered in tokens: append, never reorder. */
const SESSION_KINDS: readonly SessionKind[] = ['operator', 'inquiry'];

/**
 * Short-lived bearer tokens for reads, opened by a signed login. Any hub of the installation takes
 * a token another opened (and keeps taking it after a restart): the token carries its key id, kind
 * and expiry under a MAC only these hubs can make. A token dies with its key: revoking or rotating
 * the key ends its sessions at once.
 */
export class Sessions {
  private readonly tokens: SessionTokens<SessionKind>;

  constructor(
    private readonly hub: Hub,
    private readonly clock: () => number = Date.now,
  ) {
    this.tokens = new SessionTokens(hub.derivedKey(SESSION_TOKEN_PURPOSE), SESSION_KINDS);
  }

  open(keyId: string, kind: SessionKind = 'operator'): { token: string; expiresAt: string } {
    const expiresAt = this.clock() + SESSION_TTL_MS;
    const token = this.tokens.issue({ kind, subject: keyId, expiresAt });
    return { token, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** The key of the inquiry behind a token, or null if it is not a live inquiry session. */
  inquiry(token: string): string | null {
    return this.keyOf(token, 'inquiry');
  }

  /** The operator behind a token, or null if it is unknown, expired or its key no longer active. */
  async operator(token: string): Promise<Operator | null> {
    const keyId = this.keyOf(token, 'operator');
    if (keyId === null) return null;
    return this.hub.read((state) => {
      try {
        return activeKeyHolder(state, keyId).operator;
      } catch {
        return null;
      }
    });
  }

  /**
   * A stream's session, for a check before every batch sent to every client: the token's MAC is
   * checked once, here; what can change after is checked by the function returned, without waiting
   * on a commit: its expiry, its key (a revocation still being committed ends it a moment early,
   * which errs safe) and the hub still serving reads. Null if the token is no live operator session.
   */
  operatorStream(token: string): (() => boolean) | null {
    const claims = this.tokens.check(token, this.clock());
    if (claims?.kind !== 'operator') return null;
    const keyId = claims.subject;
    return () =>
      claims.expiresAt > this.clock() &&
      this.hub.readable &&
      this.hub.live((state) => state.keyHolder(keyId)?.key.status === 'active');
  }

  private keyOf(token: string, kind: SessionKind): string | null {
    const claims = this.tokens.check(token, this.clock());
    return claims?.kind === kind ? claims.subject : null;
  }
}
