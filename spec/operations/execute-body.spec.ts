import { firstValueFrom, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import type { Transport } from '../../src/http/types.js';
import { okResponse } from '../../src/testing/fixtures.js';

// `execute` sends a raw wire body: what JSON cannot write, or would write differently, is refused
// naming its path, before anything is sent (JSON.stringify would throw a raw TypeError or change it).
const sent: string[] = [];
const transport: Transport = (request) => {
  sent.push(request.body);
  return of(okResponse({}));
};
const db = new DynamoDB({ transport, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });

async function outcome(body: unknown): Promise<unknown> {
  sent.length = 0;
  return firstValueFrom(db.execute('PutItem', body as object)).catch((e: unknown) => e);
}

const cycle: Record<string, unknown> = { TableName: 'T', Item: {} };
(cycle['Item'] as Record<string, unknown>)['self'] = cycle;
const deep = (levels: number): unknown => (levels === 0 ? {} : { M: deep(levels - 1) });

describe('execute refuses a body JSON would not send as it is, naming where', () => {
  it.each([
    ['a bigint', { TableName: 'T', Item: { n: { N: 12n } } }, 'body.Item.n.N', /a bigint is not JSON/],
    ['a cycle', cycle, 'body.Item.self', /a cycle/],
    ['NaN', { TableName: 'T', Limit: Number.NaN }, 'body.Limit', /NaN is not a JSON number/],
    ['Infinity', { TableName: 'T', Limit: Infinity }, 'body.Limit', /Infinity is not a JSON number/],
    ['a function', { TableName: 'T', toJSON: () => ({}) }, 'body.toJSON', /a function is not JSON/],
    ['a symbol', { TableName: 'T', Item: { s: Symbol('s') } }, 'body.Item.s', /a symbol is not JSON/],
    ['a Date', { TableName: 'T', Item: { at: { S: new Date(0) } } }, 'body.Item.at.S', /a Date is not JSON data/],
    ['a Map', { TableName: 'T', Item: new Map() }, 'body.Item', /a Map is not JSON data/],
    ['undefined in an array', { TableName: 'T', AttributesToGet: ['a', undefined] }, 'body.AttributesToGet[1]', /undefined in an array/],
    ['a hole in an array', { TableName: 'T', AttributesToGet: ['a', , 'b'] }, 'body.AttributesToGet[1]', /undefined in an array/],
    ['nesting no request has', { TableName: 'T', Item: deep(300) }, expect.stringMatching(/^body\.Item(\.M)+$/), /nests deeper than 256 levels/],
    ['a body that is not an object', 'PutItem', 'body', /must be an object, got a string/],
    ['a body that is null', null, 'body', /must be an object, got null/],
  ])('%s', async (_, body, parameter, message) => {
    const error = await outcome(body);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error).toMatchObject({ parameter, message: expect.stringMatching(message) });
    expect(sent).toEqual([]);
  });

  it('refuses a bad action name before anything else', async () => {
    sent.length = 0;
    const error = await firstValueFrom(db.execute('Put Item', { n: 1n } as object)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'InvalidParameterError', parameter: 'action' });
    expect(sent).toEqual([]);
  });

  it('sends JSON data as it is, leaving out undefined properties as JSON does; prototype-named keys stay keys', async () => {
    const body = JSON.parse('{"TableName":"T","Item":{"__proto__":{"S":"x"},"constructor":{"N":"1"}}}') as Record<string, unknown>;
    body['ReturnValues'] = undefined;
    expect(await outcome(body)).toEqual({});
    expect(sent).toEqual(['{"TableName":"T","Item":{"__proto__":{"S":"x"},"constructor":{"N":"1"}}}']);
  });
});
