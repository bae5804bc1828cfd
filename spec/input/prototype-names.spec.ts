import fc from 'fast-check';
import { firstValueFrom, of, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { CapacityBudget } from '../../src/capacity/capacity-budget.js';
import { DynamoDB } from '../../src/client.js';
import { ConfigError, InvalidParameterError } from '../../src/errors/client-errors.js';
import type { Transport } from '../../src/http/types.js';
import { okResponse } from '../../src/testing/fixtures.js';

// Every option bag of the public API, given an own key named like something Object.prototype has
// (`constructor`, `toString`, `__proto__`, ...) with any value: refused like any unknown name, naming
// it and listing the allowed ones, before anything is sent. Such names were once looked up in the
// option specs and found on the prototype: some reached the wire, others threw a raw TypeError.

const NAMES = Object.getOwnPropertyNames(Object.prototype);
/** Every name at least once, then random ones with random values. */
const EXAMPLES = NAMES.map((name): [string, unknown] => [name, 1]);

const sent: string[] = [];
/** Answers DescribeTable (batch writes read the key schema first); anything else is recorded and fails. */
const transport: Transport = (request) => {
  if (request.action === 'DescribeTable') {
    return of(okResponse({ Table: { KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }] } }));
  }
  sent.push(request.action);
  return of(okResponse({}));
};
const CLIENT = { transport, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} };
const db = new DynamoDB({ ...CLIENT, maxRetries: 0 });

/** A copy of `base` with an own, enumerable property `name` (as JSON.parse makes `__proto__`). */
function withOwn(base: object, name: string, value: unknown): Record<string, unknown> {
  const bag: Record<string, unknown> = { ...base };
  Object.defineProperty(bag, name, { value, enumerable: true, writable: true, configurable: true });
  return bag;
}

const key = { id: 1 };
const handler = () => [];
const UNKNOWN = /: unknown (option|field); allowed: \w+/;

