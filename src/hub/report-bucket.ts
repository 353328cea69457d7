// A token bucket: a party's reports refill at a steady rate up to a burst, so a party may send a
// full batch at once, and at its rate for ever, but not more.

export class ReportBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.refilledAt = now;
  }

  /** Takes up to `wanted` tokens; returns how many it got. */
  take(wanted: number, now: number): number {
    this.refill(now);
    const granted = Math.min(wanted, Math.floor(this.tokens));
    this.tokens -= granted;
    return granted;
  }

  /** Seconds until `wanted` tokens are there (0 when they are now). */
  secondsUntil(wanted: number, now: number): number {
    this.refill(now);
    const missing = Math.min(wanted, this.burst) - this.tokens;
    return missing <= 0 ? 0 : Math.ceil(missing / this.perSecond);
  }

  private refill(now: number): void {
    if (now > this.refilledAt)
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
  }
}
