// Attribute and metric names from the OpenTelemetry semantic conventions (v1.45: the stable
// database conventions, with the AWS DynamoDB ones), and this library's own under `rx_dynamodb.`.
// Written out rather than imported, so the adapter needs nothing but @opentelemetry/api.

/** `aws.dynamodb`, the value of `db.system.name` for DynamoDB. */
export const DB_SYSTEM_NAME_VALUE = 'aws.dynamodb';
export const DB_SYSTEM_NAME = 'db.system.name';
export const DB_OPERATION_NAME = 'db.operation.name';
export const DB_COLLECTION_NAME = 'db.collection.name';
export const AWS_DYNAMODB_TABLE_NAMES = 'aws.dynamodb.table_names';
export const AWS_DYNAMODB_CONSUMED_CAPACITY = 'aws.dynamodb.consumed_capacity';
export const AWS_REQUEST_ID = 'aws.request_id';
export const SERVER_ADDRESS = 'server.address';
export const SERVER_PORT = 'server.port';
export const CLOUD_REGION = 'cloud.region';
export const ERROR_TYPE = 'error.type';
export const HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';

/** Histogram of call durations in seconds, with the buckets the conventions advise. */
export const DB_CLIENT_OPERATION_DURATION = 'db.client.operation.duration';
export const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

/** HTTP attempts the call made (1 when the first succeeded). */
export const ATTEMPTS = 'rx_dynamodb.attempts';
/** True on a span whose call was unsubscribed before it ended. */
export const CANCELLED = 'rx_dynamodb.cancelled';
/** Prefix of the call's tags: `rx_dynamodb.tag.correlationId`, ... */
export const TAG_PREFIX = 'rx_dynamodb.tag.';
/** Name of the span event recorded for each attempt, and its attributes. */
export const ATTEMPT_EVENT = 'rx_dynamodb.attempt';
export const ATTEMPT_NUMBER = 'rx_dynamodb.attempt.number';
export const ATTEMPT_DURATION = 'rx_dynamodb.attempt.duration_ms';
export const ATTEMPT_WILL_RETRY = 'rx_dynamodb.attempt.will_retry';
export const ATTEMPT_BACKOFF = 'rx_dynamodb.attempt.backoff_ms';
