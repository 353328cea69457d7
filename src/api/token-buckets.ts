/**
 * A token bucket per key (an address, a key id): up to `perMinute` at once, refilled at
 * `perMinute` a minute. Full buckets are forgotten, so memory follows the keys active in the last
 * minute, not every key ever seen.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly refillPerMs: number;
  private lastSweep: number;

  constructor(
    private readonly perMinute: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.refillPerMs = perMinute / 60_000;
    this.lastSweep = clock();
  }

  /** Milliseconds until `key` has a token (0: it has one now). */
  wait(key: string): number {
    const tokens = this.tokens(key);
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / this.refillPerMs);
  }

  /** Spends a token of `key`; the milliseconds to wait instead if it has none. */
  take(key: string): number {
    const wait = this.wait(key);
    if (wait === 0) this.set(key, this.tokens(key) - 1);
    return wait;
  }

  /** Gives back a token taken for something that turned out not to count. */
  giveBack(key: string): void {
    this.set(key, this.tokens(key) + 1);
  }

  private tokens(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.perMinute;
    return Math.min(this.perMinute, bucket.tokens + (this.clock() - bucket.at) * this.refillPerMs);
  }

  private set(key: string, tokens: number): void {
    const now = this.clock();
    if (tokens >= this.perMinute) this.buckets.delete(key);
    else this.buckets.set(key, { tokens, at: now });
    if (now - this.lastSweep >= 60_000) this.sweep(now);
  }

  /** A bucket untouched for a minute is full again: forget it. */
  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) if (now - bucket.at >= 60_000) this.buckets.delete(key);
  }
}
