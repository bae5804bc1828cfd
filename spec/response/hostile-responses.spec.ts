import { firstValueFrom, lastValueFrom, of, toArray, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { BatchIncompleteError, InvalidParameterError, MalformedResponseError } from '../../src/errors/client-errors.js';
import { ConditionalCheckFailedException, TransactionCanceledException } from '../../src/errors/service-errors.js';
import type { Transport } from '../../src/http/types.js';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import { readConsumedCapacity } from '../../src/response/consumed-capacity.js';
import { errorResponse, okResponse } from '../../src/testing/fixtures.js';

type Body = Record<string, unknown>;

/** A client whose endpoint answers each action with the body (or JSON text) `answers` gives it, status 200; nothing is retried. */
function clientAnswering(answers: Record<string, Body | string>, measurements: Measurement[] = []): DynamoDB {
  const transport: Transport = (request) => {
    const answer = answers[request.action];
    if (answer === undefined) throw new Error(`unexpected ${request.action}`);
    return of(typeof answer === 'string' ? { ...okResponse(), body: answer } : okResponse(answer));
  };
  return new DynamoDB({ transport, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {}, maxRetries: 0, onMeasurement: (m) => measurements.push(m) });
}

async function failure(call: Observable<unknown>): Promise<unknown> {
  return lastValueFrom(call.pipe(toArray())).then(
    (values) => ({ completedWith: values }),
    (error: unknown) => error,
  );
}

/** JSON text of an attribute value nested `depth` maps deep (as text: JSON.stringify itself would overflow the stack). */
function nested(depth: number): string {
  return '{"M":{"deeper":'.repeat(depth) + '{"S":"bottom"}' + '}}'.repeat(depth);
}

const KEY = { id: 'k' };
const QUERY = { keyConditionExpression: 'id = :id', expressionAttributeValues: { ':id': 'k' } };
const DESCRIPTION = { TableName: 'Users', TableStatus: 'ACTIVE', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] };
const item = (total: unknown) => ({ id: { S: 'k' }, total });

