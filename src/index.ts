// The public surface of rx-dynamodb, listed explicitly.

// Client and options
export { DynamoDB, type ClientLoad } from './client.js';
export { DEFAULTS, type DynamoDBOptions } from './config/options.js';
export type { Env } from './config/env.js';
export { RETRY_DEFAULTS, type RetryOptions } from './retry/backoff.js';
export type { AutoBatchGetsOptions } from './config/auto-batch-gets.js';
export type { RetryMode } from './retry/adaptive-rate-limiter.js';
export type { Measurement } from './instrumentation/measurement.js';
export type { DynamoDBRequest, DynamoDBResponse, Transport, WireResponse } from './http/types.js';

// Instrumentation: hot streams of measurements and attempts, tags and correlation ids, tracers
export { currentTags, tagged, withTags, type Tags } from './instrumentation/tags.js';
export type { AttemptRecord } from './instrumentation/attempt.js';
export type { CallEnd, CallStart, CallTrace, CallTracer } from './instrumentation/tracer.js';

// HTTP error mapping for web apps, framework-neutral
export { toHttpError, type HttpErrorBody, type HttpErrorOptions, type HttpErrorResponse, type HttpErrorRule } from './http-errors/to-http-error.js';

// Credentials
export type { CredentialProvider, Credentials, CredentialSourceOptions, EnvOptions } from './config/credentials/types.js';
export { defaultCredentialChain } from './config/credentials/chain.js';
export { fromEnv } from './config/credentials/from-env.js';
export { fromSharedFiles } from './config/credentials/from-shared-files.js';
export { fromProcess, type ProcessOptions } from './config/credentials/from-process.js';
export { fromContainer } from './config/credentials/from-container.js';
export { fromInstanceMetadata } from './config/credentials/from-instance-metadata.js';
export { fromWebIdentity, type WebIdentityOptions } from './config/credentials/from-web-identity.js';
export { fromAssumeRole, type AssumeRoleOptions } from './config/credentials/from-assume-role.js';
export { fromSso, type SsoOptions } from './config/credentials/from-sso.js';

// Marshalling
export { marshall, marshallValue } from './marshall/marshall.js';
export { unmarshall, unmarshallValue } from './marshall/unmarshall.js';
export { NumberValue } from './marshall/number-value.js';
export type { AttributeMap, AttributeValue, Key, NativeItem, NativeSet, NativeValue, UnmarshallOptions } from './marshall/types.js';

// Operations' options and results
export type { DeleteItemOptions } from './operations/delete-item.js';
export type { GetItemOptions } from './operations/get-item.js';
export type { ListTablesOptions } from './tables/list-tables.js';
export type { PutItemOptions } from './operations/put-item.js';
export type { QueryOptions, QueryPacedOptions, ReadStreamOptions } from './operations/query.js';
export type { ScanOptions, ScanPacedOptions } from './operations/scan.js';
export type {
  ConditionalWriteOptions,
  ExpressionAttributeNames,
  ExpressionAttributeValues,
  Item,
  ReturnConsumedCapacity,
  ReturnItemCollectionMetrics,
  ReturnValuesOnConditionCheckFailure,
} from './operations/types.js';
export type { UpdateItemOptions } from './operations/update-item.js';

// What responses report besides their results
export type { Capacity, ConsumedCapacity } from './response/consumed-capacity.js';
export type { ItemCollectionMetrics } from './response/item-collection-metrics.js';

// Tables (the control plane), in DynamoDB's wire shape
export type {
  ArchivalSummary,
  AttributeDefinition,
  BillingMode,
  BillingModeSummary,
  CreateGlobalSecondaryIndexAction,
  CreateGlobalTableWitnessGroupMemberAction,
  CreateReplicationGroupMemberAction,
  CreateTableInput,
  CreateVectorIndexAction,
  DeleteGlobalSecondaryIndexAction,
  DeleteGlobalTableWitnessGroupMemberAction,
  DeleteReplicationGroupMemberAction,
  DeleteVectorIndexAction,
  DisassociateReplicationGroupMemberAction,
  DisassociationMode,
  GlobalSecondaryIndex,
  GlobalSecondaryIndexDescription,
  GlobalSecondaryIndexUpdate,
  GlobalSecondaryIndexWarmThroughputDescription,
  GlobalTableSettingsReplicationMode,
  GlobalTableWitnessDescription,
  GlobalTableWitnessGroupUpdate,
  IndexStatus,
  KeySchemaElement,
  KeyType,
  LocalSecondaryIndex,
  LocalSecondaryIndexDescription,
  MultiRegionConsistency,
  OnDemandThroughput,
  OnDemandThroughputOverride,
  Projection,
  ProjectionType,
  ProvisionedThroughput,
  ProvisionedThroughputDescription,
  ProvisionedThroughputOverride,
  ReplicaDescription,
  ReplicaGlobalSecondaryIndex,
  ReplicaGlobalSecondaryIndexDescription,
  ReplicaStatus,
  ReplicationGroupUpdate,
  RestoreSummary,
  ScalarAttributeType,
  SearchSchemaElement,
  SearchSchemaElementType,
  SSEDescription,
  SSESpecification,
  SSEStatus,
  SSEType,
  StreamSpecification,
  StreamViewType,
  TableClass,
  TableClassSummary,
  TableDescription,
  TableStatus,
  TableWarmThroughputDescription,
  Tag,
  UpdateGlobalSecondaryIndexAction,
  UpdateReplicationGroupMemberAction,
  UpdateTableInput,
  VectorAttributeDefinition,
  VectorDistanceFunction,
  VectorIndex,
  VectorIndexDescription,
  VectorIndexUpdate,
  WarmThroughput,
  WitnessStatus,
} from './tables/types.js';

