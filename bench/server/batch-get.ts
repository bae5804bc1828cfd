import zlib from 'node:zlib';
import { marshall } from '@aws-sdk/util-dynamodb';
import { orderItem } from '../data/items.js';
import { headersFor, type CannedResponse } from './responses.js';

type WireKey = Record<string, unknown>;
interface BatchGetRequest {
  RequestItems?: Record<string, { Keys?: WireKey[] }>;
}

/** An order's attributes besides its key, in wire JSON without the opening brace: `"type":{"S":"order"},...}`. */
const { pk: _pk, sk: _sk, ...rest } = orderItem(0);
const REST = JSON.stringify(marshall(rest)).slice(1);

/** The order item stored under a wire key, as JSON: the key's attributes, then the order's others. */
function itemJson(key: WireKey): string {
  let json = '{';
  for (const name of Object.keys(key)) json += `${JSON.stringify(name)}:${JSON.stringify(key[name])},`;
  return json + REST;
}

/**
 * The canned server's BatchGetItem: every key asked for holds an order with that key, so the answer
 * returns one item per key (no UnprocessedKeys). Built per request, as the keys vary.
 */
export function batchGetResponse(body: string): CannedResponse {
  const request = JSON.parse(body) as BatchGetRequest;
  const tables = Object.entries(request.RequestItems ?? {}).map(([table, { Keys = [] }]) => `${JSON.stringify(table)}:[${Keys.map(itemJson).join(',')}]`);
  const bytes = Buffer.from(`{"Responses":{${tables.join(',')}},"UnprocessedKeys":{}}`);
  return { status: 200, headers: headersFor(bytes.length, zlib.crc32(bytes)), body: bytes };
}
