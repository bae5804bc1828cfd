import { firstValueFrom, lastValueFrom, merge, tap, toArray } from 'rxjs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import type { DynamoDB } from '../../src/client.js';
import { items } from '../../src/streams/page.js';
import type { FaultKind } from '../support/fault-proxy.js';
import { localClient, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { useFaultProxy } from '../support/use-fault-proxy.js';

const { proxy } = useFaultProxy();
let db: DynamoDB;
const measurements: Measurement[] = [];
const table = uniqueTableName('Faults');

beforeAll(async () => {
  // Short, real delays keep this file fast; the backoff schedule itself is proven in marble specs.
  db = localClient(proxy.endpoint, {
    timeoutMs: 300,
    retry: { baseDelayMs: 1, throttlingBaseDelayMs: 5 },
    onMeasurement: (m) => measurements.push(m),
  });
  await firstValueFrom(db.createTable(tableDefinition(table, true)));
  for (let sk = 0; sk < 30; sk++) await lastValueFrom(db.putItem(table, { pk: 'p', sk }));
});
beforeEach(() => {
  measurements.length = 0;
});

describe('retries through injected faults (fault proxy in front of dynalite)', () => {
  const retried: [FaultKind, string][] = [
    ['throttle', 'ProvisionedThroughputExceededException'],
    ['throttling-exception', 'ThrottlingException'],
    ['http500', 'InternalServerError'],
    ['http503', 'HTTP503'],
    ['reset-before', 'NetworkError'],
    ['reset-after', 'NetworkError'],
    ['reset-mid-body', 'NetworkError'],
    ['truncate', 'NetworkError or ChecksumError'],
    ['bad-crc', 'ChecksumError'],
    ['malformed-json', 'MalformedResponseError'],
    ['delay', 'DynamoDBTimeoutError'],
  ];
  for (const [kind, what] of retried) {
    it(`${kind} (${what}) is retried and the call succeeds`, async () => {
      proxy.script({ kind, action: 'GetItem', delayMs: 1000 });
      const item = await firstValueFrom(db.getItem(table, { pk: 'p', sk: 3 }));
      expect(item).toEqual({ pk: 'p', sk: 3 });
      expect(proxy.stats.faults[kind]).toBe(1);
      expect(measurements).toMatchObject([{ action: 'GetItem', attempts: 2, statusCode: 200 }]);
    });
  }

  it('an unknown 400 error type is not retried and keeps its code', async () => {
    proxy.script({ kind: 'unknown-error', action: 'GetItem' });
    const error = await firstValueFrom(db.getItem(table, { pk: 'p', sk: 3 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SomethingNewException', retryable: false });
    expect(measurements).toMatchObject([{ attempts: 1, error: 'SomethingNewException' }]);
  });

  it('gives up after maxRetries with the last error', async () => {
    proxy.script(...Array.from({ length: 4 }, () => ({ kind: 'throttle' as const, action: 'GetItem' })));
    const error = await firstValueFrom(db.getItem(table, { pk: 'p', sk: 3 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ProvisionedThroughputExceededException', throttling: true });
    expect(measurements).toMatchObject([{ attempts: 4, error: 'ProvisionedThroughputExceededException' }]);
  });

  it('a throttled page 3 is retried alone: no page restarts or repeats', async () => {
    let delivered = 0;
    const rows = await lastValueFrom(
      db.query(table, { keyConditionExpression: 'pk = :p', expressionAttributeValues: { ':p': 'p' }, limit: 7 }).pipe(
        tap(() => {
          if (++delivered === 2) proxy.script({ kind: 'throttle', action: 'Query' }, { kind: 'http500', action: 'Query' });
        }),
        items(),
        toArray(),
      ),
    );
    expect(rows.map((row) => row['sk'])).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(measurements.filter((m) => m.action === 'Query').map((m) => m.attempts)).toEqual([1, 1, 3, 1, 1]);
  });

  it('unsubscribing aborts the request in flight (nothing left open at the proxy)', async () => {
    proxy.script({ kind: 'delay', action: 'GetItem', delayMs: 5000 });
    const subscription = db.getItem(table, { pk: 'p', sk: 1 }).subscribe();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(proxy.openRequests()).toBe(1);
    subscription.unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(proxy.openRequests()).toBe(0);
  });

  it('under 20% random faults, 200 concurrent gets all return the right item', async () => {
    proxy.setRandom({ seed: 42, faults: { throttle: 0.05, http500: 0.05, 'reset-before': 0.04, 'bad-crc': 0.03, 'malformed-json': 0.03 } });
    // 10 retries: the chance that one of 200 calls fails 11 times in a row is about 4e-6. No delay
    // faults here, so a generous timeout keeps a loaded machine from turning slowness into failures.
    const patient = localClient(proxy.endpoint, { timeoutMs: 5000, maxRetries: 10, retry: { baseDelayMs: 1, throttlingBaseDelayMs: 5 } });
    const gets = Array.from({ length: 200 }, (_, n) => patient.getItem(table, { pk: 'p', sk: n % 30 }));
    const results = await lastValueFrom(merge(...gets).pipe(toArray()));
    expect(results).toHaveLength(200);
    expect(results.every((row) => row !== undefined && row['pk'] === 'p')).toBe(true);
    const injected = Object.values(proxy.stats.faults).reduce((sum, n) => sum + n, 0);
    expect(injected).toBeGreaterThan(10);
  });
});
