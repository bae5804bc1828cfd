import { defer, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import { marshall } from '../marshall/marshall.js';
import { checkedItemSize } from '../input/item-size.js';
import { WRITE_OPTIONS, applyOptions, oneOf, type OptionSpec } from '../input/options.js';
import { attributesOf } from './response.js';
import type { ConditionalWriteOptions, Item } from './types.js';
import { plainObject, tableName } from '../input/validate.js';

/** Options of `putItem`. */
export interface PutItemOptions extends ConditionalWriteOptions {
  /** `ALL_OLD` emits the item this put replaced. */
  returnValues?: 'NONE' | 'ALL_OLD';
}

/** Option spec shared by PutItem and DeleteItem. @internal */
export const PUT_OR_DELETE: OptionSpec = { ...WRITE_OPTIONS, returnValues: oneOf('NONE', 'ALL_OLD') };

/** The wire body of a PutItem call; an item over 400 KB as DynamoDB counts it is refused, as batch and transaction writes refuse it. */
function putItemRequest(table: string, item: object, options?: PutItemOptions): Record<string, unknown> {
  const body = { TableName: tableName(table), Item: marshall(plainObject(item, 'item'), 'item') };
  checkedItemSize(body.Item, 'item');
  return applyOptions(body, options, PUT_OR_DELETE);
}

/** Writes the item; emits the replaced item when `returnValues` is `ALL_OLD`, else `undefined`. */
export function putItem<T extends object = Item>(send: Send, table: string, item: T, options?: PutItemOptions): Observable<T | undefined> {
  return defer(() => send('PutItem', putItemRequest(table, item, options), table, attributesOf<T>('Attributes')));
}
