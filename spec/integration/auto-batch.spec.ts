import { firstValueFrom, forkJoin, lastValueFrom, type Observable } from 'rxjs';
import { beforeAll, expect, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import type { GetItemOptions } from '../../src/operations/get-item.js';
import { describeOnLocalServers } from '../support/local-servers.js';

/** What a call ended with: its item (`undefined` included) or its error's name and parameter. */
async function outcome(call: Observable<unknown>): Promise<unknown> {
  try {
    return { item: await firstValueFrom(call) };
  } catch (error) {
    return { error: (error as Error).name, parameter: (error as { parameter?: string }).parameter };
  }
}

describeOnLocalServers('auto-batched getItem', (server) => {
  const { measurements } = server;
  let batching: DynamoDB;
  let alone: DynamoDB;
  let table: string;
  const countOf = (action: string) => measurements.filter((m) => m.action === action).length;
  const item = (i: number) => ({ pk: `k${i}`, sk: i, payload: `item ${i}`, nested: { n: i, list: [i, `${i}`] } });

  beforeAll(async () => {
    batching = server.client({ autoBatchGets: true });
    alone = server.client();
    table = await server.freshTable('AutoBatch', true);
    await lastValueFrom(alone.batchWriteItem({ [table]: Array.from({ length: 1000 }, (_, i) => ({ put: item(i) })) }));
  });

  it('distinct keys, a key asked three times and missing items: every caller gets its own answer, in one BatchGetItem', async () => {
    measurements.length = 0;
    const keys = [{ pk: 'k1', sk: 1 }, { pk: 'k2', sk: 2 }, { pk: 'k1', sk: 1 }, { pk: 'none', sk: 0 }, { pk: 'k1', sk: 1 }, { pk: 'k3', sk: 4 }];
    const found = await lastValueFrom(forkJoin(keys.map((key) => batching.getItem(table, key))));
    expect(found).toEqual([item(1), item(2), item(1), undefined, item(1), undefined]);
    expect(countOf('BatchGetItem')).toBe(1);
    expect(countOf('GetItem')).toBe(0);
  });

  it.each([
    ['1,000 concurrent calls of distinct keys each get their own item, in 10 requests', 1000],
    ['10,000 concurrent calls of 1,000 distinct keys: each key is read once, in 10 requests, and each caller gets its own item', 10_000],
  ])('%s', async (_title, calls) => {
    measurements.length = 0;
    const order = Array.from({ length: calls }, (_, i) => (i * 7919) % 1000);
    const found = await lastValueFrom(forkJoin(order.map((i) => batching.getItem(table, { pk: `k${i}`, sk: i }))));
    expect(found).toEqual(order.map(item));
    expect(countOf('BatchGetItem')).toBe(10);
  });

  it('a key that does not fit the table fails its own call only; sent alone, the server refuses it', async () => {
    measurements.length = 0;
    const bad = [{ pk: 5, sk: 1 }, { pk: 'k1' }, { pk: 'k1', sk: 1, extra: 'x' }, { pk: 'x'.repeat(2049), sk: 1 }, { pk: '', sk: 1 }];
    const keys = [{ pk: 'k1', sk: 1 }, ...bad, { pk: 'k2', sk: 2 }];
    const outcomes = await Promise.all(keys.map((key) => outcome(batching.getItem(table, key))));
    expect(outcomes).toEqual([
      { item: item(1) },
      { error: 'InvalidParameterError', parameter: 'key.pk' },
      { error: 'InvalidParameterError', parameter: 'key' },
      { error: 'InvalidParameterError', parameter: 'key' },
      { error: 'InvalidParameterError', parameter: 'key.pk' },
      { error: 'InvalidParameterError', parameter: 'key.pk' },
      { item: item(2) },
    ]);
    expect(countOf('BatchGetItem')).toBe(1);
    // What one such key would have done to a whole batch: the server refuses the request.
    for (const key of bad.slice(0, 4)) expect(await outcome(alone.getItem(table, key))).toEqual({ error: 'ValidationException', parameter: undefined });
  });

  it('answers as GetItem does, call for call: projections with and without the key, placeholders, consistent reads, absent attributes', async () => {
    const calls: [number, GetItemOptions?][] = [
      [1],
      [2, { consistentRead: true }],
      [3, { projectionExpression: 'payload' }],
      [4, { projectionExpression: 'payload, nested.#l[1]', expressionAttributeNames: { '#l': 'list' } }],
      [5, { projectionExpression: '#p, sk', expressionAttributeNames: { '#p': 'pk' } }],
      [6, { projectionExpression: 'nothing' }],
      [7, { projectionExpression: 'payload', consistentRead: true }],
      [1001, { projectionExpression: 'payload' }],
      [9, { returnConsumedCapacity: 'TOTAL' }],
    ];
    const get = (db: DynamoDB) => forkJoin(calls.map(([i, options]) => db.getItem(table, { pk: `k${i}`, sk: i }, options)));
    measurements.length = 0;
    const batched = await lastValueFrom(get(batching));
    // Eventually consistent groups: plain, 'payload', the placeholders' one, 'nothing'; consistent ones: plain, 'payload'.
    expect(countOf('BatchGetItem')).toBe(7);
    expect(countOf('GetItem')).toBe(1);
    expect(batched).toEqual(await lastValueFrom(get(alone)));
    expect(batched.slice(0, 8)).toEqual([item(1), item(2), { payload: 'item 3' }, { payload: 'item 4', nested: { list: ['4'] } }, { pk: 'k5', sk: 5 }, {}, { payload: 'item 7' }, undefined]);
  });

  it('a projection that names every key attribute without placeholders is batched, and answers as GetItem does', async () => {
    // Nothing to add for the key, no names given: the request must carry no ExpressionAttributeNames, which may not be empty.
    const get = (db: DynamoDB) => forkJoin([1, 2].map((i) => db.getItem(table, { pk: `k${i}`, sk: i }, { projectionExpression: 'pk, sk, payload' })));
    measurements.length = 0;
    const batched = await lastValueFrom(get(batching));
    expect(measurements.map((m) => [m.action, m.error])).toEqual([['BatchGetItem', undefined]]);
    expect(batched).toEqual([{ pk: 'k1', sk: 1, payload: 'item 1' }, { pk: 'k2', sk: 2, payload: 'item 2' }]);
    expect(batched).toEqual(await lastValueFrom(get(alone)));
  });

  it('a projection of a path inside a key attribute goes alone as GetItem, and fails as it does', async () => {
    const call = (db: DynamoDB) => outcome(db.getItem(table, { pk: 'k1', sk: 1 }, { projectionExpression: 'pk.x' }));
    measurements.length = 0;
    expect(await call(batching)).toEqual({ error: 'ValidationException', parameter: undefined });
    expect(measurements.map((m) => m.action)).toEqual(['GetItem']);
    expect(await call(alone)).toEqual({ error: 'ValidationException', parameter: undefined });
  });
});
