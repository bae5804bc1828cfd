import { describe, expect, it } from 'vitest';
import type { DynamoDBError } from '../../src/errors/dynamodb-error.js';
import type { DynamoDBRequest, DynamoDBResponse } from '../../src/http/types.js';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import type { AttemptRecord } from '../../src/instrumentation/attempt.js';
import type { CallEnd, CallTracer } from '../../src/instrumentation/tracer.js';
import { RETRY_DEFAULTS } from '../../src/retry/backoff.js';
import { errorResponse, okResponse, throttledResponse } from '../../src/testing/fixtures.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { marbleConfig as config, scripted, sendFor } from '../support/send.js';

/** What a call reported: measurements, onError, and each tracer end and attempt record. */
function listeners() {
  const heard = { measurements: [] as Measurement[], errors: [] as DynamoDBError[], ends: [] as CallEnd[], attempts: [] as AttemptRecord[] };
  const tracer: CallTracer = { start: () => ({ attempt: (record) => heard.attempts.push(record), end: (end) => heard.ends.push(end) }) };
  const options = { onMeasurement: (m: Measurement) => heard.measurements.push(m), onError: (e: DynamoDBError) => heard.errors.push(e), tracers: [tracer] };
  return { heard, options };
}

describe('send: a call unsubscribed at each moment', () => {
  it('while waiting for a slot: leaves the queue, sends nothing, and only tracers hear that it was cancelled', () => {
    const { heard, options } = listeners();
    const seen: DynamoDBRequest[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      const transport = scripted([cold('-----(o|)', { o: okResponse({ n: 1 }) }), cold('-(o|)', { o: okResponse({ n: 3 }) })], seen);
      const send = sendFor(config(transport, { ...options, maxConcurrency: 1 }));
      expectObservable(send('GetItem', { n: 1 })).toBe('-----(a|)', { a: { n: 1 } });
      expectObservable(send('GetItem', { n: 2 }), '--!').toBe('');
      // Had the cancelled call stayed in the queue, this one would wait for it.
      expectObservable(send('GetItem', { n: 3 })).toBe('------(c|)', { c: { n: 3 } });
    });
    expect(seen.map((request) => JSON.parse(request.body) as unknown)).toEqual([{ n: 1 }, { n: 3 }]);
    expect(heard.measurements.map((m) => m.attempts)).toEqual([1, 1]);
    expect(heard.errors).toEqual([]);
    expect(heard.ends.filter((end) => end.cancelled)).toEqual([{ measurement: { action: 'GetItem', durationMs: 2, attempts: 0 }, cancelled: true }]);
  });

  it('mid-request: the response is unsubscribed at that moment and its slot goes to the next call', () => {
    const { heard, options } = listeners();
    marbleScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const slow = cold<DynamoDBResponse>('-----(o|)', { o: okResponse() });
      const next = cold('-(o|)', { o: okResponse({ n: 2 }) });
      const send = sendFor(config(scripted([slow, next]), { ...options, maxConcurrency: 1 }));
      expectObservable(send('GetItem', { n: 1 }), '--!').toBe('');
      expectObservable(send('GetItem', { n: 2 })).toBe('---(b|)', { b: { n: 2 } });
      expectSubscriptions(slow.subscriptions).toBe('^-!');
      expectSubscriptions(next.subscriptions).toBe('--^!');
    });
    expect(heard.measurements).toHaveLength(1);
    expect(heard.errors).toEqual([]);
    expect(heard.ends.filter((end) => end.cancelled)).toEqual([{ measurement: { action: 'GetItem', durationMs: 2, attempts: 1 }, cancelled: true }]);
  });

  it('during a retry backoff: no further attempt is sent, nothing is measured, tracers hear it cancelled after one attempt', () => {
    const { heard, options } = listeners();
    const seen: DynamoDBRequest[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      // Throttled at 1, then a 1,000 ms backoff (jitter pinned to its maximum): unsubscribed at 500.
      const send = sendFor(config(scripted([cold('-t|', { t: throttledResponse() })], seen), options));
      expectObservable(send('GetItem', {}), '500ms !').toBe('');
    });
    expect(seen).toHaveLength(1);
    expect(heard.measurements).toEqual([]);
    expect(heard.errors).toEqual([]);
    expect(heard.attempts).toEqual([expect.objectContaining({ attempt: 1, willRetry: true, backoffMs: 1000, error: 'ProvisionedThroughputExceededException' })]);
    expect(heard.ends).toEqual([{ measurement: { action: 'GetItem', durationMs: 500, attempts: 1, statusCode: 400 }, cancelled: true }]);
  });

  it('after its answer: nothing more is reported than the success', () => {
    const { heard, options } = listeners();
    marbleScheduler().run(({ cold, expectObservable }) => {
      const send = sendFor(config(scripted([cold('-(o|)', { o: okResponse({ ok: 1 }) })]), options));
      expectObservable(send('GetItem', {}), '---!').toBe('-(r|)', { r: { ok: 1 } });
    });
    expect(heard.measurements).toHaveLength(1);
    expect(heard.ends).toEqual([{ measurement: heard.measurements[0] }]);
  });
});

describe('send: how retries end', () => {
  it('a retry.shouldRetry that throws ends the call with what it threw, reported once', () => {
    const { heard, options } = listeners();
    const bug = new Error('shouldRetry bug');
    const seen: DynamoDBRequest[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      const shouldRetry = (): boolean => {
        throw bug;
      };
      const send = sendFor(config(scripted([cold('-e|', { e: errorResponse('InternalServerError', 'oops', 500) })], seen), { ...options, retry: { ...RETRY_DEFAULTS, shouldRetry } }));
      expectObservable(send('GetItem', {})).toBe('-#', undefined, bug);
    });
    expect(seen).toHaveLength(1);
    expect(heard.measurements).toEqual([expect.objectContaining({ attempts: 1, error: 'Error' })]);
  });

  it('with maxRetries 0 the first retryable failure ends the call without asking shouldRetry', () => {
    const { heard, options } = listeners();
    let asked = 0;
    marbleScheduler().run(({ cold, expectObservable }) => {
      const shouldRetry = (): boolean => {
        asked++;
        return true;
      };
      const send = sendFor(config(scripted([cold('-t|', { t: throttledResponse() })]), { ...options, maxRetries: 0, retry: { ...RETRY_DEFAULTS, shouldRetry } }));
      expectObservable(send('GetItem', {})).toBe('-#', undefined, expect.objectContaining({ code: 'ProvisionedThroughputExceededException' }));
    });
    expect(asked).toBe(0);
    expect(heard.attempts).toEqual([expect.objectContaining({ attempt: 1, willRetry: false })]);
    expect(heard.errors).toHaveLength(1);
  });

  it('retries at most maxRetries times, then fails with the last error after reporting every attempt', () => {
    const { heard, options } = listeners();
    marbleScheduler().run(({ cold, expectObservable }) => {
      const failures = [1, 2, 3].map(() => cold('-e|', { e: errorResponse('InternalServerError', 'oops', 500) }));
      const send = sendFor(config(scripted(failures), { ...options, maxRetries: 2 }));
      // Fails at 1, 27 and 78 (backoffs 25 and 50).
      expectObservable(send('GetItem', {})).toBe('78ms #', undefined, expect.objectContaining({ code: 'InternalServerError' }));
    });
    expect(heard.attempts.map(({ attempt, willRetry }) => [attempt, willRetry])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
    expect(heard.errors).toHaveLength(1);
  });
});

