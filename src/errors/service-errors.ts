import { serviceError, type ServiceErrorsByCode } from './service-error.js';

// One class per DynamoDB (and common AWS) error code, named exactly as AWS names it.
// Retryability lives here and nowhere else: throttling codes and transient server faults are
// retried; everything else is the caller's to fix.

/** Throughput of a table or index exceeded. Throttling, retried. Older clients: `ThroughputExceeded`. */
export const ProvisionedThroughputExceededException = serviceError('ProvisionedThroughputExceededException', { throttling: true });
export type ProvisionedThroughputExceededException = InstanceType<typeof ProvisionedThroughputExceededException>;
/** Account-level request throughput exceeded. Throttling, retried. */
export const RequestLimitExceeded = serviceError('RequestLimitExceeded', { throttling: true });
export type RequestLimitExceeded = InstanceType<typeof RequestLimitExceeded>;
/** Request rate too high (control plane or on-demand). Throttling, retried. Older clients: `ThrottlingException`. */
export const ThrottlingException = serviceError('ThrottlingException', { throttling: true });
export type ThrottlingException = InstanceType<typeof ThrottlingException>;
/** Legacy spelling of ThrottlingException used by some AWS endpoints. Throttling, retried. */
export const Throttling = serviceError('Throttling', { throttling: true });
export type Throttling = InstanceType<typeof Throttling>;
/** Another transaction with the same client token is still in progress. Retried as throttling, like the AWS SDKs. */
export const TransactionInProgressException = serviceError('TransactionInProgressException', { throttling: true });
export type TransactionInProgressException = InstanceType<typeof TransactionInProgressException>;

/** DynamoDB failed internally. Retried. Older clients: `InternalServerError`. */
export const InternalServerError = serviceError('InternalServerError', { retryable: true });
export type InternalServerError = InstanceType<typeof InternalServerError>;
/** Unknown internal failure (common AWS error). Retried. Older clients: `InternalFailure`. */
export const InternalFailure = serviceError('InternalFailure', { retryable: true });
export type InternalFailure = InstanceType<typeof InternalFailure>;
/** Service temporarily unavailable (HTTP 503). Retried. Older clients: `ServiceUnavailable`. */
export const ServiceUnavailable = serviceError('ServiceUnavailable', { retryable: true });
export type ServiceUnavailable = InstanceType<typeof ServiceUnavailable>;
/** The service timed out reading the request. Retried. */
export const RequestTimeout = serviceError('RequestTimeout', { retryable: true });
export type RequestTimeout = InstanceType<typeof RequestTimeout>;
/** Same as RequestTimeout, other spelling. Retried. */
export const RequestTimeoutException = serviceError('RequestTimeoutException', { retryable: true });
export type RequestTimeoutException = InstanceType<typeof RequestTimeoutException>;
/** A concurrent write to a global-table replica conflicted. Retried, like the AWS SDKs. */
export const ReplicatedWriteConflictException = serviceError('ReplicatedWriteConflictException', { retryable: true });
export type ReplicatedWriteConflictException = InstanceType<typeof ReplicatedWriteConflictException>;

/** The request is invalid (expression, key schema, sizes, ...). Not retried. Older clients: `ValidationException`. */
export const ValidationException = serviceError('ValidationException');
export type ValidationException = InstanceType<typeof ValidationException>;
/** The table or index does not exist (or is not ACTIVE yet). Not retried. Older clients: `ResourceNotFound`. */
export const ResourceNotFoundException = serviceError('ResourceNotFoundException');
export type ResourceNotFoundException = InstanceType<typeof ResourceNotFoundException>;
/** The table is being created, updated or deleted, or already exists. Not retried. Older clients: `ResourceInUse`. */
export const ResourceInUseException = serviceError('ResourceInUseException');
export type ResourceInUseException = InstanceType<typeof ResourceInUseException>;
/** Too many concurrent control-plane operations or tables/indexes. Not retried. Older clients: `LimitExceeded`. */
export const LimitExceededException = serviceError('LimitExceededException');
export type LimitExceededException = InstanceType<typeof LimitExceededException>;
/** An item collection exceeded 10 GB (local secondary indexes). Not retried. Older clients: `ItemCollectionSizeLimitExceeded`. */
export const ItemCollectionSizeLimitExceededException = serviceError('ItemCollectionSizeLimitExceededException');
export type ItemCollectionSizeLimitExceededException = InstanceType<typeof ItemCollectionSizeLimitExceededException>;
/** A transaction conflicts with another ongoing write. Not retried (retry the whole transaction yourself). */
export const TransactionConflictException = serviceError('TransactionConflictException');
export type TransactionConflictException = InstanceType<typeof TransactionConflictException>;
/** A client request token was reused with different parameters. Not retried. */
export const IdempotentParameterMismatchException = serviceError('IdempotentParameterMismatchException');
export type IdempotentParameterMismatchException = InstanceType<typeof IdempotentParameterMismatchException>;
/** The access key id is unknown to AWS. Not retried. */
export const UnrecognizedClientException = serviceError('UnrecognizedClientException');
export type UnrecognizedClientException = InstanceType<typeof UnrecognizedClientException>;
/** The caller is not allowed to perform the action. Not retried. */
export const AccessDeniedException = serviceError('AccessDeniedException');
export type AccessDeniedException = InstanceType<typeof AccessDeniedException>;
/** The signature does not match (wrong secret key or clock). Not retried. */
export const InvalidSignatureException = serviceError('InvalidSignatureException');
export type InvalidSignatureException = InstanceType<typeof InvalidSignatureException>;
/** The session token has expired. Not retried (the client refreshes credentials before expiry). */
export const ExpiredTokenException = serviceError('ExpiredTokenException');
export type ExpiredTokenException = InstanceType<typeof ExpiredTokenException>;
/** The request lacked a signature. Not retried. */
export const MissingAuthenticationTokenException = serviceError('MissingAuthenticationTokenException');
export type MissingAuthenticationTokenException = InstanceType<typeof MissingAuthenticationTokenException>;
/** The table already exists (global tables / restore). Not retried. */
export const TableAlreadyExistsException = serviceError('TableAlreadyExistsException');
export type TableAlreadyExistsException = InstanceType<typeof TableAlreadyExistsException>;
/** The table does not exist (backup / global-table APIs). Not retried. */
export const TableNotFoundException = serviceError('TableNotFoundException');
export type TableNotFoundException = InstanceType<typeof TableNotFoundException>;

