// How a webhook is retried: exponential backoff with jitter, capped, for a bounded number of
// attempts, each with its own deadline. With the defaults an endpoint has about eight and a half
// minutes to come back before an entry is given up on; the deliveries it carries escalate to people
// on their own deadlines meanwhile, so nothing waits on a machine.

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  capMs: number;
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 10,
  baseMs: 1000,
  capMs: 5 * 60_000,
  timeoutMs: 10_000,
};

/**
 * The wait after the `failed`-th failed attempt: "equal jitter", at least half the exponential step
 * (so it surely backs off) and at most all of it (so endpoints that failed together, or a hub's
 * restart, do not retry in step).
 */
export function retryDelay(policy: RetryPolicy, failed: number, random: () => number = Math.random): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** (failed - 1));
  return step / 2 + (random() * step) / 2;
}

/**
 * The wait before the next attempt: the backoff, or longer if the endpoint asked for it with
 * `Retry-After`, but never beyond the cap, so one endpoint cannot park its entries for days.
 */
export function waitBeforeRetry(policy: RetryPolicy, failed: number, retryAfterMs?: number): number {
  return Math.max(retryDelay(policy, failed), Math.min(retryAfterMs ?? 0, policy.capMs));
}