// Each row: a call, what the endpoint answers, and the start of the MalformedResponseError's message (action and path).
const CASES: [string, (db: DynamoDB) => Observable<unknown>, Record<string, Body | string>, RegExp][] = [
  // Single-item calls
  ['GetItem: a wrong attribute value type', (db) => db.getItem('Users', KEY), { GetItem: { Item: item({ N: 5 }) } }, /^GetItem: Item\.total: N must hold a decimal number as a string, not a number/],
  ['GetItem: an attribute that is not an attribute value', (db) => db.getItem('Users', KEY), { GetItem: { Item: item(42) } }, /^GetItem: Item\.total: expected an attribute value object/],
  ['GetItem: an Item that is not a map', (db) => db.getItem('Users', KEY), { GetItem: { Item: [1, 2] } }, /^GetItem: Item: expected an attribute map object .*got an array/],
  ['GetItem: absurd nesting', (db) => db.getItem('Users', KEY), { GetItem: `{"Item":{"id":{"S":"k"},"deep":${nested(100_000)}}}` }, /^GetItem: Item\.deep(\.deeper)+: nested more than 32 levels/],
  ['PutItem: bad Attributes', (db) => db.putItem('Users', KEY, { returnValues: 'ALL_OLD' }), { PutItem: { Attributes: item({ BOOL: 'yes' }) } }, /^PutItem: Attributes\.total: BOOL must hold true or false/],
  ['UpdateItem: bad Attributes', (db) => db.updateItem('Users', KEY, { updateExpression: 'SET a = :a', expressionAttributeValues: { ':a': 1 }, returnValues: 'ALL_NEW' }), { UpdateItem: { Attributes: item({ SS: [] }) } }, /^UpdateItem: Attributes\.total: SS must hold a non-empty array/],
  ['DeleteItem: bad Attributes', (db) => db.deleteItem('Users', KEY, { returnValues: 'ALL_OLD' }), { DeleteItem: { Attributes: item({ B: 'not base64!' }) } }, /^DeleteItem: Attributes\.total: binary value is not standard padded base64/],
  // Pages
  ['Query: a wrong value in one of the Items', (db) => db.query('Users', QUERY), { Query: { Items: [item({ N: '1' }), item({ N: '2' }), item({ N: '3' }), item({ X: '4' })], Count: 4, ScannedCount: 4 } }, /^Query: Items\[3\]\.total: unknown attribute value type "X"/],
  ['Query: Items that are not a list', (db) => db.query('Users', QUERY), { Query: { Items: 'abc', Count: 3, ScannedCount: 3 } }, /^Query: Items: not a list, got a string/],
  ['Query: Items that are an object', (db) => db.query('Users', QUERY), { Query: { Items: { length: 2 }, Count: 2, ScannedCount: 2 } }, /^Query: Items: not a list, got an object/],
  ['Query: a LastEvaluatedKey of wrong values', (db) => db.query('Users', QUERY), { Query: { Items: [], Count: 0, ScannedCount: 0, LastEvaluatedKey: { id: { S: 5 } } } }, /^Query: LastEvaluatedKey\.id: S must hold a string/],
  ['Query: a LastEvaluatedKey holding a map', (db) => db.query('Users', QUERY), { Query: { Items: [], Count: 0, ScannedCount: 0, LastEvaluatedKey: { id: { M: {} } } } }, /^Query: LastEvaluatedKey\.id: a key attribute must be S, N or B/],
  ['Query: a Count that is not a number', (db) => db.query('Users', QUERY), { Query: { Items: [], Count: '0', ScannedCount: 0 } }, /^Query: Count: not a count, got a string/],
  ['Query: a ConsumedCapacity without units', (db) => db.query('Users', { ...QUERY, returnConsumedCapacity: 'TOTAL' }), { Query: { Items: [], Count: 0, ScannedCount: 0, ConsumedCapacity: { TableName: 'Users', CapacityUnits: '1' } } }, /^Query: ConsumedCapacity\.CapacityUnits: not a number, got a string/],
  ['Scan: a wrong value in Items', (db) => db.scan('Users'), { Scan: { Items: [{ id: { NULL: false } }], Count: 1, ScannedCount: 1 } }, /^Scan: Items\[0\]\.id: NULL must hold true/],
  // Transactions
  ['TransactGetItems: Responses that are not a list', (db) => db.transactGetItems([{ table: 'Users', key: KEY }]), { TransactGetItems: { Responses: { Item: item({ N: '1' }) } } }, /^TransactGetItems: Responses: not a list/],
  ['TransactGetItems: a bad Item', (db) => db.transactGetItems([{ table: 'Users', key: KEY }, { table: 'Users', key: { id: 'j' } }]), { TransactGetItems: { Responses: [{}, { Item: item({ L: 'x' }) }] } }, /^TransactGetItems: Responses\[1\]\.Item\.total: L must hold an array/],
  ['TransactGetItems: fewer Responses than gets', (db) => db.transactGetItems([{ table: 'Users', key: KEY }, { table: 'Users', key: { id: 'j' } }]), { TransactGetItems: { Responses: [{ Item: item({ N: '1' }) }] } }, /^TransactGetItems: Responses: holds 1 entries for a transaction of 2/],
  ['TransactWriteItems: a bad ConsumedCapacity', (db) => db.transactWriteItems([{ delete: { table: 'Users', key: KEY } }]), { TransactWriteItems: { ConsumedCapacity: [{ TableName: 7, CapacityUnits: 1 }] } }, /^TransactWriteItems: ConsumedCapacity\[0\]\.TableName: not a string/],
  ['TransactWriteItems: a bad ItemCollectionKey', (db) => db.transactWriteItems([{ delete: { table: 'Users', key: KEY } }]), { TransactWriteItems: { ItemCollectionMetrics: { Users: [{ ItemCollectionKey: { id: { N: 'x' } }, SizeEstimateRangeGB: [0, 1] }] } } }, /^TransactWriteItems: ItemCollectionMetrics\.Users\[0\]\.ItemCollectionKey\.id: "x" is not a decimal number/],
  // PartiQL
  ['ExecuteStatement: a wrong value in Items', (db) => db.executeStatement('SELECT * FROM "Users"'), { ExecuteStatement: { Items: [item({ NS: ['1', '1'] })] } }, /^ExecuteStatement: Items\[0\]\.total: NS holds the same element twice/],
  ['ExecuteTransaction: a bad Item', (db) => db.executeTransaction([{ statement: 'SELECT * FROM "Users" WHERE id = ?', parameters: ['k'] }]), { ExecuteTransaction: { Responses: [{ Item: item({ N: '1e999' }) }] } }, /^ExecuteTransaction: Responses\[0\]\.Item\.total: the number 1e999 is out of DynamoDB's range/],
  ['BatchExecuteStatement: a bad Item on a statement error', (db) => db.batchExecuteStatement([{ statement: 'SELECT * FROM "Users" WHERE id = ?', parameters: ['k'] }]), { BatchExecuteStatement: { Responses: [{ Error: { Code: 'ConditionalCheckFailed', Item: { id: { BOOL: 1 } } } }] } }, /^BatchExecuteStatement: Responses\[0\]\.Error\.Item\.id: BOOL must hold true or false/],
  // Tables
  ['DescribeTable without Table', (db) => db.describeTable('Users'), { DescribeTable: {} }, /^DescribeTable: Table: not a JSON object, got undefined/],
  ['DescribeTable: a KeySchema that is not a list', (db) => db.describeTable('Users'), { DescribeTable: { Table: { ...DESCRIPTION, KeySchema: 'id' } } }, /^DescribeTable: Table\.KeySchema: not a list/],
  ['CreateTable without TableDescription', (db) => db.createTable({ TableName: 'Users' }), { CreateTable: { Table: DESCRIPTION } }, /^CreateTable: TableDescription: not a JSON object, got undefined/],
  ['UpdateTable without TableDescription', (db) => db.updateTable({ TableName: 'Users' }), { UpdateTable: { TableDescription: 'ok' } }, /^UpdateTable: TableDescription: not a JSON object, got a string/],
  ['DeleteTable: a TableStatus that is not a string', (db) => db.deleteTable('Users'), { DeleteTable: { TableDescription: { ...DESCRIPTION, TableStatus: 3 } } }, /^DeleteTable: TableDescription\.TableStatus: not a string/],
  ['waitForTable: GlobalSecondaryIndexes that are not a list', (db) => db.waitForTable('Users', { status: 'ACTIVE' }), { DescribeTable: { Table: { ...DESCRIPTION, GlobalSecondaryIndexes: { IndexStatus: 'ACTIVE' } } } }, /^DescribeTable: Table\.GlobalSecondaryIndexes: not a list/],
  ['ListTables: TableNames that are not a list', (db) => db.listTables(), { ListTables: { TableNames: 'Users' } }, /^ListTables: TableNames: not a list, got a string/],
  ['ListTables: a table name that is not a string', (db) => db.listTables(), { ListTables: { TableNames: ['Users', null] } }, /^ListTables: TableNames\[1\]: not a string, got null/],
  ['ListTables: a LastEvaluatedTableName that is not a string', (db) => db.listTables(), { ListTables: { TableNames: [], LastEvaluatedTableName: {} } }, /^ListTables: LastEvaluatedTableName: not a string/],
  // Any action: the metadata a measurement reads
  ['GetItem: a ConsumedCapacity that is not an object', (db) => db.getItem('Users', KEY, { returnConsumedCapacity: 'TOTAL' }), { GetItem: { ConsumedCapacity: 'lots' } }, /^GetItem: ConsumedCapacity: not a JSON object/],
  ['GetItem: a ConsumedCapacity claiming more than any request can consume', (db) => db.getItem('Users', KEY, { returnConsumedCapacity: 'TOTAL' }), { GetItem: { ConsumedCapacity: { TableName: 'Users', CapacityUnits: 1e308 } } }, /^GetItem: ConsumedCapacity\.CapacityUnits: 1e\+308 capacity units: more than any request can consume/],
  ['Query: an index claiming more than any request can consume', (db) => db.query('Users', { ...QUERY, returnConsumedCapacity: 'INDEXES' }), { Query: { Items: [], Count: 0, ScannedCount: 0, ConsumedCapacity: { TableName: 'Users', CapacityUnits: 1, GlobalSecondaryIndexes: { byEmail: { ReadCapacityUnits: 1e9 } } } } }, /^Query: ConsumedCapacity\.GlobalSecondaryIndexes\.byEmail\.ReadCapacityUnits: 1000000000 capacity units: more than/],
  ['PutItem: a ConsumedCapacity claiming negative units', (db) => db.putItem('Users', KEY, { returnConsumedCapacity: 'TOTAL' }), { PutItem: { ConsumedCapacity: { TableName: 'Users', CapacityUnits: -1 } } }, /^PutItem: ConsumedCapacity\.CapacityUnits: -1 capacity units: DynamoDB never consumes less than nothing/],
  ['GetItem: CapacityUnits of 1e400 (Infinity once parsed)', (db) => db.getItem('Users', KEY, { returnConsumedCapacity: 'TOTAL' }), { GetItem: '{"ConsumedCapacity":{"TableName":"Users","CapacityUnits":1e400}}' }, /^GetItem: ConsumedCapacity\.CapacityUnits: not a number, got Infinity/],
  ['GetItem: ReadCapacityUnits that are a string', (db) => db.getItem('Users', KEY, { returnConsumedCapacity: 'TOTAL' }), { GetItem: { ConsumedCapacity: { TableName: 'Users', CapacityUnits: 1, ReadCapacityUnits: '1' } } }, /^GetItem: ConsumedCapacity\.ReadCapacityUnits: not a number, got a string/],
  ['PutItem: Table units that are an object', (db) => db.putItem('Users', KEY, { returnConsumedCapacity: 'INDEXES' }), { PutItem: { ConsumedCapacity: { TableName: 'Users', CapacityUnits: 1, Table: { WriteCapacityUnits: { value: 1 } } } } }, /^PutItem: ConsumedCapacity\.Table\.WriteCapacityUnits: not a number, got an object/],
  ['Query: a global index of units that are null', (db) => db.query('Users', { ...QUERY, returnConsumedCapacity: 'INDEXES' }), { Query: { Items: [], Count: 0, ScannedCount: 0, ConsumedCapacity: { TableName: 'Users', CapacityUnits: 1, GlobalSecondaryIndexes: { byEmail: { CapacityUnits: null } } } } }, /^Query: ConsumedCapacity\.GlobalSecondaryIndexes\.byEmail\.CapacityUnits: not a number, got null/],
  ['Query: a local index of units that are a list', (db) => db.query('Users', { ...QUERY, returnConsumedCapacity: 'INDEXES' }), { Query: { Items: [], Count: 0, ScannedCount: 0, ConsumedCapacity: { TableName: 'Users', CapacityUnits: 1, LocalSecondaryIndexes: { 'by-date': { ReadCapacityUnits: [1] } } } } }, /^Query: ConsumedCapacity\.LocalSecondaryIndexes\["by-date"\]\.ReadCapacityUnits: not a number, got an array/],
  ['TransactGetItems: a table of units that are a string', (db) => db.transactGetItems([{ table: 'Users', key: KEY }], { returnConsumedCapacity: 'TOTAL' }), { TransactGetItems: { Responses: [{}], ConsumedCapacity: [{ TableName: 'Users', CapacityUnits: 'NaN' }] } }, /^TransactGetItems: ConsumedCapacity\[0\]\.CapacityUnits: not a number, got a string/],
  ['PutItem: ItemCollectionMetrics with one estimate', (db) => db.putItem('Users', KEY, { returnItemCollectionMetrics: 'SIZE' }), { PutItem: { ItemCollectionMetrics: { ItemCollectionKey: { id: { S: 'k' } }, SizeEstimateRangeGB: [1] } } }, /^PutItem: ItemCollectionMetrics\.SizeEstimateRangeGB: must hold a lower and an upper estimate/],
];

// Batch calls: the malformed response stops the call; the BatchIncompleteError's cause says what was wrong.
const BATCH_CASES: [string, (db: DynamoDB) => Observable<unknown>, Record<string, Body | string>, RegExp][] = [
  ['BatchGetItem: a wrong value in Responses', (db) => db.batchGetItem({ Users: { keys: [KEY] } }), { BatchGetItem: { Responses: { Users: [item({ S: null })] } } }, /^BatchGetItem: Responses\.Users\[0\]\.total: S must hold a string/],
  ['BatchGetItem: Responses of a table not read', (db) => db.batchGetItem({ Users: { keys: [KEY] } }), { BatchGetItem: { Responses: { Orders: [item({ S: 'x' })] } } }, /^BatchGetItem: Responses\.Orders: names a table the call did not read/],
  ['BatchGetItem: Responses that are not a map', (db) => db.batchGetItem({ Users: { keys: [KEY] } }), { BatchGetItem: { Responses: [] } }, /^BatchGetItem: Responses: not a JSON object, got an array/],
  ['BatchGetItem: a bad key in UnprocessedKeys', (db) => db.batchGetItem({ Users: { keys: [KEY] } }), { BatchGetItem: { Responses: {}, UnprocessedKeys: { Users: { Keys: [{ id: { N: 1 } }] } } } }, /^BatchGetItem: UnprocessedKeys\.Users\.Keys\[0\]\.id: N must hold a decimal number as a string/],
  ['BatchWriteItem: a bad item in UnprocessedItems', (db) => db.batchWriteItem({ Users: [{ put: KEY }] }), { DescribeTable: { Table: DESCRIPTION }, BatchWriteItem: { UnprocessedItems: { Users: [{ PutRequest: { Item: { id: { N: 5 } } } }] } } }, /^BatchWriteItem: UnprocessedItems\.Users\[0\]\.PutRequest\.Item\.id: N must hold a decimal number/],
  ['BatchWriteItem: UnprocessedItems that are not a list', (db) => db.batchWriteItem({ Users: [{ put: KEY }] }), { DescribeTable: { Table: DESCRIPTION }, BatchWriteItem: { UnprocessedItems: { Users: { PutRequest: {} } } } }, /^BatchWriteItem: UnprocessedItems\.Users: not a list/],
  ['BatchWriteItem: a table claiming more than any request can consume', (db) => db.batchWriteItem({ Users: [{ put: KEY }] }), { DescribeTable: { Table: DESCRIPTION }, BatchWriteItem: { ConsumedCapacity: [{ TableName: 'Users', CapacityUnits: 1, Table: { CapacityUnits: 2e8 } }] } }, /^BatchWriteItem: ConsumedCapacity\[0\]\.Table\.CapacityUnits: 200000000 capacity units: more than/],
  ['BatchGetItem: a table claiming negative units', (db) => db.batchGetItem({ Users: { keys: [KEY] } }), { BatchGetItem: { Responses: {}, ConsumedCapacity: [{ TableName: 'Users', CapacityUnits: 0.5, ReadCapacityUnits: -0.5 }] } }, /^BatchGetItem: ConsumedCapacity\[0\]\.ReadCapacityUnits: -0\.5 capacity units: DynamoDB never/],
  ['BatchGetItem: a second table of units that are an object', (db) => db.batchGetItem({ Users: { keys: [KEY] } }), { BatchGetItem: { Responses: {}, ConsumedCapacity: [{ TableName: 'Users', CapacityUnits: 1 }, { TableName: 'Orders', CapacityUnits: {} }] } }, /^BatchGetItem: ConsumedCapacity\[1\]\.CapacityUnits: not a number, got an object/],
  ['BatchWriteItem: a global index of units of 1e400 (Infinity once parsed)', (db) => db.batchWriteItem({ Users: [{ put: KEY }] }), { DescribeTable: { Table: DESCRIPTION }, BatchWriteItem: '{"ConsumedCapacity":[{"TableName":"Users","CapacityUnits":1,"GlobalSecondaryIndexes":{"g":{"WriteCapacityUnits":-1e400}}}]}' }, /^BatchWriteItem: ConsumedCapacity\[0\]\.GlobalSecondaryIndexes\.g\.WriteCapacityUnits: not a number, got -Infinity/],
  ['BatchWriteItem: an empty body (not even UnprocessedItems: {}), not "every write applied"', (db) => db.batchWriteItem({ Users: [{ put: KEY }] }), { DescribeTable: { Table: DESCRIPTION }, BatchWriteItem: '' }, /^BatchWriteItem: UnprocessedItems: is missing/],
  ['BatchWriteItem: an answer of {}, not "every write applied"', (db) => db.batchWriteItem({ Users: [{ put: KEY }] }), { DescribeTable: { Table: DESCRIPTION }, BatchWriteItem: {} }, /^BatchWriteItem: UnprocessedItems: is missing/],
  ['BatchGetItem: an empty body, not "every key missing"', (db) => db.batchGetItem({ Users: { keys: [KEY] } }), { BatchGetItem: '' }, /^BatchGetItem: Responses: is missing, and so is UnprocessedKeys/],
  ['BatchWriteItem: a bad ConsumedCapacity', (db) => db.batchWriteItem({ Users: [{ put: KEY }] }, { returnConsumedCapacity: 'TOTAL' }), { DescribeTable: { Table: DESCRIPTION }, BatchWriteItem: { ConsumedCapacity: [{ TableName: 'Users' }] } }, /^BatchWriteItem: ConsumedCapacity\[0\]\.CapacityUnits: not a number, got undefined/],
];

describe('responses that are not valid DynamoDB fail with a MalformedResponseError naming the action and the path', () => {
  it.each(CASES)('%s', async (_name, call, answers, message) => {
    const error = await failure(call(clientAnswering(answers)));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error).not.toBeInstanceOf(InvalidParameterError);
    expect(error).toMatchObject({ code: 'MalformedResponseError', action: Object.keys(answers).at(-1), statusCode: 200, requestId: 'TEST' });
    expect((error as Error).message).toMatch(message);
  });

  it.each(BATCH_CASES)('%s', async (_name, call, answers, message) => {
    const error = await failure(call(clientAnswering(answers)));
    expect(error).toBeInstanceOf(BatchIncompleteError);
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(MalformedResponseError);
    expect((cause as Error).message).toMatch(message);
  });

  it('a DescribeTable key schema of unknown attribute types is the server’s fault, not the caller’s', async () => {
    const db = clientAnswering({ DescribeTable: { Table: { ...DESCRIPTION, AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'X' }] } } });
    const error = await failure(db.batchWriteItem({ Users: [{ put: KEY }] }));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as Error).message).toMatch(/DescribeTable of Users did not describe the table's key/);
  });

  it.each([
    ['no key attribute', [], [], /Table\.KeySchema: must hold 1 or 2 key attributes, got 0/],
    ['three key attributes', [['id', 'HASH'], ['a', 'RANGE'], ['b', 'RANGE']], [['id', 'S'], ['a', 'S'], ['b', 'S']], /Table\.KeySchema: must hold 1 or 2 key attributes, got 3/],
    ['a KeyType neither HASH nor RANGE', [['id', 'PWNED']], [['id', 'S']], /Table\.KeySchema\[0\]\.KeyType: "PWNED" is not HASH or RANGE/],
    ['two HASH attributes', [['id', 'HASH'], ['sk', 'HASH']], [['id', 'S'], ['sk', 'S']], /Table\.KeySchema: must hold one HASH attribute, got 2/],
    ['no HASH attribute', [['id', 'RANGE']], [['id', 'S']], /Table\.KeySchema: must hold one HASH attribute, got 0/],
    ['one attribute named twice', [['id', 'HASH'], ['id', 'RANGE']], [['id', 'S']], /Table\.KeySchema\[1\]\.AttributeName: "id" is already a key attribute/],
    ['a key attribute without a definition', [['id', 'HASH']], [['other', 'S']], /Table\.AttributeDefinitions: has no S, N or B definition of the key attribute "id"/],
    ['a key attribute named after Object.prototype without a definition', [['constructor', 'HASH']], [], /has no S, N or B definition of the key attribute "constructor"/],
    ['a key attribute of another type', [['id', 'HASH']], [['id', 'BOOL']], /has no S, N or B definition of the key attribute "id"/],
  ])('a DescribeTable key schema with %s is the server’s fault, named with its path', async (_name, keys, definitions, message) => {
    const KeySchema = keys.map(([AttributeName, KeyType]) => ({ AttributeName, KeyType }));
    const AttributeDefinitions = definitions.map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
    const db = clientAnswering({ DescribeTable: { Table: { ...DESCRIPTION, KeySchema, AttributeDefinitions } } });
    const error = await failure(db.batchWriteItem({ Users: [{ delete: KEY }] }));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error).toMatchObject({ action: 'DescribeTable' });
    expect((error as Error).message).toMatch(/^DescribeTable of Users did not describe the table's key: /);
    expect((error as Error).message).toMatch(message);
  });

  it('a key attribute named after Object.prototype that an item lacks is the caller’s fault, named as lacking', async () => {
    const keyed = { KeySchema: [{ AttributeName: 'constructor', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'constructor', AttributeType: 'S' }] };
    const db = clientAnswering({ DescribeTable: { Table: { ...DESCRIPTION, ...keyed } } });
    const error = await failure(db.batchWriteItem({ Users: [{ delete: KEY }] }));
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error).toMatchObject({ parameter: 'request.Users[0].delete', message: expect.stringMatching(/lacks the key attribute "constructor" of table Users/) });
  });

  it('a ConsumedCapacity figure of NaN (no JSON holds one, but a reader must not pass it on) is malformed, named as NaN', () => {
    const read = () => readConsumedCapacity({ TableName: 'Users', CapacityUnits: 1, Table: { CapacityUnits: Number.NaN } }, { action: 'GetItem' }, 'ConsumedCapacity');
    expect(read).toThrow(MalformedResponseError);
    expect(read).toThrow(/^GetItem: ConsumedCapacity\.Table\.CapacityUnits: not a number, got NaN$/);
  });

  it('a malformed response is measured as the failure it is, with its code', async () => {
    const measurements: Measurement[] = [];
    await failure(clientAnswering({ GetItem: { Item: item({ N: 5 }) } }, measurements).getItem('Users', KEY));
    expect(measurements).toEqual([expect.objectContaining({ action: 'GetItem', attempts: 1, error: 'MalformedResponseError' })]);
  });

  it('a malformed response is retried like any MalformedResponseError, and a good answer then goes through', async () => {
    const answers = [{ Item: item({ N: 5 }) }, { Item: item({ N: '5' }) }];
    const transport: Transport = () => of(okResponse(answers.shift()!));
    const db = new DynamoDB({ transport, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {}, retry: { baseDelayMs: 0, random: () => 0 } });
    expect(await firstValueFrom(db.getItem('Users', KEY))).toEqual({ id: 'k', total: 5 });
    expect(answers).toEqual([]);
  });
});

