// Attribute and metric names from the OpenTelemetry semantic conventions (v1.45: the stable
// database conventions, with the AWS DynamoDB ones), and this library's own under `rx_dynamodb.`.
// Written out rather than imported, so the adapter needs nothing but @opentelemetry/api.

/** `aws.dynamodb`, the value of `db.system.name` for DynamoDB. */
export const DB_SYSTEM_NAME_VALUE = 'aws.dynamodb';
/** The database system. */
export const DB_SYSTEM_NAME = 'db.system.name';
/** The DynamoDB action, e.g. `GetItem`. */
export const DB_OPERATION_NAME = 'db.operation.name';
/** The table of a single-table call. */
export const DB_COLLECTION_NAME = 'db.collection.name';
/** The tables a call names. */
export const AWS_DYNAMODB_TABLE_NAMES = 'aws.dynamodb.table_names';
/** The response's `ConsumedCapacity`, each entry as JSON. */
export const AWS_DYNAMODB_CONSUMED_CAPACITY = 'aws.dynamodb.consumed_capacity';
/** `x-amzn-RequestId` of a failed call's response. */
export const AWS_REQUEST_ID = 'aws.request_id';
/** The endpoint's host name. */
export const SERVER_ADDRESS = 'server.address';
/** The endpoint's port. */
export const SERVER_PORT = 'server.port';
/** The client's AWS region. */
export const CLOUD_REGION = 'cloud.region';
/** The code of the error a call or attempt failed with. */
export const ERROR_TYPE = 'error.type';
/** The HTTP status of an attempt's response. */
export const HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';

/** Histogram of call durations in seconds. */
export const DB_CLIENT_OPERATION_DURATION = 'db.client.operation.duration';
/** The histogram's bucket boundaries, as the conventions advise. */
export const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

/** HTTP attempts the call made (1 when the first succeeded). */
export const ATTEMPTS = 'rx_dynamodb.attempts';
/** True on a span whose call was unsubscribed before it ended. */
export const CANCELLED = 'rx_dynamodb.cancelled';
/** Prefix of the call's tags: `rx_dynamodb.tag.correlationId`, ... */
export const TAG_PREFIX = 'rx_dynamodb.tag.';
/** Name of the span event recorded for each attempt. */
export const ATTEMPT_EVENT = 'rx_dynamodb.attempt';
/** The attempt's number, from 1. */
export const ATTEMPT_NUMBER = 'rx_dynamodb.attempt.number';
/** The attempt's duration in milliseconds. */
export const ATTEMPT_DURATION = 'rx_dynamodb.attempt.duration_ms';
/** Whether another attempt follows. */
export const ATTEMPT_WILL_RETRY = 'rx_dynamodb.attempt.will_retry';
/** The backoff before the next attempt, in milliseconds. */
export const ATTEMPT_BACKOFF = 'rx_dynamodb.attempt.backoff_ms';
