import { firstValueFrom, throwError, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import type { Transport } from '../../src/http/types.js';

// A hole in a list the caller gives (a sparse array) is refused naming it, before anything is sent:
// skipped (as map and forEach skip holes), an action would be lost; kept, it would go on the wire as null.
const sent: string[] = [];
const transport: Transport = (request) => {
  sent.push(request.action);
  return throwError(() => new Error('nothing should be sent'));
};
const db = new DynamoDB({ transport, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {}, maxRetries: 0 });
const ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/Users';
const statement = { statement: 'UPDATE "Users" SET a = 1 WHERE id = ?', parameters: ['a'] };

const CASES: [string, () => Observable<unknown>, string][] = [
  ['transactWriteItems', () => db.transactWriteItems([, { put: { table: 'Users', item: { id: 'a' } } }] as never), 'items[0]'],
  ['transactGetItems', () => db.transactGetItems([, { table: 'Users', key: { id: 'a' } }] as never), 'gets[0]'],
  ['executeTransaction', () => db.executeTransaction([, statement] as never), 'statements[0]'],
  ['batchExecuteStatement', () => db.batchExecuteStatement([, statement] as never), 'statements[0]'],
  ['tagResource', () => db.tagResource(ARN, [, { Key: 'k', Value: 'v' }] as never), 'tags[0]'],
  ['untagResource', () => db.untagResource(ARN, ['k', ,] as never), 'tagKeys[1]'],
  ['batchWriteItem', () => db.batchWriteItem({ Users: [, { put: { id: 'a' } }, ,] as never }), 'request.Users[0]'],
];

describe('a hole in a list is refused, naming it, before anything is sent', () => {
  it.each(CASES)('in %s', async (_, call, parameter) => {
    sent.length = 0;
    const error = await firstValueFrom(call()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error).toMatchObject({ parameter, message: expect.stringMatching(/undefined/) });
    expect(sent).toEqual([]);
  });
});
