import { concat, defer, EMPTY, forkJoin, ignoreElements, map, race, ReplaySubject, timer, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { GetItemOptions } from '../../src/operations/get-item.js';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import { withTags } from '../../src/instrumentation/tags.js';
import { marshall } from '../../src/marshall/marshall.js';
import { errorResponse, okResponse } from '../../src/testing/fixtures.js';
import type { DynamoDBResponse } from '../../src/http/types.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { counts, fakeBatchServer, type FakeBatchOptions, type FakeBatchServer } from './support/fake-batch-server.js';

type Json = Record<string, unknown>;

/** A fake whose client batches getItem calls, table `Users` holding `u0` .. `u(n-1)` as `{ pk, n }`. */
function batchingServer(helpers: Parameters<Parameters<ReturnType<typeof marbleScheduler>['run']>[0]>[0], n: number, options: FakeBatchOptions = {}): FakeBatchServer {
  const server = fakeBatchServer(helpers, { ...options, client: { autoBatchGets: true, ...options.client } });
  server.tables.set('Users', new Map(Array.from({ length: n }, (_, i) => [`Users/"u${i}"`, marshall({ pk: `u${i}`, n: i })])));
  return server;
}

const user = (i: number) => ({ pk: `u${i}`, n: i });
/** The keys of a BatchGetItem (or the key of a GetItem) request, as `pk` strings. */
const pks = (body: Json): string[] => {
  if (body['Key']) return [((body['Key'] as Json)['pk'] as { S: string }).S];
  const entry = (body['RequestItems'] as Record<string, Json>)['Users']!;
  return (entry['Keys'] as Json[]).map((key) => (key['pk'] as { S: string }).S);
};
/** The Users entry of a BatchGetItem request, without its keys. */
const readOptions = (body: Json): Json => {
  const { Keys: _keys, ...rest } = (body['RequestItems'] as Record<string, Json>)['Users']!;
  return rest;
};
/** Subscribes `call` at frame `at`. */
const at = <T>(frame: number, call: () => Observable<T>): Observable<T> => concat(timer(frame).pipe(ignoreElements()), defer(call));

describe('autoBatchGets: coalescing', () => {
  it('reads the getItem calls of one tick in one BatchGetItem: each caller gets its item or undefined, a key asked twice is read once', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 5);
      const get = (pk: string) => server.db.getItem('Users', { pk });
      // The key schema comes at 1 (DescribeTable, once per table); the batch goes then, its answer comes at 2.
      helpers.expectObservable(get('u1')).toBe('--(a|)', { a: user(1) });
      helpers.expectObservable(get('u2')).toBe('--(a|)', { a: user(2) });
      helpers.expectObservable(get('u1')).toBe('--(a|)', { a: user(1) });
      helpers.expectObservable(get('u9')).toBe('--(a|)', { a: undefined });
    });
    expect(server.received.map((r) => r.action)).toEqual(['DescribeTable', 'BatchGetItem']);
    expect(pks(server.batches()[0]!.body)).toEqual(['u1', 'u2', 'u9']);
  });

  it('once the schema is known, the calls of one tick go at that frame, and each tick makes its own batch (two timers due at one moment are two ticks)', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 10);
      const tick = (frame: number, from: number) => at(frame, () => forkJoin([0, 1, 2].map((i) => server.db.getItem('Users', { pk: `u${from + i}` }))));
      helpers.expectObservable(tick(0, 0)).toBe('--(a|)', { a: [user(0), user(1), user(2)] });
      helpers.expectObservable(tick(5, 3)).toBe('------(a|)', { a: [user(3), user(4), user(5)] });
      helpers.expectObservable(tick(5, 6)).toBe('------(a|)', { a: [user(6), user(7), user(8)] });
      helpers.flush();
      expect(server.batches().map((r) => r.answer.subscriptions[0]!.subscribedFrame)).toEqual([1, 5, 5]);
    });
    expect(server.batches().map((r) => pks(r.body))).toEqual([
      ['u0', 'u1', 'u2'],
      ['u3', 'u4', 'u5'],
      ['u6', 'u7', 'u8'],
    ]);
  });

  it('windowMs: a batch waits that long after its first call for more; later calls start the next batch', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 10, { client: { autoBatchGets: { windowMs: 10 } } });
      const get = (frame: number, i: number) => at(frame, () => server.db.getItem('Users', { pk: `u${i}` }));
      // u0 joins at 1 (schema), u1 at 5: sent at 11, answered at 12. u2 joins at 12: sent at 22.
      helpers.expectObservable(get(0, 0)).toBe('------------(a|)', { a: user(0) });
      helpers.expectObservable(get(5, 1)).toBe('------------(a|)', { a: user(1) });
      helpers.expectObservable(get(12, 2)).toBe('-----------------------(a|)', { a: user(2) });
    });
    expect(server.batches().map((r) => pks(r.body))).toEqual([['u0', 'u1'], ['u2']]);
  });

  it('maxKeys: a batch that holds that many distinct keys goes at once; 100 by default', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 250);
      const all = forkJoin(Array.from({ length: 250 }, (_, i) => server.db.getItem('Users', { pk: `u${i}` })));
      helpers.expectObservable(all).toBe('--(a|)', { a: Array.from({ length: 250 }, (_, i) => user(i)) });
    });
    expect(server.batches().map((r) => counts(r.body))).toEqual([{ Users: 100 }, { Users: 100 }, { Users: 50 }]);

    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 25, { client: { autoBatchGets: { maxKeys: 10 } } });
      // A key asked again while its batch is open adds no key to it.
      const calls = [...Array.from({ length: 25 }, (_, i) => i), 20, 24].map((i) => server.db.getItem('Users', { pk: `u${i}` }));
      helpers.expectObservable(forkJoin(calls).pipe(map((found) => found.length))).toBe('--(a|)', { a: 27 });
    });
    expect(server.batches().map((r) => counts(r.body))).toEqual([{ Users: 10 }, { Users: 10 }, { Users: 5 }]);
  });

  it('a call for a key of a batch that went full earlier in the same run joins it (and keeps it going), unless every caller of it left', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 10, { client: { autoBatchGets: { maxKeys: 2 } } });
      const get = (i: number) => server.db.getItem('Users', { pk: `u${i}` });
      /** At `frame`, in one run: u<a> and u<b> fill a batch, which goes at once; u<a> asked again; then the first two leave. */
      const fullThenAgain = (frame: number, a: number, b: number) =>
        at(frame, () => {
          const first = [get(a).subscribe(), get(b).subscribe()];
          const again = new ReplaySubject<unknown>();
          get(a).subscribe(again);
          first.forEach((subscription) => subscription.unsubscribe());
          return again;
        });
      // Schema at 1: u0 and u1 fill a batch; u0 asked again joins it; u2 opens the next one.
      helpers.expectObservable(forkJoin([get(0), get(1), get(0), get(2)])).toBe('--(a|)', { a: [user(0), user(1), user(0), user(2)] });
      // Subscribed before its batch's first callers leave, the joiner keeps the request going.
      helpers.expectObservable(fullThenAgain(5, 3, 4)).toBe('------(a|)', { a: user(3) });
      // Once they left (the request aborted), u5 asked again in that run is read anew.
      helpers.expectObservable(
        at(10, () => {
          [get(5).subscribe(), get(6).subscribe()].forEach((subscription) => subscription.unsubscribe());
          return get(5);
        }),
      ).toBe('-----------(a|)', { a: user(5) });
    });
    expect(server.batches().map((r) => pks(r.body))).toEqual([['u0', 'u1'], ['u2'], ['u3', 'u4'], ['u5', 'u6'], ['u5']]);
  });

  it('a joiner of a sent batch: handed back unprocessed, its key is read again for it too; the batch failing fails it too; other read options never join', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      // u0 and u1 fill the first batch (sent at 1, answered at 2 with u1 handed back, read again and answered at 1003).
      // u2 and u3 fill the second (fails at 2 for good). Then u1 and u3 are asked again in that run.
      server = batchingServer(helpers, 5, {
        client: { autoBatchGets: { maxKeys: 2 } },
        leave: (call) => (call === 0 ? 1 : 0),
        answer: (call) => (call === 1 ? errorResponse('ValidationException', 'The table is being restored') : undefined),
      });
      const get = (i: number, options?: GetItemOptions) => server.db.getItem('Users', { pk: `u${i}` }, options);
      const failed = expect.objectContaining({ name: 'ValidationException' });
      helpers.expectObservable(get(0)).toBe('--(a|)', { a: user(0) });
      helpers.expectObservable(get(1)).toBe('1003ms (a|)', { a: user(1) });
      helpers.expectObservable(get(2)).toBe('--#', undefined, failed);
      helpers.expectObservable(get(3)).toBe('--#', undefined, failed);
      helpers.expectObservable(get(1)).toBe('1003ms (a|)', { a: user(1) });
      helpers.expectObservable(get(3)).toBe('--#', undefined, failed);
      // Other read options never join: a consistent read of u0 goes in a batch of its own.
      helpers.expectObservable(get(0, { consistentRead: true })).toBe('--(a|)', { a: user(0) });
    });
    expect(server.batches().map((r) => pks(r.body))).toEqual([['u0', 'u1'], ['u2', 'u3'], ['u0'], ['u1']]);
    expect(server.batches().map((r) => readOptions(r.body))).toEqual([{}, {}, { ConsistentRead: true }, {}]);
  });

  it('batches per group: consistent reads with consistent reads only, each projection with its own, names in any order alike', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 10);
      const get = (i: number, options?: GetItemOptions) => server.db.getItem('Users', { pk: `u${i}` }, options);
      const projected = { projectionExpression: '#p, #n', expressionAttributeNames: { '#p': 'pk', '#n': 'n' } };
      const reordered = { projectionExpression: '#p, #n', expressionAttributeNames: { '#n': 'n', '#p': 'pk' } };
      const calls = [get(0), get(1, { consistentRead: false }), get(2, { consistentRead: true }), get(3, projected), get(4, reordered), get(5, { consistentRead: true, returnConsumedCapacity: 'NONE' })];
      helpers.expectObservable(forkJoin(calls)).toBe('--(a|)', { a: [0, 1, 2, 3, 4, 5].map(user) });
    });
    const batches = server.batches().map((r) => ({ keys: pks(r.body), options: readOptions(r.body) }));
    expect(batches).toEqual([
      { keys: ['u0', 'u1'], options: {} },
      { keys: ['u2', 'u5'], options: { ConsistentRead: true } },
      { keys: ['u3', 'u4'], options: { ProjectionExpression: '#p, #n', ExpressionAttributeNames: { '#p': 'pk', '#n': 'n' } } },
    ]);
  });

  it('a projection without the key attributes gets them added for the batch, and each item loses them again', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 3);
      const calls = [
        server.db.getItem('Users', { pk: 'u1' }, { projectionExpression: 'n' }),
        server.db.getItem('Users', { pk: 'u2' }, { projectionExpression: '#key0', expressionAttributeNames: { '#key0': 'n' } }),
      ];
      // The fake ignores projections and returns whole items: what the callers get shows what was taken off.
      helpers.expectObservable(forkJoin(calls)).toBe('--(a|)', { a: [{ n: 1 }, { n: 2 }] });
    });
    expect(server.batches().map((r) => readOptions(r.body))).toEqual([
      { ProjectionExpression: 'n, #key0', ExpressionAttributeNames: { '#key0': 'pk' } },
      { ProjectionExpression: '#key0, #key1', ExpressionAttributeNames: { '#key0': 'n', '#key1': 'pk' } },
    ]);
  });

  it('goes alone as GetItem: returnConsumedCapacity (its measurement keeps its own capacity), attributesToGet, a projection of a path inside a key attribute', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 5);
      const get = (i: number, options?: GetItemOptions) => server.db.getItem('Users', { pk: `u${i}` }, options);
      const calls = [get(0, { returnConsumedCapacity: 'TOTAL' }), get(1, { attributesToGet: ['n'] }), get(2, { projectionExpression: 'pk.x' }), get(3)];
      helpers.expectObservable(forkJoin(calls)).toBe('--(a|)', { a: [0, 1, 2, 3].map(user) });
    });
    expect(server.batches().map((r) => [r.action, pks(r.body)])).toEqual([
      ['GetItem', ['u0']],
      ['GetItem', ['u1']],
      ['GetItem', ['u2']],
      ['BatchGetItem', ['u3']],
    ]);
    // Calls that need no key schema to go alone go before it is read.
    expect(server.received.map((r) => r.action)).toEqual(['GetItem', 'GetItem', 'DescribeTable', 'GetItem', 'BatchGetItem']);
  });

  it('is off by default: getItem sends GetItem, without DescribeTable', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 3, { client: { autoBatchGets: false } });
      helpers.expectObservable(forkJoin([server.db.getItem('Users', { pk: 'u1' }), server.db.getItem('Users', { pk: 'u2' })])).toBe('-(a|)', { a: [user(1), user(2)] });
    });
    expect(server.received.map((r) => r.action)).toEqual(['GetItem', 'GetItem']);
  });
});

