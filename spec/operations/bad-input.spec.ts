import { firstValueFrom, of, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { ConfigError, InvalidParameterError } from '../../src/errors/client-errors.js';
import type { Transport } from '../../src/http/types.js';

const sent: string[] = [];
const recordingTransport: Transport = (request) => {
  sent.push(request.action);
  throw new Error('nothing should be sent for bad input');
};
const db = new DynamoDB({ transport: recordingTransport, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });

/** Subscribes and returns the error; asserts it is an InvalidParameterError and nothing was sent. */
async function refusal(call: () => Observable<unknown>): Promise<InvalidParameterError> {
  sent.length = 0;
  const error = await firstValueFrom(call()).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(sent).toEqual([]);
  expect(error).toBeInstanceOf(InvalidParameterError);
  return error as InvalidParameterError;
}

const QUERY = { keyConditionExpression: 'id = :id', expressionAttributeValues: { ':id': 1 } };
const handler = () => [];
const SELECT = 'SELECT * FROM "Users" WHERE id = ?';
const ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/Users';
const LEASE = { table: 'Leases', scanId: 'nightly' };
/** The paced forms as plain JavaScript sees them: any arguments. */
const untyped = db as unknown as Record<'queryPaced' | 'scanPaced', (...args: unknown[]) => Observable<unknown>>;

// Each row: the call, the parameter the error must name, and a fragment of its message.
const CASES: [string, () => Observable<unknown>, string, RegExp][] = [
  ['empty table name', () => db.getItem('', { id: 1 }), 'table', /not a valid table name/],
  ['short table name', () => db.getItem('ab', { id: 1 }), 'table', /3 to 255/],
  ['table name of the wrong type', () => db.getItem(42 as unknown as string, { id: 1 }), 'table', /must be a table name string, got a number/],
  ['table name with bad characters', () => db.describeTable('bad name!'), 'table', /not a valid table name/],
  ['missing key', () => db.getItem('Users', undefined as unknown as { id: number }), 'key', /must be an object, got undefined/],
  ['empty key', () => db.deleteItem('Users', {}), 'key', /at least one key attribute/],
  ['key as an array', () => db.getItem('Users', [] as unknown as { id: number }), 'key', /must be an object, got an array/],
  ['NaN in an item', () => db.putItem('Users', { id: 1, score: Number.NaN }), 'item.score', /./],
  ['item that is not an object', () => db.putItem('Users', 'x' as unknown as { id: number }), 'item', /must be an object, got a string/],
  ['unknown option', () => db.getItem('Users', { id: 1 }, { consistentread: true } as never), 'options.consistentread', /unknown option; allowed: .*consistentRead/],
  ['option of the wrong type', () => db.getItem('Users', { id: 1 }, { consistentRead: 'yes' as never }), 'options.consistentRead', /true or false, got a string/],
  ['options that are not an object', () => db.getItem('Users', { id: 1 }, 'x' as never), 'options', /must be an object/],
  ['returnValues not allowed for putItem', () => db.putItem('Users', { id: 1 }, { returnValues: 'ALL_NEW' as never }), 'options.returnValues', /one of NONE, ALL_OLD/],
  ['updateItem without updateExpression', () => db.updateItem('Users', { id: 1 }, {} as never), 'options.updateExpression', /is required/],
  ['value placeholder without a colon', () => db.updateItem('Users', { id: 1 }, { updateExpression: 'SET a = :a', expressionAttributeValues: { a: 1 } }), 'options.expressionAttributeValues.a', /start with ":"/],
  ['name placeholder without a hash', () => db.getItem('Users', { id: 1 }, { expressionAttributeNames: { n: 'name' } }), 'options.expressionAttributeNames.n', /start with "#"/],
  ['query without keyConditionExpression', () => db.query('Users', {} as never), 'options.keyConditionExpression', /is required/],
  ['limit of zero', () => db.scan('Users', { limit: 0 }), 'options.limit', /integer from 1/],
  ['select out of the enum', () => db.scan('Users', { select: 'EVERYTHING' as never }), 'options.select', /one of ALL_ATTRIBUTES/],
  ['segment without totalSegments', () => db.scan('Users', { segment: 1 }), 'options.segment', /go together/],
  ['segment beyond totalSegments', () => db.scan('Users', { segment: 3, totalSegments: 3 }), 'options.segment', /below totalSegments/],
  ['exclusiveStartKey with segments (a key belongs to one segment)', () => db.scan('Users', { segments: 4, exclusiveStartKey: { id: 1 } }), 'options.exclusiveStartKey', /cannot be combined with segments/],
  ['exclusiveStartKey that is not an object', () => db.scan('Users', { exclusiveStartKey: 'k' as never }), 'options.exclusiveStartKey', /must be an object/],
  ['listTables limit over 100', () => db.listTables({ limit: 101 }), 'options.limit', /1 to 100/],
  ['createTable without a TableName', () => db.createTable({} as never), 'definition.TableName', /table name string/],
  ['execute with a bad action', () => db.execute('get item', {}), 'action', /DynamoDB action name/],
  // Tables
  ['createTable with a definition of the wrong type', () => db.createTable('Users' as never), 'definition', /must be an object, got a string/],
  ['updateTable with an empty TableName', () => db.updateTable({ TableName: '' }), 'definition.TableName', /not a valid table name/],
  ['deleteTable without a name', () => db.deleteTable(undefined as never), 'table', /must be a table name string, got undefined/],
  ['describeTable with a name over 255 characters', () => db.describeTable('x'.repeat(256)), 'table', /3 to 255/],
  ['listTables with options of the wrong type', () => db.listTables(7 as never), 'options', /must be an object, got a number/],
  ['listTables with an unknown option', () => db.listTables({ exclusiveStartTableName: 'a' } as never), 'options.exclusiveStartTableName', /allowed: limit/],
  ['waitForTable without options', () => db.waitForTable('Users', undefined as never), 'options', /must be an object, got undefined/],
  ['waitForTable without a status', () => db.waitForTable('Users', {} as never), 'options.status', /is required/],
  ['waitForTable with an unknown status', () => db.waitForTable('Users', { status: 'GONE' as never }), 'options.status', /one of ACTIVE, DELETED/],
  ['waitForTable with an unknown option', () => db.waitForTable('Users', { status: 'ACTIVE', timeout: 5 } as never), 'options.timeout', /allowed: status, timeoutMs/],
  ['waitForTable with an empty table name', () => db.waitForTable('', { status: 'ACTIVE' }), 'table', /not a valid table name/],
  // execute
  ['execute without an action', () => db.execute(undefined as never), 'action', /DynamoDB action name/],
  ['execute with a body of the wrong type', () => db.execute('GetItem', 'x' as never), 'body', /must be an object, got a string/],
  ['execute with an array body', () => db.execute('GetItem', [] as never), 'body', /must be an object, got an array/],
  // Items
  ['putItem without an item', () => db.putItem('Users', undefined as never), 'item', /must be an object, got undefined/],
  ['putItem of an item over 400 KB', () => db.putItem('Users', { id: 1, data: 'x'.repeat(410_000) }), 'item', /is 410\d{3} bytes .* at most 409600/],
  ['putItem with a condition of the wrong type', () => db.putItem('Users', { id: 1 }, { conditionExpression: 5 as never }), 'options.conditionExpression', /non-empty string, got a number/],
  ['putItem with an unknown option', () => db.putItem('Users', { id: 1 }, { conditionExpresion: 'x' } as never), 'options.conditionExpresion', /unknown option; allowed: .*conditionExpression/],
  ['updateItem without options', () => db.updateItem('Users', { id: 1 }, undefined as never), 'options', /must be an object, got undefined/],
  ['updateItem with a null key', () => db.updateItem('Users', null as never, { updateExpression: 'SET a = :a' }), 'key', /must be an object, got null/],
  ['updateItem with returnValues out of the enum', () => db.updateItem('Users', { id: 1 }, { updateExpression: 'SET a = :a', returnValues: 'ALL' as never }), 'options.returnValues', /one of NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW/],
  ['deleteItem with an unknown option', () => db.deleteItem('Users', { id: 1 }, { returnValue: 'ALL_OLD' } as never), 'options.returnValue', /unknown option/],
  ['deleteItem without a table', () => db.deleteItem(undefined as never, { id: 1 }), 'table', /must be a table name string/],
  ['getItem with a key value DynamoDB cannot store', () => db.getItem('Users', { id: new Map() } as never), 'key.id', /Map is not a DynamoDB type/],
  // Query and scan
  ['query without options', () => db.query('Users', undefined as never), 'options', /must be an object, got undefined/],
  ['query with an unknown option', () => db.query('Users', { ...QUERY, scanForward: false } as never), 'options.scanForward', /allowed: .*scanIndexForward/],
  ['scan with options of the wrong type', () => db.scan('Users', 5 as never), 'options', /must be an object, got a number/],
  ['scan with segments of the wrong type', () => db.scan('Users', { segments: '4' as never }), 'options.segments', /integer from 1 to 1000000, got a string/],
  ['scan with concurrency but no segments', () => db.scan('Users', { concurrency: 2 }), 'options.concurrency', /only applies with segments/],
  ['leased scan without segments', () => db.scan('Users', { lease: LEASE }), 'options.lease', /needs segments/],
  ['leased scan without a scanId', () => db.scan('Users', { segments: 2, lease: { table: 'Leases' } as never }), 'options.lease.scanId', /must be a string/],
  ['leased scan without a lease table', () => db.scan('Users', { segments: 2, lease: { scanId: 's' } as never }), 'options.lease.table', /must be a table name string, got undefined/],
  ['leased scan with a lease table ARN', () => db.scan('Users', { segments: 2, lease: { ...LEASE, table: ARN } }), 'options.lease.table', /not an ARN: the lease table is created when missing/],
  ['leased scan with an empty scanId', () => db.scan('Users', { segments: 2, lease: { ...LEASE, scanId: '' } }), 'options.lease.scanId', /1 to 1024 characters, got 0/],
  ['leased scan with an empty workerId', () => db.scan('Users', { segments: 2, lease: { ...LEASE, workerId: '' } }), 'options.lease.workerId', /1 to 256 characters/],
  ['leased scan with a scanId too long for the partition key in UTF-8', () => db.scan('Users', { segments: 2, lease: { ...LEASE, scanId: '😀'.repeat(1000) } }), 'options.lease.scanId', /at most 1787 bytes in UTF-8 \(it goes into the lease table's partition key\), got 4000/],
  ['leased scan with a workerId too long for the sort key in UTF-8', () => db.scan('Users', { segments: 2, lease: { ...LEASE, workerId: '😀'.repeat(256) } }), 'options.lease.workerId', /at most 1017 bytes in UTF-8 \(it goes into the lease table's sort key\), got 1024/],
  ['leased scan with a lone surrogate in its workerId', () => db.scan('Users', { segments: 2, lease: { ...LEASE, workerId: 'w\ud800' } }), 'options.lease.workerId', /unpaired UTF-16 surrogate/],
  ['leased changes with a lone surrogate in its workerId', () => db.changes('Users', { lease: { table: 'Leases', workerId: '\udc00' } }), 'options.lease.workerId', /unpaired UTF-16 surrogate/],
  ['leased scan with a lone surrogate in its scanId', () => db.scan('Users', { segments: 2, lease: { ...LEASE, scanId: '\ud800x' } }), 'options.lease.scanId', /unpaired UTF-16 surrogate/],
  ['leased scan with too short a lease', () => db.scan('Users', { segments: 2, lease: { ...LEASE, leaseDurationMs: 10 } }), 'options.lease.leaseDurationMs', /integer from 100 to/],
  ['leased scan with an unknown lease option', () => db.scan('Users', { segments: 2, lease: { ...LEASE, leaseMs: 1 } as never }), 'options.lease.leaseMs', /unknown option; allowed: table, workerId, leaseDurationMs, scanId/],
  ['leased scan with a bad scan option', () => db.scan('Users', { segments: 2, lease: LEASE, limit: 0 }), 'options.limit', /integer from 1/],
  ['leased scanPaced with a bad pacing', () => db.scanPaced('Users', { segments: 2, lease: LEASE, pacing: { prefetch: -1 } }, handler), 'options.pacing.prefetch', /integer from 0/],
  ['leased scan with exclusiveStartKey (checkpoints live in the leases)', () => db.scan('Users', { segments: 2, lease: LEASE, exclusiveStartKey: { id: 1 } }), 'options.exclusiveStartKey', /cannot be combined with segments/],
  // Transactions
  ['transactWriteItems with items of the wrong type', () => db.transactWriteItems('x' as never), 'items', /must be an array of 1 to 100 actions, got a string/],
  ['transactWriteItems with an empty table name', () => db.transactWriteItems([{ delete: { table: '', key: { id: 1 } } }]), 'items[0].delete.table', /not a valid table name/],
  ['transactWriteItems with a token of the wrong type', () => db.transactWriteItems([{ delete: { table: 'Users', key: { id: 1 } } }], { clientRequestToken: 5 as never }), 'options.clientRequestToken', /non-empty string, got a number/],
  ['transactWriteItems with options of the wrong type', () => db.transactWriteItems([{ delete: { table: 'Users', key: { id: 1 } } }], 'x' as never), 'options', /must be an object, got a string/],
  ['transactGetItems with a missing key', () => db.transactGetItems([{ table: 'Users' } as never]), 'gets[0].key', /is required/],
  ['transactGetItems with an unknown option', () => db.transactGetItems([{ table: 'Users', key: { id: 1 } }], { consistentRead: true } as never), 'options.consistentRead', /allowed: returnConsumedCapacity/],
  // Batches (more in spec/batch/bad-input.spec.ts)
  ['batchGetItem with a request of the wrong type', () => db.batchGetItem(null as never), 'request', /must be an object, got null/],
  ['batchGetItem with an empty table name', () => db.batchGetItem({ '': { keys: [{ id: 1 }] } }), 'request.', /not a valid table name/],
  ['batchWriteItem with writes of the wrong type', () => db.batchWriteItem({ Users: {} as never }), 'request.Users', /must be an array/],
  ['bulkWrite with options of the wrong type', () => of({ put: { id: 1 } }).pipe(db.bulkWrite('Users', 5 as never)), 'options', /must be an object, got a number/],
  ['bulkWrite with an empty table name', () => of({ put: { id: 1 } }).pipe(db.bulkWrite('')), 'table', /not a valid table name/],
  // queryPaced / scanPaced
  ['queryPaced without a handler', () => db.queryPaced('Users', QUERY, undefined as never), 'handler', /must be a function/],
  ['queryPaced with an empty table name', () => db.queryPaced('', QUERY, handler), 'table', /not a valid table name/],
  ['scanPaced with an unknown scan option', () => db.scanPaced('Users', { segment: 1 } as never, handler), 'options.segment', /go together/],
  ['pacing with an unknown name', () => db.queryPaced('Users', { ...QUERY, pacing: { prefech: 1 } as never }, handler), 'options.pacing.prefech', /unknown option; allowed: prefetch, concurrency/],
  ['pacing that is not an object', () => db.scanPaced('Users', { pacing: 5 as never }, handler), 'options.pacing', /must be an object, got a number/],
  ['pacing of the wrong type', () => db.scanPaced('Users', { pacing: { concurrency: '2' as never } }, handler), 'options.pacing.concurrency', /integer from 1/],
  ['scanPaced with options that are not an object', () => db.scanPaced('Users', 5 as never, handler), 'options', /must be an object, got a number/],
  ['scanPaced with the handler only, not a function', () => db.scanPaced('Users', 'h' as never), 'handler', /must be a function/],
  ['queryPaced with pacing after the handler (the 0.1 form)', () => untyped.queryPaced('Users', QUERY, handler, { prefetch: 2 }), 'pacing', /goes in the options now/],
  ['scanPaced with pacing after the handler (the 0.1 form)', () => untyped.scanPaced('Users', undefined, handler, { prefetch: 2 }), 'pacing', /goes in the options now/],
  ['scanPaced(table, handler) with an argument after it', () => untyped.scanPaced('Users', handler, { prefetch: 2 }), 'pacing', /goes in the options now/],
  // PartiQL (more in spec/partiql/requests.spec.ts)
  ['executeStatement without a statement', () => db.executeStatement(undefined as never), 'statement', /non-empty string, got undefined/],
  ['executeStatement with parameters of the wrong type', () => db.executeStatement(SELECT, { parameters: 'u1' as never }), 'options.parameters', /must be an array of values, got a string/],
  ['executeStatement with an undefined parameter', () => db.executeStatement(SELECT, { parameters: [undefined as never] }), 'options.parameters[0]', /undefined cannot be a parameter/],
  ['executeStatement with an option of Scan', () => db.executeStatement(SELECT, { exclusiveStartKey: { id: 1 } } as never), 'options.exclusiveStartKey', /unknown option; allowed: .*nextToken/],
  ['batchExecuteStatement with 26 statements', () => db.batchExecuteStatement(Array.from({ length: 26 }, () => ({ statement: SELECT, parameters: ['u1'] }))), 'statements', /must hold 1 to 25 statements, got 26/],
  ['batchExecuteStatement with a statement missing its text', () => db.batchExecuteStatement([{ parameters: ['u1'] } as never]), 'statements[0].statement', /is required/],
  ['batchExecuteStatement with a NaN parameter', () => db.batchExecuteStatement([{ statement: SELECT, parameters: [Number.NaN] }]), 'statements[0].parameters[0]', /NaN/],
  ['executeTransaction without statements', () => db.executeTransaction([]), 'statements', /must hold 1 to 100 statements, got 0/],
  ['executeTransaction with a token over 36 characters', () => db.executeTransaction([{ statement: SELECT, parameters: ['u1'] }], { clientRequestToken: 't'.repeat(37) }), 'options.clientRequestToken', /1 to 36 characters, got 37/],
  // Time to live
  ['describeTimeToLive with an empty table name', () => db.describeTimeToLive(''), 'table', /not a valid table name/],
  ['updateTimeToLive without a specification', () => db.updateTimeToLive('Users', undefined as never), 'specification', /must be an object, got undefined/],
  ['updateTimeToLive without Enabled', () => db.updateTimeToLive('Users', { AttributeName: 'expiresAt' } as never), 'specification.Enabled', /must be true or false, got undefined/],
  ['updateTimeToLive with camelCase fields', () => db.updateTimeToLive('Users', { enabled: true, attributeName: 'expiresAt' } as never), 'specification.enabled', /unknown field; allowed: Enabled, AttributeName/],
  ['updateTimeToLive with a field named after an Object.prototype member', () => db.updateTimeToLive('Users', { Enabled: true, AttributeName: 'expiresAt', toString: 'x' } as never), 'specification.toString', /unknown field/],
  ['updateTimeToLive with Enabled of the wrong type', () => db.updateTimeToLive('Users', { Enabled: 'yes' as never, AttributeName: 'expiresAt' }), 'specification.Enabled', /true or false, got a string/],
  ['updateTimeToLive with an attribute name over 255 characters', () => db.updateTimeToLive('Users', { Enabled: true, AttributeName: 'a'.repeat(256) }), 'specification.AttributeName', /1 to 255 characters, got 256/],
  ['updateTimeToLive with a bad table name', () => db.updateTimeToLive('no', { Enabled: true, AttributeName: 'expiresAt' }), 'table', /3 to 255/],
  // Tags
  ['tagResource with a table name instead of its ARN', () => db.tagResource('Users', [{ Key: 'team', Value: 'a' }]), 'resourceArn', /not a DynamoDB resource ARN such as arn:aws:dynamodb:/],
  ['tagResource without tags', () => db.tagResource(ARN, []), 'tags', /must hold 1 to 50 tags, got 0/],
  ['tagResource with 51 tags', () => db.tagResource(ARN, Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: '' }))), 'tags', /must hold 1 to 50 tags, got 51/],
  ['tagResource with a tag without a Value', () => db.tagResource(ARN, [{ Key: 'team' } as never]), 'tags[0].Value', /must be a string, got undefined/],
  ['tagResource with camelCase tag fields', () => db.tagResource(ARN, [{ key: 'team', value: 'a' } as never]), 'tags[0].key', /unknown field; allowed: Key, Value/],
  ['tagResource with a key over 128 characters', () => db.tagResource(ARN, [{ Key: 'k'.repeat(129), Value: '' }]), 'tags[0].Key', /1 to 128 characters, got 129/],
  ['tagResource with a key under the reserved aws: prefix', () => db.tagResource(ARN, [{ Key: 'AWS:team', Value: '' }]), 'tags[0].Key', /aws: prefix \(in any case\) is reserved/],
  ['tagResource with a value over 256 characters', () => db.tagResource(ARN, [{ Key: 'team', Value: 'v'.repeat(257) }]), 'tags[0].Value', /0 to 256 characters, got 257/],
  ['untagResource with tag keys of the wrong type', () => db.untagResource(ARN, 'team' as never), 'tagKeys', /must be an array of at least 1 tag keys, got a string/],
  ['untagResource with an empty key', () => db.untagResource(ARN, ['']), 'tagKeys[0]', /1 to 128 characters, got 0/],
  ['listTagsOfResource without an ARN', () => db.listTagsOfResource(undefined as never), 'resourceArn', /must be an ARN string, got undefined/],
  ['listTagsOfResource with the ARN of another service', () => db.listTagsOfResource('arn:aws:s3:::bucket'), 'resourceArn', /not a DynamoDB resource ARN/],
];

describe('bad input is refused before anything is sent, naming the parameter', () => {
  for (const [name, call, parameter, message] of CASES) {
    it(name, async () => {
      const error = await refusal(call);
      expect(error.parameter).toBe(parameter);
      expect(error.message).toMatch(message);
      expect(error.message.startsWith(`${parameter}: `)).toBe(true);
    });
  }
});

// Each row: the options, and a fragment of the ConfigError's message naming the option.
const CONFIG_CASES: [string, unknown, RegExp][] = [
  ['options that are not an object', 'x', /options must be an object/],
  ['options as an array', [], /options must be an object/],
  ['an unknown option', { regoin: 'eu-west-1' }, /unknown option "regoin"; allowed: region,/],
  ['a region of the wrong type', { region: 5 }, /option region must be a string, got a number/],
  ['a region that is not one', { region: 'US EAST' }, /region "US EAST" is not a valid AWS region name/],
  ['an endpoint of the wrong type', { endpoint: 5 }, /option endpoint must be a string, got a number/],
  ['an endpoint that is not a URL', { endpoint: 'nope' }, /option endpoint: "nope" is not a URL/],
  ['a profile of the wrong type', { profile: 5 }, /option profile must be a string, got a number/],
  ['env that is not an object', { env: 'x' }, /option env must be an object of strings, got a string/],
  ['credentials of the wrong type', { credentials: 'x' }, /credentials: must be an object/],
  ['maxConcurrency that is not an integer', { maxConcurrency: 1.5 }, /maxConcurrency=1.5: must be an integer >= 1/],
  ['maxRetries below zero', { maxRetries: -1 }, /maxRetries=-1: must be an integer >= 0/],
  ['timeoutMs of zero', { timeoutMs: 0 }, /timeoutMs=0: must be an integer >= 1/],
  ['retry that is not an object', { retry: 5 }, /option retry must be an object, got a number/],
  ['retry as null', { retry: null }, /option retry must be an object, got null/],
  ['an unknown retry option', { retry: { base: 1 } }, /unknown retry option "base"; allowed: baseDelayMs,/],
  ['a negative backoff', { retry: { baseDelayMs: -1 } }, /retry.baseDelayMs must be a number >= 0/],
  ['a quota that is not a number', { retry: { quota: '5' } }, /retry.quota must be a number >= 0/],
  ['retry.random that is not a function', { retry: { random: 0.5 } }, /retry.random must be a function/],
  ['onError that is not a function', { onError: 'log' }, /option onError must be a function/],
  ['a transport that is not a function', { transport: {} }, /option transport must be a function/],
  ['a bad DYNAMODB_MAX_CLIENTS', { env: { DYNAMODB_MAX_CLIENTS: 'many' } }, /env DYNAMODB_MAX_CLIENTS="many": must be an integer >= 1/],
];

describe('the constructor refuses bad options with a ConfigError naming the option', () => {
  for (const [name, options, message] of CONFIG_CASES) {
    it(name, () => {
      // Options objects get the settings that keep the machine out of it; anything else goes as is.
      const isObject = typeof options === 'object' && options !== null && !Array.isArray(options);
      const build = () => new DynamoDB((isObject ? { credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {}, ...options } : options) as never);
      expect(build).toThrow(ConfigError);
      expect(build).toThrow(message);
    });
  }
});
