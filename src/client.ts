import type { Observable } from 'rxjs';
import { createSend, type Send, type WireResponse } from './call/send.js';
import { resolveConfig, type DynamoDBOptions, type ResolvedConfig } from './config/options.js';
import type { Key } from './marshall/types.js';
import { deleteItem, type DeleteItemOptions } from './operations/delete-item.js';
import { execute } from './operations/execute.js';
import { getItem, type GetItemOptions } from './operations/get-item.js';
import { listTables, type ListTablesOptions } from './operations/list-tables.js';
import { putItem, type PutItemOptions } from './operations/put-item.js';
import { query, type QueryOptions } from './operations/query.js';
import { scan, type ScanOptions } from './operations/scan.js';
import { createTable, deleteTable, describeTable, updateTable, type TableDefinition } from './operations/tables.js';
import { transactGetItems, type TransactGet, type TransactGetItemsOptions } from './operations/transact-get-items.js';
import { transactWriteItems, type TransactWriteItem, type TransactWriteItemsOptions, type TransactWriteItemsResult } from './operations/transact-write-items.js';
import type { Item, TableDescription } from './operations/types.js';
import { updateItem, type UpdateItemOptions } from './operations/update-item.js';
import type { Page } from './streams/page.js';

/**
 * A DynamoDB client whose every call returns a cold Observable: nothing is sent until subscribe,
 * each subscription sends anew, and unsubscribing aborts the request in flight.
 *
 * @example
 * const db = new DynamoDB({ endpoint: 'http://127.0.0.1:8000' });
 * db.getItem('Users', { id: 'u1' }).subscribe((user) => console.log(user));
 */
export class DynamoDB {
  /** The resolved configuration (region, endpoint, limits); credentials stay hidden. */
  readonly config: Readonly<Omit<ResolvedConfig, 'credentials' | 'transport'>>;
  readonly #send: Send;

  /** Reads options, then environment, then defaults; throws `ConfigError` on a bad setting. */
  constructor(options: DynamoDBOptions = {}) {
    const resolved = resolveConfig(options);
    const { credentials: _credentials, transport: _transport, ...visible } = resolved;
    this.config = Object.freeze(visible);
    this.#send = createSend(resolved);
  }

  /** Sends any action with a wire-format body; emits the raw wire response once. */
  execute(action: string, body?: object): Observable<WireResponse> {
    return execute(this.#send, action, body);
  }

  /** Creates a table from its wire definition; emits its description. */
  createTable(definition: TableDefinition): Observable<TableDescription> {
    return createTable(this.#send, definition);
  }

  /** Updates a table from a wire UpdateTable body; emits its description. */
  updateTable(definition: TableDefinition): Observable<TableDescription> {
    return updateTable(this.#send, definition);
  }

  /** Deletes a table; emits its description. */
  deleteTable(table: string): Observable<TableDescription> {
    return deleteTable(this.#send, table);
  }

  /** Emits a table's description. */
  describeTable(table: string): Observable<TableDescription> {
    return describeTable(this.#send, table);
  }

  /** Emits every table name, one value each, across all pages. */
  listTables(options?: ListTablesOptions): Observable<string> {
    return listTables(this.#send, options);
  }

  /** Emits the item with this key, or `undefined`. */
  getItem<T = Item>(table: string, key: Key, options?: GetItemOptions): Observable<T | undefined> {
    return getItem<T>(this.#send, table, key, options);
  }

  /** Writes an item; emits the old item when `returnValues: 'ALL_OLD'`, else `undefined`. */
  putItem<T extends object = Item>(table: string, item: T, options?: PutItemOptions): Observable<T | undefined> {
    return putItem<T>(this.#send, table, item, options);
  }

  /** Updates an item with an update expression; emits what `returnValues` asks for, else `undefined`. */
  updateItem<T = Item>(table: string, key: Key, options: UpdateItemOptions): Observable<T | undefined> {
    return updateItem<T>(this.#send, table, key, options);
  }

  /** Deletes an item; emits the old item when `returnValues: 'ALL_OLD'`, else `undefined`. */
  deleteItem<T = Item>(table: string, key: Key, options?: DeleteItemOptions): Observable<T | undefined> {
    return deleteItem<T>(this.#send, table, key, options);
  }

  // Transactions

  /**
   * Applies up to 100 writes across tables all together or not at all (TransactWriteItems); emits
   * `{ consumedCapacity?, itemCollectionMetrics? }` once. A failed condition cancels all of them
   * with a `TransactionCanceledException` whose `cancellationReasons[i]` explains `items[i]`. All
   * retries of a subscription carry one client request token (generated unless given), so DynamoDB
   * applies the transaction once however often an attempt is retried.
   * @example
   * db.transactWriteItems([
   *   { update: { table: 'Accounts', key: { id: 'a' }, updateExpression: 'ADD balance :d', conditionExpression: 'balance >= :m', expressionAttributeValues: { ':d': -10, ':m': 10 } } },
   *   { put: { table: 'Transfers', item: { id: 't1', from: 'a', amount: 10 }, conditionExpression: 'attribute_not_exists(id)' } },
   * ])
   */
  transactWriteItems(items: readonly TransactWriteItem[], options?: TransactWriteItemsOptions): Observable<TransactWriteItemsResult> {
    return transactWriteItems(this.#send, items, options);
  }

  /**
   * Reads up to 100 items across tables as one consistent snapshot (TransactGetItems); emits once
   * an array aligned with `gets`: each item, or `undefined` where there is none.
   * @example db.transactGetItems<User>([{ table: 'Users', key: { id: 'a' } }, { table: 'Users', key: { id: 'b' } }])
   */
  transactGetItems<T = Item>(gets: readonly TransactGet[], options?: TransactGetItemsOptions): Observable<(T | undefined)[]> {
    return transactGetItems<T>(this.#send, gets, options);
  }

  /** Streams the pages of a Query, following `LastEvaluatedKey` to the end. */
  query<T = Item>(table: string, options: QueryOptions): Observable<Page<T>> {
    return query<T>(this.#send, table, options);
  }

  /** Streams the pages of a Scan, following `LastEvaluatedKey` to the end. */
  scan<T = Item>(table: string, options?: ScanOptions): Observable<Page<T>> {
    return scan<T>(this.#send, table, options);
  }
}
