// The control plane's shapes, in DynamoDB's documented wire form (PascalCase, as the DynamoDB API
// reference and the AWS SDK v3 name them). spec/tables/sdk-oracle.spec.ts holds every type here
// equal to the AWS SDK's model, so a field AWS adds fails the build until it is added here too.
// Timestamps are what the wire carries: epoch seconds (the AWS SDK turns them into `Date`).

// ----- Enumerations -----

/** An attribute's scalar type: string, number or binary. */
export type ScalarAttributeType = 'S' | 'N' | 'B';
/** A key attribute's role: partition key (`HASH`) or sort key (`RANGE`). */
export type KeyType = 'HASH' | 'RANGE';
/** Which attributes an index copies from the table. */
export type ProjectionType = 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
/** On-demand (`PAY_PER_REQUEST`) or provisioned capacity. */
export type BillingMode = 'PROVISIONED' | 'PAY_PER_REQUEST';
/** What a stream record holds of the changed item. */
export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';
/** Server-side encryption: AWS owned key (`AES256`) or AWS KMS key (`KMS`). */
export type SSEType = 'AES256' | 'KMS';
/** The state of a table's server-side encryption. */
export type SSEStatus = 'ENABLING' | 'ENABLED' | 'DISABLING' | 'DISABLED' | 'UPDATING';
/** A table's storage class. */
export type TableClass = 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS';
/** A table's state. */
export type TableStatus =
  | 'CREATING'
  | 'UPDATING'
  | 'DELETING'
  | 'ACTIVE'
  | 'INACCESSIBLE_ENCRYPTION_CREDENTIALS'
  | 'ARCHIVING'
  | 'ARCHIVED'
  | 'REPLICATION_NOT_AUTHORIZED';
/** A secondary or vector index's state. */
export type IndexStatus = 'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE';
/** A global table replica's state. */
export type ReplicaStatus =
  | 'CREATING'
  | 'CREATION_FAILED'
  | 'UPDATING'
  | 'DELETING'
  | 'ACTIVE'
  | 'REGION_DISABLED'
  | 'INACCESSIBLE_ENCRYPTION_CREDENTIALS'
  | 'ARCHIVING'
  | 'ARCHIVED'
  | 'REPLICATION_NOT_AUTHORIZED';
/** A global table witness's state. */
export type WitnessStatus = 'CREATING' | 'DELETING' | 'ACTIVE';
/** A multi-Region global table's consistency. */
export type MultiRegionConsistency = 'EVENTUAL' | 'STRONG';
/** Whether a global table replicates its settings to its replicas. */
export type GlobalTableSettingsReplicationMode = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_OVERRIDES';
/** How a replica leaves its global table. */
export type DisassociationMode = 'WAIT_FOR_REPLICATION';
/** How a vector index measures distance. */
export type VectorDistanceFunction = 'COSINE' | 'EUCLIDEAN' | 'DOT_PRODUCT';
/** A vector index search attribute's role. */
export type SearchSchemaElementType = 'HASH' | 'INLINE_FILTER';

// ----- Pieces of a definition -----

/** An attribute used in a key of the table or of an index, and its type. */
export interface AttributeDefinition {
  readonly AttributeName: string;
  readonly AttributeType: ScalarAttributeType;
}

/** One attribute of a primary key: the partition key (`HASH`) first, then the optional sort key (`RANGE`). */
export interface KeySchemaElement {
  readonly AttributeName: string;
  readonly KeyType: KeyType;
}

/** The attributes an index copies: `ALL`, `KEYS_ONLY`, or `INCLUDE` with `NonKeyAttributes`. */
export interface Projection {
  readonly ProjectionType?: ProjectionType;
  readonly NonKeyAttributes?: readonly string[];
}

/** Provisioned read and write capacity units (with `BillingMode: 'PROVISIONED'`). */
export interface ProvisionedThroughput {
  readonly ReadCapacityUnits: number;
  readonly WriteCapacityUnits: number;
}

/** Upper bounds of an on-demand table or index, in request units per second (`-1`: no bound). */
export interface OnDemandThroughput {
  readonly MaxReadRequestUnits?: number;
  readonly MaxWriteRequestUnits?: number;
}