// Each row: the bag, where it is (the refusal names `<path>.<name>`), and a call with the bag given.
const BAGS: [string, string, (bag: object) => Observable<unknown>, object][] = [
  ['getItem options', 'options', (bag) => db.getItem('Users', key, bag), {}],
  ['putItem options', 'options', (bag) => db.putItem('Users', key, bag), {}],
  ['updateItem options', 'options', (bag) => db.updateItem('Users', key, bag as never), { updateExpression: 'SET a = :a', expressionAttributeValues: { ':a': 1 } }],
  ['deleteItem options', 'options', (bag) => db.deleteItem('Users', key, bag), {}],
  ['query options', 'options', (bag) => db.query('Users', bag as never), { keyConditionExpression: 'id = :id', expressionAttributeValues: { ':id': 1 } }],
  ['scan options', 'options', (bag) => db.scan('Users', bag), {}],
  ['parallel scan options', 'options', (bag) => db.scan('Users', bag), { segments: 2 }],
  ['queryPaced options', 'options', (bag) => db.queryPaced('Users', bag as never, handler), { keyConditionExpression: 'id = :id', expressionAttributeValues: { ':id': 1 } }],
  ['queryPaced pacing', 'options.pacing', (bag) => db.queryPaced('Users', { keyConditionExpression: 'id = :id', expressionAttributeValues: { ':id': 1 }, pacing: bag }, handler), { prefetch: 1 }],
  ['scanPaced pacing', 'options.pacing', (bag) => db.scanPaced('Users', { pacing: bag }, handler), {}],
  ['query capacity', 'options.capacity', (bag) => db.query('Users', { keyConditionExpression: 'id = :id', expressionAttributeValues: { ':id': 1 }, capacity: bag as never }), { unitsPerSecond: 10 }],
  ['scan capacity', 'options.capacity', (bag) => db.scan('Users', { capacity: bag as never }), { unitsPerSecond: 10 }],
  ['parallel scan capacity', 'options.capacity', (bag) => db.scan('Users', { segments: 2, capacity: bag as never }), { unitsPerSecond: 10 }],
  ['scanPaced capacity', 'options.capacity', (bag) => db.scanPaced('Users', { capacity: bag as never }, handler), { unitsPerSecond: 10 }],
  ['leased scan options', 'options', (bag) => db.scan('Users', bag), { segments: 2, lease: { table: 'Leases', scanId: 's' } }],
  ['a leased scan lease', 'options.lease', (bag) => db.scan('Users', { segments: 2, lease: bag as never }), { table: 'Leases', scanId: 's' }],
  ['a leased scanPaced lease', 'options.lease', (bag) => db.scanPaced('Users', { segments: 2, lease: bag as never }, handler), { table: 'Leases', scanId: 's' }],
  ['listTables options', 'options', (bag) => db.listTables(bag), {}],
  ['waitForTable options', 'options', (bag) => db.waitForTable('Users', bag as never), { status: 'ACTIVE' }],
  ['a transaction put', 'items[0].put', (bag) => db.transactWriteItems([{ put: bag as never }]), { table: 'Users', item: key }],
  ['a transaction update', 'items[0].update', (bag) => db.transactWriteItems([{ update: bag as never }]), { table: 'Users', key, updateExpression: 'SET a = :a', expressionAttributeValues: { ':a': 1 } }],
  ['a transaction delete', 'items[0].delete', (bag) => db.transactWriteItems([{ delete: bag as never }]), { table: 'Users', key }],
  ['a transaction condition check', 'items[0].conditionCheck', (bag) => db.transactWriteItems([{ conditionCheck: bag as never }]), { table: 'Users', key, conditionExpression: 'attribute_exists(id)' }],
  ['transactWriteItems options', 'options', (bag) => db.transactWriteItems([{ delete: { table: 'Users', key } }], bag), {}],
  ['a transaction read', 'gets[0]', (bag) => db.transactGetItems([bag as never]), { table: 'Users', key }],
  ['transactGetItems options', 'options', (bag) => db.transactGetItems([{ table: 'Users', key }], bag), {}],
  ['a batchGetItem table request', 'request.Users', (bag) => db.batchGetItem({ Users: bag as never }), { keys: [key] }],
  ['batchGetItem options', 'options', (bag) => db.batchGetItem({ Users: { keys: [key] } }, bag), {}],
  ['batchWriteItem options', 'options', (bag) => db.batchWriteItem({ Users: [{ put: key }] }, bag), {}],
  ['batchGetItem capacity', 'options.capacity', (bag) => db.batchGetItem({ Users: { keys: [key] } }, { capacity: bag as never }), { unitsPerSecond: 10 }],
  ['batchWriteItem capacity', 'options.capacity', (bag) => db.batchWriteItem({ Users: [{ put: key }] }, { capacity: bag as never }), { unitsPerSecond: 10 }],
  ['bulkWrite capacity', 'options.capacity', (bag) => of({ put: key }).pipe(db.bulkWrite('Users', { capacity: bag as never })), { unitsPerSecond: 10 }],
  ['bulkWriteFrom capacity', 'options.capacity', (bag) => db.bulkWriteFrom('Users', [{ put: key }], { capacity: bag as never }), { unitsPerSecond: 10 }],
  ['bulkWrite options', 'options', (bag) => of({ put: key }).pipe(db.bulkWrite('Users', bag)), { concurrency: 1 }],
  ['bulkWriteFrom options', 'options', (bag) => db.bulkWriteFrom('Users', [{ put: key }], bag), {}],
  ['executeStatement options', 'options', (bag) => db.executeStatement('SELECT * FROM Users', bag), {}],
  ['a batchExecuteStatement statement', 'statements[0]', (bag) => db.batchExecuteStatement([bag as never]), { statement: 'SELECT * FROM Users WHERE id = ?', parameters: [1] }],
  ['batchExecuteStatement options', 'options', (bag) => db.batchExecuteStatement([{ statement: 'SELECT * FROM Users' }], bag), {}],
  ['an executeTransaction statement', 'statements[0]', (bag) => db.executeTransaction([bag as never]), { statement: 'DELETE FROM Users WHERE id = ?', parameters: [1] }],
  ['executeTransaction options', 'options', (bag) => db.executeTransaction([{ statement: 'DELETE FROM Users WHERE id = 1' }], bag), {}],
  ['a time to live specification', 'specification', (bag) => db.updateTimeToLive('Users', bag as never), { Enabled: true, AttributeName: 'expires' }],
  ['a tag', 'tags[0]', (bag) => db.tagResource('arn:aws:dynamodb:us-east-1:123456789012:table/Users', [bag as never]), { Key: 'team', Value: 'a' }],
  ['changes options', 'options', (bag) => db.changes('Users', bag), {}],
  ['a changes checkpoint', 'options.startAt', (bag) => db.changes('Users', { startAt: bag as never }), { streamArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/Users/stream/2026-01-01T00:00:00.000', shards: {} }],
  ['changesPaced options', 'options', (bag) => db.changesPaced('Users', bag, handler), {}],
  ['changesPaced pacing', 'options.pacing', (bag) => db.changesPaced('Users', { pacing: bag }, handler), {}],
  ['leased changes options', 'options', (bag) => db.changes('Users', bag), { lease: { table: 'Leases' } }],
  ['a changes lease', 'options.lease', (bag) => db.changes('Users', { lease: bag as never }), { table: 'Leases' }],
  ['a changesPaced lease', 'options.lease', (bag) => db.changesPaced('Users', { lease: bag as never }, handler), { table: 'Leases' }],
  ['a createTable definition', 'definition', (bag) => db.createTable(bag as never), { TableName: 'Users' }],
  ['an updateTable definition', 'definition', (bag) => db.updateTable(bag as never), { TableName: 'Users' }],
];

async function refusal(call: Observable<unknown>): Promise<unknown> {
  sent.length = 0;
  const error = await firstValueFrom(call).catch((e: unknown) => e);
  expect(sent).toEqual([]);
  return error;
}

describe("Object.prototype's names are unknown names in every option bag", () => {
  it.each(BAGS)('%s', async (_, path, call, base) => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...NAMES), fc.anything(), async (name, value) => {
        const error = await refusal(call(withOwn(base, name, value)));
        expect(error).toBeInstanceOf(InvalidParameterError);
        expect(error).toMatchObject({ parameter: `${path}.${name}`, message: expect.stringMatching(UNKNOWN) });
      }),
      { examples: EXAMPLES, numRuns: 60 },
    );
  });

  it('in a transaction item, such a name is no kind of action', async () => {
    for (const name of NAMES) {
      const error = await refusal(db.transactWriteItems([withOwn({}, name, { table: 'Users', key }) as never]));
      expect(error).toMatchObject({ name: 'InvalidParameterError', parameter: 'items[0]', message: expect.stringMatching(/exactly one of put, update, delete, conditionCheck; got /) });
    }
  });

  it('in a batch write, such a name is neither put nor delete', async () => {
    for (const name of NAMES) {
      const error = await refusal(db.batchWriteItem({ Users: [withOwn({}, name, key) as never] }));
      expect(error).toMatchObject({ name: 'InvalidParameterError', parameter: 'request.Users[0]', message: expect.stringMatching(/must be \{ put: item \} or \{ delete: key \}/) });
    }
  });

  it('__proto__ from JSON.parse is an unknown option, not the prototype', async () => {
    const options = JSON.parse('{"consistentRead":true,"__proto__":{"consistentRead":false}}') as object;
    const error = await refusal(db.getItem('Users', key, options));
    expect(error).toMatchObject({ parameter: 'options.__proto__', message: expect.stringMatching(/unknown option; allowed: .*consistentRead/) });
  });

  it('the options of a CapacityBudget refuse them, naming the option', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), fc.anything(), (name, value) => {
        expect(() => new CapacityBudget(withOwn({ unitsPerSecond: 10 }, name, value) as never)).toThrow(InvalidParameterError);
        expect(() => new CapacityBudget(withOwn({ unitsPerSecond: 10 }, name, value) as never)).toThrow(`options.${name}: unknown option; allowed: unitsPerSecond, burstSeconds`);
      }),
      { examples: EXAMPLES, numRuns: 60 },
    );
  });

  it('the client options and their retry refuse them with a ConfigError naming the option', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), fc.anything(), (name, value) => {
        expect(() => new DynamoDB(withOwn(CLIENT, name, value) as never)).toThrow(ConfigError);
        expect(() => new DynamoDB(withOwn(CLIENT, name, value) as never)).toThrow(`unknown option "${name}"; allowed: region, `);
        expect(() => new DynamoDB({ ...CLIENT, retry: withOwn({}, name, value) })).toThrow(`unknown retry option "${name}"; allowed: baseDelayMs, `);
      }),
      { examples: EXAMPLES, numRuns: 60 },
    );
  });
});

// Names a bag does know still work when the bag has no prototype at all.
it('a bag without a prototype is read like any other', async () => {
  const options = Object.assign(Object.create(null) as object, { consistentRead: true });
  sent.length = 0;
  await expect(firstValueFrom(db.getItem('Users', key, options))).resolves.toBeUndefined();
  expect(sent).toEqual(['GetItem']);
});