describe('autoBatchGets: unprocessed keys and errors', () => {
  it('keys handed back unprocessed are read again with backoff; their callers wait, the others do not', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 5, { leave: (call) => (call === 0 ? 2 : 0) });
      const get = (i: number) => server.db.getItem('Users', { pk: `u${i}` });
      // Sent at 1, answered at 2 with u3 and u4 unprocessed: read again after 1000 (progress), answered at 1003.
      for (const i of [0, 1, 2]) helpers.expectObservable(get(i)).toBe('--(a|)', { a: user(i) });
      for (const i of [3, 4]) helpers.expectObservable(get(i)).toBe('1003ms (a|)', { a: user(i) });
    });
    expect(server.batches().map((r) => pks(r.body))).toEqual([
      ['u0', 'u1', 'u2', 'u3', 'u4'],
      ['u3', 'u4'],
    ]);
  });

  it('keys DynamoDB keeps handing back fail after maxRetries rounds without progress, each caller with a BatchIncompleteError of its own key', () => {
    const caught: unknown[] = [];
    marbleScheduler().run((helpers) => {
      // The request holds u9, u0, u3, u4: the last two are handed back every time.
      const server = batchingServer(helpers, 5, { leave: (call, n) => (call === 0 ? 2 : n) });
      const get = (i: number) => server.db.getItem('Users', { pk: `u${i}` }, { consistentRead: true });
      const fails = (i: number) => get(i).subscribe({ error: (e: unknown) => caught.push(e) });
      // u9 is missing and was read (processed) in the first round: undefined at 2, like the items found.
      helpers.expectObservable(get(9)).toBe('--(a|)', { a: undefined });
      helpers.expectObservable(get(0)).toBe('--(a|)', { a: user(0) });
      // Rounds without progress answered at 1003, 3004, 7005, and 15006: a 4th in a row, give up.
      helpers.expectObservable(get(3)).toBe('15006ms #', undefined, expect.objectContaining({ code: 'BatchIncompleteError' }));
      helpers.expectObservable(defer(() => (fails(3), fails(4), EMPTY))).toBe('|');
    });
    expect(caught).toHaveLength(2);
    expect(caught[1]).toMatchObject({
      name: 'BatchIncompleteError',
      action: 'BatchGetItem',
      throttling: true,
      processed: 0,
      unprocessed: { Users: { keys: [{ pk: 'u4' }], consistentRead: true } },
    });
    expect((caught[1] as Error).cause).toBeUndefined();
    expect((caught[1] as Error).message).toMatch(/getItem on Users \(batched into BatchGetItem\): DynamoDB returned the key unprocessed 4 times in a row without progress/);
  });

  it('a request that fails for good fails every caller of its batch with its error; other batches go on', () => {
    const caught: unknown[] = [];
    marbleScheduler().run((helpers) => {
      const server = batchingServer(helpers, 5, { answer: (call) => (call === 0 ? errorResponse('ValidationException', 'The table is being restored') : undefined) });
      const eventual = [0, 1].map((i) => server.db.getItem('Users', { pk: `u${i}` }));
      for (const call of eventual) call.subscribe({ error: (e: unknown) => caught.push(e) });
      helpers.expectObservable(server.db.getItem('Users', { pk: 'u2' }, { consistentRead: true })).toBe('--(a|)', { a: user(2) });
    });
    expect(caught).toHaveLength(2);
    expect(caught[0]).toMatchObject({ name: 'ValidationException', action: 'BatchGetItem', message: expect.stringContaining('The table is being restored') });
    expect(caught[1]).toBe(caught[0]);
  });

  it('an item whose key no caller asked for is the server’s fault: a MalformedResponseError for every caller of the batch', () => {
    marbleScheduler().run((helpers) => {
      const stray = okResponse({ Responses: { Users: [marshall({ pk: 'u7', n: 7 })] }, UnprocessedKeys: {} });
      const server = batchingServer(helpers, 5, { answer: (call) => (call === 0 ? stray : undefined) });
      const error = expect.objectContaining({ name: 'MalformedResponseError', action: 'BatchGetItem', message: 'BatchGetItem returned an item of Users whose key was not asked for' });
      helpers.expectObservable(server.db.getItem('Users', { pk: 'u1' })).toBe('--#', undefined, error);
      helpers.expectObservable(server.db.getItem('Users', { pk: 'u2' })).toBe('--#', undefined, error);
    });
  });

  it('a missing table fails each call with ResourceNotFoundException, from DescribeTable', () => {
    marbleScheduler().run((helpers) => {
      const server = fakeBatchServer(helpers, { missing: ['Nope'], client: { autoBatchGets: true } });
      const error = expect.objectContaining({ name: 'ResourceNotFoundException', action: 'DescribeTable' });
      helpers.expectObservable(server.db.getItem('Nope', { pk: 'a' })).toBe('-#', undefined, error);
      helpers.expectObservable(server.db.getItem('Nope', { pk: 'b' })).toBe('-#', undefined, error);
    });
  });

  it('a key that does not fit the table fails its own call before it joins a batch; the others are read', () => {
    let server!: FakeBatchServer;
    const caught: unknown[] = [];
    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 3);
      const bad = [{ pk: 5 }, { id: 'u1' }, { pk: '' }, { pk: 'u1', extra: 1 }, { pk: 'x'.repeat(2049) }, { pk: 'é'.repeat(1025) }];
      for (const key of bad) server.db.getItem('Users', key).subscribe({ error: (e: unknown) => caught.push(e) });
      helpers.expectObservable(server.db.getItem('Users', { pk: 'u1' })).toBe('--(a|)', { a: user(1) });
      helpers.expectObservable(server.db.getItem('Users', { pk: 'x'.repeat(2048) })).toBe('--(a|)', { a: undefined });
      // Options are checked at subscribe, before anything is read.
      helpers.expectObservable(server.db.getItem('Users', { pk: 'u2' }, { consistentRead: 'yes' as never })).toBe('#', undefined, expect.objectContaining({ parameter: 'options.consistentRead' }));
    });
    expect(caught.map((e) => [(e as Error).name, (e as { parameter: string }).parameter])).toEqual([
      ['InvalidParameterError', 'key.pk'],
      ['InvalidParameterError', 'key'],
      ['InvalidParameterError', 'key.pk'],
      ['InvalidParameterError', 'key'],
      ['InvalidParameterError', 'key.pk'],
      ['InvalidParameterError', 'key.pk'],
    ]);
    expect((caught[4] as Error).message).toBe('key.pk: is 2049 bytes; a partition key holds at most 2048');
    expect((caught[5] as Error).message).toBe('key.pk: is 2050 bytes; a partition key holds at most 2048');
    expect(server.batches().map((r) => pks(r.body))).toEqual([['u1', 'x'.repeat(2048)]]);
  });
});

