import { defer, type Observable } from 'rxjs';
import type { ResponseReader, Send } from '../call/send.js';
import type { AttributeMap, Key } from '../marshall/types.js';
import { malformed, readItem, readList, readMap } from '../response/read.js';
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
  projectionExpression?: string | undefined;
  expressionAttributeNames?: ExpressionAttributeNames | undefined;
}

/** Options of `transactGetItems`; consumed capacity reaches `onMeasurement`. */
export interface TransactGetItemsOptions {
  returnConsumedCapacity?: ReturnConsumedCapacity | undefined;
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
  const reads = transactItems(gets, 'gets', (entry, parameter) => {
    const body = readGet(entry, parameter);
    distinct.add(body['TableName'] as string, body['Key'] as AttributeMap, parameter);
    return { Get: body };
  });
  return { body: { TransactItems: reads, ...readTransactGetItemsOptions(options, 'options') }, table: distinct.singleTable() };
}

/**
 * Reads the `Responses` of a transaction into an array aligned with its `count` entries: each item, or
 * `undefined`. TransactGetItems answers every get; with `padded` (ExecuteTransaction, whose writes may
 * have no entry) fewer entries are read as the first ones. More entries than `count` are malformed. @internal
 */
export function itemsOf<T>(count: number, padded = false): ResponseReader<(T | undefined)[]> {
  return (body, origin) => {
    const responses = body['Responses'] === undefined ? [] : readList(body['Responses'], origin, 'Responses');
    if (responses.length > count || (!padded && body['Responses'] !== undefined && responses.length < count)) {
      throw malformed(origin, 'Responses', `holds ${responses.length} entries for a transaction of ${count}`);
    }
    return Array.from({ length: count }, (_, index) => {
      if (index >= responses.length) return undefined;
      const item = readMap(responses[index], origin, `Responses[${index}]`)['Item'];
      return item === undefined ? undefined : readItem<T>(item, origin, `Responses[${index}].Item`);
    });
  };
}

/**
 * Reads up to 100 items as one consistent snapshot (TransactGetItems); emits once an array
 * aligned with `gets`: the item, or `undefined` where there is none.
 */
export function transactGetItems<T = Item>(send: Send, gets: readonly TransactGet[], options?: TransactGetItemsOptions): Observable<(T | undefined)[]> {
  return defer(() => {
    const { body, table } = transactGetItemsRequest(gets, options);
    return send('TransactGetItems', body, table, itemsOf<T>(gets.length));
  });
}
