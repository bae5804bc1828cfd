import { firstValueFrom, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import type { Transport } from '../../src/http/types.js';
import type { BatchGetRequest } from '../../src/operations/batch-get-item.js';

const sent: string[] = [];
const transport: Transport = (request) => {
  sent.push(request.action);
  throw new Error(`nothing should be sent for bad input, got ${request.action}`);
};
const db = new DynamoDB({ transport, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });

/** Subscribes; asserts an InvalidParameterError naming `parameter` and that nothing was sent. */
async function refusal(call: () => Observable<unknown>, parameter: string, message: RegExp): Promise<void> {
  sent.length = 0;
  const error = await firstValueFrom(call()).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidParameterError);
  expect(sent).toEqual([]);
  expect((error as InvalidParameterError).parameter).toBe(parameter);
  expect((error as Error).message).toMatch(message);
}

const get = (request: unknown) => () => db.batchGetItem(request as BatchGetRequest);
const key = { pk: 'a', sk: 1 };

const CASES: [string, () => Observable<unknown>, string, RegExp][] = [
  ['batchGet: request not an object', get([]), 'request', /must be an object, got an array/],
  ['batchGet: bad table name', get({ 'no spaces': { keys: [key] } }), 'request.no spaces', /not a valid table name/],
  ['batchGet: table entry not an object', get({ Users: [key] }), 'request.Users', /must be an object/],
  ['batchGet: keys missing', get({ Users: { consistentRead: true } }), 'request.Users.keys', /is required/],
  ['batchGet: keys not an array', get({ Users: { keys: key } }), 'request.Users.keys', /must be an array of keys, got Object/],
  ['batchGet: a key not an object', get({ Users: { keys: [key, 'b'] } }), 'request.Users.keys[1]', /must be an object/],
  ['batchGet: an empty key', get({ Users: { keys: [{}] } }), 'request.Users.keys[0]', /at least one key attribute/],
  ['batchGet: a key value DynamoDB cannot store', get({ Users: { keys: [{ pk: Number.NaN }] } }), 'request.Users.keys[0].pk', /./],
  ['batchGet: unknown option', get({ Users: { keys: [key], consistent: true } }), 'request.Users.consistent', /allowed: keys, consistentRead/],
  ['batchGet: option of the wrong type', get({ Users: { keys: [key], consistentRead: 1 } }), 'request.Users.consistentRead', /true or false/],
];

describe('batchGetItem refuses bad input before sending anything, naming the parameter', () => {
  for (const [name, call, parameter, message] of CASES) it(name, () => refusal(call, parameter, message));
});
