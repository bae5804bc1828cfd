// The AWS SDK's model is the oracle for the control plane's types: each of our shapes must equal the
// SDK's shape of the same name, field for field, at every depth (required where the SDK requires,
// enumerations member for member). A field or enum member AWS adds fails this file's typecheck.
// Type imports only: the SDK is a dev dependency and never loaded at run time.
import type * as Sdk from '@aws-sdk/client-dynamodb';
import { describe, expectTypeOf, it } from 'vitest';
import type * as Ours from '../../src/index.js';

/**
 * The SDK's shape as it travels on the wire and as we type it: timestamps are epoch seconds,
 * `| undefined` only marks optional fields, every field and array is readonly.
 */
type Wire<T> = T extends Date
  ? number
  : T extends readonly (infer Element)[]
    ? readonly Wire<Element>[]
    : T extends object
      ? { readonly [K in keyof T]: Wire<Exclude<T[K], undefined>> }
      : T;

describe('control-plane types equal the AWS SDK model (typecheck)', () => {
  it('CreateTable and UpdateTable inputs, whole and shape by shape', () => {
    expectTypeOf<Ours.CreateTableInput>().toEqualTypeOf<Wire<Sdk.CreateTableCommandInput>>();
    expectTypeOf<Ours.UpdateTableInput>().toEqualTypeOf<Wire<Sdk.UpdateTableCommandInput>>();
    // Their keys, for a short message when only a top-level field is new.
    expectTypeOf<keyof Ours.CreateTableInput>().toEqualTypeOf<keyof Sdk.CreateTableCommandInput>();
    expectTypeOf<keyof Ours.UpdateTableInput>().toEqualTypeOf<keyof Sdk.UpdateTableCommandInput>();

    expectTypeOf<Ours.AttributeDefinition>().toEqualTypeOf<Wire<Sdk.AttributeDefinition>>();
    expectTypeOf<Ours.KeySchemaElement>().toEqualTypeOf<Wire<Sdk.KeySchemaElement>>();
    expectTypeOf<Ours.Projection>().toEqualTypeOf<Wire<Sdk.Projection>>();
    expectTypeOf<Ours.ProvisionedThroughput>().toEqualTypeOf<Wire<Sdk.ProvisionedThroughput>>();
    expectTypeOf<Ours.OnDemandThroughput>().toEqualTypeOf<Wire<Sdk.OnDemandThroughput>>();
    expectTypeOf<Ours.WarmThroughput>().toEqualTypeOf<Wire<Sdk.WarmThroughput>>();
    expectTypeOf<Ours.LocalSecondaryIndex>().toEqualTypeOf<Wire<Sdk.LocalSecondaryIndex>>();
    expectTypeOf<Ours.GlobalSecondaryIndex>().toEqualTypeOf<Wire<Sdk.GlobalSecondaryIndex>>();
    expectTypeOf<Ours.StreamSpecification>().toEqualTypeOf<Wire<Sdk.StreamSpecification>>();
    expectTypeOf<Ours.SSESpecification>().toEqualTypeOf<Wire<Sdk.SSESpecification>>();
    expectTypeOf<Ours.Tag>().toEqualTypeOf<Wire<Sdk.Tag>>();
    expectTypeOf<Ours.VectorAttributeDefinition>().toEqualTypeOf<Wire<Sdk.VectorAttributeDefinition>>();
    expectTypeOf<Ours.SearchSchemaElement>().toEqualTypeOf<Wire<Sdk.SearchSchemaElement>>();
    expectTypeOf<Ours.VectorIndex>().toEqualTypeOf<Wire<Sdk.VectorIndex>>();

    expectTypeOf<Ours.GlobalSecondaryIndexUpdate>().toEqualTypeOf<Wire<Sdk.GlobalSecondaryIndexUpdate>>();
    expectTypeOf<Ours.CreateGlobalSecondaryIndexAction>().toEqualTypeOf<Wire<Sdk.CreateGlobalSecondaryIndexAction>>();
    expectTypeOf<Ours.UpdateGlobalSecondaryIndexAction>().toEqualTypeOf<Wire<Sdk.UpdateGlobalSecondaryIndexAction>>();
    expectTypeOf<Ours.DeleteGlobalSecondaryIndexAction>().toEqualTypeOf<Wire<Sdk.DeleteGlobalSecondaryIndexAction>>();
    expectTypeOf<Ours.ReplicationGroupUpdate>().toEqualTypeOf<Wire<Sdk.ReplicationGroupUpdate>>();
    expectTypeOf<Ours.CreateReplicationGroupMemberAction>().toEqualTypeOf<Wire<Sdk.CreateReplicationGroupMemberAction>>();
    expectTypeOf<Ours.UpdateReplicationGroupMemberAction>().toEqualTypeOf<Wire<Sdk.UpdateReplicationGroupMemberAction>>();
    expectTypeOf<Ours.DeleteReplicationGroupMemberAction>().toEqualTypeOf<Wire<Sdk.DeleteReplicationGroupMemberAction>>();
    expectTypeOf<Ours.DisassociateReplicationGroupMemberAction>().toEqualTypeOf<Wire<Sdk.DisassociateReplicationGroupMemberAction>>();
    expectTypeOf<Ours.ProvisionedThroughputOverride>().toEqualTypeOf<Wire<Sdk.ProvisionedThroughputOverride>>();
    expectTypeOf<Ours.OnDemandThroughputOverride>().toEqualTypeOf<Wire<Sdk.OnDemandThroughputOverride>>();
    expectTypeOf<Ours.ReplicaGlobalSecondaryIndex>().toEqualTypeOf<Wire<Sdk.ReplicaGlobalSecondaryIndex>>();
    expectTypeOf<Ours.GlobalTableWitnessGroupUpdate>().toEqualTypeOf<Wire<Sdk.GlobalTableWitnessGroupUpdate>>();
    expectTypeOf<Ours.CreateGlobalTableWitnessGroupMemberAction>().toEqualTypeOf<Wire<Sdk.CreateGlobalTableWitnessGroupMemberAction>>();
    expectTypeOf<Ours.DeleteGlobalTableWitnessGroupMemberAction>().toEqualTypeOf<Wire<Sdk.DeleteGlobalTableWitnessGroupMemberAction>>();
    expectTypeOf<Ours.VectorIndexUpdate>().toEqualTypeOf<Wire<Sdk.VectorIndexUpdate>>();
    expectTypeOf<Ours.CreateVectorIndexAction>().toEqualTypeOf<Wire<Sdk.CreateVectorIndexAction>>();
    expectTypeOf<Ours.DeleteVectorIndexAction>().toEqualTypeOf<Wire<Sdk.DeleteVectorIndexAction>>();
  });

  it('TableDescription, whole and shape by shape', () => {
    expectTypeOf<Ours.TableDescription>().toEqualTypeOf<Wire<Sdk.TableDescription>>();
    expectTypeOf<keyof Ours.TableDescription>().toEqualTypeOf<keyof Sdk.TableDescription>();
    expectTypeOf<Ours.ProvisionedThroughputDescription>().toEqualTypeOf<Wire<Sdk.ProvisionedThroughputDescription>>();
    expectTypeOf<Ours.BillingModeSummary>().toEqualTypeOf<Wire<Sdk.BillingModeSummary>>();
    expectTypeOf<Ours.LocalSecondaryIndexDescription>().toEqualTypeOf<Wire<Sdk.LocalSecondaryIndexDescription>>();
    expectTypeOf<Ours.GlobalSecondaryIndexDescription>().toEqualTypeOf<Wire<Sdk.GlobalSecondaryIndexDescription>>();
    expectTypeOf<Ours.GlobalSecondaryIndexWarmThroughputDescription>().toEqualTypeOf<Wire<Sdk.GlobalSecondaryIndexWarmThroughputDescription>>();
    expectTypeOf<Ours.TableWarmThroughputDescription>().toEqualTypeOf<Wire<Sdk.TableWarmThroughputDescription>>();
    expectTypeOf<Ours.ReplicaDescription>().toEqualTypeOf<Wire<Sdk.ReplicaDescription>>();
    expectTypeOf<Ours.ReplicaGlobalSecondaryIndexDescription>().toEqualTypeOf<Wire<Sdk.ReplicaGlobalSecondaryIndexDescription>>();
    expectTypeOf<Ours.TableClassSummary>().toEqualTypeOf<Wire<Sdk.TableClassSummary>>();
    expectTypeOf<Ours.GlobalTableWitnessDescription>().toEqualTypeOf<Wire<Sdk.GlobalTableWitnessDescription>>();
    expectTypeOf<Ours.RestoreSummary>().toEqualTypeOf<Wire<Sdk.RestoreSummary>>();
    expectTypeOf<Ours.SSEDescription>().toEqualTypeOf<Wire<Sdk.SSEDescription>>();
    expectTypeOf<Ours.ArchivalSummary>().toEqualTypeOf<Wire<Sdk.ArchivalSummary>>();
    expectTypeOf<Ours.VectorIndexDescription>().toEqualTypeOf<Wire<Sdk.VectorIndexDescription>>();
  });

  it('enumerations, member for member', () => {
    expectTypeOf<Ours.ScalarAttributeType>().toEqualTypeOf<Sdk.ScalarAttributeType>();
    expectTypeOf<Ours.KeyType>().toEqualTypeOf<Sdk.KeyType>();
    expectTypeOf<Ours.ProjectionType>().toEqualTypeOf<Sdk.ProjectionType>();
    expectTypeOf<Ours.BillingMode>().toEqualTypeOf<Sdk.BillingMode>();
    expectTypeOf<Ours.StreamViewType>().toEqualTypeOf<Sdk.StreamViewType>();
    expectTypeOf<Ours.SSEType>().toEqualTypeOf<Sdk.SSEType>();
    expectTypeOf<Ours.SSEStatus>().toEqualTypeOf<Sdk.SSEStatus>();
    expectTypeOf<Ours.TableClass>().toEqualTypeOf<Sdk.TableClass>();
    expectTypeOf<Ours.TableStatus>().toEqualTypeOf<Sdk.TableStatus>();
    expectTypeOf<Ours.IndexStatus>().toEqualTypeOf<Sdk.IndexStatus>();
    expectTypeOf<Ours.ReplicaStatus>().toEqualTypeOf<Sdk.ReplicaStatus>();
    expectTypeOf<Ours.WitnessStatus>().toEqualTypeOf<Sdk.WitnessStatus>();
    expectTypeOf<Ours.MultiRegionConsistency>().toEqualTypeOf<Sdk.MultiRegionConsistency>();
    expectTypeOf<Ours.GlobalTableSettingsReplicationMode>().toEqualTypeOf<Sdk.GlobalTableSettingsReplicationMode>();
    expectTypeOf<Ours.DisassociationMode>().toEqualTypeOf<Sdk.DisassociationMode>();
    expectTypeOf<Ours.VectorDistanceFunction>().toEqualTypeOf<Sdk.VectorDistanceFunction>();
    expectTypeOf<Ours.SearchSchemaElementType>().toEqualTypeOf<Sdk.SearchSchemaElementType>();
  });
});
