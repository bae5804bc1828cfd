import { defer, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import type { WireResponse } from '../http/types.js';
import { InvalidParameterError } from '../errors/client-errors.js';
import type { AttributeMap, Key } from '../marshall/types.js';
import type { ConsumedCapacity } from '../response/consumed-capacity.js';
import type { ItemCollectionMetrics } from '../response/item-collection-metrics.js';
import type { ResponseOrigin } from '../response/read.js';
import { readResponseMetadata } from '../response/response-metadata.js';
import { checkedItemSize } from '../input/item-size.js';
import { item, key } from '../input/attributes.js';
import { nonEmptyText, orDefault } from '../input/reader.js';
import { required, sentAs, wireOptions, type Fields, type WireFields } from '../input/shape.js';
import { expression, expressionAttributeNames, expressionAttributeValues, returnConsumedCapacity, returnItemCollectionMetrics, returnValuesOnConditionCheckFailure } from './option-fields.js';
import { clientRequestToken, DistinctItems, transactItems, withClientRequestToken } from './transact-items.js';
import type { ExpressionAttributeNames, ExpressionAttributeValues, ReturnConsumedCapacity, ReturnItemCollectionMetrics, ReturnValuesOnConditionCheckFailure } from './types.js';
import { plainObject, tableName } from '../input/validate.js';

/** What every action of a write transaction may say besides its table and item. */
export interface TransactWriteAction {
  /** The table name (or ARN). */
  table: string;
  conditionExpression?: string | undefined;
  expressionAttributeNames?: ExpressionAttributeNames | undefined;
  expressionAttributeValues?: ExpressionAttributeValues | undefined;
  /** `ALL_OLD` puts the item's current values on this action's cancellation reason when its condition fails. */
  returnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure | undefined;
}

/** Writes a whole item (native values), like `putItem`. */
export interface TransactPut extends TransactWriteAction {
  item: object;
}
/** Updates the item with this key, like `updateItem`. */
export interface TransactUpdate extends TransactWriteAction {
  key: Key;
  /** e.g. `SET #n = :name ADD visits :one`. */
  updateExpression: string;
}
/** Deletes the item with this key, like `deleteItem`. */
export interface TransactDelete extends TransactWriteAction {
  key: Key;
}
/** Writes nothing; cancels the transaction unless the condition holds for the item with this key. */
export interface TransactConditionCheck extends TransactWriteAction {
  key: Key;
  conditionExpression: string;
}

/**
 * One action of `transactWriteItems`: an object with exactly one of `put`, `update`, `delete`,
 * `conditionCheck`.
 * @example { update: { table: 'Accounts', key: { id: 'a' }, updateExpression: 'ADD balance :d', expressionAttributeValues: { ':d': -10 } } }
 */
export type TransactWriteItem = { put: TransactPut } | { update: TransactUpdate } | { delete: TransactDelete } | { conditionCheck: TransactConditionCheck };

/** Options of `transactWriteItems`. */
export interface TransactWriteItemsOptions {
  /**
   * Makes the call idempotent for 10 minutes: repeating it with this token and the same actions
   * changes nothing more. 1 to 36 characters.
   * @default a new random UUID per subscription, kept by every retry of it
   */
  clientRequestToken?: string | undefined;
  returnConsumedCapacity?: ReturnConsumedCapacity | undefined;
  /** `SIZE` returns item collection sizes of tables with local secondary indexes. */
  returnItemCollectionMetrics?: ReturnItemCollectionMetrics | undefined;
}

/** What `transactWriteItems` emits: `{}` unless the options asked for more. */
export interface TransactWriteItemsResult {
  /** One entry per table, when `returnConsumedCapacity` asked for it. */
  consumedCapacity?: ConsumedCapacity[];
  /** Per table name, when `returnItemCollectionMetrics` is `SIZE` and a written table has local secondary indexes. */
  itemCollectionMetrics?: Record<string, ItemCollectionMetrics[]>;
}

/** Aggregate size of the items of one transaction. */
const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;

const ACTION: Fields<TransactWriteAction> = {
  table: sentAs('TableName', required(tableName)),
  conditionExpression: expression,
  expressionAttributeNames,
  expressionAttributeValues,
  returnValuesOnConditionCheckFailure,
};
const IS_REQUIRED = 'is required';

/** Per action kind: its wire name and how its fields are read. */
const ACTIONS: ReadonlyMap<string, { wire: string; read: (value: unknown, path: string) => WireFields }> = new Map([
  ['put', { wire: 'Put', read: wireOptions<TransactPut>({ ...ACTION, item: required(item, IS_REQUIRED) }) }],
  ['update', { wire: 'Update', read: wireOptions<TransactUpdate>({ ...ACTION, key: required(key, IS_REQUIRED), updateExpression: required(nonEmptyText, IS_REQUIRED) }) }],
  ['delete', { wire: 'Delete', read: wireOptions<TransactDelete>({ ...ACTION, key: required(key, IS_REQUIRED) }) }],
  ['conditionCheck', { wire: 'ConditionCheck', read: wireOptions<TransactConditionCheck>({ ...ACTION, key: required(key, IS_REQUIRED), conditionExpression: required(nonEmptyText, IS_REQUIRED) }) }],
]);
const KINDS = [...ACTIONS.keys()].join(', ');

const readTransactWriteItemsOptions = orDefault(wireOptions<TransactWriteItemsOptions>({ returnConsumedCapacity, returnItemCollectionMetrics, clientRequestToken }), {});

/** One action's wire name (`Put`, ...), body (`{ TableName, Item, ... }`) and path (`items[2].put`). */
function wireAction(entry: unknown, parameter: string): { name: string; body: WireFields; at: string } {
  const given = plainObject(entry, parameter);
  const kinds = Object.keys(given);
  const action = kinds.length === 1 ? ACTIONS.get(kinds[0]!) : undefined;
  if (!action) throw new InvalidParameterError(parameter, `must have exactly one of ${KINDS}; got ${kinds.length ? kinds.join(', ') : 'none'}`);
  const at = `${parameter}.${kinds[0]!}`;
  return { name: action.wire, body: action.read(given[kinds[0]!], at), at };
}

/**
 * The wire body of a TransactWriteItems call, and the table for measurements when all actions
 * share one. Refuses, before anything is sent: not 1-100 actions, an action without exactly one
 * kind, two actions on the same key, a put item over 400 KB, and puts and keys adding up to more
 * than 4 MB (sizes as DynamoDB counts them). Puts are not checked against other actions on the
 * same item: that needs the table's key schema, so DynamoDB does it.
 */
export function transactWriteItemsRequest(items: readonly TransactWriteItem[], options?: TransactWriteItemsOptions): { body: Record<string, unknown>; table: string | undefined } {
  const distinct = new DistinctItems();
  let bytes = 0;
  const actions = transactItems(items, 'items', (entry, parameter) => {
    const { name, body, at } = wireAction(entry, parameter);
    const itemKey = body['Key'] as AttributeMap | undefined;
    distinct.add(body['TableName'] as string, itemKey, at);
    bytes += checkedItemSize((body['Item'] ?? itemKey) as AttributeMap, `${at}.${itemKey ? 'key' : 'item'}`);
    return { [name]: body };
  });
  if (bytes > MAX_TRANSACTION_BYTES) {
    throw new InvalidParameterError('items', `add up to ${bytes} bytes as DynamoDB counts them; a transaction can hold at most ${MAX_TRANSACTION_BYTES} (4 MB)`);
  }
  const body = withClientRequestToken({ TransactItems: actions, ...readTransactWriteItemsOptions(options, 'options') });
  return { body, table: distinct.singleTable() };
}

/** Reads a TransactWriteItems response: its consumed capacity and item collection metrics, when asked for. */
function resultOf(body: WireResponse, origin: ResponseOrigin): TransactWriteItemsResult {
  return readResponseMetadata(body, origin, undefined) ?? {};
}

/**
 * Applies all actions or none (TransactWriteItems); emits a {@link TransactWriteItemsResult} once.
 * A failed condition cancels the whole transaction with a `TransactionCanceledException` whose
 * `cancellationReasons[i]` explains `items[i]`. Each subscription uses one client request token,
 * generated unless given, for all its retries, so a retried attempt is not applied twice.
 */
export function transactWriteItems(send: Send, items: readonly TransactWriteItem[], options?: TransactWriteItemsOptions): Observable<TransactWriteItemsResult> {
  return defer(() => {
    const { body, table } = transactWriteItemsRequest(items, options);
    return send('TransactWriteItems', body, table, resultOf);
  });
}
