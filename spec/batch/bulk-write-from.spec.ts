import { firstValueFrom, lastValueFrom, retry } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { BatchIncompleteError, InvalidParameterError } from '../../src/errors/client-errors.js';
import type { WriteRequest } from '../../src/batch/batch-write-item.js';
import { FakeDynamoDB, errorResponse, okResponse } from '../../src/testing/index.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { fakeBatchServer, stored, type FakeBatchServer } from './support/fake-batch-server.js';

/** Puts `pk: k<n>` for n from 0, calling `pulled(n + 1)` as each one is pulled. */
function* puts(count: number, pulled: (n: number) => void = () => undefined): Generator<WriteRequest> {
  for (let n = 0; n < count; n++) {
    pulled(n + 1);
    yield { put: { pk: `k${n}`, n } };
  }
}

/** A client whose fake answers DescribeTable (hash key `pk`) and acknowledges every BatchWriteItem at once, counting writes. */
function instantServer(): { db: ReturnType<FakeDynamoDB['client']>; written: () => number } {
  let written = 0;
  const fake = new FakeDynamoDB()
    .when('DescribeTable', () =>
      okResponse({
        Table: { TableName: 'Users', TableStatus: 'ACTIVE', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] },
      }),
    )
    .when('BatchWriteItem', (call) => {
      written += ((call.body['RequestItems'] as Record<string, unknown[]>)['Users'] ?? []).length;
      return okResponse({ UnprocessedItems: {} });
    });
  return { db: fake.client(), written: () => written };
}

/** An endless iterable that counts the writes it gives and the calls of its return(). */
function countingSource(): { source: Iterable<WriteRequest>; pulled: () => number; returned: () => number } {
  let pulled = 0;
  let returned = 0;
  const iterator: IterableIterator<WriteRequest> = {
    next: () => ({ done: false, value: { put: { pk: `c${pulled++}` } } }),
    return: () => {
      returned++;
      return { done: true, value: undefined };
    },
    [Symbol.iterator]: () => iterator,
  };
  return { source: iterator, pulled: () => pulled, returned: () => returned };
}

/** The third BatchWriteItem fails for good (ValidationException is not retried). */
const thirdRequestFails = (call: number) => (call === 2 ? errorResponse('ValidationException') : undefined);

