import { randomBytes } from 'node:crypto';
import { asyncScheduler, catchError, defer, map, mergeMap, of, reduce, throwError, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import { ConfigError } from '../errors/client-errors.js';
import { ConditionalCheckFailedException } from '../errors/service-errors.js';
import type { Key, NativeValue } from '../marshall/types.js';
import { deleteItem } from '../operations/delete-item.js';
import { getItem } from '../operations/get-item.js';
import { putItem } from '../operations/put-item.js';
import { query } from '../operations/query.js';
import type { Item } from '../operations/types.js';
import { updateItem } from '../operations/update-item.js';
import { kindOf } from '../util/kind-of.js';
import { ensureLeaseTable, GROUP, KEY } from './lease-table.js';

/** A unit of work's lease as the lease table holds it. @internal */
export interface UnitRecord {
  readonly key: string;
  /** The worker holding it; undefined while it is free. */
  readonly owner: string | undefined;
  /** Raised by every write: the fence that makes a worker's write fail once another took the lease. */
  readonly counter: number;
  readonly done: boolean;
  /** Where the unit's work stands (a scan segment's last `lastEvaluatedKey`); undefined before any. */
  readonly checkpoint: NativeValue | undefined;
  /** The units that must be done before this one is taken (a shard's parent). */
  readonly parents: readonly string[];
  /** The whole item, for what the user of the leases stores beside them (a scan's `totalSegments`). */
  readonly item: Item;
}

/** A worker's heartbeat as the lease table holds it. @internal */
export interface WorkerRecord {
  readonly workerId: string;
  /** Raised by every heartbeat. */
  readonly heartbeat: number;
  /** The lease duration the worker runs with: others judge its heartbeat by it. */
  readonly leaseDurationMs: number | undefined;
}

/** Everything the lease table holds about one group: its units' leases and its workers' heartbeats. @internal */
export interface GroupSnapshot {
  readonly units: ReadonlyMap<string, UnitRecord>;
  readonly workers: ReadonlyMap<string, WorkerRecord>;
}

/** What a conditional write on a lease led to: the lease's counter after it, or `'lost'` (another worker holds it). @internal */
export type WriteOutcome = number | 'lost';

/**
 * The lease table's operations for one worker in one group, each a cold Observable of one value. Every
 * write to a unit is conditional on the counter the worker last saw, so that one worker at a time can
 * write it; a write refused by its condition is read back, since the refusal may be of a retry of a
 * write that landed (its response lost): that counts as done. @internal
 */
export interface LeaseStore {
  readonly workerId: string;
  /** Creates the lease table when missing and waits until it is ACTIVE. */
  ready(): Observable<void>;
  /** Reads the whole group (strongly consistent). */
  read(): Observable<GroupSnapshot>;
  /**
   * Raises this worker's heartbeat, creating its item when `create`; otherwise only if the item is still
   * there: emits false when it is gone (deleted as the worker left, or by others that saw it stopped),
   * so that a heartbeat that lands late never brings back a worker that left. Fails with a `ConfigError`
   * when another worker with this workerId wrote the item since this one's previous heartbeat.
   */
  heartbeat(create: boolean): Observable<boolean>;
  /** Takes `key` for this worker: as it was in `from`, or never written when `from` is undefined. */
  take(key: string, from: UnitRecord | undefined, parents: readonly string[]): Observable<WriteOutcome>;
  /** Stores `checkpoint` (with `done`, hands the lease back as finished). */
  checkpoint(key: string, counter: number, checkpoint: NativeValue | undefined, done: boolean): Observable<WriteOutcome>;
  /** Hands the lease back: no owner, so that the next worker takes it at once. */
  release(key: string, counter: number): Observable<WriteOutcome>;
  /**
   * Deletes a worker's heartbeat: of a worker that stopped, if it is still at `heartbeat`; this worker's
   * own as it leaves, if it is still this instance's (a worker started since with the same workerId, as
   * after a restart, keeps its heartbeat: without it, others would count its leases free).
   */
  forgetWorker(workerId: string, heartbeat?: number): Observable<void>;
}

/** The prefix of a worker's heartbeat item's key: `worker#<workerId>`. @internal */
export const WORKER_PREFIX = 'worker#';

/** What a store is built from. @internal */
export interface LeaseStoreInit {
  readonly send: Send;
  readonly table: string;
  /** The partition key value: what is shared. */
  readonly group: string;
  readonly workerId: string;
  readonly leaseDurationMs: number;
  /** Attributes written on each unit item when it is first taken (a scan's `totalSegments`). */
  readonly unitAttributes?: Item | undefined;
  /** Where the lease table is named in the caller's options, for errors. */
  readonly path: string;
  /** What a unit's checkpoint is (a scan's `lastEvaluatedKey`, a shard's sequence number): one of another shape is refused as it is read. */
  readonly checkpoint: CheckpointShape;
}

/** The shape of the checkpoints a group's workers store, checked as the group is read. @internal */
export interface CheckpointShape {
  /** What it is, for errors: `a sequence number (a string)`. */
  readonly description: string;
  /** Whether `value`, as read from a lease item, is such a checkpoint. */
  readonly accepts: (value: NativeValue) => boolean;
}

/** The lease store on a DynamoDB table, through the client's own calls (retried, counted, measured). @internal */
export function dynamoLeaseStore(init: LeaseStoreInit): LeaseStore {
  const { send, table, group, workerId, leaseDurationMs } = init;
  const unitKey = (key: string): Key => ({ [GROUP]: group, [KEY]: key });
  const now = () => new Date(asyncScheduler.now()).toISOString();
  const names = { '#owner': 'leaseOwner', '#counter': 'leaseCounter' };
  /** This worker's instance, written with each heartbeat: another one writing under the same workerId shows. */
  const instance = randomBytes(6).toString('base64url');

  /** Sends a conditional write; a refusal reads the item back and asks `landed` whether it shows this write. */
  const conditional = (write: Observable<unknown>, key: string, landed: (item: Item | undefined) => boolean, counter: number): Observable<WriteOutcome> =>
    write.pipe(
      map(() => counter),
      catchError((error: unknown) => {
        if (!ConditionalCheckFailedException.is(error)) return throwError(() => error);
        return getItem(send, table, unitKey(key), { consistentRead: true }).pipe(map((item): WriteOutcome => (landed(item) ? counter : 'lost')));
      }),
    );
  const ownedAt = (counter: number) => (item: Item | undefined) => item?.['leaseOwner'] === workerId && item['leaseCounter'] === counter;

  return {
    workerId,
    ready: () => ensureLeaseTable(send, table, init.path),
    read: () =>
      query<Item>(send, table, { keyConditionExpression: '#g = :g', expressionAttributeNames: { '#g': GROUP }, expressionAttributeValues: { ':g': group }, consistentRead: true }).pipe(
        reduce((snapshot, page) => {
          for (const item of page.items) addToSnapshot(snapshot, item, { table, group, checkpoint: init.checkpoint });
          return snapshot;
        }, emptySnapshot()),
      ),
    heartbeat: (create) =>
      updateItem(send, table, { [GROUP]: group, [KEY]: WORKER_PREFIX + workerId }, {
        updateExpression: 'ADD heartbeat :one SET leaseDurationMs = :duration, renewedAt = :now, workerInstance = :instance',
        expressionAttributeValues: { ':one': 1, ':duration': leaseDurationMs, ':now': now(), ':instance': instance },
        returnValues: 'UPDATED_OLD',
        ...(create ? {} : { conditionExpression: 'attribute_exists(#k)', expressionAttributeNames: { '#k': KEY } }),
      }).pipe(
        map((old) => {
          // The item was this worker's since its last heartbeat: another instance wrote it in between.
          const other = old?.['workerInstance'];
          if (!create && other !== undefined && other !== instance) throw twinWorker(table, group, workerId);
          return true;
        }),
        catchError((error: unknown) => (ConditionalCheckFailedException.is(error) ? of(false) : throwError(() => error))),
      ),
    take: (key, from, parents) => {
      if (from === undefined) {
        const item = { ...init.unitAttributes, [GROUP]: group, [KEY]: key, leaseOwner: workerId, leaseCounter: 1, done: false, parentKeys: [...parents], updatedAt: now() };
        return conditional(putItem(send, table, item, { conditionExpression: 'attribute_not_exists(#k)', expressionAttributeNames: { '#k': KEY } }), key, ownedAt(1), 1);
      }
      const write = updateItem(send, table, unitKey(key), {
        updateExpression: 'SET #owner = :me, #counter = :next, updatedAt = :now',
        conditionExpression: '#counter = :counter',
        expressionAttributeNames: names,
        expressionAttributeValues: { ':me': workerId, ':counter': from.counter, ':next': from.counter + 1, ':now': now() },
      });
      return conditional(write, key, ownedAt(from.counter + 1), from.counter + 1);
    },
    checkpoint: (key, counter, checkpoint, done) => {
      const values: Item = { ':me': workerId, ':counter': counter, ':next': counter + 1, ':now': now(), ':done': done };
      const set = ['#counter = :next', 'updatedAt = :now', 'done = :done'];
      const remove = done ? ['#owner'] : [];
      if (checkpoint === undefined) remove.push('checkpoint');
      else {
        set.push('checkpoint = :checkpoint');
        values[':checkpoint'] = checkpoint;
      }
      const write = updateItem(send, table, unitKey(key), {
        updateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
        conditionExpression: '#owner = :me AND #counter = :counter',
        expressionAttributeNames: names,
        expressionAttributeValues: values,
      });
      const landed = done ? (item: Item | undefined) => item?.['done'] === true && item['leaseCounter'] === counter + 1 : ownedAt(counter + 1);
      return conditional(write, key, landed, counter + 1);
    },
    release: (key, counter) => {
      const write = updateItem(send, table, unitKey(key), {
        updateExpression: 'SET #counter = :next, updatedAt = :now REMOVE #owner',
        conditionExpression: '#owner = :me AND #counter = :counter',
        expressionAttributeNames: names,
        expressionAttributeValues: { ':me': workerId, ':counter': counter, ':next': counter + 1, ':now': now() },
      });
      return conditional(write, key, (item) => item?.['leaseOwner'] === undefined && item?.['leaseCounter'] === counter + 1, counter + 1);
    },
    forgetWorker: (id, heartbeat) =>
      defer(() =>
        deleteItem(
          send,
          table,
          { [GROUP]: group, [KEY]: WORKER_PREFIX + id },
          heartbeat === undefined
            ? { conditionExpression: 'workerInstance = :instance', expressionAttributeValues: { ':instance': instance } }
            : { conditionExpression: 'heartbeat = :h', expressionAttributeValues: { ':h': heartbeat } },
        ),
      ).pipe(
        catchError((error: unknown) => (ConditionalCheckFailedException.is(error) ? of(undefined) : throwError(() => error))),
        mergeMap(() => []),
      ),
  };
}

/**
 * Two workers run with one workerId: each would count the other's leases as its own (a refused take read
 * back as landed), and both would deliver the same pages.
 */
function twinWorker(table: string, group: string, workerId: string): ConfigError {
  return new ConfigError(
    `lease table ${table}, ${GROUP} "${group}": another worker runs with workerId "${workerId}" (it wrote this worker's heartbeat in between): ` +
      'give each worker its own workerId, or leave it out for one of host, process and random characters',
  );
}

function emptySnapshot(): { units: Map<string, UnitRecord>; workers: Map<string, WorkerRecord> } {
  return { units: new Map(), workers: new Map() };
}

/** Where an item of the group was read, and what its checkpoints are: for {@link addToSnapshot}'s checks. */
interface ItemContext {
  readonly table: string;
  readonly group: string;
  readonly checkpoint: CheckpointShape;
}

/**
 * Adds one item of the group to a snapshot: a worker's heartbeat, or a unit's lease. An item whose lease
 * attributes are not what the workers write (by hand, or by another program) is a `ConfigError` naming
 * it: read as it is, a counter that is not a number would fail every take's condition, and the worker
 * would take, read back and read again without end; an unreadable checkpoint would restart its unit.
 */
function addToSnapshot(snapshot: { units: Map<string, UnitRecord>; workers: Map<string, WorkerRecord> }, item: Item, context: ItemContext): void {
  const key = String(item[KEY]);
  const check = (attribute: string, expected: string, fits: (value: NativeValue) => boolean, optional: boolean): void => {
    const value = item[attribute];
    if (value === undefined ? optional : fits(value)) return;
    throw new ConfigError(
      `lease table ${context.table}, item ${GROUP} "${context.group}", ${KEY} "${key}": its ${attribute} is ${value === undefined ? 'missing' : kindOf(value)}, ` +
        `where the workers write ${expected}: it was not written by them. Delete the item, or name another lease table`,
    );
  };
  const counter = (value: NativeValue) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
  if (key.startsWith(WORKER_PREFIX)) {
    check('heartbeat', 'a whole number', counter, false);
    check('leaseDurationMs', 'a whole number of ms', (value) => typeof value === 'number' && Number.isSafeInteger(value) && value > 0, true);
    const workerId = key.slice(WORKER_PREFIX.length);
    const duration = item['leaseDurationMs'] as number | undefined;
    snapshot.workers.set(workerId, { workerId, heartbeat: item['heartbeat'] as number, leaseDurationMs: duration });
    return;
  }
  check('leaseCounter', 'a whole number', counter, false);
  check('leaseOwner', 'a worker id (a string)', (value) => typeof value === 'string', true);
  check('done', 'true or false', (value) => typeof value === 'boolean', true);
  check('parentKeys', 'a list of lease keys (strings)', (value) => Array.isArray(value) && value.every((parent) => typeof parent === 'string'), true);
  check('checkpoint', context.checkpoint.description, context.checkpoint.accepts, true);
  snapshot.units.set(key, {
    key,
    owner: item['leaseOwner'] as string | undefined,
    counter: item['leaseCounter'] as number,
    done: item['done'] === true,
    checkpoint: item['checkpoint'],
    parents: (item['parentKeys'] as string[] | undefined) ?? [],
    item,
  });
}
