import { firstValueFrom, forkJoin, lastValueFrom } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import { localClient, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { useFaultProxy } from '../support/use-fault-proxy.js';

// Auto-batched getItem when BatchGetItem bodies break on the way back (the early body read meets them):
// reset mid-body, cut short, a wrong checksum, bad JSON, a reset after the server applied it, an answer
// later than the timeout. Retried per request, each caller gets its own item exactly once.

const { server, proxy } = useFaultProxy({ seed: 16 });
let db: DynamoDB;
const table = uniqueTableName('AutoBatchBodyFaults');
const item = (i: number) => ({ pk: `k${i}`, payload: `item ${i}`.repeat(i % 7) });

beforeAll(async () => {
  db = localClient(proxy.endpoint, { autoBatchGets: { maxKeys: 25 }, maxRetries: 10, timeoutMs: 1000, retry: { baseDelayMs: 5, throttlingBaseDelayMs: 5 } });
  const direct = localClient(server.endpoint);
  await firstValueFrom(direct.createTable(tableDefinition(table)));
  await lastValueFrom(direct.batchWriteItem({ [table]: Array.from({ length: 300 }, (_, i) => ({ put: item(i) })) }));
  await firstValueFrom(db.getItem(table, { pk: 'k0' }));
});

describe('auto-batched getItem through broken BatchGetItem bodies', () => {
  it('300 callers, 12 batches, 40% of answers broken: each caller gets its own item, once', async () => {
    proxy.setRandom({
      seed: 16,
      actions: ['BatchGetItem'],
      delayMs: 1500,
      faults: { 'reset-mid-body': 0.08, truncate: 0.08, 'bad-crc': 0.08, 'malformed-json': 0.08, 'reset-after': 0.04, delay: 0.04 },
    });
    const emitted: unknown[][] = Array.from({ length: 300 }, () => []);
    const found = await lastValueFrom(
      forkJoin(
        Array.from({ length: 300 }, (_, i) => {
          const call = db.getItem(table, { pk: `k${i}` });
          call.subscribe((value) => emitted[i]!.push(value));
          return call;
        }),
      ),
    );
    proxy.setRandom(undefined);
    expect(found).toEqual(Array.from({ length: 300 }, (_, i) => item(i)));
    expect(emitted.map((list) => list.length)).toEqual(Array.from({ length: 300 }, () => 1));
    const faults = proxy.stats.byAction['BatchGetItem']!.faults;
    expect(faults['reset-mid-body'] + faults.truncate + faults['bad-crc'] + faults['malformed-json']).toBeGreaterThan(0);
  });
});
