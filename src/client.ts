import type { Observable } from 'rxjs';
import { createSend, type Send } from './call/send.js';
import { dynamodbApi, streamsApi } from './call/service-api.js';
import type { WireResponse } from './http/types.js';
import { resolveConfig, type DynamoDBOptions, type ResolvedConfig } from './config/options.js';
import type { Key } from './marshall/types.js';
import { deleteItem, type DeleteItemOptions } from './operations/delete-item.js';
import { execute } from './operations/execute.js';
import { getItem, type GetItemOptions } from './operations/get-item.js';
import { listTables, type ListTablesOptions } from './tables/list-tables.js';
import { putItem, type PutItemOptions } from './operations/put-item.js';
import { query, type QueryOptions, type QueryPacedOptions } from './operations/query.js';
import type { ScanOptions, ScanPacedOptions } from './operations/scan.js';
import { createTable, deleteTable, describeTable, updateTable } from './tables/tables.js';
import { transactGetItems, type TransactGet, type TransactGetItemsOptions } from './operations/transact-get-items.js';
import { transactWriteItems, type TransactWriteItem, type TransactWriteItemsOptions, type TransactWriteItemsResult } from './operations/transact-write-items.js';
import type { Item } from './operations/types.js';
import type { CapacityBudget } from './capacity/capacity-budget.js';
import type { CreateTableInput, TableDescription, Tag, UpdateTableInput } from './tables/types.js';
import { updateItem, type UpdateItemOptions } from './operations/update-item.js';
import { consumePaced, type PacedArguments, type PageHandler } from './streams/paced.js';
import type { Page } from './streams/page.js';
import { waitForTable, type WaitForTableOptions } from './tables/wait-for-table.js';
// Batch operations
import type { OperatorFunction } from 'rxjs';
import { batchContext, type BatchContext } from './batch/batch-context.js';
import { batchGetItem, type BatchGetEmission, type BatchGetOptions, type BatchGetRequest, type BatchGetRequestFor } from './batch/batch-get-item.js';
import { batchWriteItem, type BatchWriteOptions, type BatchWriteProgress, type BatchWriteRequest, type WriteRequest } from './batch/batch-write-item.js';
import { bulkWrite, type BulkWriteOptions } from './batch/bulk-write.js';
import { bulkWriteFrom, type WriteSource } from './batch/bulk-write-from.js';
import { GetBatcher } from './batch/auto-batch/get-batcher.js';
// Instrumentation
import type { Measurement } from './instrumentation/measurement.js';
import type { AttemptRecord } from './instrumentation/attempt.js';
import { Instruments } from './instrumentation/instruments.js';
import { createAxiosTransport } from './http/axios-transport.js';
import { ConcurrencyLimiter } from './retry/concurrency-limiter.js';
import { RetryQuota } from './retry/retry-quota.js';
import { AdaptiveRateLimiter } from './retry/adaptive-rate-limiter.js';
// PartiQL, time to live, tags
import { batchExecuteStatement, type BatchExecuteStatementOptions, type BatchStatement, type BatchStatementResult } from './operations/batch-execute-statement.js';
import { executeStatement, type ExecuteStatementOptions, type StatementPage } from './operations/execute-statement.js';
import { executeTransaction, type ExecuteTransactionOptions } from './operations/execute-transaction.js';
import type { ParameterizedStatement } from './operations/statement.js';
import { listTagsOfResource, tagResource, untagResource } from './tables/tags.js';
import { describeTimeToLive, updateTimeToLive, type TimeToLiveDescription, type TimeToLiveSpecification } from './tables/ttl.js';
// Change streams
import type { ChangeBatch, ChangeHandler, ChangesOptions, ChangesPacedOptions, HandledChanges } from './changes/types.js';
// Scale-out: leases
import { Subject } from 'rxjs';
import { scanPacedWithLeases, scanWithLeases } from './lease/leased-scan.js';
import type { LeaseContext } from './lease/lease-context.js';
import { changesPacedWithLeases, changesWithLeases, type ChangesLeaseContext } from './lease/leased-changes.js';
import type { LeaseEvent } from './lease/types.js';