/** Throughput a table or index is pre-warmed to, in units per second. */
export interface WarmThroughput {
  readonly ReadUnitsPerSecond?: number;
  readonly WriteUnitsPerSecond?: number;
}

/** A local secondary index: the table's partition key with another sort key. */
export interface LocalSecondaryIndex {
  readonly IndexName: string;
  readonly KeySchema: readonly KeySchemaElement[];
  readonly Projection: Projection;
}

/** A global secondary index: its own key, projection and capacity. */
export interface GlobalSecondaryIndex {
  readonly IndexName: string;
  readonly KeySchema: readonly KeySchemaElement[];
  readonly Projection: Projection;
  readonly ProvisionedThroughput?: ProvisionedThroughput;
  readonly OnDemandThroughput?: OnDemandThroughput;
  readonly WarmThroughput?: WarmThroughput;
}

/** Whether the table has a DynamoDB stream, and what its records hold. */
export interface StreamSpecification {
  readonly StreamEnabled: boolean;
  readonly StreamViewType?: StreamViewType;
}

/** Server-side encryption settings. */
export interface SSESpecification {
  readonly Enabled?: boolean;
  readonly SSEType?: SSEType;
  readonly KMSMasterKeyId?: string;
}

/** A resource tag. */
export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** The attribute holding a vector index's vectors. */
export interface VectorAttributeDefinition {
  readonly AttributeName: string;
}

/** An attribute a vector search can filter or partition on. */
export interface SearchSchemaElement {
  readonly AttributeName: string;
  readonly SearchSchemaElementType: SearchSchemaElementType;
}

/** A vector index. */
export interface VectorIndex {
  readonly IndexName: string;
  readonly VectorAttribute: VectorAttributeDefinition;
  readonly SearchSchema?: readonly SearchSchemaElement[];
  readonly Projection: Projection;
  readonly Dimensions: number;
  readonly DistanceFunction: VectorDistanceFunction;
}

// ----- CreateTable -----

/**
 * A CreateTable request, in DynamoDB's wire shape. Every field DynamoDB accepts is typed, and an
 * unknown one is refused before anything is sent.
 * @example
 * const users: CreateTableInput = {
 *   TableName: 'Users',
 *   BillingMode: 'PAY_PER_REQUEST',
 *   AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
 *   KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
 * };
 */
export interface CreateTableInput {
  /** The table's name (3 to 255 of `a-z A-Z 0-9 _ - .`) or ARN. */
  readonly TableName: string;
  /** The type of every attribute in the key of the table and of its indexes. */
  readonly AttributeDefinitions?: readonly AttributeDefinition[];
  /** The primary key: partition key, then optional sort key. */
  readonly KeySchema?: readonly KeySchemaElement[];
  readonly LocalSecondaryIndexes?: readonly LocalSecondaryIndex[];
  readonly GlobalSecondaryIndexes?: readonly GlobalSecondaryIndex[];
  /** @default 'PROVISIONED' (DynamoDB's default) */
  readonly BillingMode?: BillingMode;
  /** Required when `BillingMode` is `PROVISIONED`. */
  readonly ProvisionedThroughput?: ProvisionedThroughput;
  readonly StreamSpecification?: StreamSpecification;
  readonly SSESpecification?: SSESpecification;
  readonly Tags?: readonly Tag[];
  readonly TableClass?: TableClass;
  readonly DeletionProtectionEnabled?: boolean;
  readonly WarmThroughput?: WarmThroughput;
  /** A resource-based policy document, as JSON text. */
  readonly ResourcePolicy?: string;
  readonly OnDemandThroughput?: OnDemandThroughput;
  /** Creates the table as a replica of the global table with this ARN (in another account). */
  readonly GlobalTableSourceArn?: string;
  readonly GlobalTableSettingsReplicationMode?: GlobalTableSettingsReplicationMode;
  readonly VectorIndexes?: readonly VectorIndex[];
}

// ----- UpdateTable -----

/** Changes a global secondary index's capacity. */
export interface UpdateGlobalSecondaryIndexAction {
  readonly IndexName: string;
  readonly ProvisionedThroughput?: ProvisionedThroughput;
  readonly OnDemandThroughput?: OnDemandThroughput;
  readonly WarmThroughput?: WarmThroughput;
}

