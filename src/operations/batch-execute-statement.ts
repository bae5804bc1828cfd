import { defer, type Observable } from 'rxjs';
import type { ResponseReader, Send } from '../call/send.js';
import { flag, orDefault } from '../input/reader.js';
import { optional, wireOptions } from '../input/shape.js';
import { malformed, readItem, readList, readMap, readOptionalString, readString, type ResponseOrigin } from '../response/read.js';
import { returnConsumedCapacity } from './option-fields.js';
import { PARAMETERIZED_STATEMENT, wireStatements, type ParameterizedStatement } from './statement.js';
import type { Item, ReturnConsumedCapacity } from './types.js';

/** One statement of `batchExecuteStatement`. */
export interface BatchStatement extends ParameterizedStatement {
  consistentRead?: boolean | undefined;
}

/** Options of `batchExecuteStatement`; consumed capacity reaches `onMeasurement`. */
export interface BatchExecuteStatementOptions {
  returnConsumedCapacity?: ReturnConsumedCapacity | undefined;
}

/** The codes DynamoDB documents for a statement of a batch that failed (`BatchStatementError.Code`). */
export type BatchStatementErrorCode =
  | 'ConditionalCheckFailed'
  | 'ItemCollectionSizeLimitExceeded'
  | 'RequestLimitExceeded'
  | 'ValidationError'
  | 'ProvisionedThroughputExceeded'
  | 'TransactionConflict'
  | 'ThrottlingError'
  | 'InternalServerError'
  | 'ResourceNotFound'
  | 'AccessDenied'
  | 'DuplicateItem';

/** Why one statement of a batch failed; the other statements are not affected. */
export interface BatchStatementError<T = Item> {
  /** One of {@link BatchStatementErrorCode}, or a code DynamoDB added since. */
  code: BatchStatementErrorCode | (string & {});
  message?: string;
  /** The item's current values (native), when the statement asked for `returnValuesOnConditionCheckFailure: 'ALL_OLD'`. */
  item?: T;
}

/** A statement of a batch that succeeded: a read's item (absent when there is none), nothing for a write. */
export interface BatchStatementSuccess<T = Item> {
  item?: T;
  tableName?: string;
  error?: undefined;
}

/** A statement of a batch that failed, with why. */
export interface BatchStatementFailure<T = Item> {
  error: BatchStatementError<T>;
  tableName?: string;
  item?: undefined;
}

/** What one statement of `batchExecuteStatement` gave: test `result.error` to tell the two apart. */
export type BatchStatementResult<T = Item> = BatchStatementSuccess<T> | BatchStatementFailure<T>;

const ACTION = 'BatchExecuteStatement';
/** Statements per BatchExecuteStatement request, as DynamoDB allows. */
const MAX_BATCH_STATEMENTS = 25;
const readBatchStatement = wireOptions<BatchStatement>({ ...PARAMETERIZED_STATEMENT, consistentRead: optional(flag) });
const readBatchExecuteStatementOptions = orDefault(wireOptions<BatchExecuteStatementOptions>({ returnConsumedCapacity }), {});

/**
 * The wire body of a BatchExecuteStatement call. Refuses, before anything is sent, a list that is not
 * 1 to 25 statements: a longer list is not split, because DynamoDB applies each request on its own and a
 * split batch could fail half-applied with the results of the first part lost. @internal
 */
export function batchExecuteStatementRequest(statements: readonly BatchStatement[], options?: BatchExecuteStatementOptions): Record<string, unknown> {
  return { Statements: wireStatements(statements, 'statements', MAX_BATCH_STATEMENTS, readBatchStatement), ...readBatchExecuteStatementOptions(options, 'options') };
}

function resultOf<T>(entry: unknown, origin: ResponseOrigin, path: string): BatchStatementResult<T> {
  const response = readMap(entry, origin, path);
  const tableName = readOptionalString(response['TableName'], origin, `${path}.TableName`);
  const itemAt = (value: unknown, where: string): T | undefined => (value === undefined ? undefined : readItem<T>(value, origin, where));
  let result: BatchStatementResult<T>;
  if (response['Error'] === undefined) {
    result = {};
    const item = itemAt(response['Item'], `${path}.Item`);
    if (item !== undefined) result.item = item;
  } else {
    const wire = readMap(response['Error'], origin, `${path}.Error`);
    const error: BatchStatementError<T> = { code: readString(wire['Code'], origin, `${path}.Error.Code`) };
    const message = readOptionalString(wire['Message'], origin, `${path}.Error.Message`);
    if (message !== undefined) error.message = message;
    const item = itemAt(wire['Item'], `${path}.Error.Item`);
    if (item !== undefined) error.item = item;
    result = { error };
  }
  if (tableName !== undefined) result.tableName = tableName;
  return result;
}

/** Reads a BatchExecuteStatement response: one result per statement, aligned with the `count` statements. */
function resultsOf<T>(count: number): ResponseReader<BatchStatementResult<T>[]> {
  return (response, origin) => {
    const responses = readList(response['Responses'], origin, 'Responses');
    if (responses.length !== count) throw malformed(origin, 'Responses', `holds ${responses.length} entries for ${count} statements`);
    return responses.map((entry, index) => resultOf<T>(entry, origin, `Responses[${index}]`));
  };
}

/**
 * Runs up to 25 PartiQL statements in one request (BatchExecuteStatement), all reads or all writes;
 * emits once an array aligned with `statements`: per statement its item or its error.
 */
export function batchExecuteStatement<T = Item>(send: Send, statements: readonly BatchStatement[], options?: BatchExecuteStatementOptions): Observable<BatchStatementResult<T>[]> {
  return defer(() => send(ACTION, batchExecuteStatementRequest(statements, options), undefined, resultsOf<T>(statements.length)));
}
