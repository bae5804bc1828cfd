import type { DynamoDBError } from '../errors/dynamodb-error.js';
import { MAX_TIMER_MS } from '../util/max-timer.js';

/** Tuning of retries; every field has a default. Delays are milliseconds from 0 to 2147483647 (2^31-1, the longest delay a timer takes). */
export interface RetryOptions {
  /**
   * Base of the exponential backoff for transient errors (5xx, network, timeouts, checksums).
   * @default 25
   */
  baseDelayMs?: number | undefined;
  /**
   * Base of the exponential backoff for throttling errors, longer so a throttled table can recover.
   * @default 1000
   */
  throttlingBaseDelayMs?: number | undefined;
  /**
   * Cap of any single delay.
   * @default 20000
   */
  maxDelayMs?: number | undefined;
  /**
   * Random source in [0, 1) for the full jitter. Pass a fixed one (`() => 0.5`) in marble tests.
   * @default Math.random
   */
  random?: (() => number) | undefined;
  /**
   * Decides whether an error is retried; `attempt` counts from 1. By default `error.retryable`.
   * @example retry: { shouldRetry: (e) => e.retryable && e.code !== 'DynamoDBTimeoutError' }
   */
  shouldRetry?: ((error: DynamoDBError, attempt: number) => boolean) | undefined;
  /**
   * Size of the per-client retry budget (token bucket): a throttling retry costs 5 tokens, any
   * other retry 14, a first-attempt success gives 1 back. When it is empty, retryable errors
   * surface at once instead of adding load. `Infinity` disables it.
   * @default 500
   */
  quota?: number | undefined;
}

/** {@link RetryOptions} with every default filled in. @internal */
export type ResolvedRetryOptions = { [K in keyof RetryOptions]-?: Exclude<RetryOptions[K], undefined> };

/** The defaults of {@link RetryOptions}, from the AWS SDKs' 2026 DynamoDB retry behaviour. */
export const RETRY_DEFAULTS: ResolvedRetryOptions = {
  baseDelayMs: 25,
  throttlingBaseDelayMs: 1000,
  maxDelayMs: 20_000,
  random: Math.random,
  shouldRetry: (error) => error.retryable,
  quota: 500,
};

/** `options` with every field left out (or `undefined`) set to its default. @internal */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  const defined = Object.entries(options).filter(([, value]) => value !== undefined);
  return { ...RETRY_DEFAULTS, ...(Object.fromEntries(defined) as Partial<ResolvedRetryOptions>) };
}

/**
 * Milliseconds to wait before retry number `retry` (1 for the first retry): full jitter,
 * `random() * min(maxDelayMs, base * 2^(retry - 1))`, at most {@link MAX_TIMER_MS} (a `random` of the
 * caller's that goes past 1 cannot make the retry's timer fire at once).
 */
export function backoffDelay(retry: number, throttling: boolean, options: ResolvedRetryOptions): number {
  const base = throttling ? options.throttlingBaseDelayMs : options.baseDelayMs;
  return Math.min(MAX_TIMER_MS, options.random() * Math.min(options.maxDelayMs, base * 2 ** (retry - 1)));
}
