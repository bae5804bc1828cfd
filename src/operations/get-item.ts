import { defer, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import type { AttributeMap, Key } from '../marshall/types.js';
import { key } from '../input/attributes.js';
import { flag, nonEmptyTextList, orDefault } from '../input/reader.js';
import { optional, wireOptions } from '../input/shape.js';
import { expression, expressionAttributeNames, returnConsumedCapacity } from './option-fields.js';
import { attributesOf } from './response.js';
import type { ExpressionAttributeNames, Item, ReturnConsumedCapacity } from './types.js';
import { tableName } from '../input/validate.js';

/** Options of `getItem`. */
export interface GetItemOptions {
  consistentRead?: boolean | undefined;
  projectionExpression?: string | undefined;
  expressionAttributeNames?: ExpressionAttributeNames | undefined;
  returnConsumedCapacity?: ReturnConsumedCapacity | undefined;
  /** Legacy form of `projectionExpression`. */
  attributesToGet?: string[] | undefined;
}

const readGetItemOptions = orDefault(
  wireOptions<GetItemOptions>({
    returnConsumedCapacity,
    expressionAttributeNames,
    consistentRead: optional(flag),
    projectionExpression: expression,
    attributesToGet: optional(nonEmptyTextList),
  }),
  {},
);

/** The wire body of a checked GetItem call. @internal */
export interface GetItemRequest {
  readonly TableName: string;
  readonly Key: AttributeMap;
  readonly ConsistentRead?: boolean;
  readonly ProjectionExpression?: string;
  readonly ExpressionAttributeNames?: ExpressionAttributeNames;
  readonly ReturnConsumedCapacity?: ReturnConsumedCapacity;
  readonly AttributesToGet?: string[];
}

/** The wire body of a GetItem call, its input checked. @internal */
export function getItemRequest(table: string, itemKey: Key, options?: GetItemOptions): GetItemRequest {
  return { TableName: tableName(table), Key: key(itemKey, 'key'), ...readGetItemOptions(options, 'options') };
}

/** Sends a checked GetItem request; emits the item, or `undefined`. @internal */
export function sendGetItem<T>(send: Send, request: GetItemRequest): Observable<T | undefined> {
  return send('GetItem', request, request.TableName, attributesOf<T>('Item'));
}

/** Emits the item with this key, or `undefined` when there is none. */
export function getItem<T = Item>(send: Send, table: string, itemKey: Key, options?: GetItemOptions): Observable<T | undefined> {
  return defer(() => sendGetItem<T>(send, getItemRequest(table, itemKey, options)));
}
