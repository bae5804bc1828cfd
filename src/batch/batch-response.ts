import type { WireResponse } from '../http/types.js';
import { MalformedResponseError } from '../errors/client-errors.js';
import type { AttributeMap } from '../marshall/types.js';
import { groupByTable, type BatchUnit } from './batch-plan.js';
import { isRecord } from '../util/is-record.js';

/** `value` as an attribute map, or a MalformedResponseError saying `what` it should have been. @internal */
export function wireMap(value: unknown, action: string, what: string): AttributeMap {
  if (!isRecord(value)) throw new MalformedResponseError(`${action} response: ${what} is not an attribute map`, { action });
  return value as AttributeMap;
}

/** `value` as a list, or a MalformedResponseError. @internal */
export function wireList(value: unknown, action: string, what: string): unknown[] {
  if (!Array.isArray(value)) throw new MalformedResponseError(`${action} response: ${what} is not a list`, { action });
  return value;
}

/** The `[table, entry]` pairs under a batch response's `field` (`Responses`, `UnprocessedKeys`, ...); none when absent. @internal */
export function tablesIn(response: WireResponse, field: string, action: string): [string, unknown][] {
  const tables = response[field];
  if (tables === undefined) return [];
  if (!isRecord(tables)) throw new MalformedResponseError(`${action} response: ${field} is not a map of tables`, { action });
  return Object.entries(tables);
}

/** The units' native values grouped by table, in order, as a request object. @internal */
export function nativesByTable<N>(units: readonly BatchUnit<N>[]): Record<string, N[]> {
  // fromEntries defines own properties, so even a table named `__proto__` stays a table.
  return Object.fromEntries(groupByTable(units, (unit) => unit.native));
}
