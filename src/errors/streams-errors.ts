import { serviceError, type ServiceErrorsByCode } from './service-error.js';
import { SERVICE_ERRORS_BY_CODE } from './service-errors.js';

// The error codes DynamoDB Streams adds to DynamoDB's, and the one it reads differently. The change
// stream reader (`db.changes`) handles the first two itself; they reach users only through it.

/**
 * A shard iterator was used more than 15 minutes after DynamoDB Streams issued it. Not retried as is:
 * `db.changes` takes a new iterator after the last record it delivered.
 */
export const ExpiredIteratorException = serviceError('ExpiredIteratorException');
export type ExpiredIteratorException = InstanceType<typeof ExpiredIteratorException>;
/**
 * The records asked for are gone: DynamoDB Streams keeps them 24 hours. Not retried; `db.changes`
 * reports it as a `StreamTrimmedError` naming the shard and position.
 */
export const TrimmedDataAccessException = serviceError('TrimmedDataAccessException');
export type TrimmedDataAccessException = InstanceType<typeof TrimmedDataAccessException>;

/**
 * `LimitExceededException` as DynamoDB Streams means it: too many reads of one shard (more than 5 a
 * second, or more than 2 readers). Throttling, retried, as the AWS SDKs retry it; DynamoDB's own
 * `LimitExceededException` (too many control-plane operations) is not. The same code and name, so
 * `LimitExceededException.is(error)` holds for both.
 */
const StreamsLimitExceededException = serviceError('LimitExceededException', { throttling: true });

/** The error class of each code in a DynamoDB Streams response. @internal */
export const STREAMS_ERRORS_BY_CODE: ServiceErrorsByCode = new Map([
  ...SERVICE_ERRORS_BY_CODE,
  ...[ExpiredIteratorException, TrimmedDataAccessException, StreamsLimitExceededException].map((errorClass) => [errorClass.code, errorClass] as const),
]);
