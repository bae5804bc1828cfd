import { firstValueFrom, throwError, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import type { Transport } from '../../src/http/types.js';
import type { ExpressionAttributeValues } from '../../src/operations/types.js';

// `undefined` where a value is needed is refused naming it: left out (as marshall leaves out undefined
// properties), an expression would name a value DynamoDB never gets, and a key would be another key.
const sent: string[] = [];
const transport: Transport = (request) => {
  sent.push(request.action);
  return throwError(() => new Error('nothing should be sent'));
};
const db = new DynamoDB({ transport, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });

// TypeScript refuses undefined here; JavaScript, `any` and values spread in from optional fields do not.
const values = { ':v': undefined, ':w': 1 } as unknown as ExpressionAttributeValues;
const condition = { conditionExpression: 'a = :v OR b = :w', expressionAttributeValues: values };
const update = { updateExpression: 'SET a = :v, b = :w', expressionAttributeValues: values };
const action = { table: 'Users', key: { id: 1 } };
const ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/Users';
const statement = { statement: 'UPDATE "Users" SET a = 1 WHERE id = ?', parameters: ['a'] };

const CASES: [string, () => Observable<unknown>, string][] = [
  ['putItem', () => db.putItem('Users', { id: 1 }, condition), 'options.expressionAttributeValues[":v"]'],
  ['updateItem', () => db.updateItem('Users', { id: 1 }, update), 'options.expressionAttributeValues[":v"]'],
  ['deleteItem', () => db.deleteItem('Users', { id: 1 }, condition), 'options.expressionAttributeValues[":v"]'],
  ['query', () => db.query('Users', { keyConditionExpression: 'id = :v', expressionAttributeValues: values }), 'options.expressionAttributeValues[":v"]'],
  ['scan', () => db.scan('Users', { filterExpression: 'a = :v', expressionAttributeValues: values }), 'options.expressionAttributeValues[":v"]'],
  ['scan with segments', () => db.scan('Users', { segments: 2, filterExpression: 'a = :v', expressionAttributeValues: values }), 'options.expressionAttributeValues[":v"]'],
  ['queryPaced', () => db.queryPaced('Users', { keyConditionExpression: 'id = :v', expressionAttributeValues: values }, () => []), 'options.expressionAttributeValues[":v"]'],
  ['executeStatement parameters', () => db.executeStatement('SELECT * FROM Users WHERE id = ?', { parameters: [undefined] as never }), 'options.parameters[0]'],
  ['executeTransaction parameters', () => db.executeTransaction([{ statement: 'DELETE FROM Users WHERE id = ?', parameters: [undefined] as never }]), 'statements[0].parameters[0]'],
  ['a transaction put', () => db.transactWriteItems([{ put: { table: 'Users', item: { id: 1 }, ...condition } }]), 'items[0].put.expressionAttributeValues[":v"]'],
  ['a transaction update', () => db.transactWriteItems([{ update: { ...action, ...update } }]), 'items[0].update.expressionAttributeValues[":v"]'],
  ['a transaction delete', () => db.transactWriteItems([{ delete: { ...action, ...condition } }]), 'items[0].delete.expressionAttributeValues[":v"]'],
  ['a transaction condition check', () => db.transactWriteItems([{ conditionCheck: { ...action, ...condition } }]), 'items[0].conditionCheck.expressionAttributeValues[":v"]'],
  // Keys
  ['a getItem key', () => db.getItem('Users', { id: 1, sk: undefined } as never), 'key.sk'],
  ['an exclusiveStartKey', () => db.scan('Users', { exclusiveStartKey: { id: undefined } as never }), 'options.exclusiveStartKey.id'],
  ['a transactGetItems key', () => db.transactGetItems([{ table: 'Users', key: { id: undefined } as never }]), 'gets[0].key.id'],
  ['a batchGetItem key', () => db.batchGetItem({ Users: { keys: [{ id: 1 }, { id: undefined } as never] } }), 'request.Users.keys[1].id'],
  ['a hole in batchGetItem keys', () => db.batchGetItem({ Users: { keys: [{ id: 1 }, , { id: 2 }] as never } }), 'request.Users.keys[1]'],
  ['a hole in attributesToGet', () => db.getItem('Users', { id: 1 }, { attributesToGet: ['a', , 'b'] as never }), 'options.attributesToGet[1]'],
  ['a batchWriteItem delete key', () => db.batchWriteItem({ Users: [{ delete: { id: undefined } as never }] }), 'request.Users[0].delete.id'],
  // Holes in lists (sparse arrays): skipped (as map and forEach skip them), an action would be lost; kept, JSON would send null.
  ['a hole in transactWriteItems', () => db.transactWriteItems([, { put: { table: 'Users', item: { id: 'a' } } }] as never), 'items[0]'],
  ['a hole in transactGetItems', () => db.transactGetItems([, { table: 'Users', key: { id: 'a' } }] as never), 'gets[0]'],
  ['a hole in executeTransaction', () => db.executeTransaction([, statement] as never), 'statements[0]'],
  ['a hole in batchExecuteStatement', () => db.batchExecuteStatement([, statement] as never), 'statements[0]'],
  ['a hole in tagResource tags', () => db.tagResource(ARN, [, { Key: 'k', Value: 'v' }] as never), 'tags[0]'],
  ['a hole in untagResource tag keys', () => db.untagResource(ARN, ['k', ,] as never), 'tagKeys[1]'],
  ['a hole in a batchWriteItem table', () => db.batchWriteItem({ Users: [, { put: { id: 'a' } }, ,] as never }), 'request.Users[0]'],
];

describe('undefined where DynamoDB needs a value is refused, naming it, before anything is sent', () => {
  it.each(CASES)('in %s', async (_, call, parameter) => {
    sent.length = 0;
    const error = await firstValueFrom(call()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error).toMatchObject({ parameter, message: expect.stringMatching(/undefined/) });
    expect(sent).toEqual([]);
  });
});