describe('bulkWriteFrom', () => {
  it('pulls only while fewer than concurrency * 50 writes are unacknowledged, and writes them all', () => {
    let server!: FakeBatchServer;
    let peakAhead = 0;
    const results: unknown[] = [];
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers, { latency: '---(r|)' });
      const source = puts(2000, (n) => (peakAhead = Math.max(peakAhead, n - stored(server).length)));
      server.db.bulkWriteFrom('Users', source, { concurrency: 2 }).subscribe({ next: (p) => results.push(p), complete: () => results.push('done') });
    });
    expect(stored(server)).toHaveLength(2000);
    expect(results.at(-2)).toEqual({ written: 2000, total: 2000, retried: 0 });
    expect(results.at(-1)).toBe('done');
    expect(peakAhead).toBeLessThanOrEqual(100);
    expect(peakAhead).toBeGreaterThan(50);
  });

  it('reads async iterables one next() at a time', async () => {
    let pending = 0;
    let peak = 0;
    async function* slowly(): AsyncGenerator<WriteRequest> {
      for (let n = 0; n < 120; n++) {
        peak = Math.max(peak, ++pending);
        await new Promise((resolve) => setImmediate(resolve));
        pending--;
        yield { put: { pk: `a${n}` } };
      }
    }
    const server = instantServer();
    expect(await lastValueFrom(server.db.bulkWriteFrom('Users', slowly()))).toEqual({ written: 120, total: 120, retried: 0 });
    expect(server.written()).toBe(120);
    expect(peak).toBe(1);
  });

  it('writes a synchronous generator of 100,000 writes without pulling it all at once', async () => {
    let pulled = 0;
    let peakAhead = 0;
    const server = instantServer();
    const source = puts(100_000, (n) => {
      pulled = n;
      peakAhead = Math.max(peakAhead, n - server.written());
    });
    expect(await lastValueFrom(server.db.bulkWriteFrom('Users', source))).toEqual({ written: 100_000, total: 100_000, retried: 0 });
    expect(pulled).toBe(100_000);
    expect(peakAhead).toBeLessThanOrEqual(200);
  });

  it("stops pulling and calls the iterator's return() when unsubscribed", () => {
    let returned = false;
    let pulled = 0;
    function* endless(): Generator<WriteRequest> {
      try {
        for (let n = 0; ; n++) {
          pulled = n + 1;
          yield { put: { pk: `e${n}` } };
        }
      } finally {
        returned = true;
      }
    }
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers, { latency: '---(r|)' });
      const subscription = server.db.bulkWriteFrom('Users', endless()).subscribe();
      helpers.cold('--------x').subscribe(() => subscription.unsubscribe());
    });
    expect(returned).toBe(true);
    expect(stored(server).length).toBeGreaterThan(0);
    expect(pulled - stored(server).length).toBeLessThanOrEqual(200); // default concurrency 4, 50 writes ahead each
  });

  it('refuses a source that is not iterable, before anything is sent', async () => {
    const server = instantServer();
    const error = await firstValueFrom(server.db.bulkWriteFrom('Users', 42 as never)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as InvalidParameterError).parameter).toBe('source');
    expect(server.written()).toBe(0);
  });

  it('a retry never silently writes nothing: a generator read before is refused, naming the source', () => {
    let server!: FakeBatchServer;
    const errors: unknown[] = [];
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers, { answer: thirdRequestFails });
      server.db.bulkWriteFrom('Users', puts(300)).pipe(retry(1)).subscribe({ error: (e: unknown) => errors.push(e) });
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(InvalidParameterError);
    expect((errors[0] as InvalidParameterError).parameter).toBe('source');
    expect((errors[0] as Error).message).toMatch(/already read/);
  });

  it('an iterable that starts over is written again in full on retry', () => {
    let server!: FakeBatchServer;
    const results: unknown[] = [];
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers, { answer: thirdRequestFails });
      const restarting: Iterable<WriteRequest> = { [Symbol.iterator]: () => puts(300) };
      server.db.bulkWriteFrom('Users', restarting).pipe(retry(1)).subscribe({ next: (p) => results.push(p), complete: () => results.push('done') });
    });
    expect(results.at(-2)).toEqual({ written: 300, total: 300, retried: 0 });
    expect(results.at(-1)).toBe('done');
    expect(new Set(stored(server).map((item) => item['pk'])).size).toBe(300);
  });

  it("calls return() when the stream ends before the source is read: missing table, bad table name, unsubscribed during DescribeTable", () => {
    const missing = countingSource();
    const badName = countingSource();
    const early = countingSource();
    const errors: unknown[] = [];
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers, { missing: ['Gone'], schemaLatency: '-----(r|)' });
      server.db.bulkWriteFrom('Gone', missing.source).subscribe({ error: (e: unknown) => errors.push(e) });
      server.db.bulkWriteFrom('', badName.source).subscribe({ error: (e: unknown) => errors.push(e) });
      const subscription = server.db.bulkWriteFrom('Users', early.source).subscribe();
      helpers.cold('--x').subscribe(() => subscription.unsubscribe());
    });
    expect(errors.map((e) => (e as Error).name)).toEqual(['InvalidParameterError', 'ResourceNotFoundException']);
    for (const source of [missing, badName, early]) expect([source.returned(), source.pulled()]).toEqual([1, 0]);
    expect(stored(server)).toEqual([]);
  });

  it('fails, rather than hangs, when next() gives something that is not an iterator result', async () => {
    const server = instantServer();
    const broken = { [Symbol.asyncIterator]: () => ({ next: async () => 42 }) } as unknown as AsyncIterable<WriteRequest>;
    const error = await lastValueFrom(server.db.bulkWriteFrom('Users', broken)).catch((e: unknown) => e);
    // As for any failure of the source: the batch stops, and says what did and did not land.
    expect(error).toBeInstanceOf(BatchIncompleteError);
    const cause = (error as BatchIncompleteError).cause;
    expect(cause).toBeInstanceOf(InvalidParameterError);
    expect((cause as InvalidParameterError).parameter).toBe('source');
  });

  it('a return() that rejects cannot become an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let n = 0;
      let returned = 0;
      const source: AsyncIterable<WriteRequest> = {
        [Symbol.asyncIterator]: () => ({
          next: async () => ({ done: false, value: { put: { pk: `r${n++}` } } }),
          return: () => {
            returned++;
            return Promise.reject(new Error('could not close the file'));
          },
        }),
      };
      await firstValueFrom(instantServer().db.bulkWriteFrom('Users', source));
      await new Promise((resolve) => setImmediate(resolve)); // unhandled rejections are reported once the microtasks drain
      expect(returned).toBe(1);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
