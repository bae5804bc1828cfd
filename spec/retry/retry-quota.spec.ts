import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import type { ResolvedConfig } from '../../src/config/options.js';
import type { Transport } from '../../src/http/types.js';
import { RETRY_DEFAULTS } from '../../src/retry/backoff.js';
import { QUOTA_COSTS, RetryQuota } from '../../src/retry/retry-quota.js';
import { errorResponse, okResponse, throttledResponse } from '../../src/testing/fixtures.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { marbleConfig, sendFor } from '../support/send.js';

/** A marble config with retries aplenty, no jitter, a quota of `quota` tokens, and its measurements recorded. */
function config(transport: Transport, quota: number, measurements: Measurement[]): ResolvedConfig & { transport: Transport } {
  return marbleConfig(transport, {
    maxRetries: 10,
    retry: { ...RETRY_DEFAULTS, random: () => 0, quota },
    onMeasurement: (m) => measurements.push(m),
    credentials: of({ accessKeyId: 'a', secretAccessKey: 'b' }),
  });
}

describe('RetryQuota', () => {
  it('charges 5 for throttling and 14 for other retries, and refuses what it cannot pay', () => {
    const quota = new RetryQuota(20);
    expect(quota.tryAcquire(false)).toBe(QUOTA_COSTS.other);
    expect(quota.tokens).toBe(6);
    expect(quota.tryAcquire(false)).toBeUndefined();
    expect(quota.tryAcquire(true)).toBe(QUOTA_COSTS.throttling);
    expect(quota.tokens).toBe(1);
  });

  it('refunds a retried success and adds one token for a first-attempt success, up to capacity', () => {
    const quota = new RetryQuota(20);
    quota.tryAcquire(false);
    quota.recordSuccess(14);
    expect(quota.tokens).toBe(20);
    quota.tryAcquire(true);
    quota.recordSuccess(undefined);
    expect(quota.tokens).toBe(16);
    quota.recordSuccess(undefined);
    quota.recordSuccess(undefined);
    quota.recordSuccess(undefined);
    quota.recordSuccess(undefined);
    quota.recordSuccess(undefined);
    expect(quota.tokens).toBe(20);
  });
});

describe('the retry quota in the call pipeline', () => {
  it('stops retrying when a throttling storm empties it, and refills on success', () => {
    const measurements: Measurement[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      const transport: Transport = (request) =>
        JSON.parse(request.body).ok ? cold('-(o|)', { o: okResponse() }) : cold('-(t|)', { t: throttledResponse() });
      const send = sendFor(config(transport, 20, measurements));
      // 20 tokens pay for 4 throttling retries (5 each): 5 attempts, then the error surfaces.
      expectObservable(send('GetItem', { n: 1 })).toBe('-----#', undefined, expect.objectContaining({ throttling: true }));
      // Empty quota: the next throttled call is not retried at all.
      expectObservable(send('GetItem', { n: 2 }), '------^').toBe('-------#', undefined, expect.objectContaining({ throttling: true }));
    });
    expect(measurements.map((m) => m.attempts)).toEqual([5, 1]);
  });

  it('a transient-error storm costs 14 a retry', () => {
    const measurements: Measurement[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      const transport: Transport = () => cold('-(e|)', { e: errorResponse('InternalServerError', 'x', 500) });
      const send = sendFor(config(transport, 30, measurements));
      expectObservable(send('GetItem', {})).toBe('---#', undefined, expect.objectContaining({ code: 'InternalServerError' }));
    });
    expect(measurements.map((m) => m.attempts)).toEqual([3]);
  });

  it('Infinity disables the budget', () => {
    const measurements: Measurement[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      const transport: Transport = () => cold('-(e|)', { e: errorResponse('InternalServerError', 'x', 500) });
      const send = sendFor(config(transport, Infinity, measurements));
      expectObservable(send('GetItem', {})).toBe('-----------#', undefined, expect.anything());
    });
    expect(measurements.map((m) => m.attempts)).toEqual([11]);
  });
});
