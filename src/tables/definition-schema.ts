// The CreateTable and UpdateTable requests, described once: each shape is typed against its interface
// in ./types.ts (see `Fields`), so a field added to one and not the other does not compile.
import { flag, listOf, literal, safeInteger, text, type Reader } from '../input/reader.js';
import { optional, required, shape } from '../input/shape.js';
import { tableName } from '../input/validate.js';
import type * as T from './types.js';

const scalarAttributeType = literal<T.ScalarAttributeType>({ S: true, N: true, B: true });
const keyType = literal<T.KeyType>({ HASH: true, RANGE: true });
const projectionType = literal<T.ProjectionType>({ ALL: true, KEYS_ONLY: true, INCLUDE: true });
const billingMode = literal<T.BillingMode>({ PROVISIONED: true, PAY_PER_REQUEST: true });
const streamViewType = literal<T.StreamViewType>({ KEYS_ONLY: true, NEW_IMAGE: true, OLD_IMAGE: true, NEW_AND_OLD_IMAGES: true });
const sseType = literal<T.SSEType>({ AES256: true, KMS: true });
const tableClass = literal<T.TableClass>({ STANDARD: true, STANDARD_INFREQUENT_ACCESS: true });
const multiRegionConsistency = literal<T.MultiRegionConsistency>({ EVENTUAL: true, STRONG: true });
const settingsReplicationMode = literal<T.GlobalTableSettingsReplicationMode>({ ENABLED: true, DISABLED: true, ENABLED_WITH_OVERRIDES: true });
const disassociationMode = literal<T.DisassociationMode>({ WAIT_FOR_REPLICATION: true });
const distanceFunction = literal<T.VectorDistanceFunction>({ COSINE: true, EUCLIDEAN: true, DOT_PRODUCT: true });
const searchSchemaElementType = literal<T.SearchSchemaElementType>({ HASH: true, INLINE_FILTER: true });

const attributeDefinitions = listOf(shape<T.AttributeDefinition>({ AttributeName: required(text), AttributeType: required(scalarAttributeType) }));
const keySchema = listOf(shape<T.KeySchemaElement>({ AttributeName: required(text), KeyType: required(keyType) }));
const projection = shape<T.Projection>({ ProjectionType: optional(projectionType), NonKeyAttributes: optional(listOf(text)) });
const provisionedThroughput = shape<T.ProvisionedThroughput>({ ReadCapacityUnits: required(safeInteger), WriteCapacityUnits: required(safeInteger) });
const onDemandThroughput = shape<T.OnDemandThroughput>({ MaxReadRequestUnits: optional(safeInteger), MaxWriteRequestUnits: optional(safeInteger) });
const warmThroughput = shape<T.WarmThroughput>({ ReadUnitsPerSecond: optional(safeInteger), WriteUnitsPerSecond: optional(safeInteger) });
const streamSpecification = shape<T.StreamSpecification>({ StreamEnabled: required(flag), StreamViewType: optional(streamViewType) });
const sseSpecification = shape<T.SSESpecification>({ Enabled: optional(flag), SSEType: optional(sseType), KMSMasterKeyId: optional(text) });
const tags = listOf(shape<T.Tag>({ Key: required(text), Value: required(text) }));

const localSecondaryIndex = shape<T.LocalSecondaryIndex>({ IndexName: required(text), KeySchema: required(keySchema), Projection: required(projection) });
const globalSecondaryIndex = shape<T.GlobalSecondaryIndex>({
  IndexName: required(text),
  KeySchema: required(keySchema),
  Projection: required(projection),
  ProvisionedThroughput: optional(provisionedThroughput),
  OnDemandThroughput: optional(onDemandThroughput),
  WarmThroughput: optional(warmThroughput),
});
const vectorIndex = shape<T.VectorIndex>({
  IndexName: required(text),
  VectorAttribute: required(shape<T.VectorAttributeDefinition>({ AttributeName: required(text) })),
  SearchSchema: optional(listOf(shape<T.SearchSchemaElement>({ AttributeName: required(text), SearchSchemaElementType: required(searchSchemaElementType) }))),
  Projection: required(projection),
  Dimensions: required(safeInteger),
  DistanceFunction: required(distanceFunction),
});