describe('autoBatchGets: cancelling', () => {
  it('a caller that leaves an open batch takes its key out; one that leaves a sent batch leaves the others their answers', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 5, { latency: '-----(r|)', client: { autoBatchGets: { windowMs: 10 } } });
      const get = (i: number) => server.db.getItem('Users', { pk: `u${i}` });
      // Window from 1 (schema) to 11; the answer comes 5 later, at 16.
      helpers.expectObservable(get(0), '^----!').toBe('');
      helpers.expectObservable(get(1), '^-------------!').toBe('');
      helpers.expectObservable(get(1)).toBe('----------------(a|)', { a: user(1) });
      helpers.expectObservable(get(2)).toBe('----------------(a|)', { a: user(2) });
      helpers.flush();
      // The request was not aborted: it ran until its answer.
      helpers.expectSubscriptions(server.batches()[0]!.answer.subscriptions).toBe('-----------^----!');
    });
    expect(server.batches().map((r) => pks(r.body))).toEqual([['u1', 'u2']]);
  });

  it('when every caller of a sent batch leaves, its request is aborted; when every caller of an open batch leaves, nothing is sent', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 5, { latency: '-----(r|)', client: { autoBatchGets: { windowMs: 10 } } });
      const get = (frame: number, i: number) => at(frame, () => server.db.getItem('Users', { pk: `u${i}` }));
      helpers.expectObservable(get(0, 0), '^-------------!').toBe('');
      helpers.expectObservable(get(0, 1), '^------------!').toBe('');
      // A second batch, opened at 20 and left at 25.
      helpers.expectObservable(get(20, 2), '^------------------------!').toBe('');
      helpers.flush();
      helpers.expectSubscriptions(server.batches()[0]!.answer.subscriptions).toBe('-----------^--!');
    });
    expect(server.batches()).toHaveLength(1);
  });
});