/** A client's requests at one moment: see {@link DynamoDB.load}. */
export interface ClientLoad {
  /** Requests holding one of the client's `maxConcurrency` slots: signed, sent or about to be. */
  readonly inFlight: number;
  /** Requests waiting for a slot, in FIFO order. */
  readonly queued: number;
}

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
  readonly config: Readonly<Omit<ResolvedConfig, 'credentials' | 'transport' | 'clock' | 'proxy' | 'caBundle'>>;
  readonly #send: Send;
  /** Sends to DynamoDB Streams, sharing the transport, slots and retry budget of `#send`. */
  readonly #streamsSend: Send;
  readonly #limiter: ConcurrencyLimiter;

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
  /**
   * Every change in the leases this client's workers hold (leased scans and change streams), as a hot Observable: a
   * {@link LeaseEvent} when a worker gains, loses, hands back or finishes a lease, with what it holds
   * after it; nothing is buffered.
   * @example db.leases$.subscribe(({ type, leaseKey, held }) => log.info(`${type} ${leaseKey}; holding ${held.length}`))
   */
  readonly leases$: Observable<LeaseEvent>;
  readonly #leaseEvents = new Subject<LeaseEvent>();

  /** Reads options, then environment, then defaults; throws `ConfigError` on a bad setting. */
  constructor(options: DynamoDBOptions = {}) {
    const resolved = resolveConfig(options);
    // Hidden: credentials, and the proxy settings (a proxy URL may hold a password).
    const { credentials: _credentials, transport: _transport, clock: _clock, proxy: _proxy, caBundle: _caBundle, ...visible } = resolved;
    this.config = Object.freeze(visible);
    const instruments = new Instruments(resolved);
    this.measurements$ = instruments.measurements.asObservable();
    this.attempts$ = instruments.attempts.asObservable();
    this.leases$ = this.#leaseEvents.asObservable();
    this.#limiter = new ConcurrencyLimiter(resolved.maxConcurrency);
    const transport = resolved.transport ?? createAxiosTransport({ maxSockets: resolved.maxConcurrency, proxy: resolved.proxy, ca: resolved.caBundle });
    const parts = { transport, instruments, limiter: this.#limiter, quota: new RetryQuota(resolved.retry.quota) };
    // In adaptive mode each API gets its own rate limiter: a throttled stream read does not slow the table's calls.
    const rateLimiter = (): AdaptiveRateLimiter | undefined => (resolved.retryMode === 'adaptive' ? new AdaptiveRateLimiter() : undefined);
    this.#send = createSend(resolved, { ...parts, rateLimiter: rateLimiter() }, dynamodbApi(resolved));
    this.#streamsSend = createSend(resolved, { ...parts, rateLimiter: rateLimiter() }, streamsApi(resolved));
  }

  /**
   * This client's requests right now (every call together, retries included): how many hold a
   * `maxConcurrency` slot and how many wait for one. A fresh snapshot on each read; for health
   * checks and queue-depth metrics. Both are 0 once every call ended or was unsubscribed.
   * @example if (db.load.queued > 1000) return res.status(503).end()
   */
  get load(): ClientLoad {
    return { inFlight: this.#limiter.active, queued: this.#limiter.waiting };
  }

  /** Sends any action with a wire-format body; emits the raw wire response once. */
  execute(action: string, body?: object): Observable<WireResponse> {
    return execute(this.#send, action, body);
  }

  /**
   * Creates a table from its definition in DynamoDB's wire shape; emits its description. A field
   * unknown to DynamoDB, at any depth, is an `InvalidParameterError` before anything is sent.
   */
  createTable(definition: CreateTableInput): Observable<TableDescription> {
    return createTable(this.#send, definition);
  }

  /** Changes a table from an UpdateTable request in DynamoDB's wire shape, checked as `createTable` checks; emits its description. */
  updateTable(definition: UpdateTableInput): Observable<TableDescription> {
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

  /**
   * Emits the item with this key, or `undefined`. With the client's `autoBatchGets`, calls made together
   * are read in BatchGetItem requests (see the option).
   */
  getItem<T = Item>(table: string, key: Key, options?: GetItemOptions): Observable<T | undefined> {
    const batcher = this.#getBatcher;
    return batcher ? batcher.getItem<T>(table, key, options) : getItem<T>(this.#send, table, key, options);
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

  /**
   * Streams the pages of a Query, following `LastEvaluatedKey` to the end. With `capacity`, paced by
   * the read units DynamoDB reports consumed (see {@link CapacityBudget}).
   * @example db.query('Orders', { keyConditionExpression: 'customer = :c', expressionAttributeValues: { ':c': 'c1' }, capacity: { unitsPerSecond: 50 } })
   */
  query<T = Item>(table: string, options: QueryOptions): Observable<Page<T>> {
    return query<T>(this.#send, table, options);
  }

  /**
   * Streams the pages of a Scan, following `LastEvaluatedKey` to the end; with `segments`, a
   * parallel scan whose segments are merged; with `segments` and `lease`, a parallel scan shared with
   * other processes, each segment leased by one of them at a time (see the README, "Scale-out"). With
   * `capacity`, every segment together is paced by the read units DynamoDB reports consumed (see
   * {@link CapacityBudget}).
   * @example db.scan('Orders', { segments: 8, capacity: { unitsPerSecond: 200 } }).pipe(items())
   */
  scan<T = Item>(table: string, options?: ScanOptions): Observable<Page<T>> {
    return scanWithLeases<T>(this.#leaseContext, table, options);
  }

  /** What leased calls share: the client's send, and its `leases$`. */
  get #leaseContext(): LeaseContext {
    return { send: this.#send, onEvent: (event) => this.#leaseEvents.next(event) };
  }

  /**
   * Runs `handler` on each page of a Query, fetching the next page only when the handler has room:
   * at most `pacing.prefetch + pacing.concurrency` pages in memory, whatever the size of the result.
   * Emits the handler's results. Use it when the handler is asynchronous and slower than DynamoDB.
   * `capacity` paces it by consumed read units, as on {@link DynamoDB.query}.
   * @example db.queryPaced('Orders', { ...opts, pacing: { prefetch: 2 } }, (page) => writeRows(page.items))
   */
  queryPaced<T = Item, R = unknown>(table: string, options: QueryPacedOptions, handler: PageHandler<Page<T>, R>): Observable<R>;
  queryPaced<T, R>(table: string, ...args: PacedArguments<QueryPacedOptions, Page<T>, R>): Observable<R> {
    return consumePaced<QueryOptions, Page<T>, R>(args, (options, credits) => query<T>(this.#send, table, options as QueryOptions, credits));
  }

  /**
   * Runs `handler` on each page of a Scan (parallel with `segments`), fetching only when the handler
   * has room; the credit pool is shared by all segments, as is the `capacity` budget. See {@link DynamoDB.queryPaced}.
   * @example db.scanPaced('Orders', (page) => writeRows(page.items))
   */
  scanPaced<T = Item, R = unknown>(table: string, handler: PageHandler<Page<T>, R>): Observable<R>;
  /**
   * {@link DynamoDB.scanPaced} with the scan's options and `pacing`.
   * @example db.scanPaced('Orders', { segments: 4, pacing: { prefetch: 2 } }, (page) => writeRows(page.items))
   */
  scanPaced<T = Item, R = unknown>(table: string, options: ScanPacedOptions, handler: PageHandler<Page<T>, R>): Observable<R>;
  scanPaced<T, R>(table: string, ...args: PacedArguments<ScanPacedOptions, Page<T>, R>): Observable<R> {
    return scanPacedWithLeases<T, R>(this.#leaseContext, table, args);
  }

  /**
   * Polls until the table is ACTIVE (emits its description) or, for `DELETED`, gone (completes).
   * @example db.createTable(def).pipe(switchMap(() => db.waitForTable('Users', { status: 'ACTIVE' })))
   */
  waitForTable(table: string, options: WaitForTableOptions): Observable<TableDescription> {
    return waitForTable(this.#send, table, options);
  }

  // Batch operations

  #batch: BatchContext | undefined;

  /** What this client's batch calls share: settings and the key schemas read with DescribeTable. */
  get #batchContext(): BatchContext {
    return (this.#batch ??= batchContext(this.#send, this.config));
  }

  #batcher: GetBatcher | undefined;

  /** Batches `getItem` calls, when `autoBatchGets` asks for it. */
  get #getBatcher(): GetBatcher | undefined {
    const settings = this.config.autoBatchGets;
    return settings && (this.#batcher ??= new GetBatcher(this.#batchContext, settings, this.config.tracers.length > 0));
  }

  /**
   * Reads any number of keys across tables. Emits, per BatchGetItem response, one group per table
   * `{ table, items, consumedCapacity? }` (pipe through `items()` for the items alone), in no particular
   * order (a missing key emits nothing); completes once every key was read. A key given twice is read once.
   * Keys go 100 to a request, requests run concurrently within the client's `maxConcurrency`, and keys
   * DynamoDB returns as `UnprocessedKeys` are read in later requests after a backoff (full jitter on the
   * throttling base, restarting whenever a request makes progress). After more than `maxRetries` requests
   * in a row without progress it fails with a `BatchIncompleteError` whose `unprocessed` holds the keys
   * never read, shaped as a request; any other failure once reading started comes the same way, with the
   * error as `cause`. Bad input is refused with an `InvalidParameterError` before anything is sent.
   * `T` is the item type, or `ByTable<{ Users: User; Orders: Order }>` for one type per table (the groups
   * are then discriminated on `table`). `capacity` (second argument) paces it by consumed read units (see
   * {@link CapacityBudget}).
   * @example db.batchGetItem<User>({ Users: { keys: [{ id: 'u1' }, { id: 'u2' }], consistentRead: true } }).pipe(items())
   */
  batchGetItem<T = Item>(request: BatchGetRequestFor<T>, options?: BatchGetOptions): Observable<BatchGetEmission<T>> {
    return batchGetItem(this.#batchContext, request as BatchGetRequest, options) as Observable<BatchGetEmission<T>>;
  }

  /**
   * Applies any number of puts and deletes across tables; emits {@link BatchWriteProgress} after each
   * BatchWriteItem response and completes once every write is acknowledged. Writes go 25 (and at most
   * 16 MB) to a request, concurrently, and `UnprocessedItems` are re-sent with backoff as in
   * {@link DynamoDB.batchGetItem}. Writes to one key are applied in the order given: each table's key
   * schema is read once per client (DescribeTable), and a write waits while an earlier write to its key
   * is pending. If it stops, it sends nothing more, waits for its requests on the wire, and fails with a
   * `BatchIncompleteError` whose `unprocessed` holds every write not acknowledged (native values per table,
   * in order: none of them landed, but for those of a request that failed for good, which a lost answer may
   * have applied; sending them again is safe) and whose `processed` counts those acknowledged. Bad input, an item
   * over 400 KB or a DescribeTable failure fail before any write is sent, with the error itself.
   * With `returnConsumedCapacity`, each progress carries what its response consumed, per table, and
   * `consumedUnits` so far; `capacity` paces it by consumed write units (see {@link CapacityBudget}).
   * @example db.batchWriteItem({ Users: [{ put: { id: 'u1', name: 'Ada' } }, { delete: { id: 'u2' } }] })
   */
  batchWriteItem(request: BatchWriteRequest, options?: BatchWriteOptions): Observable<BatchWriteProgress> {
    return batchWriteItem(this.#batchContext, request, options);
  }

  /**
   * An operator that loads a stream of writes into one table: groups them into BatchWriteItem requests
   * of 25, keeps up to `concurrency` requests in flight, emits {@link BatchWriteProgress} after each
   * response (`total` counts the writes received so far), and completes when the source completed and
   * every write was acknowledged. A write to a key that an earlier write still pending also touches is
   * held back until that one is acknowledged, so writes to one key land in order. Requests are full when
   * the source is faster than DynamoDB; when it is slower, what has arrived goes as soon as a request
   * slot is free. Failures come as in {@link DynamoDB.batchWriteItem}: a `BatchIncompleteError` with the
   * writes received and not acknowledged (an invalid write is its `cause`, named by its index in the
   * source; writes the source had not emitted yet are not in it). `capacity` paces it by consumed write
   * units (see {@link CapacityBudget}); progress then says `consumedUnits`.
   *
   * Memory: the writes in flight (`concurrency` requests) plus whatever the source emits faster than
   * they are written, as RxJS cannot slow a source down. A synchronous source such as `from(hugeArray)`
   * emits everything at subscribe, so all of it is queued at once (the array holds those writes anyway;
   * the queue adds their marshalled form). To pace a source such as a scan, read it with the paced
   * consumption API (`scanPaced`/`queryPaced`) and write each page from its handler.
   * @example from(users).pipe(map((user) => ({ put: user })), db.bulkWrite('Users', { concurrency: 4 }))
   */
  bulkWrite(table: string, options?: BulkWriteOptions): OperatorFunction<WriteRequest<object>, BatchWriteProgress> {
    return bulkWrite(this.#batchContext, table, options);
  }

  /**
   * Loads everything an `Iterable` or `AsyncIterable` yields (a generator, a file read line by line)
   * into one table, pulling the next write only while fewer than `concurrency * 50` writes are
   * unacknowledged: memory stays bounded whatever the source's size, which a pushed Observable
   * cannot promise. Progress, ordering per key and failures are as in {@link DynamoDB.bulkWrite}; a
   * source that throws (or rejects) stops the load with a `BatchIncompleteError` whose `cause` is its
   * error. Ending early (unsubscribe, an error, a missing table) stops pulling and calls the
   * iterator's `return()`, as `for...of` does.
   *
   * Each subscription reads `source[Symbol.iterator]()` (or its async form) afresh. A generator
   * object is its own iterator and can be read once: subscribing again (`retry`, `repeat`) fails with
   * an `InvalidParameterError` naming `source`. To retry, pass an iterable that starts over:
   * `{ [Symbol.iterator]: () => writes() }`.
   * @example db.bulkWriteFrom('Events', (function* () { for (let n = 0; n < 1e6; n++) yield { put: event(n) }; })())
   */
  bulkWriteFrom(table: string, source: WriteSource, options?: BulkWriteOptions): Observable<BatchWriteProgress> {
    return bulkWriteFrom(this.#batchContext, table, source, options);
  }

  // PartiQL

  /**
   * Streams the pages of a PartiQL statement (ExecuteStatement), following `NextToken` to the end.
   * `parameters` fill the statement's `?` placeholders in order, as native values. Each page request is
   * retried on its own and sent only once the previous page was delivered, so `take(n)` sends n
   * requests; a page's `nextToken`, passed back as `nextToken`, resumes the stream after that page.
   * Write statements (INSERT, UPDATE, DELETE) emit one page, with the items a `RETURNING` clause asks for.
   * @example
   * db.executeStatement<Order>('SELECT * FROM "Orders" WHERE customer = ? AND total > ?', { parameters: ['c1', 100] })
   *   .pipe(items())
   *   .subscribe((order) => console.log(order));
   */
  executeStatement<T = Item>(statement: string, options?: ExecuteStatementOptions): Observable<StatementPage<T>> {
    return executeStatement<T>(this.#send, statement, options);
  }

  /**
   * Runs up to 25 PartiQL statements in one request (BatchExecuteStatement): all reads (single-item
   * SELECTs) or all writes. Emits once an array aligned with `statements`: per statement its item
   * (reads; none when nothing matched) or its `error` (`code`, `message`, and `item` when it asked for
   * `returnValuesOnConditionCheckFailure: 'ALL_OLD'`), as values: one statement failing does not fail
   * the others or the call. More than 25 statements are refused, not split, since a split batch could
   * fail half-applied: split them yourself (`bufferCount(25)`) where that is fine.
   * @example
   * db.batchExecuteStatement<User>(ids.map((id) => ({ statement: 'SELECT * FROM "Users" WHERE id = ?', parameters: [id] })))
   *   .subscribe((results) => results.forEach((r, i) => (r.error ? console.warn(ids[i], r.error.code) : console.log(r.item))));
   */
  batchExecuteStatement<T = Item>(statements: readonly BatchStatement[], options?: BatchExecuteStatementOptions): Observable<BatchStatementResult<T>[]> {
    return batchExecuteStatement<T>(this.#send, statements, options);
  }

  /**
   * Runs up to 100 PartiQL statements all together or not at all (ExecuteTransaction): all reads or all
   * writes. Emits once an array aligned with `statements`: a read's item, or `undefined` (nothing found,
   * or a write). A failed condition cancels all of them with a `TransactionCanceledException` whose
   * `cancellationReasons[i]` explains `statements[i]`. All retries of a subscription carry one client
   * request token (generated unless given), so DynamoDB applies the transaction once.
   * @example
   * db.executeTransaction([
   *   { statement: 'UPDATE "Accounts" SET balance = balance - ? WHERE id = ? AND balance >= ?', parameters: [10, 'a', 10] },
   *   { statement: 'UPDATE "Accounts" SET balance = balance + ? WHERE id = ?', parameters: [10, 'b'] },
   * ])
   */
  executeTransaction<T = Item>(statements: readonly ParameterizedStatement[], options?: ExecuteTransactionOptions): Observable<(T | undefined)[]> {
    return executeTransaction<T>(this.#send, statements, options);
  }

  // Time to live and tags (wire shapes, as AWS documents them)

  /**
   * Emits a table's time to live settings (DescribeTimeToLive).
   * @example db.describeTimeToLive('Sessions').subscribe(({ TimeToLiveStatus, AttributeName }) => console.log(TimeToLiveStatus, AttributeName))
   */
  describeTimeToLive(table: string): Observable<TimeToLiveDescription> {
    return describeTimeToLive(this.#send, table);
  }

  /**
   * Turns time to live on or off for a table (UpdateTimeToLive); emits the specification DynamoDB
   * applied. DynamoDB then deletes items whose `AttributeName` (epoch seconds) has passed.
   * @example db.updateTimeToLive('Sessions', { Enabled: true, AttributeName: 'expiresAt' })
   */
  updateTimeToLive(table: string, specification: TimeToLiveSpecification): Observable<TimeToLiveSpecification> {
    return updateTimeToLive(this.#send, table, specification);
  }

  /**
   * Adds up to 50 tags to a resource, replacing the values of keys it already has (TagResource);
   * emits `undefined` once done.
   * @example db.tagResource('arn:aws:dynamodb:us-east-1:123456789012:table/Users', [{ Key: 'team', Value: 'payments' }])
   */
  tagResource(resourceArn: string, tags: readonly Tag[]): Observable<void> {
    return tagResource(this.#send, resourceArn, tags);
  }

  /**
   * Removes tags from a resource by key (UntagResource); emits `undefined` once done.
   * @example db.untagResource('arn:aws:dynamodb:us-east-1:123456789012:table/Users', ['team'])
   */
  untagResource(resourceArn: string, tagKeys: readonly string[]): Observable<void> {
    return untagResource(this.#send, resourceArn, tagKeys);
  }

  /**
   * Emits every tag of a resource, one value each, across all pages (ListTagsOfResource, `NextToken`).
   * A table's ARN is its description's `TableArn`, optional in the type (as in the AWS SDK): check it.
   * @example db.describeTable('Users').pipe(switchMap(({ TableArn }) => (TableArn ? db.listTagsOfResource(TableArn) : EMPTY)), toArray())
   */
  listTagsOfResource(resourceArn: string): Observable<Tag> {
    return listTagsOfResource(this.#send, resourceArn);
  }

  // Change streams (DynamoDB Streams)

  /** What change streams send with: DynamoDB's send (DescribeTable, leases) and DynamoDB Streams', and where lease events go. */
  get #changesContext(): ChangesLeaseContext {
    return { ...this.#leaseContext, streamsSend: this.#streamsSend };
  }

  /**
   * Reads the changes of a table from its stream (DynamoDB Streams): emits a {@link ChangeBatch} per
   * GetRecords response that holds records, until unsubscribed. Every shard is read, independent shards
   * at once and a shard only after its parent was read to its end, so the changes to one key come in
   * order across splits; new shards are found as shards close. Each batch's `checkpoint` (plain JSON)
   * passed back as `startAt` resumes right after it. Expired iterators are replaced without losing or
   * repeating a change; every request is retried as any call's and counts against `maxConcurrency`.
   * Fails with `NoStreamError` (no stream on the table), `StreamTrimmedError` (changes gone before they
   * were read) or `StreamDisabledError` (stream turned off or table deleted, once all it holds was emitted).
   * With `lease`, the stream is shared with other processes, each shard read by one of them at a time
   * (see the README, "Scale-out").
   * @example
   * db.changes<Order>('Orders', { startAt: saved ?? 'TRIM_HORIZON' })
   *   .pipe(concatMap((batch) => apply(batch.records).then(() => save(batch.checkpoint))))
   */
  changes<T = Item>(table: string, options?: ChangesOptions): Observable<ChangeBatch<T>> {
    return changesWithLeases<T>(this.#changesContext, table, options);
  }

  /**
   * Runs `handler` on each batch of {@link DynamoDB.changes}, reading a batch only when the handler has
   * room: at most `pacing.prefetch + pacing.concurrency` batches exist at once. Batches of one shard (and
   * of a shard and its ancestors) are handled one after the other, others up to `pacing.concurrency` at
   * once. Emits {@link HandledChanges} in order as batches are handled; its `checkpoint` counts only
   * batches whose handlers finished, so it is the one to save.
   * @example db.changesPaced<Order>('Orders', (batch) => index(batch.records)).subscribe(({ checkpoint }) => save(checkpoint))
   */
  changesPaced<T = Item, R = unknown>(table: string, handler: ChangeHandler<T, R>): Observable<HandledChanges<R>>;
  /**
   * {@link DynamoDB.changesPaced} with the options of `changes` and `pacing`.
   * @example db.changesPaced<Order>('Orders', { startAt: saved, pacing: { concurrency: 4 } }, (batch) => index(batch.records))
   */
  changesPaced<T = Item, R = unknown>(table: string, options: ChangesPacedOptions, handler: ChangeHandler<T, R>): Observable<HandledChanges<R>>;
  changesPaced<T, R>(table: string, ...args: PacedArguments<ChangesPacedOptions, ChangeBatch<T>, R>): Observable<HandledChanges<R>> {
    return changesPacedWithLeases<T, R>(this.#changesContext, table, args);
  }
}
