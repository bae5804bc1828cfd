import type { Observable } from 'rxjs';
import { createSend, type Send, type WireResponse } from './call/send.js';
import { resolveConfig, type DynamoDBOptions, type ResolvedConfig } from './config/options.js';
import type { Key } from './marshall/types.js';
import { deleteItem, type DeleteItemOptions } from './operations/delete-item.js';
import { execute } from './operations/execute.js';
import { getItem, type GetItemOptions } from './operations/get-item.js';
import { listTables, type ListTablesOptions } from './operations/list-tables.js';
import { putItem, type PutItemOptions } from './operations/put-item.js';
import { pagesOf, query, querySource, type QueryOptions } from './operations/query.js';
import { scan, type ScanOptions } from './operations/scan.js';
import { createTable, deleteTable, describeTable, updateTable, type TableDefinition } from './operations/tables.js';
import type { Item, TableDescription } from './operations/types.js';
import { updateItem, type UpdateItemOptions } from './operations/update-item.js';
import { consumePaced, type PacingOptions, type PageHandler } from './streams/paced.js';
import type { Page } from './streams/page.js';
import { waitForTable, type WaitForTableOptions } from './operations/wait-for-table.js';
// Instrumentation
import type { Measurement } from './call/measurement.js';
import type { AttemptRecord } from './instrumentation/attempt.js';
import { Instruments } from './instrumentation/instruments.js';

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

  /**
   * Every call's {@link Measurement} as it ends (the same records `onMeasurement` gets), as a hot
   * Observable: subscribers see the calls that end while they are subscribed; nothing is buffered.
   * @example db.measurements$.pipe(filter((m) => m.durationMs > 100)).subscribe(logSlowCall)
   */
  readonly measurements$: Observable<Measurement>;
  /**
   * One {@link AttemptRecord} per HTTP attempt (status, error, duration, whether and after what
   * backoff it is retried), as a hot Observable; nothing is buffered.
   * @example db.attempts$.pipe(filter((a) => a.willRetry)).subscribe((a) => log.warn('retrying', a))
   */
  readonly attempts$: Observable<AttemptRecord>;

  /** Reads options, then environment, then defaults; throws `ConfigError` on a bad setting. */
  constructor(options: DynamoDBOptions = {}) {
    const resolved = resolveConfig(options);
    const { credentials: _credentials, transport: _transport, ...visible } = resolved;
    this.config = Object.freeze(visible);
    const instruments = new Instruments(resolved);
    this.measurements$ = instruments.measurements.asObservable();
    this.attempts$ = instruments.attempts.asObservable();
    this.#send = createSend(resolved, instruments);
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

  /** Streams the pages of a Query, following `LastEvaluatedKey` to the end. */
  query<T = Item>(table: string, options: QueryOptions): Observable<Page<T>> {
    return query<T>(this.#send, table, options);
  }

  /**
   * Streams the pages of a Scan, following `LastEvaluatedKey` to the end; with `segments`, a
   * parallel scan whose segments are merged.
   */
  scan<T = Item>(table: string, options?: ScanOptions): Observable<Page<T>> {
    return scan<T>(this.#send, table, options);
  }

  /**
   * Runs `handler` on each page of a Query, fetching the next page only when the handler has room:
   * at most `prefetch + concurrency` pages in memory, whatever the size of the result. Emits the
   * handler's results. Use it when the handler is asynchronous and slower than DynamoDB.
   * @example db.queryPaced('Orders', opts, (page) => writeRows(page.items), { prefetch: 2 })
   */
  queryPaced<T = Item, R = unknown>(table: string, options: QueryOptions, handler: PageHandler<Page<T>, R>, pacing?: PacingOptions): Observable<R> {
    return consumePaced((credits) => pagesOf<T>(this.#send, querySource(table, options), credits), handler, pacing);
  }

  /**
   * Runs `handler` on each page of a Scan (parallel with `segments`), fetching only when the handler
   * has room; the credit pool is shared by all segments. See {@link DynamoDB.queryPaced}.
   */
  scanPaced<T = Item, R = unknown>(table: string, options: ScanOptions | undefined, handler: PageHandler<Page<T>, R>, pacing?: PacingOptions): Observable<R> {
    return consumePaced((credits) => scan<T>(this.#send, table, options, credits), handler, pacing);
  }

  /**
   * Polls until the table is ACTIVE (emits its description) or, for `DELETED`, gone (completes).
   * @example db.createTable(def).pipe(switchMap(() => db.waitForTable('T', { status: 'ACTIVE' })))
   */
  waitForTable(table: string, options: WaitForTableOptions): Observable<TableDescription> {
    return waitForTable(this.#send, table, options);
  }
}
