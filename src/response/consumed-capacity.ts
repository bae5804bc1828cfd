import { malformed, member, readList, readMap, readNumber, readString, type ResponseOrigin } from './read.js';

/** Capacity units consumed on one table or index. */
export interface Capacity {
  /** Read and write units together. */
  capacityUnits?: number;
  readCapacityUnits?: number;
  writeCapacityUnits?: number;
}

/**
 * The capacity one response consumed on one table (DynamoDB's `ConsumedCapacity`, camelCase), when the
 * call asked for it with `returnConsumedCapacity`: `TOTAL` gives the totals, `INDEXES` adds the split by
 * table and index.
 * @example { tableName: 'Orders', capacityUnits: 1.5, readCapacityUnits: 1.5 }
 */
export interface ConsumedCapacity extends Capacity {
  /** The table (its ARN when the request named it by ARN). */
  tableName: string;
  /** Read and write units together, indexes included. */
  capacityUnits: number;
  /** Units consumed on the table itself (`INDEXES`). */
  table?: Capacity;
  /** Units per local secondary index (`INDEXES`). */
  localSecondaryIndexes?: Record<string, Capacity>;
  /** Units per global secondary index (`INDEXES`). */
  globalSecondaryIndexes?: Record<string, Capacity>;
}

const UNITS = [
  ['CapacityUnits', 'capacityUnits'],
  ['ReadCapacityUnits', 'readCapacityUnits'],
  ['WriteCapacityUnits', 'writeCapacityUnits'],
] as const;

/**
 * More capacity units than any one response can report for one table or index, by far: the costliest
 * real requests are a 100-item TransactWriteItems of 400 KB items (2 x 400 write units each on the table,
 * and up to 2 x 2 x 400 on each of 20 global and 5 local secondary indexes whose entry moves: about 4
 * million units), a 25-write BatchWriteItem (about 500,000) and a 1 MB Query or Scan page (256 read units,
 * more with a local index's fetches, still far below). A figure beyond this is no consumed capacity but a
 * malformed response: charged, it would put a budget in a debt it waits out for years, or, near 1e308,
 * one that the refill can never reduce (each refill rounds away against it).
 */
const MAX_CONSUMED_UNITS = 100_000_000;

/**
 * `value` as consumed capacity units: a finite number from 0 to {@link MAX_CONSUMED_UNITS}. Anything
 * else is a `MalformedResponseError`, so that every reader of consumed capacity (a budget,
 * `BatchWriteProgress.consumedUnits`, measurements, results) sees the same numbers, none less than nothing.
 */
function readCapacityUnits(value: unknown, origin: ResponseOrigin, path: string): number {
  const units = readNumber(value, origin, path);
  if (units < 0) throw malformed(origin, path, `${units} capacity units: DynamoDB never consumes less than nothing`);
  if (units > MAX_CONSUMED_UNITS) throw malformed(origin, path, `${units} capacity units: more than any request can consume (at most ${MAX_CONSUMED_UNITS} here)`);
  return units;
}

/** Copies the unit counts `wire` holds into `capacity`. */
function readUnits(wire: Record<string, unknown>, capacity: Capacity, origin: ResponseOrigin, path: string): void {
  for (const [wireName, name] of UNITS) {
    if (wire[wireName] !== undefined) capacity[name] = readCapacityUnits(wire[wireName], origin, `${path}.${wireName}`);
  }
}

function readCapacity(value: unknown, origin: ResponseOrigin, path: string): Capacity {
  const capacity: Capacity = {};
  readUnits(readMap(value, origin, path), capacity, origin, path);
  return capacity;
}

function readIndexes(value: unknown, origin: ResponseOrigin, path: string): Record<string, Capacity> {
  // fromEntries defines own properties, so even an index named `__proto__` stays an index.
  return Object.fromEntries(Object.entries(readMap(value, origin, path)).map(([index, units]) => [index, readCapacity(units, origin, member(path, index))]));
}

/** One wire `ConsumedCapacity` entry, camelCase. @internal */
export function readConsumedCapacity(value: unknown, origin: ResponseOrigin, path: string): ConsumedCapacity {
  const wire = readMap(value, origin, path);
  const capacity: ConsumedCapacity = {
    tableName: readString(wire['TableName'], origin, `${path}.TableName`),
    capacityUnits: readCapacityUnits(wire['CapacityUnits'], origin, `${path}.CapacityUnits`),
  };
  readUnits(wire, capacity, origin, path);
  if (wire['Table'] !== undefined) capacity.table = readCapacity(wire['Table'], origin, `${path}.Table`);
  if (wire['LocalSecondaryIndexes'] !== undefined) capacity.localSecondaryIndexes = readIndexes(wire['LocalSecondaryIndexes'], origin, `${path}.LocalSecondaryIndexes`);
  if (wire['GlobalSecondaryIndexes'] !== undefined) capacity.globalSecondaryIndexes = readIndexes(wire['GlobalSecondaryIndexes'], origin, `${path}.GlobalSecondaryIndexes`);
  return capacity;
}

/**
 * The response's `ConsumedCapacity`, one entry per table: a list for batches and transactions, a single
 * entry for the other calls; `undefined` when absent. @internal
 */
export function readConsumedCapacities(body: Record<string, unknown>, origin: ResponseOrigin): ConsumedCapacity[] | undefined {
  const value = body['ConsumedCapacity'];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return [readConsumedCapacity(value, origin, 'ConsumedCapacity')];
  return readList(value, origin, 'ConsumedCapacity').map((entry, index) => readConsumedCapacity(entry, origin, `ConsumedCapacity[${index}]`));
}
