import { config as rxjsConfig } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import type { AttemptRecord } from '../../src/instrumentation/attempt.js';
import { FakeDynamoDB } from '../../src/testing/fake-dynamodb.js';
import { errorResponse, itemResponse, okResponse, throttledResponse } from '../../src/testing/fixtures.js';
import { marbleScheduler } from '../support/marble-scheduler.js';


describe('attempts$: one record per HTTP attempt', () => {
  it('records each attempt with its status, error, duration, retry decision and backoff', () => {
    const fake = new FakeDynamoDB();
    const attempts: AttemptRecord[] = [];
    const measurements: Measurement[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      const answers = [cold('-t|', { t: throttledResponse() }), cold('--e|', { e: errorResponse('InternalServerError', 'oops', 500) }), cold('---o|', { o: itemResponse({ id: 'u1' }) })];
      let n = 0;
      fake.when('GetItem', () => answers[n++]!);
      const db = fake.client({ onMeasurement: (m) => measurements.push(m) });
      db.attempts$.subscribe((record) => attempts.push(record));
      // throttled at 1, waits 1000 (throttling base); fails at 1003, waits 50 (2nd retry, 25 ms base); succeeds at 1056
      expectObservable(db.getItem('Users', { id: 'u1' })).toBe('1056ms u|', { u: { id: 'u1' } });
    });
    expect(attempts).toEqual([
      { action: 'GetItem', table: 'Users', attempt: 1, durationMs: 1, statusCode: 400, error: 'ProvisionedThroughputExceededException', willRetry: true, backoffMs: 1000 },
      { action: 'GetItem', table: 'Users', attempt: 2, durationMs: 2, statusCode: 500, error: 'InternalServerError', willRetry: true, backoffMs: 50 },
      { action: 'GetItem', table: 'Users', attempt: 3, durationMs: 3, statusCode: 200, willRetry: false },
    ]);
    expect(measurements).toEqual([{ action: 'GetItem', table: 'Users', durationMs: 1056, attempts: 3, statusCode: 200 }]);
  });

  it('records the last attempt of a call that gives up, with willRetry false', () => {
    const fake = new FakeDynamoDB();
    const attempts: AttemptRecord[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      fake.when('PutItem', () => cold('-e|', { e: errorResponse('InternalServerError', 'oops', 500) }));
      const db = fake.client({ maxRetries: 1 });
      db.attempts$.subscribe((record) => attempts.push(record));
      expectObservable(db.putItem('Things', { id: 1 })).toBe('27ms #', undefined, expect.objectContaining({ code: 'InternalServerError' }));
    });
    expect(attempts.map(({ attempt, willRetry, error }) => ({ attempt, willRetry, error }))).toEqual([
      { attempt: 1, willRetry: true, error: 'InternalServerError' },
      { attempt: 2, willRetry: false, error: 'InternalServerError' },
    ]);
  });

  it('records a non-retryable failure once, and a timed-out attempt without a status', () => {
    const fake = new FakeDynamoDB();
    const attempts: AttemptRecord[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      let n = 0;
      fake.when('GetItem', () => (n++ === 0 ? cold('-') : cold('-e|', { e: errorResponse('ValidationException', 'bad key') })));
      const db = fake.client({ timeoutMs: 100 });
      db.attempts$.subscribe((record) => attempts.push(record));
      expectObservable(db.getItem('Things', { id: 1 })).toBe('126ms #', undefined, expect.objectContaining({ code: 'ValidationException' }));
    });
    expect(attempts).toEqual([
      { action: 'GetItem', table: 'Things', attempt: 1, durationMs: 100, error: 'DynamoDBTimeoutError', willRetry: true, backoffMs: 25 },
      { action: 'GetItem', table: 'Things', attempt: 2, durationMs: 1, statusCode: 400, error: 'ValidationException', willRetry: false },
    ]);
  });
});

describe('measurements$: a hot stream of call measurements', () => {
  it('emits the same records as onMeasurement, only to current subscribers, and buffers nothing', () => {
    const fake = new FakeDynamoDB().when('GetItem', () => okResponse());
    const viaCallback: Measurement[] = [];
    const db = fake.client({ onMeasurement: (m) => viaCallback.push(m) });
    db.getItem('Things', { id: 0 }).subscribe();
    const seen: Measurement[] = [];
    const subscription = db.measurements$.subscribe((m) => seen.push(m));
    db.getItem('Things', { id: 1 }).subscribe();
    subscription.unsubscribe();
    db.getItem('Things', { id: 2 }).subscribe();
    expect(viaCallback).toHaveLength(3);
    expect(seen).toEqual([viaCallback[1]]);
    expect(seen[0]).toBe(viaCallback[1]);
  });

  it('a subscriber that throws does not break the call: RxJS reports its error as unhandled', async () => {
    const fake = new FakeDynamoDB().when('GetItem', () => itemResponse({ id: 1 }));
    const db = fake.client();
    const reported: unknown[] = [];
    rxjsConfig.onUnhandledError = (error) => reported.push(error);
    const values: unknown[] = [];
    try {
      const subscription = db.measurements$.subscribe(() => {
        throw new Error('user bug');
      });
      db.getItem('Things', { id: 1 }).subscribe((value) => values.push(value));
      subscription.unsubscribe();
      await new Promise((resolve) => setTimeout(resolve)); // RxJS reports on a later tick
    } finally {
      rxjsConfig.onUnhandledError = null;
    }
    expect(values).toEqual([{ id: 1 }]);
    expect(reported).toEqual([new Error('user bug')]);
  });
});
