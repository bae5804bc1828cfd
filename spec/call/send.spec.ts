import { config as rxjsConfig, NEVER, of, switchMap, timer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import type { DynamoDBError } from '../../src/errors/dynamodb-error.js';
import type { DynamoDBRequest, DynamoDBResponse, Transport } from '../../src/http/types.js';
import { RETRY_DEFAULTS } from '../../src/retry/backoff.js';
import { errorResponse, okResponse, throttledResponse } from '../../src/testing/fixtures.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { CREDENTIALS, marbleConfig as config, scripted, sendFor } from '../support/send.js';

describe('send: retries', () => {
  it('retries throttling with full-jitter exponential backoff from a 1 s base (1 s, 2 s, 4 s)', () => {
    marbleScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const throttled = [1, 2, 3].map(() => cold('-t|', { t: throttledResponse() }));
      const ok = cold('-o|', { o: okResponse({ Item: {} }) });
      const send = sendFor(config(scripted([...throttled, ok])));
      // attempt 1 at 0 fails at 1; waits 1000; attempt 2 at 1001 fails at 1002; waits 2000;
      // attempt 3 at 3002 fails at 3003; waits 4000; attempt 4 at 7003 succeeds at 7004.
      expectObservable(send('GetItem', {})).toBe('7004ms r|', { r: { Item: {} } });
      expectSubscriptions(throttled[1]!.subscriptions).toBe('1001ms ^!');
      expectSubscriptions(throttled[2]!.subscriptions).toBe('3002ms ^!');
      expectSubscriptions(ok.subscriptions).toBe('7003ms ^-!');
    });
  });

  it('retries transient errors from a 25 ms base, and gives up after maxRetries with the last error', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const failures = [1, 2, 3, 4].map(() => cold('-e|', { e: errorResponse('InternalServerError', 'oops', 500) }));
      const seen: DynamoDBRequest[] = [];
      const send = sendFor(config(scripted(failures, seen)));
      // fails at 1, 27, 78, 179 (delays 25, 50, 100)
      expectObservable(send('PutItem', {})).toBe('179ms #', undefined, expect.objectContaining({ code: 'InternalServerError', statusCode: 500 }));
    });
  });

  it('does not retry a non-retryable error', () => {
    marbleScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const failure = cold('-e|', { e: errorResponse('ConditionalCheckFailedException', 'The conditional request failed') });
      const send = sendFor(config(scripted([failure])));
      expectObservable(send('PutItem', {})).toBe('-#', undefined, expect.objectContaining({ name: 'ConditionalCheckFailedException', retryable: false }));
      expectSubscriptions(failure.subscriptions).toBe('^!');
    });
  });

  it('aborts an attempt after timeoutMs and retries it', () => {
    marbleScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const hung = cold<DynamoDBResponse>('-');
      const ok = cold('-o|', { o: okResponse() });
      const send = sendFor(config(scripted([hung, ok]), { timeoutMs: 100 }));
      expectObservable(send('GetItem', {})).toBe('126ms r|', { r: {} });
      expectSubscriptions(hung.subscriptions).toBe('^ 99ms !');
      expectSubscriptions(ok.subscriptions).toBe('125ms ^-!');
    });
  });

  it('follows retry.shouldRetry when given', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const hung = cold<DynamoDBResponse>('-');
      const send = sendFor(config(scripted([hung]), { timeoutMs: 50, retry: { ...RETRY_DEFAULTS, shouldRetry: (e) => e.code !== 'DynamoDBTimeoutError' } }));
      expectObservable(send('GetItem', {})).toBe(
        '50ms #',
        undefined,
        expect.objectContaining({ code: 'DynamoDBTimeoutError', action: 'GetItem', message: 'GetItem: no response within timeoutMs (50 ms); the attempt was aborted' }),
      );
    });
  });

  it('re-signs every attempt with the virtual clock', () => {
    const seen: DynamoDBRequest[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      const send = sendFor(config(scripted([cold('-t|', { t: throttledResponse() }), cold('-o|', { o: okResponse() })], seen)));
      expectObservable(send('GetItem', { TableName: 'T' })).toBe('1002ms r|', { r: {} });
    });
    expect(seen.map((request) => request.headers['X-Amz-Date'])).toEqual(['19700101T000000Z', '19700101T000001Z']);
    expect(seen[0]!.headers['Authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/19700101\/us-east-1\/dynamodb\/aws4_request/);
    expect(seen[0]!.headers['Authorization']).not.toBe(seen[1]!.headers['Authorization']);
    expect(seen[0]!.body).toBe('{"TableName":"T"}');
  });
});

