import { defer, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import type { Key } from '../marshall/types.js';
import { key } from '../input/attributes.js';
import { orDefault } from '../input/reader.js';
import { wireOptions } from '../input/shape.js';
import { PUT_OR_DELETE } from './put-item.js';
import { attributesOf } from './response.js';
import type { ConditionalWriteOptions, Item } from './types.js';
import { tableName } from '../input/validate.js';

/** Options of `deleteItem`. */
export interface DeleteItemOptions extends ConditionalWriteOptions {
  /** `ALL_OLD` emits the deleted item. */
  returnValues?: 'NONE' | 'ALL_OLD' | undefined;
}

const readDeleteItemOptions = orDefault(wireOptions<DeleteItemOptions>(PUT_OR_DELETE), {});

/** The wire body of a DeleteItem call. */
function deleteItemRequest(table: string, itemKey: Key, options?: DeleteItemOptions): Record<string, unknown> {
  return { TableName: tableName(table), Key: key(itemKey, 'key'), ...readDeleteItemOptions(options, 'options') };
}

/** Deletes the item; emits the deleted item when `returnValues` is `ALL_OLD`, else `undefined`. */
export function deleteItem<T = Item>(send: Send, table: string, itemKey: Key, options?: DeleteItemOptions): Observable<T | undefined> {
  return defer(() => send('DeleteItem', deleteItemRequest(table, itemKey, options), table, attributesOf<T>('Attributes')));
}
