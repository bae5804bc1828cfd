import { concat, from, last, map, mergeMap, throwError, timer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { BatchIncompleteError, InvalidParameterError } from '../../src/errors/client-errors.js';
import { CapacityBudget } from '../../src/capacity/capacity-budget.js';
import type { BatchWriteRequest, WriteRequest } from '../../src/batch/batch-write-item.js';
import { marshall } from '../../src/marshall/marshall.js';
import { okResponse } from '../../src/testing/fixtures.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { counts, fakeBatchServer, puts, stored, type FakeBatchServer } from './support/fake-batch-server.js';

/** Values for a marble: a, b, c, ... */
const marbleValues = <T>(values: T[]): Record<string, T> => Object.fromEntries(values.map((value, i) => [String.fromCharCode(97 + i), value]));
const sizes = (server: FakeBatchServer) => server.batches().map((r) => counts(r.body)['Users']);

describe('bulkWrite', () => {
  it('writes a synchronous burst in requests of 25, emitting progress, after reading the key schema', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers);
      helpers.expectObservable(from(puts(60)).pipe(server.db.bulkWrite('Users'))).toBe('--(abc|)', {
        a: { written: 25, total: 60, retried: 0 },
        b: { written: 50, total: 60, retried: 0 },
        c: { written: 60, total: 60, retried: 0 },
      });
    });
    expect(sizes(server)).toEqual([25, 25, 10]);
    expect(stored(server)).toHaveLength(60);
  });

  it('keeps at most `concurrency` requests in flight', () => {
    marbleScheduler().run((helpers) => {
      const server = fakeBatchServer(helpers);
      helpers.expectObservable(from(puts(100)).pipe(server.db.bulkWrite('Users', { concurrency: 2 }), last())).toBe('---(a|)', {
        a: { written: 100, total: 100, retried: 0 },
      });
      helpers.flush();
      expect(server.batches().map((r) => r.answer.subscriptions[0]!.subscribedFrame)).toEqual([1, 1, 2, 2]);
    });
  });

  it('sends what arrived whenever a slot is free: one write alone, then the three that came meanwhile', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers, { latency: '----(r|)' });
      const source = helpers.cold<WriteRequest>('a(bcd)----e|', marbleValues(puts(5)));
      // a at 1, sent alone; b, c, d at 2, sent together when a is answered at 5; e at 11, answered at 15.
      helpers.expectObservable(source.pipe(server.db.bulkWrite('Users', { concurrency: 1 }))).toBe('-----a---b-----(c|)', {
        a: { written: 1, total: 4, retried: 0 },
        b: { written: 4, total: 4, retried: 0 },
        c: { written: 5, total: 5, retried: 0 },
      });
    });
    expect(sizes(server)).toEqual([1, 3, 1]);
  });

  it('holds back a write to a key until the earlier write to it is acknowledged', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers, { latency: '-------(r|)' });
      const source = helpers.cold('(ab)-c|', { a: { put: { pk: 'k', v: 1 } }, b: { put: { pk: 'j' } }, c: { delete: { pk: 'k' } } });
      // a and b go at 1 and are answered at 8; the delete of k arrives at 6 and waits for them.
      helpers.expectObservable(source.pipe(server.db.bulkWrite('Users'))).toBe('--------a------(b|)', {
        a: { written: 2, total: 3, retried: 0 },
        b: { written: 3, total: 3, retried: 0 },
      });
      helpers.flush();
      expect(server.batches().map((r) => r.answer.subscriptions[0]!.subscribedFrame)).toEqual([1, 8]);
    });
    expect(stored(server)).toEqual([{ pk: 'j' }]);
  });

  it('completes only when the source completed and every write was acknowledged', () => {
    marbleScheduler().run((helpers) => {
      const server = fakeBatchServer(helpers, { latency: '---(r|)' });
      const a = puts(1)[0]!;
      helpers.expectObservable(helpers.cold('a------|', { a }).pipe(server.db.bulkWrite('Users'))).toBe('----a---|', { a: { written: 1, total: 1, retried: 0 } });
      helpers.expectObservable(helpers.cold('(a|)', { a }).pipe(server.db.bulkWrite('Users'))).toBe('----(a|)', { a: { written: 1, total: 1, retried: 0 } });
    });
  });

  it('an invalid write stops it with the writes taken and not acknowledged; the cause names the write', () => {
    let caught: unknown;
    marbleScheduler().run((helpers) => {
      const server = fakeBatchServer(helpers);
      const source = from([...puts(2), { put: { pk: 'bad', n: Number.NaN } }, ...puts(3)]);
      source.pipe(server.db.bulkWrite('Users')).subscribe({ error: (e: unknown) => (caught = e) });
    });
    const error = caught as BatchIncompleteError<BatchWriteRequest>;
    expect(error).toBeInstanceOf(BatchIncompleteError);
    expect(error.unprocessed).toEqual({ Users: puts(2) });
    expect(error.cause).toBeInstanceOf(InvalidParameterError);
    expect(error.cause).toMatchObject({ parameter: 'writes[2].put.n' });
  });

  it('a source error stops it once the request in flight is answered, listing the writes not acknowledged', () => {
    marbleScheduler().run((helpers) => {
      const server = fakeBatchServer(helpers, { latency: '---(r|)' });
      // After DescribeTable (frame 1): a goes at 1 and is answered at 4; b waits for the one slot; the source fails at 3.
      const source = helpers.cold<WriteRequest>('ab#', marbleValues(puts(2)));
      const error = expect.objectContaining({ processed: 1, unprocessed: { Users: [puts(2)[1]] }, cause: 'error' });
      helpers.expectObservable(source.pipe(server.db.bulkWrite('Users', { concurrency: 1 }), map((progress) => progress.written))).toBe('----(a#)', { a: 1 }, error);
      helpers.flush();
      expect(server.batches()).toHaveLength(1);
    });
  });

  it("a request not on the wire yet when it stops (waiting for the client's limiter) is withdrawn, its writes listed as not acknowledged", () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers, { latency: '---(r|)', client: { maxConcurrency: 1 } });
      // After DescribeTable (frame 1): 26 writes at once, so a full request takes the one slot (answered at 4) and
      // the 26th waits for it; the source fails at 2.
      const source = concat(from(puts(26)), timer(1).pipe(mergeMap(() => throwError(() => 'error'))));
      const error = expect.objectContaining({ processed: 25, unprocessed: { Users: puts(26).slice(25) }, cause: 'error' });
      helpers.expectObservable(source.pipe(server.db.bulkWrite('Users'), map((progress) => progress.written))).toBe('----(a#)', { a: 25 }, error);
    });
    expect(sizes(server)).toEqual([25]);
  });

  it('a request waiting for its turn on a capacity budget when it stops is withdrawn, never sent', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers, { latency: '---(r|)' });
      // At 1 unit per second a request holds one write and the next waits about a second for its turn; the source fails at 2.
      const source = concat(from(puts(3)), timer(1).pipe(mergeMap(() => throwError(() => 'error'))));
      const error = expect.objectContaining({ processed: 1, unprocessed: { Users: puts(3).slice(1) }, cause: 'error' });
      helpers.expectObservable(source.pipe(server.db.bulkWrite('Users', { capacity: { unitsPerSecond: 1 } }), map((progress) => progress.written))).toBe('----(a#)', { a: 1 }, error);
    });
    expect(sizes(server)).toEqual([1]);
  });

  it("a request withdrawn after its turn on a capacity budget (waiting for the client's limiter) gives back the units it reserved", () => {
    /** The budget's balance after 25 writes and `extra` more, the source failing at 2 with one request of 25 on the wire (answered at 4). */
    const balanceAfter = (extra: number): number => {
      let balance = 0;
      marbleScheduler().run((helpers) => {
        const budget = new CapacityBudget({ unitsPerSecond: 1000 });
        const server = fakeBatchServer(helpers, { latency: '---(r|)', client: { maxConcurrency: 1 } });
        const source = concat(from(puts(25 + extra)), timer(1).pipe(mergeMap(() => throwError(() => 'error'))));
        source.pipe(server.db.bulkWrite('Users', { capacity: budget })).subscribe({ error: () => undefined });
        helpers.flush();
        expect(sizes(server)).toEqual([25]);
        balance = budget.state.balanceUnits;
      });
      return balance;
    };
    // The extra write's request took its turn at 1 and was withdrawn at 2, never sent: it consumed nothing.
    expect(balanceAfter(1)).toBe(balanceAfter(0));
  });

  it('writes an in-flight request hands back unprocessed after it stopped are listed as not acknowledged, not re-sent, nor counted as retried', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      // After DescribeTable (frame 1): the 3 writes go at 1 and are answered at 4, the last 2 handed back; the source fails at 2.
      server = fakeBatchServer(helpers, { latency: '---(r|)', leave: () => 2 });
      const source = concat(from(puts(3)), timer(1).pipe(mergeMap(() => throwError(() => 'error'))));
      const error = expect.objectContaining({ processed: 1, unprocessed: { Users: puts(3).slice(1) }, cause: 'error' });
      helpers.expectObservable(source.pipe(server.db.bulkWrite('Users'))).toBe('----(a#)', { a: { written: 1, total: 3, retried: 0 } }, error);
    });
    expect(sizes(server)).toEqual([3]);
  });

  it('a request in flight that never answers when it stops ends by timeoutMs and its retries, then the call fails with the first failure', () => {
    let server!: FakeBatchServer;
    let caught: unknown;
    marbleScheduler().run((helpers) => {
      // A server that never answers; the source fails at 2, the request times out at 101, is retried once and times out again.
      server = fakeBatchServer(helpers, { latency: '-', client: { timeoutMs: 100, maxRetries: 1 } });
      const source = concat(from(puts(1)), timer(1).pipe(mergeMap(() => throwError(() => 'error'))));
      source.pipe(server.db.bulkWrite('Users')).subscribe({ error: (e: unknown) => (caught = e) });
    });
    expect(sizes(server)).toEqual([1, 1]);
    expect(caught).toMatchObject({ processed: 0, unprocessed: { Users: puts(1) }, cause: 'error' });
  });

  it('unsubscribing while a stopped call waits for its request in flight aborts it at once, with no late emission', () => {
    marbleScheduler().run((helpers) => {
      // After DescribeTable (frame 1): a goes at 1, answered at 5; the source fails at 3; unsubscribed at 4.
      const server = fakeBatchServer(helpers, { latency: '----(r|)' });
      const source = helpers.cold<WriteRequest>('a-#', marbleValues(puts(1)));
      helpers.expectObservable(source.pipe(server.db.bulkWrite('Users')), '^---!').toBe('');
      helpers.flush();
      helpers.expectSubscriptions(server.batches()[0]!.answer.subscriptions).toBe('-^--!');
    });
  });

  it('a failing DescribeTable fails it as is, and the source is never subscribed', () => {
    marbleScheduler().run((helpers) => {
      const server = fakeBatchServer(helpers, { missing: ['Users'] });
      const source = helpers.cold<WriteRequest>('a|', marbleValues(puts(1)));
      const error = expect.objectContaining({ name: 'ResourceNotFoundException' });
      helpers.expectObservable(source.pipe(server.db.bulkWrite('Users'))).toBe('-#', undefined, error);
      helpers.expectSubscriptions(source.subscriptions).toBe([]);
    });
  });

  it('unsubscribing stops the source and aborts the requests in flight', () => {
    marbleScheduler().run((helpers) => {
      const server = fakeBatchServer(helpers, { latency: '-----(r|)' });
      const source = helpers.cold<WriteRequest>('a-b-c-d|', marbleValues(puts(4)));
      helpers.expectObservable(source.pipe(server.db.bulkWrite('Users')), '^---!').toBe('');
      helpers.flush();
      helpers.expectSubscriptions(source.subscriptions).toBe('-^--!');
      expect(server.batches()).toHaveLength(2);
      for (const request of server.batches()) expect(request.answer.subscriptions[0]!.unsubscribedFrame).toBe(4);
    });
  });
});

