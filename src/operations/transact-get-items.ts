import { defer, map, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import type { WireResponse } from '../http/types.js';
import type { AttributeMap, Key } from '../marshall/types.js';
import { unmarshall } from '../marshall/unmarshall.js';
import { key } from '../input/attributes.js';
import { orDefault } from '../input/reader.js';
import { required, sentAs, wireOptions } from '../input/shape.js';
import { expression, expressionAttributeNames, returnConsumedCapacity } from './option-fields.js';
import { DistinctItems, transactItems } from './transact-items.js';
import type { ExpressionAttributeNames, Item, ReturnConsumedCapacity } from './types.js';
import { tableName } from '../input/validate.js';

/** One read of `transactGetItems`. */
export interface TransactGet {
  /** The table name (or ARN). */
  table: string;
  key: Key;
  projectionExpression?: string;
  expressionAttributeNames?: ExpressionAttributeNames;
}

/** Options of `transactGetItems`; consumed capacity reaches `onMeasurement`. */
export interface TransactGetItemsOptions {
  returnConsumedCapacity?: ReturnConsumedCapacity;
}

const readGet = wireOptions<TransactGet>({
  table: sentAs('TableName', required(tableName)),
  key: required(key, 'is required'),
  projectionExpression: expression,
  expressionAttributeNames,
});
const readTransactGetItemsOptions = orDefault(wireOptions<TransactGetItemsOptions>({ returnConsumedCapacity }), {});

/**
 * The wire body of a TransactGetItems call, and the table for measurements when all reads share
 * one. Refuses, before anything is sent: not 1-100 reads, and two reads of the same key.
 */
export function transactGetItemsRequest(gets: readonly TransactGet[], options?: TransactGetItemsOptions): { body: Record<string, unknown>; table: string | undefined } {
  const distinct = new DistinctItems();
  const reads = transactItems(gets, 'gets').map((entry, index) => {
    const parameter = `gets[${index}]`;
    const body = readGet(entry, parameter);
    distinct.add(body['TableName'] as string, body['Key'] as AttributeMap, parameter);
    return { Get: body };
  });
  return { body: { TransactItems: reads, ...readTransactGetItemsOptions(options, 'options') }, table: distinct.singleTable() };
}

/** The `Responses` of a transaction as an array aligned with its `count` entries: each item, or `undefined`. @internal */
export function itemsOf<T>(response: WireResponse, count: number): (T | undefined)[] {
  const responses = (response['Responses'] as { Item?: AttributeMap }[] | undefined) ?? [];
  return Array.from({ length: count }, (_, index) => {
    const item = responses[index]?.Item;
    return item === undefined ? undefined : unmarshall<T>(item);
  });
}

/**
 * Reads up to 100 items as one consistent snapshot (TransactGetItems); emits once an array
 * aligned with `gets`: the item, or `undefined` where there is none.
 */
export function transactGetItems<T = Item>(send: Send, gets: readonly TransactGet[], options?: TransactGetItemsOptions): Observable<(T | undefined)[]> {
  return defer(() => {
    const { body, table } = transactGetItemsRequest(gets, options);
    return send('TransactGetItems', body, table);
  }).pipe(map((response) => itemsOf<T>(response, gets.length)));
}
