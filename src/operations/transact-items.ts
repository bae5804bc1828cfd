import { randomUUID } from 'node:crypto';
import { InvalidParameterError } from '../errors/client-errors.js';
import type { AttributeMap } from '../marshall/types.js';
import { keyId } from '../input/key-identity.js';
import { nonEmptyText } from '../input/reader.js';
import { optional } from '../input/shape.js';
import { boundedList } from '../input/validate.js';

/** Actions (or statements) per TransactWriteItems, TransactGetItems or ExecuteTransaction call. @internal */
export const MAX_TRANSACT_ITEMS = 100;

/** Checks that `value` is an array of 1 to 100 entries, and returns them read by `read`, in order. @internal */
export function transactItems<Out>(value: unknown, parameter: string, read: (entry: unknown, path: string) => Out): Out[] {
  return boundedList(value, parameter, MAX_TRANSACT_ITEMS, 'actions', read);
}

/** The `clientRequestToken` option of write transactions: 1 to 36 characters. @internal */
export const clientRequestToken = optional<string, string>((value, path) => {
  const token = nonEmptyText(value, path);
  if (token.length > 36) throw new InvalidParameterError(path, `must be 1 to 36 characters, got ${token.length}`);
  return token;
});

/**
 * Gives a transaction's wire body a new random `ClientRequestToken` unless the caller set one. Call it
 * once per subscription, when the body is built: every retry of that subscription then sends the same
 * token, so DynamoDB applies the transaction once however often an attempt is retried. @internal
 */
export function withClientRequestToken(body: Record<string, unknown>): Record<string, unknown> {
  body['ClientRequestToken'] ??= randomUUID();
  return body;
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