/** Adds a global secondary index (define its key attributes in `AttributeDefinitions`). */
export type CreateGlobalSecondaryIndexAction = GlobalSecondaryIndex;

/** Removes a global secondary index. */
export interface DeleteGlobalSecondaryIndexAction {
  readonly IndexName: string;
}

/** One change to the global secondary indexes: set exactly one of `Create`, `Update`, `Delete`. */
export interface GlobalSecondaryIndexUpdate {
  readonly Update?: UpdateGlobalSecondaryIndexAction;
  readonly Create?: CreateGlobalSecondaryIndexAction;
  readonly Delete?: DeleteGlobalSecondaryIndexAction;
}

/** A replica's read capacity, where it differs from the table's. */
export interface ProvisionedThroughputOverride {
  readonly ReadCapacityUnits?: number;
}

/** A replica's on-demand read bound, where it differs from the table's. */
export interface OnDemandThroughputOverride {
  readonly MaxReadRequestUnits?: number;
}

/** A replica's settings for one global secondary index. */
export interface ReplicaGlobalSecondaryIndex {
  readonly IndexName: string;
  readonly ProvisionedThroughputOverride?: ProvisionedThroughputOverride;
  readonly OnDemandThroughputOverride?: OnDemandThroughputOverride;
}

/** Adds a replica of a global table in `RegionName`. */
export interface CreateReplicationGroupMemberAction {
  readonly RegionName: string;
  readonly KMSMasterKeyId?: string;
  readonly ProvisionedThroughputOverride?: ProvisionedThroughputOverride;
  readonly OnDemandThroughputOverride?: OnDemandThroughputOverride;
  readonly GlobalSecondaryIndexes?: readonly ReplicaGlobalSecondaryIndex[];
  readonly TableClassOverride?: TableClass;
}

/** Changes the replica in `RegionName`. */
export type UpdateReplicationGroupMemberAction = CreateReplicationGroupMemberAction;

/** Removes the replica (or, for witnesses, the witness) in `RegionName`. */
export interface DeleteReplicationGroupMemberAction {
  readonly RegionName: string;
}

/** Detaches the replica in `RegionName` from its global table, keeping it as a table. */
export interface DisassociateReplicationGroupMemberAction {
  readonly RegionName: string;
  readonly DisassociationMode: DisassociationMode;
}

/** One change to a global table's replicas: set exactly one of its fields. */
export interface ReplicationGroupUpdate {
  readonly Create?: CreateReplicationGroupMemberAction;
  readonly Update?: UpdateReplicationGroupMemberAction;
  readonly Delete?: DeleteReplicationGroupMemberAction;
  readonly Disassociate?: DisassociateReplicationGroupMemberAction;
}

/** Adds a witness of a multi-Region strongly consistent global table in `RegionName`. */
export type CreateGlobalTableWitnessGroupMemberAction = DeleteReplicationGroupMemberAction;
/** Removes the witness in `RegionName`. */
export type DeleteGlobalTableWitnessGroupMemberAction = DeleteReplicationGroupMemberAction;

/** One change to a global table's witnesses: set exactly one of `Create`, `Delete`. */
export interface GlobalTableWitnessGroupUpdate {
  readonly Create?: CreateGlobalTableWitnessGroupMemberAction;
  readonly Delete?: DeleteGlobalTableWitnessGroupMemberAction;
}

/** Adds a vector index. */
export type CreateVectorIndexAction = VectorIndex;
/** Removes a vector index. */
export type DeleteVectorIndexAction = DeleteGlobalSecondaryIndexAction;

/** One change to the vector indexes: set exactly one of `Create`, `Delete`. */
export interface VectorIndexUpdate {
  readonly Create?: CreateVectorIndexAction;
  readonly Delete?: DeleteVectorIndexAction;
}

/**
 * An UpdateTable request, in DynamoDB's wire shape: the table and the settings to change. Every
 * field DynamoDB accepts is typed, and an unknown one is refused before anything is sent.
 * @example
 * const addIndex: UpdateTableInput = {
 *   TableName: 'Users',
 *   AttributeDefinitions: [{ AttributeName: 'email', AttributeType: 'S' }],
 *   GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byEmail', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } } }],
 * };
 */