describe('a service error whose extra fields are bad keeps its class and code', () => {
  const failingWith = (extra: Body | string, code = 'TransactionCanceledException') => {
    const response = errorResponse(code, 'cancelled', 400, typeof extra === 'string' ? {} : extra);
    // Text extras are spliced into the body's JSON text.
    const body = typeof extra === 'string' ? `${response.body.slice(0, -1)},${extra}}` : response.body;
    const transport: Transport = () => of({ ...response, body });
    return new DynamoDB({ transport, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {}, maxRetries: 0 });
  };
  const transact = (db: DynamoDB) => failure(db.transactWriteItems([{ delete: { table: 'Users', key: KEY } }]));

  it.each([
    ['not an array', 'none'],
    ['an array holding null', [null]],
    ['an array holding a string', ['ConditionalCheckFailed']],
  ])('CancellationReasons that are %s: no reasons', async (_name, reasons) => {
    const error = await transact(failingWith({ CancellationReasons: reasons }));
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(error).toMatchObject({ code: 'TransactionCanceledException', cancellationReasons: [] });
  });

  it('a reason whose Item is not an attribute map keeps its code and message, without the item', async () => {
    const reasons = [{ Code: 'ConditionalCheckFailed', Message: 'failed', Item: { id: { Z: '1' } } }, { Code: 'None', Item: { id: { S: 'k' } } }];
    const error = await transact(failingWith({ CancellationReasons: reasons }));
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as TransactionCanceledException).cancellationReasons).toEqual([{ code: 'ConditionalCheckFailed', message: 'failed' }, { code: 'None', item: { id: 'k' } }]);
  });

  it('a reason whose Code or Message is not a string drops them', async () => {
    const error = await transact(failingWith({ CancellationReasons: [{ Code: 7, Message: ['x'] }] }));
    expect((error as TransactionCanceledException).cancellationReasons).toEqual([{ code: 'None' }]);
  });

  it('ConditionalCheckFailedException with an Item that is not an attribute map: the class stays, the item is dropped', async () => {
    const db = failingWith({ Item: { id: { N: 5 } } }, 'ConditionalCheckFailedException');
    const error = await failure(db.putItem('Users', KEY, { conditionExpression: 'attribute_not_exists(id)', returnValuesOnConditionCheckFailure: 'ALL_OLD' }));
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect(error).toMatchObject({ code: 'ConditionalCheckFailedException' });
    expect((error as ConditionalCheckFailedException).item).toBeUndefined();
  });

  it('ConditionalCheckFailedException with absurdly nested Item: the class stays', async () => {
    const db = failingWith(`"Item":{"id":${nested(100_000)}}`, 'ConditionalCheckFailedException');
    const error = await failure(db.deleteItem('Users', KEY));
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
  });
});

