import type { NativeValue } from '../marshall/types.js';
import { malformed, member, readItem, readList, readMap, readNumber, type ResponseOrigin } from './read.js';

/**
 * The size of one item collection (the items sharing a partition key value, on a table with local
 * secondary indexes), when a write asked for it with `returnItemCollectionMetrics: 'SIZE'`.
 */
export interface ItemCollectionMetrics {
  /** The partition key value of the collection (native). */
  itemCollectionKey: Record<string, NativeValue>;
  /** Lower and upper estimate of the collection's size, in GB. */
  sizeEstimateRangeGB: [number, number];
}

/** One wire `ItemCollectionMetrics` entry, camelCase with a native key. @internal */
export function readItemCollectionMetrics(value: unknown, origin: ResponseOrigin, path: string): ItemCollectionMetrics {
  const wire = readMap(value, origin, path);
  const range = readList(wire['SizeEstimateRangeGB'], origin, `${path}.SizeEstimateRangeGB`);
  if (range.length !== 2) throw malformed(origin, `${path}.SizeEstimateRangeGB`, `must hold a lower and an upper estimate, got ${range.length} numbers`);
  return {
    itemCollectionKey: readItem(wire['ItemCollectionKey'], origin, `${path}.ItemCollectionKey`),
    sizeEstimateRangeGB: [readNumber(range[0], origin, `${path}.SizeEstimateRangeGB[0]`), readNumber(range[1], origin, `${path}.SizeEstimateRangeGB[1]`)],
  };
}

/** Actions whose `ItemCollectionMetrics` is one entry (the others send lists per table). */
const SINGLE_ITEM_WRITES: ReadonlySet<string> = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

/**
 * The response's `ItemCollectionMetrics` per table: batches and transactions send them per table, a
 * single-item write sends one entry, filed under `table`; `undefined` when absent. @internal
 */
export function readItemCollectionMetricsByTable(body: Record<string, unknown>, origin: ResponseOrigin, table: string | undefined): Record<string, ItemCollectionMetrics[]> | undefined {
  const value = body['ItemCollectionMetrics'];
  if (value === undefined) return undefined;
  if (SINGLE_ITEM_WRITES.has(origin.action)) return { [table ?? '']: [readItemCollectionMetrics(value, origin, 'ItemCollectionMetrics')] };
  return Object.fromEntries(
    Object.entries(readMap(value, origin, 'ItemCollectionMetrics')).map(([name, list]) => {
      const path = member('ItemCollectionMetrics', name);
      return [name, readList(list, origin, path).map((entry, index) => readItemCollectionMetrics(entry, origin, `${path}[${index}]`))];
    }),
  );
}
