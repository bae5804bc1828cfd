import { defer, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import { InvalidParameterError } from '../errors/client-errors.js';
import type { Key } from '../marshall/types.js';
import { WRITE_OPTIONS, applyOptions, key, oneOf, string, type OptionSpec } from '../input/options.js';
import { attributesOf } from './response.js';
import type { ConditionalWriteOptions, Item } from './types.js';
import { plainObject, tableName } from '../input/validate.js';

/** Options of `updateItem`; `updateExpression` is required. */
export interface UpdateItemOptions extends ConditionalWriteOptions {
  /** e.g. `SET #n = :name ADD visits :one`. */
  updateExpression: string;
  returnValues?: 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';
}

const UPDATE_ITEM: OptionSpec = {
  ...WRITE_OPTIONS,
  updateExpression: string,
  returnValues: oneOf('NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'),
};

/** The wire body of an UpdateItem call. */
function updateItemRequest(table: string, itemKey: Key, options: UpdateItemOptions): Record<string, unknown> {
  const body = applyOptions({ TableName: tableName(table), Key: key(itemKey, 'key') }, plainObject(options, 'options'), UPDATE_ITEM);
  if (body['UpdateExpression'] === undefined) throw new InvalidParameterError('options.updateExpression', 'is required, e.g. "SET #n = :name"');
  return body;
}

/** Updates the item; emits the attributes `returnValues` asks for, else `undefined`. */
export function updateItem<T = Item>(send: Send, table: string, itemKey: Key, options: UpdateItemOptions): Observable<T | undefined> {
  return defer(() => send('UpdateItem', updateItemRequest(table, itemKey, options), table, attributesOf<T>('Attributes')));
}
