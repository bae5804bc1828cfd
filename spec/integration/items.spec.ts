import { filter, firstValueFrom, lastValueFrom, repeat, toArray } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import { NumberValue } from '../../src/marshall/number-value.js';
import { tableDefinition, uniqueTableName } from '../support/local-client.js';
import { describeOnLocalServers } from '../support/local-servers.js';

describeOnLocalServers('items', (server) => {
  const { measurements } = server;
  let db: DynamoDB;
  let table: string;

  beforeAll(async () => {
    db = server.client();
    table = await server.freshTable('Items', true);
  });

  describe('single-item calls', () => {
    it('puts and gets an item of every type with native values', async () => {
      const item = {
        pk: 'user#1',
        sk: 1,
        name: 'Ada',
        empty: '',
        age: 36,
        ratio: 0.1,
        big: 9007199254740993n,
        exact: new NumberValue('3.14159265358979323846264338327950288'),
        active: true,
        nothing: null,
        bytes: new Uint8Array([0, 1, 2, 255]),
        tags: new Set(['a', 'b']),
        scores: new Set([1, 2.5]),
        blobs: new Set([new Uint8Array([1]), new Uint8Array([2])]),
        list: [1, 'two', { three: [3] }],
        map: { nested: { deep: 'yes' } },
      };
      expect(await firstValueFrom(db.putItem(table, item), { defaultValue: 'none' })).toBe(undefined);
      const got = await firstValueFrom(db.getItem(table, { pk: 'user#1', sk: 1 }));
      expect(got).toEqual(item);
    });

    it('numbers come back as the server normalised them', async () => {
      await firstValueFrom(db.putItem(table, { pk: 'numbers', sk: 0, trailing: new NumberValue('1.500'), padded: new NumberValue('0001e3') }));
      expect(await firstValueFrom(db.getItem(table, { pk: 'numbers', sk: 0 }))).toEqual({ pk: 'numbers', sk: 0, trailing: 1.5, padded: 1000 });
    });

    it('getItem emits undefined for a missing item', async () => {
      expect(await firstValueFrom(db.getItem(table, { pk: 'nobody', sk: 0 }))).toBeUndefined();
    });

    it('putItem returnValues ALL_OLD emits the replaced item', async () => {
      await firstValueFrom(db.putItem(table, { pk: 'p', sk: 1, v: 1 }));
      const old = await firstValueFrom(db.putItem(table, { pk: 'p', sk: 1, v: 2 }, { returnValues: 'ALL_OLD' }));
      expect(old).toEqual({ pk: 'p', sk: 1, v: 1 });
    });

    it('updateItem applies an expression and returns ALL_NEW', async () => {
      const updated = await firstValueFrom(
        db.updateItem(table, { pk: 'counter', sk: 0 }, {
          updateExpression: 'SET #n = :name ADD visits :one',
          expressionAttributeNames: { '#n': 'name' },
          expressionAttributeValues: { ':name': 'home', ':one': 1 },
          returnValues: 'ALL_NEW',
        }),
      );
      expect(updated).toEqual({ pk: 'counter', sk: 0, name: 'home', visits: 1 });
    });

    it('a failed condition is a ConditionalCheckFailedException, not retried', async () => {
      await firstValueFrom(db.putItem(table, { pk: 'cond', sk: 0 }));
      measurements.length = 0;
      const error = await firstValueFrom(db.putItem(table, { pk: 'cond', sk: 0 }, { conditionExpression: 'attribute_not_exists(pk)' })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ConditionalCheckFailedException', code: 'ConditionalCheckFailedException', retryable: false, statusCode: 400, action: 'PutItem' });
      expect(measurements).toMatchObject([{ action: 'PutItem', table, attempts: 1, error: 'ConditionalCheckFailedException' }]);
    });

    it('deleteItem returns ALL_OLD and the item is gone', async () => {
      await firstValueFrom(db.putItem(table, { pk: 'gone', sk: 0, v: 'x' }));
      expect(await firstValueFrom(db.deleteItem(table, { pk: 'gone', sk: 0 }, { returnValues: 'ALL_OLD' }))).toEqual({ pk: 'gone', sk: 0, v: 'x' });
      expect(await firstValueFrom(db.getItem(table, { pk: 'gone', sk: 0 }))).toBeUndefined();
    });

    it('a missing table is a ResourceNotFoundException', async () => {
      const error = await firstValueFrom(db.getItem('NoSuchTable', { pk: 'x' })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ResourceNotFoundException', retryable: false, action: 'GetItem' });
    });

    it('a key that does not match the schema is a ValidationException', async () => {
      const error = await firstValueFrom(db.getItem(table, { pk: 'p' })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ValidationException', retryable: false, statusCode: 400 });
    });

    it('a bad expression is a ValidationException', async () => {
      const error = await firstValueFrom(db.updateItem(table, { pk: 'x', sk: 0 }, { updateExpression: 'SET = oops' })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ValidationException', retryable: false });
    });

    it('is cold: nothing is sent until subscribe, and each subscription sends anew', async () => {
      measurements.length = 0;
      const put = db.putItem(table, { pk: 'cold', sk: 0 });
      expect(measurements).toHaveLength(0);
      await lastValueFrom(put);
      await lastValueFrom(put);
      expect(measurements).toHaveLength(2);
    });

    it('consumed capacity reaches onMeasurement', async () => {
      measurements.length = 0;
      await firstValueFrom(db.getItem(table, { pk: 'p', sk: 1 }, { returnConsumedCapacity: 'TOTAL' }));
      expect(measurements[0]).toMatchObject({ action: 'GetItem', table, attempts: 1, statusCode: 200, consumedCapacity: [{ tableName: table, capacityUnits: 0.5 }] });
    });

    it('a page carries the capacity its request consumed, camelCase, with the table and index split for INDEXES', async () => {
      const query = (returnConsumedCapacity: 'TOTAL' | 'INDEXES') =>
        firstValueFrom(db.query(table, { keyConditionExpression: 'pk = :p', expressionAttributeValues: { ':p': 'p' }, returnConsumedCapacity }));
      expect((await query('TOTAL')).consumedCapacity).toEqual({ tableName: table, capacityUnits: 0.5 });
      const split = (await query('INDEXES')).consumedCapacity;
      expect(split).toEqual({ tableName: table, capacityUnits: 0.5, table: { capacityUnits: 0.5 } });
    });

    it('execute sends a raw wire body and returns the raw response', async () => {
      const response = await firstValueFrom(db.execute('GetItem', { TableName: table, Key: { pk: { S: 'p' }, sk: { N: '1' } } }));
      expect(response).toEqual({ Item: { pk: { S: 'p' }, sk: { N: '1' }, v: { N: '2' } } });
    });
  });

  describe('table calls', () => {
    it('creates, describes, lists, updates and deletes a table', async () => {
      const name = uniqueTableName('Admin');
      const created = await firstValueFrom(db.createTable(tableDefinition(name)));
      expect(created).toMatchObject({ TableName: name });
      // dynalite turns CREATING into ACTIVE, and drops a deleted table, on a timer even at 0 ms: poll rather than race it.
      const active = await firstValueFrom(db.describeTable(name).pipe(repeat({ delay: 5 }), filter((t) => t.TableStatus === 'ACTIVE')));
      expect(active).toMatchObject({ TableName: name });
      expect(await lastValueFrom(db.listTables().pipe(toArray()))).toContain(name);
      const updated = await firstValueFrom(db.updateTable({ TableName: name, BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } }));
      expect(updated).toMatchObject({ TableName: name });
      expect(await firstValueFrom(db.deleteTable(name))).toMatchObject({ TableName: name });
      const error = await lastValueFrom(db.describeTable(name).pipe(repeat({ delay: 5 }))).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ResourceNotFoundException' });
    });

    it('creating an existing table is a ResourceInUseException', async () => {
      const error = await firstValueFrom(db.createTable(tableDefinition(table, true))).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ResourceInUseException' });
    });

    it('listTables follows LastEvaluatedTableName across pages', async () => {
      const names = Array.from({ length: 7 }, (_, i) => `Page_${i}_${uniqueTableName('L')}`);
      for (const name of names) await firstValueFrom(db.createTable(tableDefinition(name)));
      measurements.length = 0;
      const listed = await lastValueFrom(db.listTables({ limit: 2 }).pipe(toArray()));
      expect(listed).toEqual(expect.arrayContaining(names));
      expect(new Set(listed).size).toBe(listed.length);
      expect(measurements.filter((m) => m.action === 'ListTables').length).toBeGreaterThanOrEqual(Math.ceil(listed.length / 2));
    });
  });
});