export interface UpdateTableInput {
  /** The table's name or ARN. */
  readonly TableName: string;
  /** The types of the key attributes of indexes being created. */
  readonly AttributeDefinitions?: readonly AttributeDefinition[];
  readonly BillingMode?: BillingMode;
  readonly ProvisionedThroughput?: ProvisionedThroughput;
  readonly GlobalSecondaryIndexUpdates?: readonly GlobalSecondaryIndexUpdate[];
  readonly StreamSpecification?: StreamSpecification;
  readonly SSESpecification?: SSESpecification;
  readonly ReplicaUpdates?: readonly ReplicationGroupUpdate[];
  readonly TableClass?: TableClass;
  readonly DeletionProtectionEnabled?: boolean;
  readonly MultiRegionConsistency?: MultiRegionConsistency;
  readonly GlobalTableWitnessUpdates?: readonly GlobalTableWitnessGroupUpdate[];
  readonly OnDemandThroughput?: OnDemandThroughput;
  readonly WarmThroughput?: WarmThroughput;
  readonly GlobalTableSettingsReplicationMode?: GlobalTableSettingsReplicationMode;
  readonly DisassociationProtectionEnabled?: boolean;
  readonly VectorIndexUpdates?: readonly VectorIndexUpdate[];
}

// ----- TableDescription -----

/** Provisioned capacity and when it last changed (epoch seconds). */
export interface ProvisionedThroughputDescription {
  readonly LastIncreaseDateTime?: number;
  readonly LastDecreaseDateTime?: number;
  readonly NumberOfDecreasesToday?: number;
  readonly ReadCapacityUnits?: number;
  readonly WriteCapacityUnits?: number;
}

/** The billing mode and when the table last switched to on-demand (epoch seconds). */
export interface BillingModeSummary {
  readonly BillingMode?: BillingMode;
  readonly LastUpdateToPayPerRequestDateTime?: number;
}

/** A local secondary index as DescribeTable reports it. */
export interface LocalSecondaryIndexDescription {
  readonly IndexName?: string;
  readonly KeySchema?: readonly KeySchemaElement[];
  readonly Projection?: Projection;
  readonly IndexSizeBytes?: number;
  readonly ItemCount?: number;
  readonly IndexArn?: string;
}

/** A global secondary index's warm throughput and its state. */
export interface GlobalSecondaryIndexWarmThroughputDescription {
  readonly ReadUnitsPerSecond?: number;
  readonly WriteUnitsPerSecond?: number;
  readonly Status?: IndexStatus;
}

/** A global secondary index as DescribeTable reports it (`IndexStatus` is `ACTIVE` once built). */
export interface GlobalSecondaryIndexDescription {
  readonly IndexName?: string;
  readonly KeySchema?: readonly KeySchemaElement[];
  readonly Projection?: Projection;
  readonly IndexStatus?: IndexStatus;
  readonly Backfilling?: boolean;
  readonly ProvisionedThroughput?: ProvisionedThroughputDescription;
  readonly IndexSizeBytes?: number;
  readonly ItemCount?: number;
  readonly IndexArn?: string;
  readonly OnDemandThroughput?: OnDemandThroughput;
  readonly WarmThroughput?: GlobalSecondaryIndexWarmThroughputDescription;
}

/** A table's warm throughput and its state. */
export interface TableWarmThroughputDescription {
  readonly ReadUnitsPerSecond?: number;
  readonly WriteUnitsPerSecond?: number;
  readonly Status?: TableStatus;
}

/** A replica's settings for one global secondary index. */
export interface ReplicaGlobalSecondaryIndexDescription {
  readonly IndexName?: string;
  readonly ProvisionedThroughputOverride?: ProvisionedThroughputOverride;
  readonly OnDemandThroughputOverride?: OnDemandThroughputOverride;
  readonly WarmThroughput?: GlobalSecondaryIndexWarmThroughputDescription;
}

/** The storage class and when it last changed (epoch seconds). */
export interface TableClassSummary {
  readonly TableClass?: TableClass;
  readonly LastUpdateDateTime?: number;
}