describe('autoBatchGets: measurements', () => {
  it('measure the BatchGetItem requests, with the tags their callers share', () => {
    const measured: Measurement[] = [];
    marbleScheduler().run((helpers) => {
      const server = batchingServer(helpers, 5);
      server.db.measurements$.subscribe((m) => measured.push(m));
      const get = (i: number, consistentRead: boolean) => server.db.getItem('Users', { pk: `u${i}` }, { consistentRead });
      // Eventually consistent reads, all for req-1; consistent reads for req-2 and for no request.
      withTags({ correlationId: 'req-1' }, () => {
        get(0, false).subscribe();
        get(1, false).subscribe();
      });
      withTags({ correlationId: 'req-2' }, () => get(2, true).subscribe());
      get(3, true).subscribe();
    });
    expect(measured.map((m) => [m.action, m.table, m.attempts, m.tags?.correlationId])).toEqual([
      ['DescribeTable', 'Users', 1, 'req-1'],
      ['BatchGetItem', 'Users', 1, 'req-1'],
      ['BatchGetItem', 'Users', 1, undefined],
    ]);
  });

  it('a call joins a full batch sent earlier in its run only when that request carries its tags', () => {
    const measured: Measurement[] = [];
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 5, { client: { autoBatchGets: { maxKeys: 2 } } });
      server.db.measurements$.subscribe((m) => measured.push(m));
      const get = (i: number) => server.db.getItem('Users', { pk: `u${i}` });
      // Subscribed in their scopes: req-1's calls fill a batch and ask u0 again; req-2's call of u1 is read apart.
      const first = new ReplaySubject<unknown>();
      const second = new ReplaySubject<unknown>();
      withTags({ correlationId: 'req-1' }, () => forkJoin([get(0), get(1), get(0)]).subscribe(first));
      withTags({ correlationId: 'req-2' }, () => get(1).subscribe(second));
      helpers.expectObservable(first).toBe('--(a|)', { a: [user(0), user(1), user(0)] });
      helpers.expectObservable(second).toBe('--(a|)', { a: user(1) });
    });
    expect(server.batches().map((r) => pks(r.body))).toEqual([['u0', 'u1'], ['u1']]);
    expect(measured.filter((m) => m.action === 'BatchGetItem').map((m) => m.tags?.correlationId)).toEqual(['req-1', 'req-2']);
  });
});

