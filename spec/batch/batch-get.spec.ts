import { count, toArray } from 'rxjs';
import { items } from '../../src/streams/page.js';
import { describe, expect, it } from 'vitest';
import { BatchIncompleteError } from '../../src/errors/client-errors.js';
import { marshall } from '../../src/marshall/marshall.js';
import { errorResponse } from '../../src/testing/fixtures.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { counts, fakeBatchServer, type FakeBatchServer } from './support/fake-batch-server.js';

const keys = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ pk: `u${from + i}` }));

/** Stores items `u0` .. `u(n-1)` in table `Users`. */
function seed(server: FakeBatchServer, n: number, table = 'Users'): void {
  const store = new Map(keys(0, n).map((key) => [`${table}/${JSON.stringify(key.pk)}`, marshall({ ...key, n: Number(key.pk.slice(1)) })]));
  server.tables.set(table, store);
}

describe('batchGetItem', () => {
  it('reads 250 keys (10 repeated, 40 missing) in requests of 100, 100 and 40 sent at once, each found item once', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers);
      seed(server, 200);
      const request = { Users: { keys: [...keys(0, 240), ...keys(0, 10)] } };
      const expected = keys(0, 200).map((key, n) => ({ ...key, n }));
      helpers.expectObservable(server.db.batchGetItem(request).pipe(items(), toArray())).toBe('-(a|)', { a: expected });
    });
    expect(server.batches().map((r) => counts(r.body))).toEqual([{ Users: 100 }, { Users: 100 }, { Users: 40 }]);
  });

  it('fills requests across tables, 100 keys each, keeping each table’s options', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers);
      const request = { Users: { keys: keys(0, 150), consistentRead: true }, Orders: { keys: keys(0, 80), projectionExpression: 'pk' } };
      helpers.expectObservable(server.db.batchGetItem(request)).toBe('-|');
    });
    expect(server.batches().map((r) => counts(r.body))).toEqual([{ Users: 100 }, { Users: 50, Orders: 50 }, { Orders: 30 }]);
    const second = server.batches()[1]!.body['RequestItems'] as Record<string, Record<string, unknown>>;
    expect(second['Users']).toMatchObject({ ConsistentRead: true });
    expect(second['Orders']).toMatchObject({ ProjectionExpression: 'pk' });
  });

  it('emits one group per table per response, naming the table its items come from', () => {
    marbleScheduler().run((helpers) => {
      const server = fakeBatchServer(helpers);
      seed(server, 150);
      seed(server, 80, 'Orders');
      const request = { Users: { keys: keys(0, 150) }, Orders: { keys: keys(0, 80) } };
      const group = (table: string, from: number, to: number) => ({ table, items: keys(from, to).map((key) => ({ ...key, n: Number(key.pk.slice(1)) })) });
      // Requests of 100 Users; 50 Users + 50 Orders; 30 Orders, answered together at frame 1.
      helpers.expectObservable(server.db.batchGetItem(request)).toBe('-(abcd|)', {
        a: group('Users', 0, 100),
        b: group('Users', 100, 150),
        c: group('Orders', 0, 50),
        d: group('Orders', 50, 80),
      });
    });
  });

  it('forwards returnConsumedCapacity, and puts on each group what its response consumed on its table', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers);
      seed(server, 3);
      const groups = server.db.batchGetItem({ Users: { keys: keys(0, 5) }, Orders: { keys: keys(0, 2) } }, { returnConsumedCapacity: 'TOTAL' });
      // Orders holds nothing: its group has no items, but still says what reading it consumed.
      helpers.expectObservable(groups).toBe('-(ab|)', {
        a: { table: 'Users', items: keys(0, 3).map((key, n) => ({ ...key, n })), consumedCapacity: { tableName: 'Users', capacityUnits: 5 } },
        b: { table: 'Orders', items: [], consumedCapacity: { tableName: 'Orders', capacityUnits: 2 } },
      });
    });
    expect(server.batches()[0]!.body).toMatchObject({ ReturnConsumedCapacity: 'TOTAL' });
  });

  it('reads UnprocessedKeys again with backoff: 1 s after progress, then 2 s and 4 s while nothing moves', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers, { leave: (call) => (call < 3 ? 40 : 0) });
      seed(server, 100);
      // 60 read at 1; the 40 left wait 1000 (progress); nothing read at 1002 -> 2000; nothing at 3003 -> 4000; all at 7004.
      helpers.expectObservable(server.db.batchGetItem({ Users: { keys: keys(0, 100) } }).pipe(items(), count())).toBe('7004ms (n|)', { n: 100 });
      helpers.flush();
      const [first, second, third, fourth] = server.batches();
      helpers.expectSubscriptions(first!.answer.subscriptions).toBe('^!');
      helpers.expectSubscriptions(second!.answer.subscriptions).toBe('1001ms ^!');
      helpers.expectSubscriptions(third!.answer.subscriptions).toBe('3002ms ^!');
      helpers.expectSubscriptions(fourth!.answer.subscriptions).toBe('7003ms ^!');
    });
    expect(server.batches().map((r) => counts(r.body))).toEqual([{ Users: 100 }, { Users: 40 }, { Users: 40 }, { Users: 40 }]);
  });

  it('merges keys handed back by several requests into fewer later requests', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers, { leave: (call) => (call < 3 ? 30 : 0) });
      seed(server, 300);
      helpers.expectObservable(server.db.batchGetItem({ Users: { keys: keys(0, 300) } }).pipe(items(), count())).toBe('1002ms (n|)', { n: 300 });
    });
    // 3 x 30 handed back at frame 1, re-read together at 1001 (in one request of 90).
    expect(server.batches().map((r) => counts(r.body))).toEqual([{ Users: 100 }, { Users: 100 }, { Users: 100 }, { Users: 90 }]);
  });

  it('gives up after maxRetries rounds in a row without progress, naming exactly the keys never read', () => {
    marbleScheduler().run((helpers) => {
      const server = fakeBatchServer(helpers, { leave: (call, n) => (call === 0 ? 2 : n) });
      seed(server, 5);
      const request = { Users: { keys: keys(0, 5), consistentRead: true } };
      // 3 read at 1; 2 left: 1000 -> nothing at 1002; 2000 -> 3003; 4000 -> 7004; 8000 -> nothing at 15005, a 4th round in a row: give up.
      const error = expect.objectContaining({ code: 'BatchIncompleteError', processed: 3 });
      helpers.expectObservable(server.db.batchGetItem(request).pipe(count())).toBe('15005ms #', undefined, error);
    });
  });

  it('the give-up error carries the unread keys shaped as a request, the count read and no cause', () => {
    let caught: unknown;
    marbleScheduler().run((helpers) => {
      const server = fakeBatchServer(helpers, { leave: (call, n) => (call === 0 ? 2 : n) });
      seed(server, 5);
      server.db.batchGetItem({ Users: { keys: keys(0, 5), consistentRead: true } }).subscribe({ error: (e: unknown) => (caught = e) });
    });
    expect(caught).toBeInstanceOf(BatchIncompleteError);
    expect(caught).toMatchObject({
      code: 'BatchIncompleteError',
      action: 'BatchGetItem',
      throttling: true,
      retryable: false,
      processed: 3,
      unprocessed: { Users: { keys: [{ pk: 'u3' }, { pk: 'u4' }], consistentRead: true } },
    });
    expect((caught as Error).cause).toBeUndefined();
    expect((caught as Error).message).toMatch(/BatchGetItem stopped with 2 of 5 keys not read .*4 times in a row without progress/);
  });

  it('a request failing for good stops the call: the error carries its keys and every other key not read, with the cause', () => {
    let caught: unknown;
    const found: unknown[] = [];
    marbleScheduler().run((helpers) => {
      // One request at a time: the third is never sent.
      const server = fakeBatchServer(helpers, { answer: (call) => (call === 1 ? errorResponse('ValidationException', 'bad projection') : undefined), client: { maxConcurrency: 1 } });
      seed(server, 250);
      server.db.batchGetItem({ Users: { keys: keys(0, 250) } }).pipe(items()).subscribe({ next: (item) => found.push(item), error: (e: unknown) => (caught = e) });
    });
    expect(found).toHaveLength(100);
    expect(caught).toMatchObject({ processed: 100, throttling: false, cause: { code: 'ValidationException' } });
    expect((caught as BatchIncompleteError<{ Users: { keys: unknown[] } }>).unprocessed.Users.keys).toEqual(keys(100, 250));
  });

  it('a request failing for good while others are in flight: the call waits for them and emits what they found first', () => {
    let caught: unknown;
    const found: unknown[] = [];
    marbleScheduler().run((helpers) => {
      const server = fakeBatchServer(helpers, { latency: '---(r|)', answer: (call) => (call === 1 ? errorResponse('ValidationException', 'bad projection') : undefined) });
      seed(server, 250);
      server.db.batchGetItem({ Users: { keys: keys(0, 250) } }).pipe(items()).subscribe({ next: (item) => found.push(item), error: (e: unknown) => (caught = e) });
    });
    expect(found).toHaveLength(150);
    expect(caught).toMatchObject({ processed: 150, throttling: false, cause: { code: 'ValidationException' } });
    expect((caught as BatchIncompleteError<{ Users: { keys: unknown[] } }>).unprocessed.Users.keys).toEqual(keys(100, 200));
  });

  it('keeps at most maxConcurrency requests in flight', () => {
    marbleScheduler().run((helpers) => {
      const server = fakeBatchServer(helpers, { client: { maxConcurrency: 2 } });
      helpers.expectObservable(server.db.batchGetItem({ Users: { keys: keys(0, 500) } })).toBe('---|');
      helpers.flush();
      const frames = server.batches().map((r) => r.answer.subscriptions[0]!.subscribedFrame);
      expect(frames).toEqual([0, 0, 1, 1, 2]);
    });
  });

  it('unsubscribing aborts the requests in flight', () => {
    marbleScheduler().run((helpers) => {
      const server = fakeBatchServer(helpers, { latency: '-----(r|)' });
      helpers.expectObservable(server.db.batchGetItem({ Users: { keys: keys(0, 150) } }), '^-!').toBe('');
      helpers.flush();
      for (const request of server.batches()) helpers.expectSubscriptions(request.answer.subscriptions).toBe('^-!');
    });
  });

  it('unsubscribing during a backoff sends nothing more', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers, { leave: () => 10 });
      helpers.expectObservable(server.db.batchGetItem({ Users: { keys: keys(0, 20) } }), '^ 500ms !').toBe('');
    });
    expect(server.batches()).toHaveLength(1);
  });

  it('is cold: nothing is sent before subscribe, and an empty request completes at once', () => {
    marbleScheduler().run((helpers) => {
      const server = fakeBatchServer(helpers);
      void server.db.batchGetItem({ Users: { keys: keys(0, 5) } });
      helpers.expectObservable(server.db.batchGetItem({ Users: { keys: [] } })).toBe('|');
      helpers.flush();
      expect(server.received).toEqual([]);
    });
  });
});
