import { defer, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import type { Key } from '../marshall/types.js';
import { key } from '../input/attributes.js';
import { flag, nonEmptyTextList, orDefault } from '../input/reader.js';
import { optional, wireOptions } from '../input/shape.js';
import { expression, expressionAttributeNames, returnConsumedCapacity } from './option-fields.js';
import { attributesOf } from './response.js';
import type { ExpressionAttributeNames, Item, ReturnConsumedCapacity } from './types.js';
import { tableName } from '../input/validate.js';
import type { GetBatcher, GetItemRequest } from '../batch/auto-batch/get-batcher.js';

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

/** The wire body of a GetItem call. */
function getItemRequest(table: string, itemKey: Key, options?: GetItemOptions): GetItemRequest {
  return { TableName: tableName(table), Key: key(itemKey, 'key'), ...readGetItemOptions(options, 'options') };
}

/**
 * Emits the item with this key, or `undefined` when there is none. With a `batcher` (the client's
 * `autoBatchGets`), a call it takes is read in a BatchGetItem with others; the input is checked first either way.
 */
export function getItem<T = Item>(send: Send, table: string, itemKey: Key, options?: GetItemOptions, batcher?: GetBatcher): Observable<T | undefined> {
  return defer(() => {
    const request = getItemRequest(table, itemKey, options);
    return batcher?.takes(request) ? batcher.get<T>(request, itemKey) : send('GetItem', request, table, attributesOf<T>('Item'));
  });
}
