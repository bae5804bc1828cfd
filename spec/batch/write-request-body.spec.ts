import { describe, expect, it } from 'vitest';
import { JsonText, bodyText } from '../../src/call/json-text.js';
import { marshallWrite, writeRequestBody } from '../../src/batch/batch-write-item.js';
import { marshall } from '../../src/marshall/marshall.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { marbleConfig as config, scripted, sendFor } from '../support/send.js';
import { okResponse } from '../../src/testing/fixtures.js';
import type { DynamoDBRequest } from '../../src/http/types.js';

describe('a write serialized once', () => {
  it('holds its wire element as JSON text, and its bytes in the request', () => {
    const put = marshallWrite('Users', { put: { id: 'u1', name: 'Zoë', tags: new Set(['a']) } }, 'writes[0]');
    expect(JSON.parse(put.wire)).toEqual({ PutRequest: { Item: marshall({ id: 'u1', name: 'Zoë', tags: new Set(['a']) }) } });
    expect(put.size).toBe(Buffer.byteLength(put.wire) + 1);
    const del = marshallWrite('Users', { delete: { id: 'u2' } }, 'writes[1]');
    expect(JSON.parse(del.wire)).toEqual({ DeleteRequest: { Key: { id: { S: 'u2' } } } });
  });

  it('refuses an item over 400 KB as DynamoDB counts it, not as its JSON counts', () => {
    const binary = marshallWrite('Users', { put: { id: 'u1', data: new Uint8Array(310_000) } }, 'writes[0]');
    expect(binary.size).toBeGreaterThan(400 * 1024);
    expect(() => marshallWrite('Users', { put: { id: 'u1', data: 'x'.repeat(410_000) } }, 'writes[0]')).toThrow(/^writes\[0\]\.put: is 410008 bytes as DynamoDB counts it/);
  });

  it('builds the request body JSON.stringify would give for the same body as an object', () => {
    const writes = [
      marshallWrite('Users', { put: { id: 'u1', note: 'line\nbreak "quoted" \u2028' } }, 'w[0]'),
      marshallWrite('__proto__', { delete: { id: 'u2' } }, 'w[1]'),
      marshallWrite('Users', { put: { id: 'u3', n: 1.5 } }, 'w[2]'),
    ];
    const tables = new Map([
      ['Users', [writes[0]!.wire, writes[2]!.wire]],
      ['__proto__', [writes[1]!.wire]],
    ]);
    const asObject = (options: Record<string, unknown>) =>
      JSON.stringify({ ...options, RequestItems: Object.fromEntries([...tables].map(([table, list]) => [table, list.map((wire) => JSON.parse(wire) as unknown)])) });
    for (const options of [{}, { ReturnConsumedCapacity: 'TOTAL' }, { ReturnConsumedCapacity: undefined }]) {
      const body = writeRequestBody(options, tables);
      expect(body).toBeInstanceOf(JsonText);
      expect(body.text).toBe(asObject(options));
    }
    expect(Object.keys((JSON.parse(writeRequestBody({}, tables).text) as { RequestItems: object }).RequestItems)).toEqual(['Users', '__proto__']);
  });
});

describe('bodyText', () => {
  it('serializes an object, and takes a JsonText as it is', () => {
    expect(bodyText({ TableName: 'T', Key: { id: { S: '1' } } })).toBe('{"TableName":"T","Key":{"id":{"S":"1"}}}');
    expect(bodyText(new JsonText('{"TableName" : "T"}'))).toBe('{"TableName" : "T"}');
  });

  it('is what send signs and sends', () => {
    marbleScheduler().run(({ cold, expectObservable, flush }) => {
      const seen: DynamoDBRequest[] = [];
      const send = sendFor(config(scripted([cold('-o|', { o: okResponse() })], seen)));
      expectObservable(send('BatchWriteItem', new JsonText('{"RequestItems" : {}}'))).toBe('-r|', { r: {} });
      flush();
      expect(seen.map((request) => request.body)).toEqual(['{"RequestItems" : {}}']);
      expect(seen[0]!.headers['Content-Length']).toBe(String('{"RequestItems" : {}}'.length));
    });
  });
});
