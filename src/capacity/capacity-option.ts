import { of, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import { InvalidParameterError } from '../errors/client-errors.js';
import type { Converter } from '../input/reader.js';
import { optional } from '../input/shape.js';
import { describeTable } from '../tables/tables.js';
import { kindOf } from '../util/kind-of.js';
import {
  budgetOfFraction,
  CapacityBudget,
  isCapacityBudget,
  readBudgetOptions,
  readFractionOptions,
  type CapacityBudgetOptions,
  type FractionOfProvisionedOptions,
} from './capacity-budget.js';
import type { ProvisionedUnitsOptions } from './provisioned-units.js';

/**
 * The `capacity` option: a budget of its own for the call (`{ unitsPerSecond }`), one of a share of the
 * table's provisioned capacity (`{ fractionOfProvisioned }`), or one shared with other calls.
 */
export type CapacityOption = CapacityBudgetOptions | FractionOfProvisionedOptions | CapacityBudget;

/** The `capacity` option read: a budget, or the share of provisioned capacity a budget is to be made of. @internal */
export type ReadCapacity = CapacityBudget | FractionOfProvisionedOptions;

/** Whose capacity a call's `fractionOfProvisioned` is a share of: its tables, the kind of units, its index. @internal */
export interface CapacityTarget {
  readonly send: Send;
  readonly tables: readonly string[];
  readonly kind: ProvisionedUnitsOptions['kind'];
  /** The call's own index (`indexName`), which a share without `index` counts. */
  readonly index?: string | undefined;
}

/** What a call that paces its requests by consumed capacity adds to its options: `capacity`. */
export interface WithCapacity {
  /**
   * Paces the call to this many capacity units per second (read units for reads, write units for writes),
   * as DynamoDB reports them consumed: `{ unitsPerSecond }` for a budget of the call's own (made anew at
   * each subscription); `{ fractionOfProvisioned: 0.5 }` for one of half the table's provisioned units
   * (read with DescribeTable at each subscription; the smallest table's for a batch over several); or a
   * {@link CapacityBudget} shared with other calls. The client then asks for
   * `ReturnConsumedCapacity` (at least `TOTAL`; the call still reports capacity only if you asked for it).
   */
  capacity?: CapacityOption | undefined;
}

/** Reads the `capacity` option: the budget given, a new one made of the units given, or the share to make one of. @internal */
export const readCapacity: Converter<CapacityOption, ReadCapacity> = (value, path) => {
  if (isCapacityBudget(value)) return value;
  if (value instanceof CapacityBudget) throw new InvalidParameterError(path, 'must be a CapacityBudget made with new CapacityBudget(...), got an object that only inherits from its prototype');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidParameterError(path, `must be { unitsPerSecond }, { fractionOfProvisioned } or a CapacityBudget, got ${kindOf(value)}`);
  }
  if ('fractionOfProvisioned' in value) return readFractionOptions(value, path);
  return new CapacityBudget(readBudgetOptions(value, path));
};

/** The budget a read `capacity` option stands for: at once, or once DescribeTable gave `target`'s capacity. @internal */
export function budgetFor(capacity: ReadCapacity, { send, tables, kind, index }: CapacityTarget): Observable<CapacityBudget> {
  if (isCapacityBudget(capacity)) return of(capacity);
  const describer = { describeTable: (table: string) => describeTable(send, table) };
  return budgetOfFraction(describer, tables, kind, { ...capacity, index: capacity.index ?? index });
}

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
