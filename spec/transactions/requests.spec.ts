import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import { NumberValue } from '../../src/marshall/number-value.js';
import { transactGetItemsRequest, type TransactGet } from '../../src/operations/transact-get-items.js';
import { transactWriteItemsRequest, type TransactWriteItem } from '../../src/operations/transact-write-items.js';

/** The error `call` throws (or `undefined`). */
function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('transactWriteItemsRequest', () => {
  it('builds each kind of action in wire form, in order, with marshalled values', () => {
    const { body, table } = transactWriteItemsRequest(
      [
        { put: { table: 'Orders', item: { id: 'o1', total: 10n, tags: new Set(['a']) }, conditionExpression: 'attribute_not_exists(id)' } },
        {
          update: {
            table: 'Stock',
            key: { sku: 'x', bin: 3 },
            updateExpression: 'ADD #q :minus',
            conditionExpression: '#q >= :one',
            expressionAttributeNames: { '#q': 'quantity' },
            expressionAttributeValues: { ':minus': -1, ':one': 1 },
            returnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        { delete: { table: 'Carts', key: { id: 'c1' } } },
        { conditionCheck: { table: 'Users', key: { id: 'u1' }, conditionExpression: 'active = :yes', expressionAttributeValues: { ':yes': true } } },
      ],
      { returnConsumedCapacity: 'TOTAL', returnItemCollectionMetrics: 'SIZE' },
    );
    expect(body).toEqual({
      TransactItems: [
        { Put: { TableName: 'Orders', Item: { id: { S: 'o1' }, total: { N: '10' }, tags: { SS: ['a'] } }, ConditionExpression: 'attribute_not_exists(id)' } },
        {
          Update: {
            TableName: 'Stock',
            Key: { sku: { S: 'x' }, bin: { N: '3' } },
            UpdateExpression: 'ADD #q :minus',
            ConditionExpression: '#q >= :one',
            ExpressionAttributeNames: { '#q': 'quantity' },
            ExpressionAttributeValues: { ':minus': { N: '-1' }, ':one': { N: '1' } },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        { Delete: { TableName: 'Carts', Key: { id: { S: 'c1' } } } },
        { ConditionCheck: { TableName: 'Users', Key: { id: { S: 'u1' } }, ConditionExpression: 'active = :yes', ExpressionAttributeValues: { ':yes': { BOOL: true } } } },
      ],
      ReturnConsumedCapacity: 'TOTAL',
      ReturnItemCollectionMetrics: 'SIZE',
      ClientRequestToken: expect.stringMatching(UUID),
    });
    expect(table).toBeUndefined();
  });

  it('generates a new token per request unless one is given, and names the table when all actions share it', () => {
    const items: TransactWriteItem[] = [{ delete: { table: 'Carts', key: { id: 'a' } } }, { delete: { table: 'Carts', key: { id: 'b' } } }];
    const first = transactWriteItemsRequest(items);
    expect(first.body['ClientRequestToken']).not.toBe(transactWriteItemsRequest(items).body['ClientRequestToken']);
    expect(transactWriteItemsRequest(items, { clientRequestToken: 'order-42' }).body['ClientRequestToken']).toBe('order-42');
    expect(first.table).toBe('Carts');
  });

  it('leaves two puts, or a put and another action, on one item to DynamoDB: their key needs the schema', () => {
    const items: TransactWriteItem[] = [{ put: { table: 'T_1', item: { id: 'a' } } }, { put: { table: 'T_1', item: { id: 'a' } } }, { delete: { table: 'T_1', key: { id: 'a' } } }];
    expect(() => transactWriteItemsRequest(items)).not.toThrow();
  });

  const big = 'x'.repeat(390 * 1024);
  const puts = (count: number): TransactWriteItem[] => Array.from({ length: count }, (_, i) => ({ put: { table: 'Big', item: { id: `i${i}`, big } } }));
  const action = (fields: object): TransactWriteItem => ({ update: { table: 'T_1', key: { id: 'a' }, updateExpression: 'SET a = :a', ...fields } }) as TransactWriteItem;

  // Each row: the items (or options), the parameter the refusal must name, and a fragment of its message.
  const REFUSALS: [string, unknown, string, RegExp, object?][] = [
    ['items that are not an array', { put: {} }, 'items', /must be an array of 1 to 100 actions, got an object/],
    ['no items', [], 'items', /must hold 1 to 100 actions, got 0/],
    ['101 items', Array.from({ length: 101 }, (_, i) => ({ delete: { table: 'T_1', key: { id: i } } })), 'items', /got 101/],
    ['an item with two kinds', [{ put: { table: 'T_1', item: { id: 'a' } }, delete: { table: 'T_1', key: { id: 'a' } } }], 'items[0]', /exactly one of put, update, delete, conditionCheck; got put, delete/],
    ['an unknown kind', [{ delete: { table: 'T_1', key: { id: 'a' } } }, { get: { table: 'T_1', key: { id: 'b' } } }], 'items[1]', /exactly one of .*; got get/],
    ['an empty item', [{}], 'items[0]', /got none/],
    ['a missing table', [{ delete: { key: { id: 'a' } } }], 'items[0].delete.table', /must be a table name string, got undefined/],
    ['a missing key', [{ update: { table: 'T_1', updateExpression: 'SET a = :a' } }], 'items[0].update.key', /is required/],
    ['a key of the wrong type', [action({ key: 'a' })], 'items[0].update.key', /must be an object, got a string/],
    ['a missing updateExpression', [{ update: { table: 'T_1', key: { id: 'a' } } }], 'items[0].update.updateExpression', /is required/],
    ['a condition check without a condition', [{ conditionCheck: { table: 'T_1', key: { id: 'a' } } }], 'items[0].conditionCheck.conditionExpression', /is required/],
    ['a put without an item', [{ put: { table: 'T_1' } }], 'items[0].put.item', /is required/],
    ['a bad attribute in a put', [{ put: { table: 'T_1', item: { id: 'a', n: Number.NaN } } }], 'items[0].put.item.n', /./],
    ['an option the action does not take', [action({ returnValues: 'ALL_NEW' })], 'items[0].update.returnValues', /unknown option; allowed: .*updateExpression/],
    ['a value placeholder without a colon', [action({ expressionAttributeValues: { a: 1 } })], 'items[0].update.expressionAttributeValues.a', /start with ":"/],
    ['two actions on one key', [action({}), { conditionCheck: { table: 'T_1', key: { id: 'b' }, conditionExpression: 'x' } }, { delete: { table: 'T_1', key: { id: 'a' } } }], 'items[2].delete.key', /names the same item as items\[0\].update; a transaction may act on each item once/],
    ['items over 4 MB', puts(11), 'items', /add up to 4393\d{3} bytes as DynamoDB counts them; a transaction can hold at most 4194304 \(4 MB\)/],
    ['a put item over 400 KB', [{ put: { table: 'Big', item: { id: 'a', big: 'x'.repeat(400 * 1024) } } }], 'items[0].put.item', /is 409606 bytes as DynamoDB counts it; an item can hold at most 409600/],
    ['a token over 36 characters', [action({})], 'options.clientRequestToken', /1 to 36 characters, got 37/, { clientRequestToken: 'x'.repeat(37) }],
    ['an unknown option', [action({})], 'options.returnValues', /unknown option/, { returnValues: 'ALL_OLD' }],
  ];

  it.each(REFUSALS)('refuses %s', (_, items, parameter, message, options) => {
    const error = thrown(() => transactWriteItemsRequest(items as TransactWriteItem[], options));
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error).toMatchObject({ parameter, message: expect.stringMatching(message) });
  });

  it('accepts the same key on two tables, and 10 items of 390 KB (under 4 MB)', () => {
    expect(() => transactWriteItemsRequest([action({}), { delete: { table: 'T_2', key: { id: 'a' } } }])).not.toThrow();
    expect(() => transactWriteItemsRequest(puts(10))).not.toThrow();
  });
});

describe('transactGetItemsRequest', () => {
  it('builds one Get per read, in order, with marshalled keys', () => {
    const { body, table } = transactGetItemsRequest(
      [
        { table: 'Users', key: { id: 'u1' }, projectionExpression: '#n', expressionAttributeNames: { '#n': 'name' } },
        { table: 'Users', key: { id: 'u2' } },
      ],
      { returnConsumedCapacity: 'TOTAL' },
    );
    expect(body).toEqual({
      TransactItems: [
        { Get: { TableName: 'Users', Key: { id: { S: 'u1' } }, ProjectionExpression: '#n', ExpressionAttributeNames: { '#n': 'name' } } },
        { Get: { TableName: 'Users', Key: { id: { S: 'u2' } } } },
      ],
      ReturnConsumedCapacity: 'TOTAL',
    });
    expect(table).toBe('Users');
  });

  const REFUSALS: [string, unknown, string, RegExp][] = [
    ['no reads', [], 'gets', /must hold 1 to 100 actions, got 0/],
    ['101 reads', Array.from({ length: 101 }, (_, i) => ({ table: 'T_1', key: { id: i } })), 'gets', /got 101/],
    ['a read without a key', [{ table: 'T_1' }], 'gets[0].key', /is required/],
    ['a read with a bad table', [{ table: 'no', key: { id: 1 } }], 'gets[0].table', /not a valid table name/],
    ['a read with an unknown field', [{ table: 'T_1', key: { id: 1 }, consistentRead: true }], 'gets[0].consistentRead', /unknown option/],
    ['two reads of one item', [{ table: 'T_1', key: { id: 1, sk: 'a' } }, { table: 'T_1', key: { sk: 'a', id: new NumberValue('1.0') } }], 'gets[1].key', /names the same item as gets\[0\];/],
  ];

  it.each(REFUSALS)('refuses %s', (_, gets, parameter, message) => {
    const error = thrown(() => transactGetItemsRequest(gets as TransactGet[]));
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error).toMatchObject({ parameter, message: expect.stringMatching(message) });
  });
});
