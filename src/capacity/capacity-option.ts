import { InvalidParameterError } from '../errors/client-errors.js';
import type { Converter } from '../input/reader.js';
import { optional } from '../input/shape.js';
import { kindOf } from '../util/kind-of.js';
import { CapacityBudget, isCapacityBudget, readBudgetOptions, type CapacityBudgetOptions } from './capacity-budget.js';

/** The `capacity` option: a budget of its own for the call (`{ unitsPerSecond }`), or one shared with other calls. */
export type CapacityOption = CapacityBudgetOptions | CapacityBudget;

/** What a call that paces its requests by consumed capacity adds to its options: `capacity`. */
export interface WithCapacity {
  /**
   * Paces the call to this many capacity units per second (read units for reads, write units for writes),
   * as DynamoDB reports them consumed: `{ unitsPerSecond }` for a budget of the call's own (made anew at
   * each subscription), or a {@link CapacityBudget} shared with other calls. The client then asks for
   * `ReturnConsumedCapacity` (at least `TOTAL`; the call still reports capacity only if you asked for it).
   */
  capacity?: CapacityOption | undefined;
}

/** Reads the `capacity` option: the budget given, or a new one made of the options given. @internal */
export const readCapacity: Converter<CapacityOption, CapacityBudget> = (value, path) => {
  if (isCapacityBudget(value)) return value;
  if (value instanceof CapacityBudget) throw new InvalidParameterError(path, 'must be a CapacityBudget made with new CapacityBudget(...), got an object that only inherits from its prototype');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidParameterError(path, `must be { unitsPerSecond } or a CapacityBudget, got ${kindOf(value)}`);
  }
  return new CapacityBudget(readBudgetOptions(value, path));
};

/** The `capacity` field of an option bag. @internal */
export const capacity = optional(readCapacity);

/** What a paced call asks DynamoDB to return: what the caller asked for, and at least the totals it charges. @internal */
export function returnConsumedCapacityFor(asked: unknown): 'TOTAL' | 'INDEXES' {
  return asked === 'INDEXES' ? 'INDEXES' : 'TOTAL';
}

/** Whether the caller asked for consumed capacity (and so gets it on results): `TOTAL` or `INDEXES`. @internal */
export function reportsCapacity(asked: unknown): boolean {
  return asked === 'TOTAL' || asked === 'INDEXES';
}
