import { firstValueFrom, from, of, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import type { Transport } from '../../src/http/types.js';
import type { BatchGetRequest } from '../../src/batch/batch-get-item.js';
import type { BatchWriteRequest, WriteRequest } from '../../src/batch/batch-write-item.js';
import { okResponse } from '../../src/testing/fixtures.js';

const sent: string[] = [];
/** Answers DescribeTable (hash key `pk` of type S, range key `sk` of type N); any other request is a test failure. */
const transport: Transport = (request) => {
  sent.push(request.action);
  if (request.action !== 'DescribeTable') throw new Error(`nothing should be written for bad input, got ${request.action}`);
  return of(
    okResponse({
      Table: {
        KeySchema: [{ AttributeName: 'sk', KeyType: 'RANGE' }, { AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
      },
    }),
  );
};
const db = new DynamoDB({ transport, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });

/** Subscribes; asserts an InvalidParameterError naming `parameter` and that no batch request was sent. */
async function refusal(call: () => Observable<unknown>, parameter: string, message: RegExp): Promise<void> {
  sent.length = 0;
  const error = await firstValueFrom(call()).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidParameterError);
  expect(sent.filter((action) => action !== 'DescribeTable')).toEqual([]);
  expect((error as InvalidParameterError).parameter).toBe(parameter);
  expect((error as Error).message).toMatch(message);
}

const get = (request: unknown) => () => db.batchGetItem(request as BatchGetRequest);
const write = (request: unknown) => () => db.batchWriteItem(request as BatchWriteRequest);
const bulk = (writes: unknown[], table = 'Users', options?: object) => () => from(writes as WriteRequest[]).pipe(db.bulkWrite(table, options));
const key = { pk: 'a', sk: 1 };

const CASES: [string, () => Observable<unknown>, string, RegExp][] = [
  ['batchGet: request not an object', get([]), 'request', /must be an object, got an array/],
  ['batchGet: bad table name', get({ 'no spaces': { keys: [key] } }), 'request.no spaces', /not a valid table name/],
  ['batchGet: table entry not an object', get({ Users: [key] }), 'request.Users', /must be an object/],
  ['batchGet: keys missing', get({ Users: { consistentRead: true } }), 'request.Users.keys', /is required/],
  ['batchGet: keys not an array', get({ Users: { keys: key } }), 'request.Users.keys', /must be an array of keys, got an object/],
  ['batchGet: a key not an object', get({ Users: { keys: [key, 'b'] } }), 'request.Users.keys[1]', /must be an object/],
  ['batchGet: an empty key', get({ Users: { keys: [{}] } }), 'request.Users.keys[0]', /at least one key attribute/],
  ['batchGet: a key value DynamoDB cannot store', get({ Users: { keys: [{ pk: Number.NaN }] } }), 'request.Users.keys[0].pk', /./],
  ['batchGet: unknown option', get({ Users: { keys: [key], consistent: true } }), 'request.Users.consistent', /allowed: keys, consistentRead/],
  ['batchGet: option of the wrong type', get({ Users: { keys: [key], consistentRead: 1 } }), 'request.Users.consistentRead', /true or false/],
  ['batchWrite: bad table name', write({ ab: [] }), 'request.ab', /3 to 255/],
  ['batchWrite: writes not an array', write({ Users: { put: key } }), 'request.Users', /must be an array/],
  ['batchWrite: neither put nor delete', write({ Users: [{ update: key }] }), 'request.Users[0]', /\{ put: item \} or \{ delete: key \}, got \{ update \}/],
  ['batchWrite: both put and delete', write({ Users: [{ put: key, delete: key }] }), 'request.Users[0]', /got \{ put, delete \}/],
  ['batchWrite: put of a non-object', write({ Users: [{ put: 'x' }] }), 'request.Users[0].put', /must be an object/],
  ['batchWrite: NaN in an item', write({ Users: [{ put: { ...key, score: Number.NaN } }] }), 'request.Users[0].put.score', /./],
  ['batchWrite: item over 400 KB', write({ Users: [{ put: { ...key, data: 'x'.repeat(410_000) } }] }), 'request.Users[0].put', /410\d{3} bytes .* at most 409600/],
  ['batchWrite: empty delete key', write({ Users: [{ delete: {} }] }), 'request.Users[0].delete', /at least one key attribute/],
  ['batchWrite: put without the range key', write({ Users: [{ put: { pk: 'a' } }] }), 'request.Users[0].put', /lacks the key attribute "sk"/],
  ['batchWrite: key attribute of the wrong type', write({ Users: [{ put: { pk: 'a', sk: '1' } }] }), 'request.Users[0].put.sk', /must be a number \(N\)/],
  ['batchWrite: empty string key', write({ Users: [{ put: { pk: '', sk: 1 } }] }), 'request.Users[0].put.pk', /cannot be empty/],
  ['batchWrite: delete key with extra attributes', write({ Users: [{ delete: { ...key, name: 'x' } }] }), 'request.Users[0].delete', /only the key attributes .*\(pk, sk\)/],
  ['bulkWrite: bad table name', bulk([{ put: key }], 'x'), 'table', /not a valid table name/],
  ['bulkWrite: unknown option', bulk([{ put: key }], 'Users', { concurency: 2 }), 'options.concurency', /allowed: concurrency/],
  ['bulkWrite: concurrency of zero', bulk([{ put: key }], 'Users', { concurrency: 0 }), 'options.concurrency', /integer from 1/],
];

describe('batch calls refuse bad input before writing anything, naming the parameter', () => {
  for (const [name, call, parameter, message] of CASES) it(name, () => refusal(call, parameter, message));
});
