import type { WireResponse } from '../http/types.js';
import { readMap, type ResponseOrigin } from '../response/read.js';
import { groupByTable, type BatchUnit } from './batch-plan.js';

/** The `[table, entry]` pairs under a batch response's `field` (`Responses`, `UnprocessedKeys`, ...); none when absent. @internal */
export function tablesIn(body: WireResponse, field: string, origin: ResponseOrigin): [string, unknown][] {
  return body[field] === undefined ? [] : Object.entries(readMap(body[field], origin, field));
}

/** The units' native values grouped by table, in order, as a request object. @internal */
export function nativesByTable<N>(units: readonly BatchUnit<N>[]): Record<string, N[]> {
  // fromEntries defines own properties, so even a table named `__proto__` stays a table.
  return Object.fromEntries(groupByTable(units, (unit) => unit.native));
}