// Common AWS errors that the older Python clients named; DynamoDB can return any of them.
/** The signature is incomplete. Not retried. */
export const IncompleteSignature = serviceError('IncompleteSignature');
export type IncompleteSignature = InstanceType<typeof IncompleteSignature>;
/** The action is unknown to the endpoint. Not retried. Older clients: `InvalidAction`. */
export const InvalidAction = serviceError('InvalidAction');
export type InvalidAction = InstanceType<typeof InvalidAction>;
/** Parameters that cannot be used together. Not retried. Older clients: `InvalidParameterCombination`. */
export const InvalidParameterCombination = serviceError('InvalidParameterCombination');
export type InvalidParameterCombination = InstanceType<typeof InvalidParameterCombination>;
/** A parameter value is invalid or out of range. Not retried. Older clients: `InvalidParameterValue`. */
export const InvalidParameterValue = serviceError('InvalidParameterValue');
export type InvalidParameterValue = InstanceType<typeof InvalidParameterValue>;
/** The query string is invalid. Not retried. Older clients: `InvalidQueryParameter`. */
export const InvalidQueryParameter = serviceError('InvalidQueryParameter');
export type InvalidQueryParameter = InstanceType<typeof InvalidQueryParameter>;
/** The query string is malformed. Not retried. Older clients: `MalformedQueryString`. */
export const MalformedQueryString = serviceError('MalformedQueryString');
export type MalformedQueryString = InstanceType<typeof MalformedQueryString>;
/** A required parameter is missing. Not retried. Older clients: `MissingParameter`. */
export const MissingParameter = serviceError('MissingParameter');
export type MissingParameter = InstanceType<typeof MissingParameter>;
/** The account must opt in to the region or service. Not retried. Older clients: `OptInRequired`. */
export const OptInRequired = serviceError('OptInRequired');
export type OptInRequired = InstanceType<typeof OptInRequired>;
/** The request's date is too old or too far in the future (clock skew). Not retried. Older clients: `RequestExpired`. */
export const RequestExpired = serviceError('RequestExpired');
export type RequestExpired = InstanceType<typeof RequestExpired>;

/**
 * A conditional write's condition was false. Not retried. `item` holds the item's current values when the
 * call asked for `returnValuesOnConditionCheckFailure: 'ALL_OLD'`.
 */
export class ConditionalCheckFailedException extends serviceError('ConditionalCheckFailedException') {
  /** The item as it is, when `returnValuesOnConditionCheckFailure` was `ALL_OLD` (native values). */
  declare item?: Record<string, unknown>;

  /** True when `value` is a ConditionalCheckFailedException (works across realms); narrows to a type with `item`. */
  static override is(value: unknown): value is ConditionalCheckFailedException {
    return super.is(value);
  }
}

/** Why one item of a cancelled transaction failed (`code` `None` for items that did not cause it). */
export interface CancellationReason {
  code: string;
  message?: string;
  /** The item's current values, when `returnValuesOnConditionCheckFailure` was `ALL_OLD` (native values). */
  item?: Record<string, unknown>;
}

/** A transaction was cancelled; `cancellationReasons[i]` says why for the i-th item. Not retried. */
export class TransactionCanceledException extends serviceError('TransactionCanceledException') {
  /** One reason per item of the transaction, in request order. */
  cancellationReasons: CancellationReason[] = [];

  /** True when `value` is a TransactionCanceledException (works across realms); narrows to a type with `cancellationReasons`. */
  static override is(value: unknown): value is TransactionCanceledException {
    return super.is(value);
  }
}

/** Every named service error class, by code. @internal */
export const SERVICE_ERRORS_BY_CODE: ServiceErrorsByCode = new Map(
  [
    ProvisionedThroughputExceededException, RequestLimitExceeded, ThrottlingException, Throttling,
    TransactionInProgressException, InternalServerError, InternalFailure, ServiceUnavailable, RequestTimeout,
    RequestTimeoutException, ReplicatedWriteConflictException, ValidationException, ResourceNotFoundException,
    ResourceInUseException, LimitExceededException, ItemCollectionSizeLimitExceededException,
    TransactionConflictException, IdempotentParameterMismatchException, UnrecognizedClientException,
    AccessDeniedException, InvalidSignatureException, ExpiredTokenException, MissingAuthenticationTokenException,
    TableAlreadyExistsException, TableNotFoundException, IncompleteSignature, InvalidAction,
    InvalidParameterCombination, InvalidParameterValue, InvalidQueryParameter, MalformedQueryString,
    MissingParameter, OptInRequired, RequestExpired, ConditionalCheckFailedException, TransactionCanceledException,
  ].map((errorClass) => [errorClass.code, errorClass]),
);