/** A global table replica as DescribeTable reports it. */
export interface ReplicaDescription {
  readonly RegionName?: string;
  readonly ReplicaStatus?: ReplicaStatus;
  readonly ReplicaArn?: string;
  readonly ReplicaStatusDescription?: string;
  readonly ReplicaStatusPercentProgress?: string;
  readonly KMSMasterKeyId?: string;
  readonly ProvisionedThroughputOverride?: ProvisionedThroughputOverride;
  readonly OnDemandThroughputOverride?: OnDemandThroughputOverride;
  readonly WarmThroughput?: TableWarmThroughputDescription;
  readonly GlobalSecondaryIndexes?: readonly ReplicaGlobalSecondaryIndexDescription[];
  /** Epoch seconds. */
  readonly ReplicaInaccessibleDateTime?: number;
  readonly ReplicaTableClassSummary?: TableClassSummary;
  readonly GlobalTableSettingsReplicationMode?: GlobalTableSettingsReplicationMode;
}

/** A global table witness as DescribeTable reports it. */
export interface GlobalTableWitnessDescription {
  readonly RegionName?: string;
  readonly WitnessStatus?: WitnessStatus;
}

/** Where a restored table came from, and when (epoch seconds). */
export interface RestoreSummary {
  readonly SourceBackupArn?: string;
  readonly SourceTableArn?: string;
  readonly RestoreDateTime: number;
  readonly RestoreInProgress: boolean;
}

/** The table's server-side encryption. */
export interface SSEDescription {
  readonly Status?: SSEStatus;
  readonly SSEType?: SSEType;
  readonly KMSMasterKeyArn?: string;
  /** Epoch seconds. */
  readonly InaccessibleEncryptionDateTime?: number;
}

/** Why and when (epoch seconds) the table was archived. */
export interface ArchivalSummary {
  readonly ArchivalDateTime?: number;
  readonly ArchivalReason?: string;
  readonly ArchivalBackupArn?: string;
}

/** A vector index as DescribeTable reports it. */
export interface VectorIndexDescription {
  readonly IndexName?: string;
  readonly SearchSchema?: readonly SearchSchemaElement[];
  readonly Projection?: Projection;
  readonly VectorAttribute?: VectorAttributeDefinition;
  readonly Dimensions?: number;
  readonly DistanceFunction?: VectorDistanceFunction;
  readonly IndexStatus?: IndexStatus;
  readonly Backfilling?: boolean;
  readonly IndexSizeBytes?: number;
  readonly ItemCount?: number;
  readonly IndexArn?: string;
}

/**
 * A table as CreateTable, UpdateTable, DeleteTable and DescribeTable report it, in DynamoDB's
 * wire shape (timestamps in epoch seconds).
 */
export interface TableDescription {
  readonly AttributeDefinitions?: readonly AttributeDefinition[];
  readonly TableName?: string;
  readonly KeySchema?: readonly KeySchemaElement[];
  readonly TableStatus?: TableStatus;
  /** Epoch seconds. */
  readonly CreationDateTime?: number;
  readonly ProvisionedThroughput?: ProvisionedThroughputDescription;
  readonly TableSizeBytes?: number;
  readonly ItemCount?: number;
  readonly TableArn?: string;
  readonly TableId?: string;
  readonly BillingModeSummary?: BillingModeSummary;
  readonly LocalSecondaryIndexes?: readonly LocalSecondaryIndexDescription[];
  readonly GlobalSecondaryIndexes?: readonly GlobalSecondaryIndexDescription[];
  readonly StreamSpecification?: StreamSpecification;
  readonly LatestStreamLabel?: string;
  readonly LatestStreamArn?: string;
  readonly GlobalTableVersion?: string;
  readonly Replicas?: readonly ReplicaDescription[];
  readonly GlobalTableWitnesses?: readonly GlobalTableWitnessDescription[];
  readonly GlobalTableSettingsReplicationMode?: GlobalTableSettingsReplicationMode;
  readonly RestoreSummary?: RestoreSummary;
  readonly SSEDescription?: SSEDescription;
  readonly ArchivalSummary?: ArchivalSummary;
  readonly TableClassSummary?: TableClassSummary;
  readonly DeletionProtectionEnabled?: boolean;
  readonly DisassociationProtectionEnabled?: boolean;
  readonly OnDemandThroughput?: OnDemandThroughput;
  readonly WarmThroughput?: TableWarmThroughputDescription;
  readonly MultiRegionConsistency?: MultiRegionConsistency;
  readonly VectorIndexes?: readonly VectorIndexDescription[];
}