/** How each caller of a batch ended: its item (`undefined` included), or its error's name. */
type Outcome = { item: unknown } | { error: string };

/**
 * The outcomes of `getItem` callers of `u<i>` for each `i` of `callers` (one batch), the first BatchGetItem
 * answered with `body` and later ones as the fake stores (`u0` .. `u4`), and the number of batch requests sent.
 */
function outcomesAfter(body: object | DynamoDBResponse, callers: number[]): { outcomes: (Outcome | 'pending')[]; requests: number } {
  const outcomes: (Outcome | 'pending')[] = callers.map(() => 'pending');
  let server!: FakeBatchServer;
  marbleScheduler().run((helpers) => {
    const answer = 'statusCode' in body ? (body as DynamoDBResponse) : okResponse(body);
    server = batchingServer(helpers, 5, { answer: (call) => (call === 0 ? answer : undefined) });
    callers.forEach((i, index) =>
      server.db.getItem('Users', { pk: `u${i}` }).subscribe({
        next: (item) => (outcomes[index] = { item }),
        error: (error: Error) => (outcomes[index] = { error: error.name }),
      }),
    );
  });
  return { outcomes, requests: server.batches().length };
}

const malformed = { error: 'MalformedResponseError' };

describe('autoBatchGets against hostile BatchGetItem answers: each caller gets its own item, a clear error, or a retry', () => {
  it('the same item twice: its caller gets it, the others a MalformedResponseError, never another caller’s item', () => {
    const twice = { Responses: { Users: [marshall(user(1)), marshall(user(1)), marshall(user(2))] } };
    expect(outcomesAfter(twice, [1, 2, 3]).outcomes).toEqual([{ item: user(1) }, malformed, malformed]);
  });

  it('an item without its key attribute, or with the key as another type: a MalformedResponseError, never another caller’s item', () => {
    for (const stray of [{ n: 1 }, { pk: 1, n: 1 }, { pk: { S: 'u1' }, n: 1 }]) {
      expect(outcomesAfter({ Responses: { Users: [marshall(stray)] } }, [1, 2]).outcomes, JSON.stringify(stray)).toEqual([malformed, malformed]);
    }
  });

  it('UnprocessedKeys naming a key never asked, or a key twice: a clear error for every caller, nothing read again', () => {
    const never = { Responses: {}, UnprocessedKeys: { Users: { Keys: [{ pk: { S: 'u1' } }, { pk: { S: 'u9' } }] } } };
    const twice = { Responses: {}, UnprocessedKeys: { Users: { Keys: [{ pk: { S: 'u1' } }, { pk: { S: 'u1' } }] } } };
    for (const body of [never, twice]) expect(outcomesAfter(body, [1, 2])).toEqual({ outcomes: [malformed, malformed], requests: 1 });
  });

  it('an item that the same answer also hands back unprocessed: its caller gets it once; the other key read again meets it as a stray', () => {
    const both = { Responses: { Users: [marshall(user(1))] }, UnprocessedKeys: { Users: { Keys: [{ pk: { S: 'u1' } }, { pk: { S: 'u2' } }] } } };
    // u3 was neither returned nor handed back: not found, as the answer says.
    expect(outcomesAfter(both, [1, 2, 3])).toEqual({ outcomes: [{ item: user(1) }, malformed, { item: undefined }], requests: 2 });
  });

  it('answers of the wrong shape are read as malformed and retried; the callers get the retry’s items', () => {
    const shapes: object[] = [
      { Responses: [] },
      { Responses: { Users: {} } },
      { Responses: { Users: [{ pk: 'u1' }] } },
      { Responses: { Others: [] } },
      { UnprocessedKeys: { Users: { Keys: 'u1' } } },
      { UnprocessedKeys: { Users: [] } },
      { UnprocessedKeys: { Users: { Keys: [{ pk: 'u1' }] } } },
      { Responses: { Users: [marshall(user(1))] }, ConsumedCapacity: 'x' },
    ];
    for (const shape of shapes) expect(outcomesAfter(shape, [1, 2]), JSON.stringify(shape)).toEqual({ outcomes: [{ item: user(1) }, { item: user(2) }], requests: 2 });
  });

  it('a 200 whose body is an error, not JSON, not an object, or empty: retried, never read as "no item"', () => {
    const bodies: DynamoDBResponse[] = [
      okResponse({ __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'slow down' }),
      { statusCode: 200, headers: {}, body: '{"Responses":{"Users":[' },
      { statusCode: 200, headers: {}, body: '[]' },
      { statusCode: 200, headers: {}, body: 'null' },
      { statusCode: 200, headers: {}, body: '' },
      okResponse({}),
    ];
    for (const body of bodies) expect(outcomesAfter(body, [1, 2]), body.body).toEqual({ outcomes: [{ item: user(1) }, { item: user(2) }], requests: 2 });
  });
});

