import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import type { DynamoDB } from '../../src/client.js';
import type { BatchWriteProgress, WriteRequest } from '../../src/batch/batch-write-item.js';
import type { Item } from '../../src/operations/types.js';
import { items } from '../../src/streams/page.js';
import { localClient, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { useFaultProxy } from '../support/use-fault-proxy.js';

const { server, proxy } = useFaultProxy();
/** The client under test, through the proxy. */
let db: DynamoDB;
/** A client straight to dynalite, to check what landed. */
let direct: DynamoDB;
const measurements: Measurement[] = [];
const table = uniqueTableName('BatchFaults');
const KEYS = 1000;

/**
 * Three writes per key, in three passes over the keys: put, put, put (ends with step 3); put, put,
 * delete (ends deleted); put, delete, put (ends with step 3). A lost, repeated-out-of-order or
 * reordered write leaves the wrong step or a wrong presence behind.
 */
function writes(): WriteRequest[] {
  const put = (i: number, step: number): WriteRequest => ({ put: { pk: `k${i}`, step, payload: `${i}/${step}` } });
  const remove = (i: number): WriteRequest => ({ delete: { pk: `k${i}` } });
  const passes: ((i: number) => WriteRequest)[] = [
    (i) => put(i, 1),
    (i) => (i % 3 === 2 ? remove(i) : put(i, 2)),
    (i) => (i % 3 === 1 ? remove(i) : put(i, 3)),
  ];
  return passes.flatMap((pass) => Array.from({ length: KEYS }, (_, i) => pass(i)));
}

/** What the table must hold afterwards: step 3 of every key not deleted last. */
function expectedItems(): Map<string, Item> {
  const expected = new Map<string, Item>();
  for (let i = 0; i < KEYS; i++) if (i % 3 !== 1) expected.set(`k${i}`, { pk: `k${i}`, step: 3, payload: `${i}/3` });
  return expected;
}

beforeAll(async () => {
  // Short, real delays keep this file fast (the backoff schedule itself is proven in marble specs); many
  // retries, because 60% of requests meet a fault (40% fail outright): with 20 retries a give-up is a 1e-8 event per request.
  db = localClient(proxy.endpoint, { maxRetries: 20, retry: { baseDelayMs: 1, throttlingBaseDelayMs: 5 }, onMeasurement: (m) => measurements.push(m) });
  direct = localClient(server.endpoint);
  await firstValueFrom(direct.createTable(tableDefinition(table)));
});

describe('batch calls through 30% throttling, connection resets and unprocessed answers', () => {
  const faults = { throttle: 0.3, 'reset-before': 0.05, 'reset-after': 0.05, unprocessed: 0.2 };

  it('3,000 writes all land, each key ending with its last write', async () => {
    proxy.setRandom({ seed: 7, faults, actions: ['DescribeTable', 'BatchWriteItem'] });
    const progress: BatchWriteProgress[] = await lastValueFrom(db.batchWriteItem({ [table]: writes() }).pipe(toArray()));
    proxy.setRandom(undefined);

    expect(progress.at(-1)).toMatchObject({ written: 3000, total: 3000 });
    expect(progress.at(-1)!.retried).toBeGreaterThan(0);
    expect(proxy.stats.faults.throttle).toBeGreaterThan(50);
    expect(proxy.stats.faults['reset-after']).toBeGreaterThan(5);
    expect(proxy.stats.faults.unprocessed).toBeGreaterThan(20);
    const rows = await lastValueFrom(direct.scan(table, { consistentRead: true }).pipe(items(), toArray()));
    expect(rows).toHaveLength(expectedItems().size);
    expect(new Map(rows.map((row) => [row['pk'] as string, row]))).toEqual(expectedItems());
  });

  it('a batchGet of every key under the same faults returns each stored item exactly once', async () => {
    proxy.setRandom({ seed: 8, faults, actions: ['BatchGetItem'] });
    const keys = Array.from({ length: KEYS }, (_, i) => ({ pk: `k${i}` }));
    const found = await lastValueFrom(db.batchGetItem({ [table]: { keys } }).pipe(items(), toArray()));
    proxy.setRandom(undefined);

    expect(found).toHaveLength(expectedItems().size);
    expect(new Map(found.map((item) => [item['pk'] as string, item]))).toEqual(expectedItems());
    expect(proxy.stats.byAction['BatchGetItem']!.faults.unprocessed).toBeGreaterThan(0);
  });
});
