import { firstValueFrom, lastValueFrom, materialize, merge, toArray } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import type { DynamoDB } from '../../src/client.js';
import type { DynamoDBOptions } from '../../src/config/options.js';
import { QUOTA_COSTS } from '../../src/retry/retry-quota.js';
import { localClient, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { useFaultProxy } from '../support/use-fault-proxy.js';

const { server, proxy } = useFaultProxy();
const table = uniqueTableName('Budget');
const CALLS = 200;
const MAX_RETRIES = 3;
const QUOTA = 500;

beforeAll(async () => {
  const direct = localClient(server.endpoint);
  await firstValueFrom(direct.createTable(tableDefinition(table)));
  await firstValueFrom(direct.putItem(table, { pk: 'p' }));
});

/** A client with the default quota and retries, and a 1 ms backoff so that the storm takes milliseconds. */
function client(measurements: Measurement[], retry: DynamoDBOptions['retry'] = {}): DynamoDB {
  return localClient(proxy.endpoint, {
    maxRetries: MAX_RETRIES,
    retry: { baseDelayMs: 1, throttlingBaseDelayMs: 1, quota: QUOTA, ...retry },
    onMeasurement: (m) => measurements.push(m),
  });
}

/** Runs `CALLS` concurrent gets and returns how each ended. */
async function storm(db: DynamoDB): Promise<{ failed: string[]; succeeded: number }> {
  const ends = await lastValueFrom(merge(...Array.from({ length: CALLS }, () => db.getItem(table, { pk: 'p' }).pipe(materialize()))).pipe(toArray()));
  return {
    failed: ends.filter((end) => end.kind === 'E').map((end) => (end.error as { code: string }).code),
    succeeded: ends.filter((end) => end.kind === 'N').length,
  };
}

describe('the retry budget through the fault proxy', () => {
  it(`a 100% throttling storm: the proxy sees ${CALLS} calls + ${QUOTA / QUOTA_COSTS.throttling} retries, not ${CALLS} × ${MAX_RETRIES + 1}`, async () => {
    proxy.setRandom({ seed: 3, faults: { throttle: 0.5, 'throttling-exception': 0.5 } });
    const measurements: Measurement[] = [];
    const { failed, succeeded } = await storm(client(measurements));

    const retries = QUOTA / QUOTA_COSTS.throttling;
    expect(proxy.stats.requests).toBe(CALLS + retries);
    expect(succeeded).toBe(0);
    expect(failed).toHaveLength(CALLS);
    expect(new Set(failed)).toEqual(new Set(['ProvisionedThroughputExceededException', 'ThrottlingException']));
    expect(measurements.reduce((sum, m) => sum + m.attempts, 0)).toBe(CALLS + retries);
  });

  it(`a 100% 5xx storm costs ${QUOTA_COSTS.other} a retry: ${Math.floor(QUOTA / QUOTA_COSTS.other)} retries in all`, async () => {
    proxy.setRandom({ seed: 4, faults: { http500: 0.5, http503: 0.5 } });
    await storm(client([]));
    expect(proxy.stats.requests).toBe(CALLS + Math.floor(QUOTA / QUOTA_COSTS.other));
  });

  it('an emptied budget refills with first-attempt successes, one token each', async () => {
    const db = client([]);
    proxy.setRandom({ seed: 5, faults: { throttle: 1 } });
    await storm(db);
    proxy.setRandom(undefined);
    proxy.reset();
    // Ten successes give back ten tokens: two throttling retries, then the third throttle surfaces.
    for (let n = 0; n < 10; n++) await firstValueFrom(db.getItem(table, { pk: 'p' }));
    proxy.script(...Array.from({ length: 3 }, () => ({ kind: 'throttle' as const, action: 'GetItem' })));
    const error = await firstValueFrom(db.getItem(table, { pk: 'p' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ProvisionedThroughputExceededException' });
    expect(proxy.stats.requests).toBe(10 + 3);
  });

  it(`quota: Infinity turns the budget off (as documented): the storm costs ${CALLS} × ${MAX_RETRIES + 1}`, async () => {
    proxy.setRandom({ seed: 3, faults: { throttle: 1 } });
    await storm(client([], { quota: Infinity }));
    expect(proxy.stats.requests).toBe(CALLS * (MAX_RETRIES + 1));
  });
});