describe('bulkWrite against hostile UnprocessedItems', () => {
  const unprocessed = (writes: object[]) => okResponse({ UnprocessedItems: { Users: writes } });

  it('a write never sent, or one write twice: a BatchIncompleteError caused by a MalformedResponseError, listing the writes of that request', () => {
    const answers = [
      unprocessed([{ PutRequest: { Item: { pk: { S: 'never' } } } }]),
      unprocessed([{ PutRequest: { Item: { pk: { S: 'k0' } } } }, { DeleteRequest: { Key: { pk: { S: 'k0' } } } }]),
    ];
    for (const answer of answers) {
      let caught: unknown;
      marbleScheduler().run((helpers) => {
        const server = fakeBatchServer(helpers, { answer: (call) => (call === 0 ? answer : undefined) });
        from(puts(3)).pipe(server.db.bulkWrite('Users')).subscribe({ error: (e: unknown) => (caught = e) });
      });
      expect(caught).toBeInstanceOf(BatchIncompleteError);
      expect(caught).toMatchObject({ processed: 0, unprocessed: { Users: puts(3) } });
      expect((caught as Error).cause).toMatchObject({ name: 'MalformedResponseError', action: 'BatchWriteItem' });
    }
  });

  it('an unprocessed put the server changed (same key, other attributes): the client re-sends its own write, unchanged', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      const changed = unprocessed([{ PutRequest: { Item: { pk: { S: 'k1' }, n: { N: '666' }, injected: { S: 'x' } } } }]);
      server = fakeBatchServer(helpers, { answer: (call) => (call === 0 ? changed : undefined) });
      from(puts(3)).pipe(server.db.bulkWrite('Users')).subscribe();
    });
    const second = server.batches()[1]!.body['RequestItems'] as Record<string, { PutRequest: { Item: unknown } }[]>;
    expect(second['Users']!.map((write) => write.PutRequest.Item)).toEqual([marshall({ pk: 'k1', n: 1 })]);
  });
});
