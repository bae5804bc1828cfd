import { defer, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import { orDefault } from '../input/reader.js';
import { wireOptions } from '../input/shape.js';
import { returnConsumedCapacity } from './option-fields.js';
import { PARAMETERIZED_STATEMENT, wireStatements, type ParameterizedStatement } from './statement.js';
import { itemsOf } from './transact-get-items.js';
import { clientRequestToken, MAX_TRANSACT_ITEMS, withClientRequestToken } from './transact-items.js';
import type { Item, ReturnConsumedCapacity } from './types.js';

/** Options of `executeTransaction`; consumed capacity reaches `onMeasurement`. */
export interface ExecuteTransactionOptions {
  /**
   * Makes the call idempotent for 10 minutes: repeating it with this token and the same statements
   * changes nothing more. 1 to 36 characters.
   * @default a new random UUID per subscription, kept by every retry of it
   */
  clientRequestToken?: string | undefined;
  returnConsumedCapacity?: ReturnConsumedCapacity | undefined;
}

const readStatement = wireOptions<ParameterizedStatement>(PARAMETERIZED_STATEMENT);
const readExecuteTransactionOptions = orDefault(wireOptions<ExecuteTransactionOptions>({ returnConsumedCapacity, clientRequestToken }), {});

/**
 * The wire body of an ExecuteTransaction call, with a new client request token unless one is given.
 * Refuses, before anything is sent, a list that is not 1 to 100 statements. @internal
 */
export function executeTransactionRequest(statements: readonly ParameterizedStatement[], options?: ExecuteTransactionOptions): Record<string, unknown> {
  const transactStatements = wireStatements(statements, 'statements', MAX_TRANSACT_ITEMS, readStatement);
  return withClientRequestToken({ TransactStatements: transactStatements, ...readExecuteTransactionOptions(options, 'options') });
}

/**
 * Runs up to 100 PartiQL statements all together or not at all (ExecuteTransaction); emits once an
 * array aligned with `statements`: a read's item, or `undefined` (no item, or a write).
 */
export function executeTransaction<T = Item>(send: Send, statements: readonly ParameterizedStatement[], options?: ExecuteTransactionOptions): Observable<(T | undefined)[]> {
  return defer(() => send('ExecuteTransaction', executeTransactionRequest(statements, options), undefined, itemsOf<T>(statements.length, true)));
}