describe('send: a credential source that never answers', () => {
  it('fails the call with a NoCredentialsError after credentialsTimeoutMs, not retried, nothing sent', () => {
    const seen: DynamoDBRequest[] = [];
    const errors: DynamoDBError[] = [];
    const measurements: Measurement[] = [];
    marbleScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const silent = cold<typeof CREDENTIALS>('-');
      const send = sendFor(
        config(scripted([], seen), { credentials: silent, credentialsTimeoutMs: 10_000, onError: (e) => errors.push(e), onMeasurement: (m) => measurements.push(m) }),
      );
      expectObservable(send('GetItem', {}, 'T')).toBe(
        '10000ms #',
        undefined,
        expect.objectContaining({
          name: 'NoCredentialsError',
          retryable: false,
          action: 'GetItem',
          message: expect.stringMatching(/^no credentials within credentialsTimeoutMs \(10000 ms\): the credential source .* did not answer/),
        }),
      );
      expectSubscriptions(silent.subscriptions).toBe('^ 9999ms !');
    });
    expect(seen).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['NoCredentialsError']);
    expect(measurements).toEqual([{ action: 'GetItem', table: 'T', durationMs: 10_000, attempts: 0, error: 'NoCredentialsError' }]);
  });

  it('sends once credentials come before the deadline, and then the attempt has its own timeoutMs', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const slow = cold('9999ms (c|)', { c: CREDENTIALS });
      const answer = cold('15000ms (o|)', { o: okResponse() });
      const send = sendFor(config(scripted([answer]), { credentials: slow, credentialsTimeoutMs: 10_000, timeoutMs: 20_000 }));
      expectObservable(send('GetItem', {})).toBe('24999ms (r|)', { r: {} });
    });
  });

  it('starts no credentials timer when they come at once (cached)', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const answer = cold('20000ms (o|)', { o: okResponse() });
      const send = sendFor(config(scripted([answer]), { credentialsTimeoutMs: 10, timeoutMs: 30_000 }));
      expectObservable(send('GetItem', {})).toBe('20000ms (r|)', { r: {} });
    });
  });

  it('through the client: the provider is asked again by the next call, which succeeds once it answers', () => {
    let asked = 0;
    marbleScheduler().run(({ cold, expectObservable }) => {
      const db = new DynamoDB({
        env: {},
        credentialsTimeoutMs: 5_000,
        credentials: () => (++asked === 1 ? NEVER : cold('100ms (c|)', { c: CREDENTIALS })),
        transport: () => cold('-(o|)', { o: okResponse({ Item: { id: { S: 'a' } } }) }),
      });
      expectObservable(db.getItem('Things', { id: 'a' })).toBe('5000ms #', undefined, expect.objectContaining({ code: 'NoCredentialsError' }));
      expectObservable(timer(6_000).pipe(switchMap(() => db.getItem('Things', { id: 'a' })))).toBe('6101ms (i|)', { i: { id: 'a' } });
    });
    expect(asked).toBe(2);
  });
});

describe('send: concurrency limit', () => {
  it('holds calls beyond maxConcurrency until a slot frees, in order', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const transport: Transport = () => cold('---(o|)', { o: okResponse() });
      const send = sendFor(config(transport, { maxConcurrency: 2 }));
      expectObservable(send('GetItem', { n: 1 })).toBe('---(a|)', { a: {} });
      expectObservable(send('GetItem', { n: 2 })).toBe('---(b|)', { b: {} });
      expectObservable(send('GetItem', { n: 3 })).toBe('------(c|)', { c: {} });
      expectObservable(send('GetItem', { n: 4 })).toBe('------(d|)', { d: {} });
    });
  });

  it('frees the slot during backoff: a call waiting to retry does not block others', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      let n = 0;
      const transport: Transport = () => (n++ === 0 ? cold('-t|', { t: throttledResponse() }) : cold('-o|', { o: okResponse() }));
      const send = sendFor(config(transport, { maxConcurrency: 1 }));
      // A is throttled at 1 and backs off 1000 ms without its slot; B gets the slot at 1.
      expectObservable(send('GetItem', { call: 'A' })).toBe('1002ms a|', { a: {} });
      expectObservable(send('GetItem', { call: 'B' })).toBe('--b|', { b: {} });
    });
  });
});

describe('send: measurement and onError', () => {
  it('reports one measurement per call with attempts, virtual duration, status and capacity', () => {
    const measurements: Measurement[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      const responses = [cold('-t|', { t: throttledResponse() }), cold('--o|', { o: okResponse({ ConsumedCapacity: { TableName: 'T', CapacityUnits: 1 } }) })];
      const send = sendFor(config(scripted(responses), { onMeasurement: (m) => measurements.push(m) }));
      expectObservable(send('GetItem', {}, 'T')).toBe('1003ms r|', { r: { ConsumedCapacity: { TableName: 'T', CapacityUnits: 1 } } });
    });
    expect(measurements).toEqual([
      { action: 'GetItem', table: 'T', durationMs: 1003, attempts: 2, statusCode: 200, consumedCapacity: [{ tableName: 'T', capacityUnits: 1 }] },
    ]);
  });

  it('calls onError once with the final error, and measures the failure', () => {
    const errors: DynamoDBError[] = [];
    const measurements: Measurement[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      const send = sendFor(
        config(scripted([cold('-e|', { e: errorResponse('ResourceNotFoundException', 'Requested resource not found') })]), {
          onError: (e) => errors.push(e),
          onMeasurement: (m) => measurements.push(m),
        }),
      );
      expectObservable(send('DescribeTable', {}, 'Missing')).toBe('-#', undefined, expect.anything());
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: 'ResourceNotFoundException', action: 'DescribeTable', statusCode: 400 });
    expect(measurements).toEqual([{ action: 'DescribeTable', table: 'Missing', durationMs: 1, attempts: 1, statusCode: 400, error: 'ResourceNotFoundException' }]);
  });

  it('a throwing onMeasurement callback does not break the call', () => {
    const values: unknown[] = [];
    const send = sendFor(config(() => of(okResponse({ ok: 1 })), { onMeasurement: () => { throw new Error('user bug'); } }));
    const reported: unknown[] = [];
    rxjsConfig.onUnhandledError = (error) => reported.push(error);
    try {
      send('GetItem', {}).subscribe((value) => values.push(value));
    } finally {
      rxjsConfig.onUnhandledError = null;
    }
    expect(values).toEqual([{ ok: 1 }]);
    expect(reported).toEqual([new Error('user bug')]);
  });
});
