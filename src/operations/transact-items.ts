import { InvalidParameterError } from '../errors/client-errors.js';
import type { AttributeMap } from '../marshall/types.js';
import { keyId } from '../input/key-identity.js';
import { kindOf } from '../util/kind-of.js';

/** Actions per TransactWriteItems or TransactGetItems call. */
const MAX_TRANSACT_ITEMS = 100;

/** Checks that `value` is an array of 1 to 100 entries, and returns it. @internal */
export function transactItems(value: unknown, parameter: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new InvalidParameterError(parameter, `must be an array of 1 to ${MAX_TRANSACT_ITEMS} actions, got ${kindOf(value)}`);
  if (value.length === 0 || value.length > MAX_TRANSACT_ITEMS) {
    throw new InvalidParameterError(parameter, `must hold 1 to ${MAX_TRANSACT_ITEMS} actions, got ${value.length}`);
  }
  return value;
}

/**
 * Remembers which items a transaction touches and refuses a second action on the same one, as
 * DynamoDB does (`1` and `NumberValue('1.0')` are one number). @internal
 */
export class DistinctItems {
  readonly #seen = new Map<string, string>();
  readonly #tables = new Set<string>();

  /**
   * Records the item `key` of `table` for the action at `parameter` (e.g. `items[2].delete`); throws,
   * naming its key, if an earlier action has it. A put passes no key: which of its attributes form
   * the key depends on the table's schema.
   */
  add(table: string, key: AttributeMap | undefined, parameter: string): void {
    this.#tables.add(table);
    if (key === undefined) return;
    const identity = keyId(table, key);
    const earlier = this.#seen.get(identity);
    if (earlier !== undefined) throw new InvalidParameterError(`${parameter}.key`, `names the same item as ${earlier}; a transaction may act on each item once`);
    this.#seen.set(identity, parameter);
  }

  /** The one table every recorded action is on, or `undefined` when they span several (for measurements). */
  singleTable(): string | undefined {
    return this.#tables.size === 1 ? this.#tables.values().next().value : undefined;
  }
}
