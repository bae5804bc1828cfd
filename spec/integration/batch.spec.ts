import { from, lastValueFrom, mergeMap, toArray } from 'rxjs';
import { beforeAll, expect, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import type { WriteRequest } from '../../src/batch/batch-write-item.js';
import type { Item } from '../../src/operations/types.js';
import { items } from '../../src/streams/page.js';
import { BatchIncompleteError } from '../../src/errors/client-errors.js';
import { ResourceNotFoundException } from '../../src/errors/service-errors.js';
import { uniqueTableName } from '../support/local-client.js';
import { describeOnLocalServers } from '../support/local-servers.js';

const byPk = (a: Item, b: Item) => String(a['pk']).localeCompare(String(b['pk']));

describeOnLocalServers('batch calls', (server) => {
  const { measurements } = server;
  let db: DynamoDB;

  const scanAll = (table: string) => lastValueFrom(db.scan(table).pipe(items(), toArray()));
  const countOf = (action: string) => measurements.filter((m) => m.action === action).length;

  beforeAll(() => {
    // A short throttling base: dynalite answers large reads with UnprocessedKeys, and the test should not wait seconds.
    db = server.client({ retry: { throttlingBaseDelayMs: 5 } });
  });

  it('batchGetItem reads 250 keys, repeated and missing ones included, across two tables', async () => {
    const users = await server.freshTable('BatchGetU');
    const orders = await server.freshTable('BatchGetO', true);
    await lastValueFrom(db.batchWriteItem({ [users]: Array.from({ length: 200 }, (_, i) => ({ put: { pk: `u${i}`, i } })) }));
    await lastValueFrom(db.batchWriteItem({ [orders]: Array.from({ length: 20 }, (_, i) => ({ put: { pk: 'o', sk: i } })) }));
    measurements.length = 0;
    const userKeys = [...Array.from({ length: 220 }, (_, i) => ({ pk: `u${i}` })), ...Array.from({ length: 10 }, (_, i) => ({ pk: `u${i}` }))];
    const orderKeys = Array.from({ length: 20 }, (_, i) => ({ pk: 'o', sk: i }));
    const groups = await lastValueFrom(db.batchGetItem({ [users]: { keys: userKeys }, [orders]: { keys: orderKeys, consistentRead: true } }).pipe(toArray()));
    const found = groups.flatMap((group) => group.items);
    const ofTable = (table: string) => groups.filter((group) => group.table === table).flatMap((group) => group.items);
    expect(found).toHaveLength(220);
    expect(ofTable(users).sort(byPk)).toEqual(Array.from({ length: 200 }, (_, i) => ({ pk: `u${i}`, i })).sort(byPk));
    expect(ofTable(orders).map((item) => item['sk']).sort((a, b) => Number(a) - Number(b))).toEqual(orderKeys.map((key) => key.sk));
    expect(countOf('BatchGetItem')).toBe(3);
    expect(groups.every((group) => group.consumedCapacity === undefined)).toBe(true);
  });

  it('a missing table: batchGetItem fails with a BatchIncompleteError caused by ResourceNotFoundException, batchWriteItem with the exception itself', async () => {
    const missing = 'NoSuchTable_' + Date.now();
    const read = await lastValueFrom(db.batchGetItem({ [missing]: { keys: [{ pk: 'a' }] } })).catch((e: unknown) => e);
    expect(read).toBeInstanceOf(BatchIncompleteError);
    expect(ResourceNotFoundException.is((read as BatchIncompleteError).cause)).toBe(true);
    expect(read).toMatchObject({ processed: 0, unprocessed: { [missing]: { keys: [{ pk: 'a' }] } } });
    // Writes read the key schema first (DescribeTable), so nothing is batched.
    const write = await lastValueFrom(db.batchWriteItem({ [missing]: [{ put: { pk: 'a' } }] })).catch((e: unknown) => e);
    expect(ResourceNotFoundException.is(write)).toBe(true);
    expect(write).toMatchObject({ action: 'DescribeTable' });
  });

  it('batchGetItem and batchWriteItem report the capacity each response consumed, per table, camelCase', async () => {
    const users = await server.freshTable('BatchCapU');
    const orders = await server.freshTable('BatchCapO', true);
    const writes = await lastValueFrom(
      db.batchWriteItem({ [users]: [{ put: { pk: 'u1' } }, { put: { pk: 'u2' } }], [orders]: [{ put: { pk: 'o', sk: 1 } }] }, { returnConsumedCapacity: 'TOTAL' }).pipe(toArray()),
    );
    expect(writes).toHaveLength(1);
    expect(writes[0]!.consumedUnits).toBe(3);
    expect(writes[0]!.consumedCapacity).toEqual(
      expect.arrayContaining([expect.objectContaining({ tableName: users, capacityUnits: 2 }), expect.objectContaining({ tableName: orders, capacityUnits: 1 })]),
    );
    const groups = await lastValueFrom(db.batchGetItem({ [users]: { keys: [{ pk: 'u1' }, { pk: 'u2' }] }, [orders]: { keys: [{ pk: 'o', sk: 1 }] } }, { returnConsumedCapacity: 'TOTAL' }).pipe(toArray()));
    const byTable = new Map(groups.map((group) => [group.table, group]));
    expect(byTable.get(users)).toMatchObject({ items: expect.arrayContaining([{ pk: 'u1' }, { pk: 'u2' }]), consumedCapacity: { tableName: users, capacityUnits: expect.any(Number) } });
    expect(byTable.get(orders)).toMatchObject({ items: [{ pk: 'o', sk: 1 }], consumedCapacity: { tableName: orders, capacityUnits: expect.any(Number) } });
    const progress = await lastValueFrom(from([{ put: { pk: 'u3' } }]).pipe(db.bulkWrite(users, { returnConsumedCapacity: 'TOTAL' }), toArray()));
    expect(progress).toEqual([{ written: 1, total: 1, retried: 0, consumedCapacity: [expect.objectContaining({ tableName: users, capacityUnits: 1 })], consumedUnits: 1 }]);
    const pulled = await lastValueFrom(db.bulkWriteFrom(users, [{ put: { pk: 'u4' } }], { returnConsumedCapacity: 'TOTAL' }).pipe(toArray()));
    expect(pulled).toEqual([{ written: 1, total: 1, retried: 0, consumedCapacity: [expect.objectContaining({ tableName: users, capacityUnits: 1 })], consumedUnits: 1 }]);
  });

  it('batchGetItem reads 40 items of 100 KB; dynalite answers 1 MB at a time and the client re-reads its UnprocessedKeys', async () => {
    const table = await server.freshTable('BatchGetLarge');
    const blob = 'x'.repeat(100_000);
    await lastValueFrom(db.batchWriteItem({ [table]: Array.from({ length: 40 }, (_, i) => ({ put: { pk: `big${i}`, blob } })) }));
    measurements.length = 0;
    const keys = Array.from({ length: 40 }, (_, i) => ({ pk: `big${i}` }));
    const found = await lastValueFrom(db.batchGetItem({ [table]: { keys, projectionExpression: 'pk' } }).pipe(items(), toArray()));
    expect(found).toHaveLength(40);
    expect(countOf('BatchGetItem')).toBe(1);
    const large = await lastValueFrom(db.batchGetItem({ [table]: { keys } }).pipe(items(), toArray()));
    expect(large.map((item) => item['pk']).sort()).toEqual(keys.map((key) => key.pk).sort());
    expect(large.every((item) => item['blob'] === blob)).toBe(true);
    // DynamoDB answers up to 16 MB at once, so 4 MB take one request. dynalite stops at about 1 MB (14 of
    // these items) and returns the other keys as UnprocessedKeys: three requests or more.
    const fullItemRequests = countOf('BatchGetItem') - 1;
    if (server.name === 'dynalite') expect(fullItemRequests).toBeGreaterThanOrEqual(3);
    else expect(fullItemRequests).toBe(1);
  });

  it('batchWriteItem applies 1,000 mixed puts and deletes; a scan finds exactly what should be there', async () => {
    const table = await server.freshTable('BatchWrite', true);
    await lastValueFrom(db.batchWriteItem({ [table]: Array.from({ length: 300 }, (_, i) => ({ put: { pk: `p${i % 10}`, sk: i, old: true } })) }));
    // Interleaved, all on distinct keys: 100 deletes of old items, 100 overwrites of old items, 800 new items.
    const writes: WriteRequest[] = [];
    const expected = new Map<number, Item>(Array.from({ length: 300 }, (_, sk) => [sk, { pk: `p${sk % 10}`, sk, old: true }]));
    const put = (sk: number) => {
      const item = { pk: `p${sk % 10}`, sk, n: sk };
      writes.push({ put: item });
      expected.set(sk, item);
    };
    for (let j = 0; j < 100; j++) {
      writes.push({ delete: { pk: `p${(3 * j) % 10}`, sk: 3 * j } });
      expected.delete(3 * j);
      put(3 * j + 1);
      for (let t = 0; t < 8; t++) put(300 + 8 * j + t);
    }
    const progress = await lastValueFrom(db.batchWriteItem({ [table]: writes }).pipe(toArray()));
    expect(progress.at(-1)).toEqual({ written: 1000, total: 1000, retried: 0 });
    expect(progress).toHaveLength(40);
    const rows = await scanAll(table);
    expect(rows).toHaveLength(1000);
    expect(new Map(rows.map((row) => [Number(row['sk']), row]))).toEqual(expected);
  });

  it('writes to one key land in the order given (put, delete, put; and put, delete)', async () => {
    const table = await server.freshTable('BatchOrder');
    const writes: WriteRequest[] = [
      { put: { pk: 'a', v: 1 } },
      { put: { pk: 'b', v: 1 } },
      { delete: { pk: 'a' } },
      ...Array.from({ length: 30 }, (_, i) => ({ put: { pk: `filler${i}` } })),
      { put: { pk: 'a', v: 3 } },
      { delete: { pk: 'b' } },
    ];
    await lastValueFrom(db.batchWriteItem({ [table]: writes }));
    const rows = await scanAll(table);
    expect(rows).toHaveLength(31);
    expect(rows.find((row) => row['pk'] === 'a')).toEqual({ pk: 'a', v: 3 });
    expect(rows.find((row) => row['pk'] === 'b')).toBeUndefined();
  });

  it('bulkWrite copies a table from a scan, writes to one key landing in stream order', async () => {
    const source = await server.freshTable('BulkSource');
    const target = await server.freshTable('BulkTarget');
    await lastValueFrom(db.batchWriteItem({ [source]: Array.from({ length: 250 }, (_, n) => ({ put: { pk: `k${n}`, n } })) }));
    measurements.length = 0;
    // Each item is written twice, a draft then the copy; every fifth is then deleted again.
    const progress = await lastValueFrom(
      db.scan(source, { limit: 60 }).pipe(
        items(),
        mergeMap((item): WriteRequest[] => [
          { put: { ...item, draft: true } },
          { put: { ...item, copied: true } },
          ...(Number(item['n']) % 5 === 0 ? [{ delete: { pk: item['pk'] as string } }] : []),
        ]),
        db.bulkWrite(target, { concurrency: 3 }),
        toArray(),
      ),
    );
    expect(progress.at(-1)).toEqual({ written: 550, total: 550, retried: 0 });
    const expected = (await scanAll(source)).filter((item) => Number(item['n']) % 5 !== 0).map((item) => ({ ...item, copied: true }));
    expect((await scanAll(target)).sort(byPk)).toEqual(expected.sort(byPk));
    expect(countOf('DescribeTable')).toBe(1);
  });

  it('batch calls work on a table whose keys are named after Object.prototype members (constructor, toString), and name such a key an item lacks', async () => {
    const table = uniqueTableName('BatchProtoKeys');
    const definition = {
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'constructor', AttributeType: 'S' }, { AttributeName: 'toString', AttributeType: 'N' }],
      KeySchema: [{ AttributeName: 'constructor', KeyType: 'HASH' }, { AttributeName: 'toString', KeyType: 'RANGE' }],
    } as const;
    await lastValueFrom(db.createTable(definition));
    await lastValueFrom(db.waitForTable(table, { status: 'ACTIVE', delayMs: 5 }));
    const rows = [1, 2, 3].map((n) => ({ constructor: 'c', toString: n, n }));
    await lastValueFrom(db.batchWriteItem({ [table]: [...rows.map((item) => ({ put: item })), { delete: { constructor: 'c', toString: 2 } }] }));
    const groups = await lastValueFrom(db.batchGetItem({ [table]: { keys: rows.map(({ n }) => ({ constructor: 'c', toString: n })) } }).pipe(toArray()));
    expect(groups.flatMap((group) => group.items).sort((a, b) => Number(a['n']) - Number(b['n']))).toEqual([rows[0], rows[2]]);
    const lacking = await lastValueFrom(db.batchWriteItem({ [table]: [{ put: { toString: 1 } }] })).catch((error: unknown) => error);
    expect(lacking).toMatchObject({ name: 'InvalidParameterError', parameter: `request.${table}[0].put`, message: expect.stringMatching(/lacks the key attribute "constructor"/) });
  });
});
