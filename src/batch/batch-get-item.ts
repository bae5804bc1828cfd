import { defer, from, mergeMap, switchMap, type Observable } from 'rxjs';
import { InvalidParameterError } from '../errors/client-errors.js';
import type { AttributeMap, Key } from '../marshall/types.js';
import type { ResponseReader } from '../call/send.js';
import { readConsumedCapacities, type ConsumedCapacity } from '../response/consumed-capacity.js';
import { malformed, member, readItems, readKey, readList, readMap } from '../response/read.js';
import type { BatchAnswer, BatchPlan, BatchUnit } from './batch-plan.js';
import { runBatches } from './batch-runner.js';
import type { BatchContext } from './batch-context.js';
import { nativesByTable, tablesIn } from './batch-response.js';
import { keyId } from '../input/key-identity.js';
import { key } from '../input/attributes.js';
import { flag, type Converter } from '../input/reader.js';
import type { WithCapacity } from '../capacity/capacity-option.js';
import { batchPacing, type BatchPacing, type ElementCost } from './batch-pacer.js';
import { optional, required, wireOptions } from '../input/shape.js';
import { expression, expressionAttributeNames, returnConsumedCapacity } from '../operations/option-fields.js';
import type { ExpressionAttributeNames, Item, ReturnConsumedCapacity } from '../operations/types.js';
import { plainObject, tableName } from '../input/validate.js';
import { kindOf } from '../util/kind-of.js';

/** The keys to read from one table, and how to read them. */
export interface BatchGetTableRequest {
  /** Primary keys of the items to read, any number; a key given twice is read once. */
  keys: readonly Key[];
  consistentRead?: boolean | undefined;
  projectionExpression?: string | undefined;
  expressionAttributeNames?: ExpressionAttributeNames | undefined;
}

/** Keys to read per table: `{ Users: { keys: [{ id: 'u1' }, { id: 'u2' }] } }`. */
export type BatchGetRequest = Readonly<Record<string, BatchGetTableRequest>>;

/** Options of `batchGetItem` that apply to the whole call; `capacity` paces it in read units. */
export interface BatchGetOptions extends WithCapacity {
  /** `TOTAL` or `INDEXES` puts on each emitted group what its response consumed on its table. */
  returnConsumedCapacity?: ReturnConsumedCapacity | undefined;
}

/**
 * What `batchGetItem` emits: the items one BatchGetItem response returned from one table (a page-like
 * group: `items()` flattens a stream of them). A key not found emits nothing.
 */
export interface BatchGetGroup<T = Item, N extends string = string> {
  /** The table these items come from, as the request names it. */
  table: N;
  items: T[];
  /** What the response consumed on this table, when `returnConsumedCapacity` asked for it. */
  consumedCapacity?: ConsumedCapacity;
}

declare const itemTypes: unique symbol;

/**
 * Names the item type of each table read by one `batchGetItem` call; the call then emits groups
 * discriminated on `table`, and refuses to compile a table not named here.
 * @example
 * db.batchGetItem<ByTable<{ Users: User; Orders: Order }>>({ Users: { keys }, Orders: { keys: orderKeys } })
 *   .subscribe((group) => (group.table === 'Users' ? showUsers(group.items) : showOrders(group.items)));
 */
export interface ByTable<M extends object> {
  readonly [itemTypes]: M;
}

/** What `batchGetItem<T>` emits: a {@link BatchGetGroup} of `T`, or, for `T` = {@link ByTable}, a union discriminated on `table`. */
export type BatchGetEmission<T> = [T] extends [ByTable<infer M>] ? { [N in keyof M & string]: BatchGetGroup<M[N], N> }[keyof M & string] : BatchGetGroup<T>;

/** What `batchGetItem<T>` takes: any tables, or, for `T` = {@link ByTable}, the tables it names. */
export type BatchGetRequestFor<T> = [T] extends [ByTable<infer M>] ? { readonly [N in keyof M & string]?: BatchGetTableRequest } : BatchGetRequest;

const keyList: Converter<readonly Key[], AttributeMap[]> = (value, path) => {
  if (!Array.isArray(value)) throw new InvalidParameterError(path, `must be an array of keys, got ${kindOf(value)}`);
  return Array.from(value, (entry: unknown, index) => key(entry, `${path}[${index}]`));
};

const readTableRequest = wireOptions<BatchGetTableRequest>({
  keys: required(keyList, 'is required: an array of keys'),
  consistentRead: optional(flag),
  projectionExpression: expression,
  expressionAttributeNames,
});
const readBatchGetOptions = wireOptions<Omit<BatchGetOptions, 'capacity'>>({ returnConsumedCapacity });
/** A key read eventually consistent costs at least 0.5 read units; answers say how much more. */
const KEY_COST: ElementCost = { kind: 'read', initialUnitsPerElement: 0.5, unprocessedIsThrottling: false };

/** One table of a checked request: its wire options (without keys) and the caller's. @internal */
export interface TableOptions {
  wire: Record<string, unknown>;
  native: Omit<BatchGetTableRequest, 'keys'>;
}

/**
 * Reads a BatchGetItem response: unprocessed keys, and one group per table that returned items or (when
 * `reportsCapacity`) consumed capacity.
 */
