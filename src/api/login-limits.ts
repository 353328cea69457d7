import { Problem } from '../hub/problem.js';
import type { AccessLimits } from './access-limits.js';
import { TokenBuckets } from './token-buckets.js';

/**
 * How often sign-ins may be tried. An address is charged for each sign-in that fails, so a storm of
 * made-up or forged logins costs its sender and nobody else; a key is charged only for sign-ins
 * that succeed, which only its holder can make, so nobody can lock another operator out by naming
 * its key.
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
      throw tooManyLogins(addressWait, 'address', 'too many failed sign-ins from this address');
    const keyWait = this.byKey.wait(keyId);
    if (keyWait > 0) {
      this.failures.giveBack(address);
      throw tooManyLogins(keyWait, '/key', 'too many sign-ins with this key');
    }
    const result = await login();
    this.failures.giveBack(address);
    this.byKey.take(keyId);
    return result;
  }
}

function tooManyLogins(waitMs: number, field: string, reason: string): Problem {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new Problem(
    429,
    'too-many-requests',
    'Too many sign-ins',
    `${reason}: try again in ${seconds} s`,
    [{ field, reason }],
    { retry_after: seconds },
  );
}