describe('autoBatchGets cancelled at every moment', () => {
  it('every caller leaving while their keys wait out the backoff: the timer goes, nothing is read again', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 5, { leave: (call) => (call === 0 ? 2 : 0) });
      const get = (i: number) => server.db.getItem('Users', { pk: `u${i}` });
      helpers.expectObservable(get(0)).toBe('--(a|)', { a: user(0) });
      // u3 and u4 come back unprocessed at 2; their callers leave at 500, during the 1000 ms backoff.
      helpers.expectObservable(get(3), '^ 499ms !').toBe('');
      helpers.expectObservable(get(4), '^ 499ms !').toBe('');
    });
    expect(server.batches().map((r) => pks(r.body))).toEqual([['u0', 'u3', 'u4']]);
  });

  it('one of two callers of an unprocessed key leaving during the backoff: the other still gets the item', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 5, { leave: (call) => (call === 0 ? 1 : 0) });
      const get = (i: number) => server.db.getItem('Users', { pk: `u${i}` });
      helpers.expectObservable(get(0)).toBe('--(a|)', { a: user(0) });
      helpers.expectObservable(get(3), '^ 499ms !').toBe('');
      helpers.expectObservable(get(3)).toBe('1003ms (a|)', { a: user(3) });
    });
    expect(server.batches().map((r) => pks(r.body))).toEqual([['u0', 'u3'], ['u3']]);
  });

  it('every caller of a batch waiting for a slot of maxConcurrency leaving: it is never sent, and the slot goes to the next', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 5, { latency: '----------(r|)', client: { maxConcurrency: 1 } });
      // One batch in flight from 1 to 11; a consistent one waits for the slot, its callers leave at 5.
      helpers.expectObservable(server.db.getItem('Users', { pk: 'u0' })).toBe('-----------(a|)', { a: user(0) });
      helpers.expectObservable(server.db.getItem('Users', { pk: 'u1' }, { consistentRead: true }), '^----!').toBe('');
      helpers.expectObservable(server.db.getItem('Users', { pk: 'u2' }, { consistentRead: true }), '^----!').toBe('');
      // A third batch, opened at 6, gets the slot at 11 and its answer at 21.
      helpers.expectObservable(at(6, () => server.db.getItem('Users', { pk: 'u3' }))).toBe('---------------------(a|)', { a: user(3) });
    });
    expect(server.batches().map((r) => pks(r.body))).toEqual([['u0'], ['u3']]);
  });

  it('a caller that leaves while another caller of its batch is being answered (race): the others still get theirs', () => {
    marbleScheduler().run((helpers) => {
      const server = batchingServer(helpers, 5);
      const get = (i: number) => server.db.getItem('Users', { pk: `u${i}` });
      helpers.expectObservable(race(get(1), get(2))).toBe('--(a|)', { a: user(1) });
      helpers.expectObservable(get(2)).toBe('--(a|)', { a: user(2) });
      helpers.expectObservable(get(3)).toBe('--(a|)', { a: user(3) });
    });
  });
});

describe('autoBatchGets: a key asked by several callers', () => {
  it('gives each caller an item of its own: one caller changing its item changes nobody else’s', () => {
    const seen: Json[] = [];
    marbleScheduler().run((helpers) => {
      const server = batchingServer(helpers, 3);
      server.tables.get('Users')!.set('Users/"u1"', marshall({ pk: 'u1', n: 1, tags: new Set(['a']), nested: { list: [1] }, bytes: new Uint8Array([1]) }));
      for (let caller = 0; caller < 3; caller++) {
        server.db.getItem('Users', { pk: 'u1' }, { projectionExpression: 'n, tags, nested, bytes' }).subscribe((item) => {
          const mine = item as Json;
          seen.push(structuredClone(mine));
          // Each caller does what it likes with its own item.
          mine['n'] = caller * 100;
          (mine['tags'] as Set<string>).add(`caller ${caller}`);
          ((mine['nested'] as Json)['list'] as number[]).push(caller);
          (mine['bytes'] as Uint8Array)[0] = 9;
        });
      }
    });
    const stored = { n: 1, tags: new Set(['a']), nested: { list: [1] }, bytes: new Uint8Array([1]) };
    expect(seen).toEqual([stored, stored, stored]);
  });
});
