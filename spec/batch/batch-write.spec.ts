import { map, merge } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { BatchWriteRequest } from '../../src/batch/batch-write-item.js';
import { BatchIncompleteError } from '../../src/errors/client-errors.js';
import { errorResponse } from '../../src/testing/fixtures.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { counts, fakeBatchServer, puts, stored, type FakeBatchServer } from './support/fake-batch-server.js';


describe('batchWriteItem', () => {
  it('reads the key schema once, then writes 60 puts in requests of 25, 25 and 10, emitting progress after each', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers);
      const progress = { a: { written: 25, total: 60, retried: 0 }, b: { written: 50, total: 60, retried: 0 }, c: { written: 60, total: 60, retried: 0 } };
      helpers.expectObservable(server.db.batchWriteItem({ Users: puts(60) })).toBe('--(abc|)', progress);
    });
    expect(server.received.map((r) => r.action)).toEqual(['DescribeTable', 'BatchWriteItem', 'BatchWriteItem', 'BatchWriteItem']);
    expect(server.batches().map((r) => counts(r.body))).toEqual([{ Users: 25 }, { Users: 25 }, { Users: 10 }]);
    expect(stored(server, 'Users')).toHaveLength(60);
  });

  it('with returnConsumedCapacity, each progress carries what the response before it consumed, per table, and the units so far', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers, { leave: (call) => (call === 0 ? 5 : 0) });
      // Users: 20 of 25 applied at 2 (5 handed back); Orders, in a second request, at 2; the 5 re-sent, applied at 1003.
      helpers.expectObservable(server.db.batchWriteItem({ Users: puts(25), Orders: puts(1) }, { returnConsumedCapacity: 'TOTAL' })).toBe('--(ab) 997ms (c|)', {
        a: { written: 20, total: 26, retried: 5, consumedCapacity: [{ tableName: 'Users', capacityUnits: 20 }], consumedUnits: 20 },
        b: { written: 21, total: 26, retried: 5, consumedCapacity: [{ tableName: 'Orders', capacityUnits: 1 }], consumedUnits: 21 },
        c: { written: 26, total: 26, retried: 5, consumedCapacity: [{ tableName: 'Users', capacityUnits: 5 }], consumedUnits: 26 },
      });
    });
    expect(server.batches().map((r) => r.body['ReturnConsumedCapacity'])).toEqual(['TOTAL', 'TOTAL', 'TOTAL']);
  });

  it('shares one DescribeTable per table among calls of one client', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers);
      const { db } = server;
      helpers.expectObservable(merge(db.batchWriteItem({ Users: puts(1) }), db.batchWriteItem({ Users: puts(1), Orders: puts(1) }))).toBe('--(ab|)', {
        a: { written: 1, total: 1, retried: 0 },
        b: { written: 2, total: 2, retried: 0 },
      });
      helpers.expectObservable(db.batchWriteItem({ Orders: puts(2) }), '^ 10ms !').toBe('--(a|)', { a: { written: 2, total: 2, retried: 0 } });
    });
    expect(server.received.filter((r) => r.action === 'DescribeTable').map((r) => r.body['TableName'])).toEqual(['Users', 'Orders']);
  });

  it('splits requests at 16 MB of JSON', () => {
    let server!: FakeBatchServer;
    // 300,000 control characters: 300 KB as DynamoDB counts them, 1.8 MB as JSON escapes.
    const writes = Array.from({ length: 10 }, (_, i) => ({ put: { pk: `big${i}`, data: '\u0001'.repeat(300_000) } }));
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers);
      helpers.expectObservable(server.db.batchWriteItem({ Users: writes })).toBe('--(ab|)', {
        a: { written: 8, total: 10, retried: 0 },
        b: { written: 10, total: 10, retried: 0 },
      });
    });
    const sizes = server.batches().map((r) => Buffer.byteLength(JSON.stringify(r.body)));
    expect(sizes.every((size) => size < 16_000_000)).toBe(true);
    expect(server.batches().map((r) => counts(r.body))).toEqual([{ Users: 8 }, { Users: 2 }]);
  });

  it('re-sends UnprocessedItems with backoff (1 s after progress, 2 s after none), counting them in `retried`', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers, { leave: (call, n) => (call === 0 ? 10 : call === 2 ? n : 0) });
      // Schema at 1; requests of 25 and 5 answered at 2 (10 left); re-sent at 1002, none done; re-sent at 3003, done at 3004.
      helpers.expectObservable(server.db.batchWriteItem({ Users: puts(30) })).toBe('--(ab) 997ms c 2000ms (d|)', {
        a: { written: 15, total: 30, retried: 10 },
        b: { written: 20, total: 30, retried: 10 },
        c: { written: 20, total: 30, retried: 20 },
        d: { written: 30, total: 30, retried: 20 },
      });
      helpers.flush();
      const frames = server.batches().map((r) => r.answer.subscriptions[0]!.subscribedFrame);
      expect(frames).toEqual([1, 1, 1002, 3003]);
    });
    expect(stored(server, 'Users')).toHaveLength(30);
  });

  it('gives up with exactly the writes not applied, per table and in order, as the objects given', () => {
    const request: BatchWriteRequest = { Users: [...puts(3), { delete: { pk: 'k0' } }], Orders: puts(2, 'o') };
    let caught: unknown;
    marbleScheduler().run((helpers) => {
      const server = fakeBatchServer(helpers, { leave: (call, n) => (call === 0 ? 3 : n) });
      server.db.batchWriteItem(request).subscribe({ error: (e: unknown) => (caught = e) });
    });
    // The first request holds k0, k1, k2, o0, o1 (the delete of k0 waits for the put of k0): k0 and k1 land.
    expect(caught).toBeInstanceOf(BatchIncompleteError);
    const error = caught as BatchIncompleteError<BatchWriteRequest>;
    expect(error).toMatchObject({ processed: 2, throttling: true, action: 'BatchWriteItem' });
    expect(error.unprocessed).toEqual({ Users: [request['Users']![2], request['Users']![3]], Orders: request['Orders'] });
    expect(error.unprocessed['Users']![0]).toBe(request['Users']![2]);
    expect(error.message).toMatch(/^BatchWriteItem stopped with 4 of 6 writes not applied/);
  });

  it('applies writes to one key in the order given: put, delete, put ends with the last put', () => {
    let server!: FakeBatchServer;
    const request: BatchWriteRequest = {
      Users: [{ put: { pk: 'a', v: 1 } }, { put: { pk: 'b' } }, { delete: { pk: 'a' } }, { put: { pk: 'a', v: 3 } }, { put: { pk: 'c' } }],
    };
    marbleScheduler().run((helpers) => {
      server = fakeBatchServer(helpers);
      helpers.expectObservable(server.db.batchWriteItem(request)).toBe('--ab(c|)', {
        a: { written: 3, total: 5, retried: 0 },
        b: { written: 4, total: 5, retried: 0 },
        c: { written: 5, total: 5, retried: 0 },
      });
    });
    const sent = server.batches().map((r) => (r.body['RequestItems'] as Record<string, unknown[]>)['Users']!.map((w) => JSON.stringify(w)));
    expect(sent.map((list) => list.length)).toEqual([3, 1, 1]);
    expect(sent[1]).toEqual([JSON.stringify({ DeleteRequest: { Key: { pk: { S: 'a' } } } })]);
    expect(stored(server, 'Users')).toEqual(expect.arrayContaining([{ pk: 'a', v: 3 }, { pk: 'b' }, { pk: 'c' }]));
    expect(stored(server, 'Users')).toHaveLength(3);
  });

  it('a later write to a key waits while the earlier one is being re-sent as unprocessed', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      // The first request is [put a1, put b]: b comes back unprocessed, and the delete of b must wait for it.
      server = fakeBatchServer(helpers, { leave: (call) => (call === 0 ? 1 : 0) });
      const request = { Users: [{ put: { pk: 'a', v: 1 } }, { put: { pk: 'b', v: 1 } }, { delete: { pk: 'b' } }] };
      helpers.expectObservable(server.db.batchWriteItem(request)).toBe('--a 1000ms b(c|)', {
        a: { written: 1, total: 3, retried: 1 },
        b: { written: 2, total: 3, retried: 1 },
        c: { written: 3, total: 3, retried: 1 },
      });
    });
    expect(stored(server, 'Users')).toEqual([{ pk: 'a', v: 1 }]);
  });

  it('a request failing for good stops the call; the error lists what was not acknowledged, with the cause', () => {
    let caught: unknown;
    marbleScheduler().run((helpers) => {
      // One request at a time: the third is never sent.
      const server = fakeBatchServer(helpers, { answer: (call) => (call === 1 ? errorResponse('ResourceNotFoundException', 'gone') : undefined), client: { maxConcurrency: 1 } });
      server.db.batchWriteItem({ Users: puts(60) }).subscribe({ error: (e: unknown) => (caught = e) });
    });
    const error = caught as BatchIncompleteError<BatchWriteRequest>;
    expect(error).toMatchObject({ processed: 25, throttling: false, cause: { code: 'ResourceNotFoundException' } });
    expect(error.unprocessed['Users']).toEqual(puts(60).slice(25));
    expect(error.message).toMatch(/35 of 60 writes not applied .*ResourceNotFoundException: .*gone/);
  });

  it('a request failing for good while others are in flight: the call waits for them, so the error lists only what was not acknowledged', () => {
    marbleScheduler().run((helpers) => {
      // After DescribeTable (frame 1) the three requests go together; the second fails at 2, the others are answered at 4.
      const server = fakeBatchServer(helpers, { latency: '---(r|)', answer: (call) => (call === 1 ? errorResponse('ResourceNotFoundException', 'gone') : undefined) });
      const error = expect.objectContaining({ processed: 35, unprocessed: { Users: puts(60).slice(25, 50) }, cause: expect.objectContaining({ code: 'ResourceNotFoundException' }) });
      helpers.expectObservable(server.db.batchWriteItem({ Users: puts(60) }).pipe(map((progress) => progress.written))).toBe('----(ab#)', { a: 25, b: 35 }, error);
    });
  });

  it('the last request in flight failing too, while the call waits: it still ends, with the first failure and both requests\' writes unprocessed', () => {
    marbleScheduler().run((helpers) => {
      // After DescribeTable (frame 1) both requests go and both fail at 2, the second ending last.
      const server = fakeBatchServer(helpers, {
        latency: '-(r|)',
        answer: (n) => (n === 0 ? errorResponse('ResourceNotFoundException', 'gone') : n === 1 ? errorResponse('AccessDeniedException', 'denied') : undefined),
      });
      const error = expect.objectContaining({ processed: 0, unprocessed: { Users: puts(50) }, cause: expect.objectContaining({ code: 'ResourceNotFoundException' }) });
      helpers.expectObservable(server.db.batchWriteItem({ Users: puts(50) })).toBe('--#', undefined, error);
    });
  });

  it('unsubscribing aborts the requests in flight', () => {
    marbleScheduler().run((helpers) => {
      const server = fakeBatchServer(helpers, { latency: '---(r|)' });
      helpers.expectObservable(server.db.batchWriteItem({ Users: puts(30) }), '^---!').toBe('');
      helpers.flush();
      expect(server.batches()).toHaveLength(2);
      for (const request of server.batches()) helpers.expectSubscriptions(request.answer.subscriptions).toBe('-^--!');
    });
  });

  it('unsubscribing during the DescribeTable aborts it and sends nothing else', () => {
    marbleScheduler().run((helpers) => {
      const server = fakeBatchServer(helpers, { schemaLatency: '---(r|)' });
      helpers.expectObservable(server.db.batchWriteItem({ Users: puts(1) }), '^-!').toBe('');
      helpers.flush();
      expect(server.received.map((r) => r.action)).toEqual(['DescribeTable']);
      helpers.expectSubscriptions(server.received[0]!.answer.subscriptions).toBe('^-!');
    });
  });
});
