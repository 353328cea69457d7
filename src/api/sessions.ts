import { randomBytes } from 'node:crypto';
import { activeKeyHolder } from '../hub/authenticate.js';
import type { Hub } from '../hub/hub.js';
import type { Operator } from '../hub/state.js';

export const SESSION_TTL_MS = 15 * 60 * 1000;

interface Session {
  keyId: string;
  expiresAt: number;
  /** Opened by an inquiry admitted to incidents, not by an operator. */
  inquiry?: true;
}

/**
 * Short-lived bearer tokens for reads, opened by a signed login. A token dies with its key:
 * revoking or rotating the key ends its sessions at once.
 */
export class Sessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly hub: Hub,
    private readonly clock: () => number = Date.now,
  ) {}

  open(keyId: string, kind: 'operator' | 'inquiry' = 'operator'): { token: string; expiresAt: string } {
    this.prune();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.clock() + SESSION_TTL_MS;
    this.sessions.set(token, { keyId, expiresAt, ...(kind === 'inquiry' ? { inquiry: true as const } : {}) });
    return { token, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** The key of the inquiry behind a token, or null if it is not a live inquiry session. */
  inquiry(token: string): string | null {
    const session = this.sessions.get(token);
    return session?.inquiry && session.expiresAt > this.clock() ? session.keyId : null;
  }

  /** The operator behind a token, or null if it is unknown, expired or its key no longer active. */
  async operator(token: string): Promise<Operator | null> {
    const session = this.sessions.get(token);
    if (!session || session.inquiry || session.expiresAt <= this.clock()) return null;
    return this.hub.read((state) => {
      try {
        return activeKeyHolder(state, session.keyId).operator;
      } catch {
        return null;
      }
    });
  }

  private prune(): void {
    const now = this.clock();
    for (const [token, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(token);
  }
}
