import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marshall, NumberValue, unmarshall, type AttributeMap, type AttributeValue } from '../../src/marshall/index.js';
import { startDynalite, type LocalDynamo } from '../support/dynalite.js';
import { expectedItem } from './oracle.js';

let dynamo: LocalDynamo;
const table = 'marshall_spec';

/** One raw DynamoDB JSON call; dynalite checks no signature, so a dummy Authorization header will do. */
async function call(operation: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(dynamo.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${operation}`,
      'x-amz-date': '20200101T000000Z',
      authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00',
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  dynamo = await startDynalite();
  const created = await call('CreateTable', {
    TableName: table,
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  expect(created.status).toBe(200);
});

afterAll(() => dynamo?.close());

describe('marshall and unmarshall against dynalite', () => {
  it('stores an item with every type and edge numbers, and reads back an equal item', async () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 31; i++) deep = [deep];
    const item = {
      id: 'every-type',
      text: 'text with 😀, é and 日本',
      empty: '',
      int: 42,
      negative: -1.5,
      tenth: 0.1,
      negativeZero: -0,
      exponent: 1e21,
      small: 1.5e-7,
      smallest: 1e-130,
      largest: 9.999999999999998e125,
      safe: 2 ** 53,
      big: 2n ** 53n + 1n,
      digits38: 10n ** 38n - 1n,
      long: new NumberValue('0.12345678901234567890123'),
      edge: new NumberValue('9.9999999999999999999999999999999999999E+125'),
      tiny: new NumberValue('-1E-130'),
      yes: true,
      no: false,
      nothing: null,
      omitted: undefined,
      bytes: new Uint8Array([0, 1, 2, 253, 254, 255]),
      noBytes: new Uint8Array(0),
      list: [1, 'two', [3n ** 40n], { four: 4 }],
      map: { 'odd name': { nested: [true, null] } },
      strings: new Set(['a', 'b', '']),
      numbers: new Set([1, 2n ** 64n, new NumberValue('0.5'), 1e-130]),
      blobs: new Set([new Uint8Array([1]), new Uint8Array([1, 0])]),
      deep,
    };
    const put = await call('PutItem', { TableName: table, Item: marshall(item) });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    const got = await call('GetItem', { TableName: table, Key: marshall({ id: 'every-type' }, 'key') });
    expect(got.status).toBe(200);
    const stored = got.json.Item as AttributeMap;
    expect((stored.exponent as { N: string }).N).toBe('1000000000000000000000'); // dynalite rewrites 1e+21
    expect(unmarshall(stored)).toEqual(expectedItem(item));
    expect(unmarshall(stored)).toMatchObject({ big: 9007199254740993n, long: new NumberValue('0.12345678901234567890123'), exponent: 1e21 });
  });

  it('confirms the limits we enforce are the server’s: it refuses what marshall refuses', async () => {
    const refused: AttributeValue[] = [
      { N: '1e126' },
      { N: '1e-131' },
      { N: '1'.repeat(39) },
      { N: '+1' },
      { NS: ['1', '1.0'] },
      { BS: ['AQ==', 'AQ=='] },
      { SS: [] },
    ];
    for (const value of refused) {
      const put = await call('PutItem', { TableName: table, Item: { id: { S: 'limits' }, value } });
      expect(put.status, JSON.stringify(value)).toBe(400);
      expect(String(put.json.__type)).toMatch(/ValidationException/);
    }
  });
});