const indexName = shape<T.DeleteGlobalSecondaryIndexAction>({ IndexName: required(text) });
const regionName = shape<T.DeleteReplicationGroupMemberAction>({ RegionName: required(text) });
const provisionedThroughputOverride = shape<T.ProvisionedThroughputOverride>({ ReadCapacityUnits: optional(safeInteger) });
const onDemandThroughputOverride = shape<T.OnDemandThroughputOverride>({ MaxReadRequestUnits: optional(safeInteger) });
const replicaMember = shape<T.CreateReplicationGroupMemberAction>({
  RegionName: required(text),
  KMSMasterKeyId: optional(text),
  ProvisionedThroughputOverride: optional(provisionedThroughputOverride),
  OnDemandThroughputOverride: optional(onDemandThroughputOverride),
  GlobalSecondaryIndexes: optional(
    listOf(
      shape<T.ReplicaGlobalSecondaryIndex>({
        IndexName: required(text),
        ProvisionedThroughputOverride: optional(provisionedThroughputOverride),
        OnDemandThroughputOverride: optional(onDemandThroughputOverride),
      }),
    ),
  ),
  TableClassOverride: optional(tableClass),
});

/** Reads a CreateTable request: every field known and of its type, at every depth. @internal */
export const readCreateTableInput: Reader<T.CreateTableInput> = shape<T.CreateTableInput>({
  TableName: required(tableName),
  AttributeDefinitions: optional(attributeDefinitions),
  KeySchema: optional(keySchema),
  LocalSecondaryIndexes: optional(listOf(localSecondaryIndex)),
  GlobalSecondaryIndexes: optional(listOf(globalSecondaryIndex)),
  BillingMode: optional(billingMode),
  ProvisionedThroughput: optional(provisionedThroughput),
  StreamSpecification: optional(streamSpecification),
  SSESpecification: optional(sseSpecification),
  Tags: optional(tags),
  TableClass: optional(tableClass),
  DeletionProtectionEnabled: optional(flag),
  WarmThroughput: optional(warmThroughput),
  ResourcePolicy: optional(text),
  OnDemandThroughput: optional(onDemandThroughput),
  GlobalTableSourceArn: optional(text),
  GlobalTableSettingsReplicationMode: optional(settingsReplicationMode),
  VectorIndexes: optional(listOf(vectorIndex)),
});

/** Reads an UpdateTable request: every field known and of its type, at every depth. @internal */
export const readUpdateTableInput: Reader<T.UpdateTableInput> = shape<T.UpdateTableInput>({
  TableName: required(tableName),
  AttributeDefinitions: optional(attributeDefinitions),
  BillingMode: optional(billingMode),
  ProvisionedThroughput: optional(provisionedThroughput),
  GlobalSecondaryIndexUpdates: optional(
    listOf(
      shape<T.GlobalSecondaryIndexUpdate>({
        Update: optional(
          shape<T.UpdateGlobalSecondaryIndexAction>({
            IndexName: required(text),
            ProvisionedThroughput: optional(provisionedThroughput),
            OnDemandThroughput: optional(onDemandThroughput),
            WarmThroughput: optional(warmThroughput),
          }),
        ),
        Create: optional(globalSecondaryIndex),
        Delete: optional(indexName),
      }),
    ),
  ),
  StreamSpecification: optional(streamSpecification),
  SSESpecification: optional(sseSpecification),
  ReplicaUpdates: optional(
    listOf(
      shape<T.ReplicationGroupUpdate>({
        Create: optional(replicaMember),
        Update: optional(replicaMember),
        Delete: optional(regionName),
        Disassociate: optional(shape<T.DisassociateReplicationGroupMemberAction>({ RegionName: required(text), DisassociationMode: required(disassociationMode) })),
      }),
    ),
  ),
  TableClass: optional(tableClass),
  DeletionProtectionEnabled: optional(flag),
  MultiRegionConsistency: optional(multiRegionConsistency),
  GlobalTableWitnessUpdates: optional(listOf(shape<T.GlobalTableWitnessGroupUpdate>({ Create: optional(regionName), Delete: optional(regionName) }))),
  OnDemandThroughput: optional(onDemandThroughput),
  WarmThroughput: optional(warmThroughput),
  GlobalTableSettingsReplicationMode: optional(settingsReplicationMode),
  DisassociationProtectionEnabled: optional(flag),
  VectorIndexUpdates: optional(listOf(shape<T.VectorIndexUpdate>({ Create: optional(vectorIndex), Delete: optional(indexName) }))),
});
