import { defer, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import type { Key } from '../marshall/types.js';
import { key } from '../input/attributes.js';
import { literal, nonEmptyText } from '../input/reader.js';
import { optional, required, wireOptions } from '../input/shape.js';
import { CONDITIONAL_WRITE } from './option-fields.js';
import { attributesOf } from './response.js';
import type { ConditionalWriteOptions, Item } from './types.js';
import { tableName } from '../input/validate.js';

/** Options of `updateItem`; `updateExpression` is required. */
export interface UpdateItemOptions extends ConditionalWriteOptions {
  /** e.g. `SET #n = :name ADD visits :one`. */
  updateExpression: string;
  returnValues?: 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW' | undefined;
}

const readUpdateItemOptions = wireOptions<UpdateItemOptions>({
  ...CONDITIONAL_WRITE,
  updateExpression: required(nonEmptyText, 'is required, e.g. "SET #n = :name"'),
  returnValues: optional(literal({ NONE: true, ALL_OLD: true, UPDATED_OLD: true, ALL_NEW: true, UPDATED_NEW: true })),
});

/** The wire body of an UpdateItem call. */
function updateItemRequest(table: string, itemKey: Key, options: UpdateItemOptions): Record<string, unknown> {
  return { TableName: tableName(table), Key: key(itemKey, 'key'), ...readUpdateItemOptions(options, 'options') };
}

/** Updates the item; emits the attributes `returnValues` asks for, else `undefined`. */
export function updateItem<T = Item>(send: Send, table: string, itemKey: Key, options: UpdateItemOptions): Observable<T | undefined> {
  return defer(() => send('UpdateItem', updateItemRequest(table, itemKey, options), table, attributesOf<T>('Attributes')));
}
