import { defer, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import { item as nativeItem } from '../input/attributes.js';
import { checkedItemSize } from '../input/item-size.js';
import { literal, orDefault } from '../input/reader.js';
import { optional, wireOptions, type Fields } from '../input/shape.js';
import { CONDITIONAL_WRITE } from './option-fields.js';
import { attributesOf } from './response.js';
import type { ConditionalWriteOptions, Item } from './types.js';
import { tableName } from '../input/validate.js';

/** Options of `putItem`. */
export interface PutItemOptions extends ConditionalWriteOptions {
  /** `ALL_OLD` emits the item this put replaced. */
  returnValues?: 'NONE' | 'ALL_OLD' | undefined;
}

/** The options of PutItem, which are DeleteItem's too. @internal */
export const PUT_OR_DELETE: Fields<PutItemOptions> = {
  ...CONDITIONAL_WRITE,
  returnValues: optional(literal({ NONE: true, ALL_OLD: true })),
};
const readPutItemOptions = orDefault(wireOptions<PutItemOptions>(PUT_OR_DELETE), {});

/** The wire body of a PutItem call; an item over 400 KB as DynamoDB counts it is refused, as batch and transaction writes refuse it. */
function putItemRequest(table: string, item: object, options?: PutItemOptions): Record<string, unknown> {
  const body = { TableName: tableName(table), Item: nativeItem(item, 'item') };
  checkedItemSize(body.Item, 'item');
  return { ...body, ...readPutItemOptions(options, 'options') };
}

/** Writes the item; emits the replaced item when `returnValues` is `ALL_OLD`, else `undefined`. */
export function putItem<T extends object = Item>(send: Send, table: string, item: T, options?: PutItemOptions): Observable<T | undefined> {
  return defer(() => send('PutItem', putItemRequest(table, item, options), table, attributesOf<T>('Attributes')));
}
