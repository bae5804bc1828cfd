import type { Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import { flag, integer, nonEmptyText, orDefault } from '../input/reader.js';
import { optional, wireOptions } from '../input/shape.js';
import type { NativeValue } from '../marshall/types.js';
import { nextTokenPages } from '../streams/next-token-pages.js';
import type { Page } from '../streams/page.js';
import { readPage } from './read-page.js';
import { returnConsumedCapacity } from './option-fields.js';
import { PARAMETERIZED_STATEMENT } from './statement.js';
import type { Item, ReturnConsumedCapacity, ReturnValuesOnConditionCheckFailure } from './types.js';

/** Options of `executeStatement`: the camelCase of ExecuteStatement's wire fields. */
export interface ExecuteStatementOptions {
  /** The values of the statement's `?` placeholders, in order, as native values (marshalled by the client). */
  parameters?: readonly NativeValue[] | undefined;
  consistentRead?: boolean | undefined;
  /** Items evaluated per page request (DynamoDB's `Limit`); the stream still continues to the end. Use `take` to stop early. */
  limit?: number | undefined;
  /** Start from this page: a page's `nextToken`, to resume a stream where it stopped. */
  nextToken?: string | undefined;
  returnConsumedCapacity?: ReturnConsumedCapacity | undefined;
  /** `ALL_OLD` puts the item's current values on the `ConditionalCheckFailedException` (`error.item`). */
  returnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure | undefined;
}

/**
 * One page of a PartiQL statement's result, with native items. DynamoDB sends no counts for a
 * statement, so `count` and `scannedCount` are the number of items in the page.
 */
export interface StatementPage<T> extends Page<T> {
  /** Where the next page starts; pass it as `nextToken` to resume from here later. Absent on the last page. */
  nextToken?: string;
}

const readExecuteStatementOptions = orDefault(
  wireOptions<ExecuteStatementOptions>({
    returnConsumedCapacity,
    parameters: PARAMETERIZED_STATEMENT.parameters,
    returnValuesOnConditionCheckFailure: PARAMETERIZED_STATEMENT.returnValuesOnConditionCheckFailure,
    consistentRead: optional(flag),
    limit: optional(integer(1, 2 ** 31 - 1)),
    nextToken: optional(nonEmptyText),
  }),
  {},
);

/** The wire body of the first ExecuteStatement request (with `NextToken` when resuming). @internal */
export function executeStatementRequest(statement: string, options?: ExecuteStatementOptions): Record<string, unknown> {
  return { Statement: nonEmptyText(statement, 'statement'), ...readExecuteStatementOptions(options, 'options') };
}

/**
 * Streams the pages of a PartiQL statement (ExecuteStatement), following `NextToken` to the end;
 * each page request is retried on its own, and `take(n)` sends n requests.
 */
export function executeStatement<T = Item>(send: Send, statement: string, options?: ExecuteStatementOptions): Observable<StatementPage<T>> {
  return nextTokenPages(send, 'ExecuteStatement', () => executeStatementRequest(statement, options), (response, origin, nextToken) => {
    const page: StatementPage<T> = readPage<T>(response, origin, undefined).page;
    if (nextToken !== undefined) page.nextToken = nextToken;
    return page;
  });
}
