import { defer, from, mergeMap, type Observable } from 'rxjs';
import { InvalidParameterError } from '../errors/client-errors.js';
import type { AttributeMap, Key } from '../marshall/types.js';
import { unmarshall } from '../marshall/unmarshall.js';
import type { BatchPlan, BatchUnit } from './batch-plan.js';
import { runBatches } from './batch-runner.js';
import type { BatchContext } from './batch-context.js';
import { nativesByTable, tablesIn, wireList, wireMap } from './batch-response.js';
import { keyId } from '../input/key-identity.js';
import { key } from '../input/attributes.js';
import { flag, type Converter } from '../input/reader.js';
import { optional, required, wireOptions } from '../input/shape.js';
import { expression, expressionAttributeNames } from '../operations/option-fields.js';
import type { ExpressionAttributeNames, Item } from '../operations/types.js';
import { plainObject, tableName } from '../input/validate.js';
import { kindOf } from '../util/kind-of.js';

/** The keys to read from one table, and how to read them. */
export interface BatchGetTableRequest {
  /** Primary keys of the items to read, any number; a key given twice is read once. */
  keys: readonly Key[];
  consistentRead?: boolean;
  projectionExpression?: string;
  expressionAttributeNames?: ExpressionAttributeNames;
}

/** Keys to read per table: `{ Users: { keys: [{ id: 'u1' }, { id: 'u2' }] } }`. */
export type BatchGetRequest = Readonly<Record<string, BatchGetTableRequest>>;

const keyList: Converter<readonly Key[], AttributeMap[]> = (value, path) => {
  if (!Array.isArray(value)) throw new InvalidParameterError(path, `must be an array of keys, got ${kindOf(value)}`);
  return value.map((entry, index) => key(entry, `${path}[${index}]`));
};

const readTableRequest = wireOptions<BatchGetTableRequest>({
  keys: required(keyList, 'is required: an array of keys'),
  consistentRead: optional(flag),
  projectionExpression: expression,
  expressionAttributeNames,
});

/** One table of a checked request: its wire options (without keys) and the caller's. */
interface TableOptions {
  wire: Record<string, unknown>;
  native: Omit<BatchGetTableRequest, 'keys'>;
}

/** How BatchGetItem requests are built and read. */
function readPlan<T>(tables: ReadonlyMap<string, TableOptions>): BatchPlan<Key, BatchGetRequest, T> {
  const action = 'BatchGetItem';
  return {
    action,
    noun: 'keys',
    verb: 'read',
    maxUnits: 100,
    // 100 keys stay far below 16 MB; large answers come back as UnprocessedKeys.
    maxBytes: Infinity,
    body: (groups) => ({ RequestItems: Object.fromEntries([...groups].map(([table, keys]) => [table, { ...tables.get(table)?.wire, Keys: keys }])) }),
    read: (response) => ({
      unprocessed: tablesIn(response, 'UnprocessedKeys', action).flatMap(([table, entry]) =>
        wireList(wireMap(entry, action, `UnprocessedKeys.${table}`)['Keys'], action, `UnprocessedKeys.${table}.Keys`).map((wire) =>
          keyId(table, wireMap(wire, action, `a key of UnprocessedKeys.${table}`)),
        ),
      ),
      found: tablesIn(response, 'Responses', action).flatMap(([table, items]) =>
        wireList(items, action, `Responses.${table}`).map((item) => unmarshall<T>(wireMap(item, action, `an item of Responses.${table}`))),
      ),
    }),
    report: (units) => {
      const keys = Object.entries(nativesByTable(units));
      return Object.fromEntries(keys.map(([table, list]) => [table, { ...tables.get(table)?.native, keys: list }]));
    },
  };
}

/** Checks and marshals a request, dropping repeated keys: its units in order, and its plan. */
function prepareBatchGet<T>(request: BatchGetRequest): { units: BatchUnit<Key>[]; plan: BatchPlan<Key, BatchGetRequest, T> } {
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
  return { units, plan: readPlan<T>(tables) };
}

/**
 * Reads every key of `request` and emits each item found (a missing key emits nothing); completes once
 * every key was read. Keys go in requests of up to 100, concurrently; keys DynamoDB returns unprocessed
 * are read again in later requests after a backoff.
 */
export function batchGetItem<T = Item>(context: BatchContext, request: BatchGetRequest): Observable<T> {
  return defer(() => {
    const { units, plan } = prepareBatchGet<T>(request);
    return runBatches(from(units), plan, context);
  }).pipe(mergeMap(({ found }) => found));
}
