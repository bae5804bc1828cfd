import { defer, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import type { Key } from '../marshall/types.js';
import { CONSUMED_CAPACITY, EXPRESSION_ATTRIBUTES, applyOptions, boolean, key, string, stringList, type OptionSpec } from '../input/options.js';
import { attributesOf } from './response.js';
import type { ExpressionAttributeNames, Item, ReturnConsumedCapacity } from './types.js';
import { tableName } from '../input/validate.js';

/** Options of `getItem`. */
export interface GetItemOptions {
  consistentRead?: boolean;
  projectionExpression?: string;
  expressionAttributeNames?: ExpressionAttributeNames;
  returnConsumedCapacity?: ReturnConsumedCapacity;
  /** Legacy form of `projectionExpression`. */
  attributesToGet?: string[];
}

const GET_ITEM: OptionSpec = {
  ...CONSUMED_CAPACITY,
  expressionAttributeNames: EXPRESSION_ATTRIBUTES['expressionAttributeNames']!,
  consistentRead: boolean,
  projectionExpression: string,
  attributesToGet: stringList,
};

/** The wire body of a GetItem call. */
function getItemRequest(table: string, itemKey: Key, options?: GetItemOptions): Record<string, unknown> {
  return applyOptions({ TableName: tableName(table), Key: key(itemKey, 'key') }, options, GET_ITEM);
}

/** Emits the item with this key, or `undefined` when there is none. */
export function getItem<T = Item>(send: Send, table: string, itemKey: Key, options?: GetItemOptions): Observable<T | undefined> {
  return defer(() => send('GetItem', getItemRequest(table, itemKey, options), table, attributesOf<T>('Item')));
}
