/** What a retry costs from the quota, and what a success gives back (the AWS SDKs' 2026 values). */
export const QUOTA_COSTS = {
  /** Retrying a throttling error. */
  throttling: 5,
  /** Retrying any other retryable error (5xx, network, timeout, checksum). */
  other: 14,
  /** Added back when a call succeeds at its first attempt. */
  successIncrement: 1,
} as const;

/**
 * The per-client retry budget: a token bucket every retry draws from. When a storm of failures
 * empties it, errors surface at once instead of multiplying the load; successes refill it (a
 * retried call that succeeds returns its last retry's cost, a first-attempt success adds one token).
 */
export class RetryQuota {
  #tokens: number;

  /** `capacity` tokens, full at start; `Infinity` disables the budget. */
  constructor(readonly capacity: number) {
    this.#tokens = capacity;
  }

  /** Tokens left. */
  get tokens(): number {
    return this.#tokens;
  }

  /** Takes the cost of one retry and returns it; undefined (nothing taken) when the quota cannot pay. */
  tryAcquire(throttling: boolean): number | undefined {
    const cost = throttling ? QUOTA_COSTS.throttling : QUOTA_COSTS.other;
    if (cost > this.#tokens) return undefined;
    this.#tokens -= cost;
    return cost;
  }

  /** Records a successful call: refunds `lastRetryCost`, or adds the first-attempt increment. */
  recordSuccess(lastRetryCost: number | undefined): void {
    this.#tokens = Math.min(this.capacity, this.#tokens + (lastRetryCost ?? QUOTA_COSTS.successIncrement));
  }
}
