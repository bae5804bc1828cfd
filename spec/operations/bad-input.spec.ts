import { firstValueFrom, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
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

// Each row: the call, the parameter the error must name, and a fragment of its message.
const CASES: [string, () => Observable<unknown>, string, RegExp][] = [
  ['empty table name', () => db.getItem('', { id: 1 }), 'table', /not a valid table name/],
  ['short table name', () => db.getItem('ab', { id: 1 }), 'table', /3 to 255/],
  ['table name of the wrong type', () => db.getItem(42 as unknown as string, { id: 1 }), 'table', /must be a table name string, got number/],
  ['table name with bad characters', () => db.describeTable('bad name!'), 'table', /not a valid table name/],
  ['missing key', () => db.getItem('Users', undefined as unknown as { id: number }), 'key', /must be an object, got undefined/],
  ['empty key', () => db.deleteItem('Users', {}), 'key', /at least one key attribute/],
  ['key as an array', () => db.getItem('Users', [] as unknown as { id: number }), 'key', /must be an object, got an array/],
  ['NaN in an item', () => db.putItem('Users', { id: 1, score: Number.NaN }), 'item.score', /./],
  ['item that is not an object', () => db.putItem('Users', 'x' as unknown as { id: number }), 'item', /must be an object, got string/],
  ['unknown option', () => db.getItem('Users', { id: 1 }, { consistentread: true } as never), 'options.consistentread', /unknown option; allowed: .*consistentRead/],
  ['option of the wrong type', () => db.getItem('Users', { id: 1 }, { consistentRead: 'yes' as never }), 'options.consistentRead', /true or false, got string/],
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
  // queryPaced / scanPaced
  ['pacing with an unknown name', () => db.queryPaced('Users', QUERY, handler, { prefech: 1 } as never), 'pacing.prefech', /unknown option; allowed: prefetch, concurrency/],
  ['pacing that is not an object', () => db.scanPaced('Users', {}, handler, 5 as never), 'pacing', /must be an object, got number/],
  ['pacing of the wrong type', () => db.scanPaced('Users', {}, handler, { concurrency: '2' as never }), 'pacing.concurrency', /integer from 1/],
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