// Transactions
export type { TransactGet, TransactGetItemsOptions } from './operations/transact-get-items.js';
export type {
  TransactConditionCheck,
  TransactDelete,
  TransactPut,
  TransactUpdate,
  TransactWriteAction,
  TransactWriteItem,
  TransactWriteItemsOptions,
  TransactWriteItemsResult,
} from './operations/transact-write-items.js';

// Streams
export { items, type Page } from './streams/page.js';
export type { PacingOptions, PageHandler } from './streams/paced.js';
export type { WaitForTableOptions } from './tables/wait-for-table.js';

// Capacity pacing, and the units a table or index can serve, for pacing at a fraction of them
export { CapacityBudget, type CapacityBudgetOptions, type CapacityState, type ForTableOptions, type FractionOfProvisionedOptions } from './capacity/capacity-budget.js';
export type { CapacityOption, WithCapacity } from './capacity/capacity-option.js';
export { provisionedUnits, type ProvisionedUnitsOptions, type TableDescriber } from './capacity/provisioned-units.js';

// Batch operations
export type {
  BatchGetEmission,
  BatchGetGroup,
  BatchGetOptions,
  BatchGetRequest,
  BatchGetRequestFor,
  BatchGetTableRequest,
  ByTable,
} from './batch/batch-get-item.js';
export type { BatchWriteOptions, BatchWriteProgress, BatchWriteRequest, WriteRequest } from './batch/batch-write-item.js';
export type { BulkWriteOptions } from './batch/bulk-write.js';
export type { WriteSource } from './batch/bulk-write-from.js';
export { BatchIncompleteError, type BatchIncompleteInit } from './errors/client-errors.js';

// PartiQL
export type { BatchExecuteStatementOptions, BatchStatement, BatchStatementError, BatchStatementErrorCode, BatchStatementFailure, BatchStatementResult, BatchStatementSuccess } from './operations/batch-execute-statement.js';
export type { ExecuteStatementOptions, StatementPage } from './operations/execute-statement.js';
export type { ExecuteTransactionOptions } from './operations/execute-transaction.js';
export type { ParameterizedStatement } from './operations/statement.js';

// Change streams (DynamoDB Streams)
export { records } from './changes/records-operator.js';
export type {
  ChangeBatch,
  ChangeEventName,
  ChangeHandler,
  ChangeRecord,
  ChangesOptions,
  ChangesPacedOptions,
  ChangesStart,
  HandledChanges,
  StreamCheckpoint,
} from './changes/types.js';
export { NoStreamError, StreamDisabledError, StreamTrimmedError, type StreamTrimmedInit } from './changes/errors.js';
export { ExpiredIteratorException, TrimmedDataAccessException } from './errors/streams-errors.js';

// Scale-out: leases in a DynamoDB table
export type { LeaseEvent, LeaseEventType } from './lease/types.js';
export type { LeaseOptions, ScanLeaseOptions } from './operations/lease-options.js';

// Time to live (tags use Tag, above)
export type { TimeToLiveDescription, TimeToLiveSpecification, TimeToLiveStatus } from './tables/ttl.js';

// Errors
export { DynamoDBError, type DynamoDBErrorInit } from './errors/dynamodb-error.js';
export { ServiceError, type ServiceErrorClass } from './errors/service-error.js';
export {
  ChecksumError,
  ConfigError,
  DynamoDBTimeoutError,
  InvalidParameterError,
  MalformedResponseError,
  NetworkError,
  NoCredentialsError,
  NoProfileError,
  ResponseTooLargeError,
} from './errors/client-errors.js';
export { CredentialServiceError, type CredentialService } from './errors/credential-service-error.js';
export {
  AccessDeniedException,
  ConditionalCheckFailedException,
  ExpiredTokenException,
  IdempotentParameterMismatchException,
  IncompleteSignature,
  InternalFailure,
  InternalServerError,
  InvalidAction,
  InvalidParameterCombination,
  InvalidParameterValue,
  InvalidQueryParameter,
  InvalidSignatureException,
  ItemCollectionSizeLimitExceededException,
  LimitExceededException,
  MalformedQueryString,
  MissingAuthenticationTokenException,
  MissingParameter,
  OptInRequired,
  ProvisionedThroughputExceededException,
  ReplicatedWriteConflictException,
  RequestExpired,
  RequestLimitExceeded,
  RequestTimeout,
  RequestTimeoutException,
  ResourceInUseException,
  ResourceNotFoundException,
  ServiceUnavailable,
  TableAlreadyExistsException,
  TableNotFoundException,
  Throttling,
  ThrottlingException,
  TransactionCanceledException,
  TransactionConflictException,
  TransactionInProgressException,
  UnrecognizedClientException,
  ValidationException,
  type CancellationReason,
} from './errors/service-errors.js';