describe('a server whose pages loop fails the call with a RepeatedLastEvaluatedKey naming the action, never quoting the cursor', () => {
  const ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/Users';
  const SECRET = 'customer-4711';
  it.each<[string, (db: DynamoDB) => Observable<unknown>, Body, string]>([
    ['Query', (db) => db.query('Users', QUERY), { Items: [], Count: 0, ScannedCount: 0, LastEvaluatedKey: { id: { S: SECRET } } }, 'LastEvaluatedKey'],
    ['Scan', (db) => db.scan('Users'), { Items: [], Count: 0, ScannedCount: 0, LastEvaluatedKey: { id: { S: SECRET } } }, 'LastEvaluatedKey'],
    ['ExecuteStatement', (db) => db.executeStatement('SELECT * FROM "Users"'), { Items: [], NextToken: SECRET }, 'NextToken'],
    ['ListTables', (db) => db.listTables(), { TableNames: [], LastEvaluatedTableName: SECRET }, 'LastEvaluatedTableName'],
    ['ListTagsOfResource', (db) => db.listTagsOfResource(ARN), { Tags: [], NextToken: SECRET }, 'NextToken'],
  ])('%s', async (action, call, page, cursorName) => {
    const error = await failure(call(clientAnswering({ [action]: page })));
    expect(error).toMatchObject({ code: 'RepeatedLastEvaluatedKey', action, retryable: false });
    expect((error as Error).message).toBe(`${action}: the server returned a ${cursorName} it had returned before: its pages loop; stopping instead of looping forever`);
  });
});

