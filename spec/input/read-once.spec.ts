import { firstValueFrom, of, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import type { Transport } from '../../src/http/types.js';
import { okResponse } from '../../src/testing/fixtures.js';

// Each input value is read once: a getter (or proxy) whose first read is valid and whose next read is
// not cannot pass the check on one read and send something else on another.
const sent: string[] = [];
const transport: Transport = (request) => {
  sent.push(request.body);
  return of(okResponse({}));
};
const db = new DynamoDB({ transport, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });

/** An object whose `name` reads `first`, then `later` on every further read. */
function changing(name: string, first: unknown, later: unknown, rest: Record<string, unknown> = {}): Record<string, unknown> {
  let reads = 0;
  return Object.defineProperty({ ...rest }, name, { enumerable: true, get: () => (reads++ === 0 ? first : later) });
}

async function outcome(call: () => Observable<unknown>): Promise<unknown> {
  sent.length = 0;
  return firstValueFrom(call()).catch((e: unknown) => e);
}

describe('a value that changes between reads is read once', () => {
  const update = (values: Record<string, unknown>) => () => db.updateItem('Users', { id: 'a' }, { updateExpression: 'SET a = :v', expressionAttributeValues: values as never });

  it.each([
    ['a deleteItem key', () => db.deleteItem('Users', changing('id', 'a', undefined) as never), '"Key":{"id":{"S":"a"}}'],
    ['a getItem key', () => db.getItem('Users', changing('sk', 1, undefined, { id: 'a' }) as never), '"Key":{"id":{"S":"a"},"sk":{"N":"1"}}'],
    ['updateItem expressionAttributeValues', update(changing(':v', 1, undefined)), '"ExpressionAttributeValues":{":v":{"N":"1"}}'],
  ])('%s that reads a value, then undefined, sends the value it read', async (_, call, wire) => {
    await outcome(call);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain(wire);
  });

  it.each([
    ['a deleteItem key', () => db.deleteItem('Users', changing('id', undefined, 'a') as never), 'key.id'],
    ['updateItem expressionAttributeValues', update(changing(':v', undefined, 1)), 'options.expressionAttributeValues[":v"]'],
  ])('%s that reads undefined, then a value, is refused and nothing is sent', async (_, call, parameter) => {
    const error = await outcome(call);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error).toMatchObject({ parameter, message: expect.stringMatching(/undefined/) });
    expect(sent).toEqual([]);
  });

  it('an execute body sends what was checked, even if it would read otherwise later', async () => {
    const body = changing('Key', { id: { S: 'a' } }, { id: { N: 1n } }, { TableName: 'Users' });
    expect(await outcome(() => db.execute('GetItem', body))).toEqual({});
    expect(sent).toEqual(['{"TableName":"Users","Key":{"id":{"S":"a"}}}']);
  });

  it('an execute body whose first read is a bigint is refused naming it, nothing sent', async () => {
    const body = changing('Key', { id: { N: 1n } }, { id: { S: 'a' } }, { TableName: 'Users' });
    const error = await outcome(() => db.execute('GetItem', body));
    expect(error).toMatchObject({ name: 'InvalidParameterError', parameter: 'body.Key.id.N' });
    expect(sent).toEqual([]);
  });
});
