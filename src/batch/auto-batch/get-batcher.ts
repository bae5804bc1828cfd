import { asapScheduler, defer, Observable, type MonoTypeOperatorFunction, type Subscription } from 'rxjs';
import { keyId } from '../../input/key-identity.js';
import { inSubscriberContext } from '../../instrumentation/subscriber-context.js';
import { currentTags } from '../../instrumentation/tags.js';
import type { AttributeMap, Key } from '../../marshall/types.js';
import { getItemRequest, sendGetItem, type GetItemOptions, type GetItemRequest } from '../../operations/get-item.js';
import type { BatchContext } from '../batch-context.js';
import { checkedKey, checkKeySize, type KeySchema } from '../key-schema.js';
import { GetBatch, type ReadGroup, type Waiter } from './get-batch.js';
import { keyedProjection } from './projection.js';
import type { AutoBatchSettings } from '../../config/auto-batch-gets.js';

/** The string that calls of one group share: the table and the read options, whatever their order. */
function groupKey(request: GetItemRequest): string {
  const consistent = request.ConsistentRead === true;
  if (request.ProjectionExpression === undefined && request.ExpressionAttributeNames === undefined) return `${request.TableName}\u0000${consistent}`;
  const names = request.ExpressionAttributeNames === undefined ? null : Object.entries(request.ExpressionAttributeNames).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([request.TableName, consistent, request.ProjectionExpression ?? null, names]);
}

/**
 * A group's read options for its BatchGetItem requests, the projection extended to the key attributes;
 * undefined when the projection cannot be (see {@link keyedProjection}).
 */
function readGroup(schema: KeySchema, request: GetItemRequest): ReadGroup | undefined {
  const { TableName: table, ConsistentRead, ProjectionExpression, ExpressionAttributeNames } = request;
  const wire: Record<string, unknown> = ConsistentRead === true ? { ConsistentRead } : {};
  const native: ReadGroup['native'] = {
    ...(ConsistentRead === true && { consistentRead: true }),
    ...(ProjectionExpression !== undefined && { projectionExpression: ProjectionExpression }),
    ...(ExpressionAttributeNames !== undefined && { expressionAttributeNames: ExpressionAttributeNames }),
  };
  if (ProjectionExpression === undefined) {
    if (ExpressionAttributeNames !== undefined) wire['ExpressionAttributeNames'] = ExpressionAttributeNames;
    return { table, schema, wire, native, added: [] };
  }
  const keyed = keyedProjection(
    ProjectionExpression,
    ExpressionAttributeNames,
    schema.attributes.map((attribute) => attribute.name),
  );
  if (!keyed) return undefined;
  wire['ProjectionExpression'] = keyed.projectionExpression;
  // DynamoDB refuses an empty map: a projection that names every key attribute itself needs no names of ours.
  if (ExpressionAttributeNames !== undefined || keyed.added.length > 0) wire['ExpressionAttributeNames'] = keyed.expressionAttributeNames;
  return { table, schema, wire, native, added: keyed.added };
}

/**
 * Coalesces a client's `getItem` calls into BatchGetItem requests (the `autoBatchGets` option): calls to
 * one table with the same read options, subscribed within one window, share batches of up to `maxKeys`
 * distinct keys. Each key is checked against the table's key schema before it joins, so a bad key fails
 * its own call only. @internal
 */
export class GetBatcher {
  /** Open batches by group key. */
  readonly #open = new Map<string, GetBatch>();
  /**
   * Batches that went because they were full, by group key, until the synchronous run that sent them ends: a
   * later call of that run for one of their keys joins them. No answer can come within the run, so the read
   * is as fresh as its own would be (consistent reads too).
   */
  readonly #sentThisRun = new Map<string, GetBatch[]>();
  #endOfRun: Subscription | undefined;
  readonly #inCallerContext: MonoTypeOperatorFunction<unknown>;

  constructor(
    private readonly context: BatchContext,
    private readonly settings: AutoBatchSettings,
    tracing: boolean,
  ) {
    this.#inCallerContext = inSubscriberContext(tracing);
  }

  /**
   * `getItem` of a client with `autoBatchGets`: emits the item with this key, or `undefined`, read in a
   * batch unless the call asks for its own consumed capacity or uses the legacy `attributesToGet` (then
   * alone, as GetItem). The input is checked at subscribe either way.
   */
  getItem<T>(table: string, key: Key, options?: GetItemOptions): Observable<T | undefined> {
    return defer(() => {
      const request = getItemRequest(table, key, options);
      const alone = (request.ReturnConsumedCapacity !== undefined && request.ReturnConsumedCapacity !== 'NONE') || request.AttributesToGet !== undefined;
      return alone ? sendGetItem<T>(this.context.send, request) : this.#batched<T>(request, key);
    });
  }

  /** Emits the item of a checked GetItem request, or `undefined`, read in a batch. */
  #batched<T>(request: GetItemRequest, key: Key): Observable<T | undefined> {
    const table = request.TableName;
    return new Observable<unknown>((subscriber) => {
      const waiter: Waiter = { subscriber, key, scope: currentTags() };
      let joined: { batch: GetBatch; id: string } | undefined;
      subscriber.add(
        this.context.schemas.get(table).subscribe({
          next: (schema) => {
            let wire: AttributeMap;
            try {
              wire = checkedKey(schema, request.Key, 'key', true);
              checkKeySize(schema, wire, 'key');
            } catch (error) {
              subscriber.error(error);
              return;
            }
            const id = keyId(table, wire);
            const group = groupKey(request);
            const batch = this.#sentThisRun.get(group)?.find((sent) => sent.canJoin(id, waiter.scope)) ?? this.#batchFor(schema, request, group);
            if (!batch) {
              subscriber.add(sendGetItem(this.context.send, request).subscribe(subscriber));
              return;
            }
            batch.add(id, wire, waiter);
            joined = { batch, id };
            if (!batch.sent && batch.size >= this.settings.maxKeys) this.#sendFull(group, batch);
          },
          error: (error: unknown) => subscriber.error(error),
        }),
      );
      return () => joined?.batch.remove(joined.id, waiter);
    }).pipe(this.#inCallerContext) as Observable<T | undefined>;
  }

  /** Sends a batch that holds `maxKeys` keys, keeping it joinable until the end of this synchronous run. */
  #sendFull(group: string, batch: GetBatch): void {
    batch.send();
    const sent = this.#sentThisRun.get(group);
    if (sent) sent.push(batch);
    else this.#sentThisRun.set(group, [batch]);
    this.#endOfRun ??= asapScheduler.schedule(() => {
      this.#endOfRun = undefined;
      this.#sentThisRun.clear();
    });
  }

  /** The open batch of the request's group (`key`), opened when there is none; undefined when the group cannot batch. */
  #batchFor(schema: KeySchema, request: GetItemRequest, key: string): GetBatch | undefined {
    const open = this.#open.get(key);
    if (open) return open;
    const group = readGroup(schema, request);
    if (!group) return undefined;
    const batch: GetBatch = new GetBatch(group, this.context, this.settings, () => {
      if (this.#open.get(key) === batch) this.#open.delete(key);
    });
    this.#open.set(key, batch);
    return batch;
  }
}
