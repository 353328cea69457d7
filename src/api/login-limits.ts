import { Problem } from '../hub/problem.js';
import type { AccessLimits } from './access-limits.js';
import { retryLater } from './problem-response.js';
import { TokenBuckets } from './token-buckets.js';

const TITLE = 'Too many sign-ins';

/**
 * How often sign-ins may be tried. An address is charged for each sign-in that fails to
 * authenticate (unknown key, bad signature, stale, replayed), so a storm of made-up or forged logins
 * costs its sender and nobody else; a malformed one is refused before any signature is checked and
 * costs nothing. A key is charged only for sign-ins that succeed, which only its holder can make, so
 * nobody can lock another operator out by naming its key.
 */
export class LoginLimits {
  private readonly failures: TokenBuckets;
  private readonly byKey: TokenBuckets;

  constructor(
    limits: Pick<AccessLimits, 'failedLoginsPerAddressPerMinute' | 'loginsPerKeyPerMinute'>,
    clock: () => number = Date.now,
  ) {
    this.failures = new TokenBuckets(limits.failedLoginsPerAddressPerMinute, clock);
    this.byKey = new TokenBuckets(limits.loginsPerKeyPerMinute, clock);
  }

  /** Runs `login` if the address and the key may try now, else refuses with 429 and when to retry. */
  async attempt<T>(address: string, keyId: string, login: () => Promise<T>): Promise<T> {
    const addressWait = this.failures.take(address);
    if (addressWait > 0)
      throw retryLater(
        429,
        TITLE,
        'too many failed sign-ins from this address',
        'address',
        addressWait / 1000,
      );
    const keyWait = this.byKey.wait(keyId);
    if (keyWait > 0) {
      this.failures.giveBack(address);
      throw retryLater(429, TITLE, 'too many sign-ins with this key', '/key', keyWait / 1000);
    }
    let result: T;
    try {
      result = await login();
    } catch (error) {
      if (error instanceof Problem && error.status === 400) this.failures.giveBack(address);
      throw error;
    }
    this.failures.giveBack(address);
    this.byKey.take(keyId);
    return result;
  }
}