function readAnswer<T>(tables: ReadonlyMap<string, TableOptions>, reportsCapacity: boolean): ResponseReader<BatchAnswer<BatchGetGroup<T>>> {
  return (body, origin) => {
    // An answer naming neither would read every key as missing without saying so (an empty body does).
    if (body['Responses'] === undefined && body['UnprocessedKeys'] === undefined) throw malformed(origin, 'Responses', 'is missing, and so is UnprocessedKeys');
    const unprocessed = tablesIn(body, 'UnprocessedKeys', origin).flatMap(([table, entry]) => {
      const path = member('UnprocessedKeys', table);
      const keys = readList(readMap(entry, origin, path)['Keys'], origin, `${path}.Keys`);
      return keys.map((wire, index) => keyId(table, readKey(wire, origin, `${path}.Keys[${index}]`).wire));
    });
    const groups = new Map<string, BatchGetGroup<T>>();
    const groupOf = (table: string, path: string): BatchGetGroup<T> => {
      if (!tables.has(table)) throw malformed(origin, path, 'names a table the call did not read');
      let group = groups.get(table);
      if (!group) groups.set(table, (group = { table, items: [] }));
      return group;
    };
    for (const [table, list] of tablesIn(body, 'Responses', origin)) {
      const path = member('Responses', table);
      groupOf(table, path).items = readItems<T>(list, origin, path);
    }
    const consumedCapacity = readConsumedCapacities(body, origin);
    consumedCapacity?.forEach((capacity, index) => {
      const group = groupOf(capacity.tableName, `ConsumedCapacity[${index}].TableName`);
      if (reportsCapacity) group.consumedCapacity = capacity;
    });
    const found = [...groups.values()].filter((group) => group.items.length > 0 || group.consumedCapacity !== undefined);
    return consumedCapacity === undefined ? { unprocessed, found } : { unprocessed, found, consumedCapacity };
  };
}

/**
 * How BatchGetItem requests of these tables are built and read, `options` going on every request; groups
 * carry consumed capacity when `reportsCapacity` (the caller asked for it). @internal
 */
export function readPlan<T>(tables: ReadonlyMap<string, TableOptions>, options: Record<string, unknown>, reportsCapacity = true): BatchPlan<Key, BatchGetRequest, BatchGetGroup<T>> {
  return {
    action: 'BatchGetItem',
    noun: 'keys',
    verb: 'read',
    maxUnits: 100,
    // 100 keys stay far below 16 MB; large answers come back as UnprocessedKeys.
    maxBytes: Infinity,
    body: (groups) => ({ ...options, RequestItems: Object.fromEntries([...groups].map(([table, keys]) => [table, { ...tables.get(table)?.wire, Keys: keys }])) }),
    read: readAnswer<T>(tables, reportsCapacity),
    reportsCapacity,
    report: (units) => {
      const keys = Object.entries(nativesByTable(units));
      return Object.fromEntries(keys.map(([table, list]) => [table, { ...tables.get(table)?.native, keys: list }]));
    },
  };
}

/** Checks and marshals a request, dropping repeated keys: its units in order, its plan and its pacer. */
function prepareBatchGet<T>(
  request: BatchGetRequest,
  options: BatchGetOptions | undefined,
): { units: BatchUnit<Key>[]; plan: BatchPlan<Key, BatchGetRequest, BatchGetGroup<T>>; pacing: BatchPacing; tables: string[] } {
  const units: BatchUnit<Key>[] = [];
  const seen = new Set<string>();
  const tables = new Map<string, TableOptions>();
  for (const [table, entry] of Object.entries(plainObject(request, 'request'))) {
    const parameter = `request.${table}`;
    tableName(table, parameter);
    const { Keys: wireKeys, ...wire } = readTableRequest(entry, parameter);
    const { keys, ...native } = entry as BatchGetTableRequest;
    (wireKeys as AttributeMap[]).forEach((wireKey, index) => {
      const id = keyId(table, wireKey);
      if (seen.has(id)) return;
      seen.add(id);
      units.push({ table, id, wire: wireKey, size: 0, native: keys[index]! });
    });
    tables.set(table, { wire, native });
  }
  const { capacity, ...wireOptions } = options === undefined ? {} : plainObject(options, 'options');
  const pacing = batchPacing(readBatchGetOptions(wireOptions, 'options'), capacity, 'options.capacity', KEY_COST);
  return { units, plan: readPlan<T>(tables, pacing.wire, pacing.reportsCapacity), pacing, tables: [...tables.keys()] };
}

/**
 * Reads every key of `request` and emits, per BatchGetItem response, one {@link BatchGetGroup} per table that
 * returned items (or consumed capacity); completes once every key was read. Keys go in requests of up to 100,
 * concurrently; keys DynamoDB returns unprocessed are read again in later requests after a backoff.
 */
export function batchGetItem<T = Item>(context: BatchContext, request: BatchGetRequest, options?: BatchGetOptions): Observable<BatchGetGroup<T>> {
  return defer(() => {
    const { units, plan, pacing, tables } = prepareBatchGet<T>(request, options);
    return pacing.pacer(context.send, tables).pipe(switchMap((pacer) => runBatches(from(units), plan, { ...context, pacer })));
  }).pipe(mergeMap(({ found }) => found));
}