describe('a 200 whose body is an error (it names its __type)', () => {
  const THROTTLED = { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'slow down' };
  const MISSING = { __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', message: 'Requested resource not found' };
  const UNKNOWN = { __type: 'com.example#SomethingWentWrong', message: 'odd' };

  it('is that error, not an answer without an item: getItem never emits undefined for it', async () => {
    for (const body of [THROTTLED, MISSING, UNKNOWN]) {
      const error = await failure(clientAnswering({ GetItem: body }).getItem('Users', KEY));
      expect(error, body.__type).toMatchObject({ code: body.__type.slice(body.__type.indexOf('#') + 1), action: 'GetItem', statusCode: 200 });
    }
  });

  it('a throttling one is retried as throttling, and the good answer then goes through', async () => {
    const answers = [okResponse(THROTTLED), okResponse({ Item: { id: { S: 'k' } } })];
    const db = new DynamoDB({ transport: () => of(answers.shift()!), credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {}, retry: { random: () => 0 } });
    expect(await firstValueFrom(db.getItem('Users', KEY))).toEqual({ id: 'k' });
    expect(answers).toEqual([]);
  });

  it('fails batchGetItem and batchWriteItem rather than reading it as every key missing or every write applied', async () => {
    const db = clientAnswering({ BatchGetItem: MISSING, BatchWriteItem: MISSING, DescribeTable: { Table: DESCRIPTION } });
    expect(await failure(db.batchGetItem({ Users: { keys: [KEY] } }))).toBeInstanceOf(BatchIncompleteError);
    const stopped = await failure(db.batchWriteItem({ Users: [{ put: KEY }] }));
    expect(stopped).toMatchObject({ name: 'BatchIncompleteError', processed: 0, unprocessed: { Users: [{ put: KEY }] } });
    expect((stopped as Error).cause).toMatchObject({ code: 'ResourceNotFoundException', action: 'BatchWriteItem', statusCode: 200 });
  });
});
