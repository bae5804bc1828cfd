import { firstValueFrom, forkJoin, lastValueFrom } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import { eventually } from '../support/eventually.js';
import { localClient, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { useFaultProxy } from '../support/use-fault-proxy.js';

const { server, proxy } = useFaultProxy();
/** The client under test, through the proxy, batching getItem calls. */
let db: DynamoDB;
const measurements: Measurement[] = [];
const table = uniqueTableName('AutoBatchFaults');
const item = (i: number) => ({ pk: `k${i}`, payload: `item ${i}` });

beforeAll(async () => {
  // A short throttling base: the backoff schedule itself is proven in marble specs.
  db = localClient(proxy.endpoint, { autoBatchGets: true, retry: { throttlingBaseDelayMs: 5 }, onMeasurement: (m) => measurements.push(m) });
  const direct = localClient(server.endpoint);
  await firstValueFrom(direct.createTable(tableDefinition(table)));
  await lastValueFrom(direct.batchWriteItem({ [table]: Array.from({ length: 300 }, (_, i) => ({ put: item(i) })) }));
  // The key schema, read once per client, is in hand before each test.
  await firstValueFrom(db.getItem(table, { pk: 'k0' }));
});

describe('auto-batched getItem through a fault proxy', () => {
  it('keys handed back unprocessed are read again: 300 callers all get their items', async () => {
    proxy.setRandom({ seed: 3, faults: { unprocessed: 0.5 }, actions: ['BatchGetItem'] });
    measurements.length = 0;
    const found = await lastValueFrom(forkJoin(Array.from({ length: 300 }, (_, i) => db.getItem(table, { pk: `k${i}` }))));
    proxy.setRandom(undefined);
    expect(found).toEqual(Array.from({ length: 300 }, (_, i) => item(i)));
    expect(proxy.stats.byAction['BatchGetItem']!.faults.unprocessed).toBeGreaterThan(0);
    expect(measurements.filter((m) => m.action === 'BatchGetItem').length).toBe(proxy.stats.byAction['BatchGetItem']!.requests);
  });

  it('a caller cancelled while its batch is in flight leaves the others their items, and the request runs on', async () => {
    proxy.script({ kind: 'delay', action: 'BatchGetItem', delayMs: 300 });
    const results: unknown[] = [];
    const cancelled = db.getItem(table, { pk: 'k1' }).subscribe((found) => results.push(['cancelled caller', found]));
    const others = lastValueFrom(forkJoin([db.getItem(table, { pk: 'k1' }), db.getItem(table, { pk: 'k2' })]));
    await eventually(() => proxy.openRequests() === 1, 'the batch reached the proxy');
    cancelled.unsubscribe();
    expect(await others).toEqual([item(1), item(2)]);
    expect(results).toEqual([]);
    expect(proxy.stats.byAction['BatchGetItem']!.requests).toBe(1);
  });

  it('when every caller of a batch in flight is cancelled, its request is aborted', async () => {
    proxy.script({ kind: 'delay', action: 'BatchGetItem', delayMs: 5000 });
    const calls = [1, 2, 3].map((i) => db.getItem(table, { pk: `k${i}` }).subscribe());
    await eventually(() => proxy.openRequests() === 1, 'the batch reached the proxy');
    calls[0]!.unsubscribe();
    calls[1]!.unsubscribe();
    // The request holds its slot of maxConcurrency while a caller waits; it frees it the moment it is aborted.
    expect(db.load).toEqual({ inFlight: 1, queued: 0 });
    calls[2]!.unsubscribe();
    expect(db.load).toEqual({ inFlight: 0, queued: 0 });
    await eventually(() => proxy.openRequests() === 0, 'the proxy saw the request aborted');
  });

  it('BatchGetItem bodies broken on the way back (reset mid-body, cut short, bad checksum, bad JSON, reset after, late): each caller gets its item once', async () => {
    // Batches of 25 (12 requests at least), retries enough for 40% of answers broken, answers late past timeoutMs.
    const patient = localClient(proxy.endpoint, { autoBatchGets: { maxKeys: 25 }, maxRetries: 10, timeoutMs: 1000, retry: { baseDelayMs: 5, throttlingBaseDelayMs: 5 } });
    await firstValueFrom(patient.getItem(table, { pk: 'k0' }));
    proxy.setRandom({
      seed: 16,
      actions: ['BatchGetItem'],
      delayMs: 1500,
      faults: { 'reset-mid-body': 0.08, truncate: 0.08, 'bad-crc': 0.08, 'malformed-json': 0.08, 'reset-after': 0.04, delay: 0.04 },
    });
    // Each key asked twice: by the forkJoin and by a caller of its own.
    const emitted: unknown[][] = Array.from({ length: 300 }, () => []);
    const calls = Array.from({ length: 300 }, (_, i) => {
      const call = patient.getItem(table, { pk: `k${i}` });
      call.subscribe((value) => emitted[i]!.push(value));
      return call;
    });
    const found = await lastValueFrom(forkJoin(calls));
    proxy.setRandom(undefined);
    expect(found).toEqual(Array.from({ length: 300 }, (_, i) => item(i)));
    expect(emitted).toEqual(Array.from({ length: 300 }, (_, i) => [item(i)]));
    const faults = proxy.stats.byAction['BatchGetItem']!.faults;
    expect(faults['reset-mid-body'] + faults.truncate + faults['bad-crc'] + faults['malformed-json']).toBeGreaterThan(0);
  });
});
