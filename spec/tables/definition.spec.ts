// CreateTable and UpdateTable definitions are read against the shapes DynamoDB documents before
// anything is sent: an unknown field at any depth, or a field of the wrong type, is refused naming
// its path; a valid definition goes out as written.
import { firstValueFrom, of, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import type { DynamoDBRequest, Transport } from '../../src/http/types.js';
import type { CreateTableInput, TableDescription, UpdateTableInput } from '../../src/index.js';

const sent: DynamoDBRequest[] = [];
const DESCRIPTION: TableDescription = { TableName: 'Users', TableStatus: 'CREATING', CreationDateTime: 1_700_000_000.5 };
const recordingTransport: Transport = (request) => {
  sent.push(request);
  return of({ statusCode: 200, headers: {}, body: JSON.stringify({ TableDescription: DESCRIPTION }) });
};
const db = new DynamoDB({ transport: recordingTransport, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {}, maxRetries: 0 });

/** Subscribes and returns the error; asserts it is an InvalidParameterError and nothing was sent. */
async function refusal(call: Observable<unknown>): Promise<InvalidParameterError> {
  sent.length = 0;
  const error = await firstValueFrom(call).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(sent).toEqual([]);
  expect(error).toBeInstanceOf(InvalidParameterError);
  return error as InvalidParameterError;
}

/** A definition as a caller typed it: unknown, since the point is what TypeScript would not let through. */
const untyped = <T>(value: unknown) => value as T;

const KEYS = {
  AttributeDefinitions: [
    { AttributeName: 'id', AttributeType: 'S' },
    { AttributeName: 'email', AttributeType: 'S' },
    { AttributeName: 'createdAt', AttributeType: 'N' },
  ],
  KeySchema: [
    { AttributeName: 'id', KeyType: 'HASH' },
    { AttributeName: 'createdAt', KeyType: 'RANGE' },
  ],
} as const satisfies Partial<CreateTableInput>;

/** A CreateTable request that sets every field DynamoDB accepts, at every depth. */
const EVERY_CREATE_FIELD: CreateTableInput = {
  TableName: 'Users',
  ...KEYS,
  LocalSecondaryIndexes: [{ IndexName: 'byEmailLocal', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }, { AttributeName: 'email', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
  GlobalSecondaryIndexes: [
    {
      IndexName: 'byEmail',
      KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['name', 'plan'] },
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      OnDemandThroughput: { MaxReadRequestUnits: -1, MaxWriteRequestUnits: 100 },
      WarmThroughput: { ReadUnitsPerSecond: 12_000, WriteUnitsPerSecond: 4_000 },
    },
  ],
  BillingMode: 'PROVISIONED',
  ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 10 },
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: 'alias/users' },
  Tags: [{ Key: 'team', Value: '' }],
  TableClass: 'STANDARD_INFREQUENT_ACCESS',
  DeletionProtectionEnabled: true,
  WarmThroughput: { ReadUnitsPerSecond: 12_000, WriteUnitsPerSecond: 4_000 },
  ResourcePolicy: '{"Version":"2012-10-17","Statement":[]}',
  OnDemandThroughput: { MaxReadRequestUnits: 200, MaxWriteRequestUnits: 100 },
  GlobalTableSourceArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/Users',
  GlobalTableSettingsReplicationMode: 'ENABLED_WITH_OVERRIDES',
  VectorIndexes: [
    {
      IndexName: 'byEmbedding',
      VectorAttribute: { AttributeName: 'embedding' },
      SearchSchema: [{ AttributeName: 'plan', SearchSchemaElementType: 'INLINE_FILTER' }],
      Projection: { ProjectionType: 'ALL' },
      Dimensions: 1024,
      DistanceFunction: 'COSINE',
    },
  ],
};

/** An UpdateTable request that sets every field DynamoDB accepts, at every depth. */
const EVERY_UPDATE_FIELD: UpdateTableInput = {
  TableName: 'Users',
  AttributeDefinitions: KEYS.AttributeDefinitions,
  BillingMode: 'PAY_PER_REQUEST',
  ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
  GlobalSecondaryIndexUpdates: [
    { Update: { IndexName: 'byEmail', ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 }, OnDemandThroughput: { MaxReadRequestUnits: 5 }, WarmThroughput: { ReadUnitsPerSecond: 1 } } },
    { Create: { IndexName: 'byCreated', KeySchema: [{ AttributeName: 'createdAt', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } },
    { Delete: { IndexName: 'old' } },
  ],
  StreamSpecification: { StreamEnabled: false },
  SSESpecification: { Enabled: false },
  ReplicaUpdates: [
    {
      Create: {
        RegionName: 'eu-west-1',
        KMSMasterKeyId: 'alias/eu',
        ProvisionedThroughputOverride: { ReadCapacityUnits: 3 },
        OnDemandThroughputOverride: { MaxReadRequestUnits: 9 },
        GlobalSecondaryIndexes: [{ IndexName: 'byEmail', ProvisionedThroughputOverride: { ReadCapacityUnits: 2 }, OnDemandThroughputOverride: { MaxReadRequestUnits: 4 } }],
        TableClassOverride: 'STANDARD',
      },
    },
    { Update: { RegionName: 'us-west-2', TableClassOverride: 'STANDARD_INFREQUENT_ACCESS' } },
    { Delete: { RegionName: 'ap-south-1' } },
    { Disassociate: { RegionName: 'sa-east-1', DisassociationMode: 'WAIT_FOR_REPLICATION' } },
  ],
  TableClass: 'STANDARD',
  DeletionProtectionEnabled: false,
  MultiRegionConsistency: 'STRONG',
  GlobalTableWitnessUpdates: [{ Create: { RegionName: 'us-east-2' } }, { Delete: { RegionName: 'us-west-1' } }],
  OnDemandThroughput: { MaxReadRequestUnits: 10 },
  WarmThroughput: { WriteUnitsPerSecond: 10 },
  GlobalTableSettingsReplicationMode: 'DISABLED',
  DisassociationProtectionEnabled: true,
  VectorIndexUpdates: [
    { Create: { IndexName: 'v2', VectorAttribute: { AttributeName: 'embedding' }, Projection: { ProjectionType: 'KEYS_ONLY' }, Dimensions: 3, DistanceFunction: 'DOT_PRODUCT' } },
    { Delete: { IndexName: 'v1' } },
  ],
};

describe('table definitions', () => {
  it('sends a CreateTable request that sets every field as written, and emits the typed description', async () => {
    sent.length = 0;
    expect(await firstValueFrom(db.createTable(EVERY_CREATE_FIELD))).toEqual(DESCRIPTION);
    expect(sent.map((request) => [request.action, request.table])).toEqual([['CreateTable', 'Users']]);
    expect(JSON.parse(sent[0]!.body)).toEqual(EVERY_CREATE_FIELD);
  });

  it('sends an UpdateTable request that sets every field as written', async () => {
    sent.length = 0;
    await firstValueFrom(db.updateTable(EVERY_UPDATE_FIELD));
    expect(sent.map((request) => request.action)).toEqual(['UpdateTable']);
    expect(JSON.parse(sent[0]!.body)).toEqual(EVERY_UPDATE_FIELD);
  });

  it('leaves out fields set to undefined, as JSON would', async () => {
    sent.length = 0;
    await firstValueFrom(db.createTable({ TableName: 'Users', ...KEYS, BillingMode: untyped(undefined) }));
    expect(JSON.parse(sent[0]!.body)).toEqual({ TableName: 'Users', ...KEYS });
  });

  describe('refuses before sending', () => {
    const MISSPELLED: [string, () => Observable<unknown>, string, string][] = [
      ['a top-level field', () => db.createTable(untyped({ TableName: 'Users', ...KEYS, BilingMode: 'PAY_PER_REQUEST' })), 'definition.BilingMode', 'TableName, AttributeDefinitions, KeySchema, LocalSecondaryIndexes'],
      [
        "a field of a global secondary index's projection",
        () => db.createTable(untyped({ ...EVERY_CREATE_FIELD, GlobalSecondaryIndexes: [{ IndexName: 'byEmail', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], Projection: { ProjectionTyp: 'ALL' } }] })),
        'definition.GlobalSecondaryIndexes[0].Projection.ProjectionTyp',
        'allowed: ProjectionType, NonKeyAttributes',
      ],
      ['a key schema element', () => db.createTable(untyped({ TableName: 'Users', KeySchema: [{ AttributeName: 'id', Keytype: 'HASH' }] })), 'definition.KeySchema[0].Keytype', 'allowed: AttributeName, KeyType'],
      ['a field only UpdateTable knows, in CreateTable', () => db.createTable(untyped({ TableName: 'Users', GlobalSecondaryIndexUpdates: [] })), 'definition.GlobalSecondaryIndexUpdates', 'allowed: TableName'],
      ['a field only CreateTable knows, in UpdateTable', () => db.updateTable(untyped({ TableName: 'Users', KeySchema: [] })), 'definition.KeySchema', 'allowed: TableName, AttributeDefinitions, BillingMode'],
      [
        'an action of a global secondary index update',
        () => db.updateTable(untyped({ TableName: 'Users', GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'a' } }, { Remove: { IndexName: 'b' } }] })),
        'definition.GlobalSecondaryIndexUpdates[1].Remove',
        'allowed: Update, Create, Delete',
      ],
      [
        'a field of an index created by UpdateTable',
        () => db.updateTable(untyped({ TableName: 'Users', GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'a', KeySchema: [{ AttributeName: 'a', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, Throughput: {} } }] })),
        'definition.GlobalSecondaryIndexUpdates[0].Create.Throughput',
        'allowed: IndexName, KeySchema, Projection, ProvisionedThroughput, OnDemandThroughput, WarmThroughput',
      ],
      [
        "write capacity in a replica's override, which holds reads only",
        () => db.updateTable(untyped({ TableName: 'Users', ReplicaUpdates: [{ Update: { RegionName: 'eu-west-1', GlobalSecondaryIndexes: [{ IndexName: 'a', ProvisionedThroughputOverride: { WriteCapacityUnits: 5 } }] } }] })),
        'definition.ReplicaUpdates[0].Update.GlobalSecondaryIndexes[0].ProvisionedThroughputOverride.WriteCapacityUnits',
        'allowed: ReadCapacityUnits',
      ],
      ['a stream specification field', () => db.updateTable(untyped({ TableName: 'Users', StreamSpecification: { StreamEnabled: true, ViewType: 'KEYS_ONLY' } })), 'definition.StreamSpecification.ViewType', 'allowed: StreamEnabled, StreamViewType'],
    ];
    it.each(MISSPELLED)('a misspelled name: %s', async (_, call, parameter, allowed) => {
      const error = await refusal(call());
      expect(error.parameter).toBe(parameter);
      expect(error.message).toContain('unknown field; ');
      expect(error.message).toContain(allowed);
    });

    // Object.prototype's own names (constructor, toString, __proto__, valueOf, hasOwnProperty, ...) are unknown like any other.
    const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);
    it.each(PROTOTYPE_NAMES)('"%s", a name of Object.prototype, at the top and nested', async (name) => {
      const key = JSON.stringify(name);
      const top = await refusal(db.createTable(JSON.parse(`{"TableName":"Users",${key}:"x"}`) as CreateTableInput));
      expect(top.parameter).toBe(`definition.${name}`);
      expect(top.message).toMatch(/unknown field; allowed: TableName, /);
      const nested = await refusal(db.createTable(JSON.parse(`{"TableName":"Users","LocalSecondaryIndexes":[{"IndexName":"a","KeySchema":[],"Projection":{${key}:{}}}]}`) as CreateTableInput));
      expect(nested.parameter).toBe(`definition.LocalSecondaryIndexes[0].Projection.${name}`);
      const update = await refusal(db.updateTable(JSON.parse(`{"TableName":"Users","ReplicaUpdates":[{${key}:{"RegionName":"eu-west-1"}}]}`) as UpdateTableInput));
      expect(update.parameter).toBe(`definition.ReplicaUpdates[0].${name}`);
    });

    const WRONG_TYPES: [string, () => Observable<unknown>, string, RegExp][] = [
      ['a key schema that is not an array', () => db.createTable(untyped({ TableName: 'Users', KeySchema: { AttributeName: 'id', KeyType: 'HASH' } })), 'definition.KeySchema', /must be an array, got an object/],
      ['a key type out of the enum', () => db.createTable(untyped({ TableName: 'Users', KeySchema: [{ AttributeName: 'id', KeyType: 'PRIMARY' }] })), 'definition.KeySchema[0].KeyType', /one of HASH, RANGE, got "PRIMARY"/],
      ['an attribute type out of the enum', () => db.createTable(untyped({ TableName: 'Users', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'STRING' }] })), 'definition.AttributeDefinitions[0].AttributeType', /one of S, N, B/],
      ['a billing mode out of the enum', () => db.updateTable(untyped({ TableName: 'Users', BillingMode: 'ON_DEMAND' })), 'definition.BillingMode', /one of PROVISIONED, PAY_PER_REQUEST/],
      ['capacity as a string', () => db.createTable(untyped({ TableName: 'Users', ProvisionedThroughput: { ReadCapacityUnits: '5', WriteCapacityUnits: 5 } })), 'definition.ProvisionedThroughput.ReadCapacityUnits', /must be an integer, got a string/],
      ['capacity left out', () => db.updateTable(untyped({ TableName: 'Users', ProvisionedThroughput: { ReadCapacityUnits: 5 } })), 'definition.ProvisionedThroughput.WriteCapacityUnits', /must be an integer, got undefined/],
      ['a fraction of a capacity unit', () => db.createTable(untyped({ TableName: 'Users', GlobalSecondaryIndexes: [{ IndexName: 'a', KeySchema: [], Projection: {}, OnDemandThroughput: { MaxReadRequestUnits: 0.5 } }] })), 'definition.GlobalSecondaryIndexes[0].OnDemandThroughput.MaxReadRequestUnits', /must be an integer, got 0.5/],
      ['a stream flag as a string', () => db.updateTable(untyped({ TableName: 'Users', StreamSpecification: { StreamEnabled: 'true' } })), 'definition.StreamSpecification.StreamEnabled', /true or false, got a string/],
      ['an index without its projection', () => db.createTable(untyped({ TableName: 'Users', GlobalSecondaryIndexes: [{ IndexName: 'a', KeySchema: [] }] })), 'definition.GlobalSecondaryIndexes[0].Projection', /must be an object, got undefined/],
      ['a null index', () => db.createTable(untyped({ TableName: 'Users', LocalSecondaryIndexes: [null] })), 'definition.LocalSecondaryIndexes[0]', /must be an object, got null/],
      ['a number among non-key attributes', () => db.createTable(untyped({ TableName: 'Users', LocalSecondaryIndexes: [{ IndexName: 'a', KeySchema: [], Projection: { NonKeyAttributes: ['a', 3] } }] })), 'definition.LocalSecondaryIndexes[0].Projection.NonKeyAttributes[1]', /must be a string, got a number/],
      ['a tag value that is not a string', () => db.createTable(untyped({ TableName: 'Users', Tags: [{ Key: 'team', Value: 7 }] })), 'definition.Tags[0].Value', /must be a string, got a number/],
      ['a class instance for a nested object', () => db.createTable(untyped({ TableName: 'Users', SSESpecification: new Map() })), 'definition.SSESpecification', /must be a plain object, got a Map/],
      ['a disassociation without its mode', () => db.updateTable(untyped({ TableName: 'Users', ReplicaUpdates: [{ Disassociate: { RegionName: 'eu-west-1' } }] })), 'definition.ReplicaUpdates[0].Disassociate.DisassociationMode', /one of WAIT_FOR_REPLICATION, got undefined/],
      ['vector dimensions as a string', () => db.updateTable(untyped({ TableName: 'Users', VectorIndexUpdates: [{ Create: { IndexName: 'v', VectorAttribute: { AttributeName: 'e' }, Projection: {}, Dimensions: '3', DistanceFunction: 'COSINE' } }] })), 'definition.VectorIndexUpdates[0].Create.Dimensions', /must be an integer, got a string/],
      ['a table name that is not valid', () => db.createTable(untyped({ TableName: 'a b', ...KEYS })), 'definition.TableName', /not a valid table name/],
    ];
    it.each(WRONG_TYPES)('a field of the wrong type: %s', async (_, call, parameter, message) => {
      const error = await refusal(call());
      expect(error.parameter).toBe(parameter);
      expect(error.message).toMatch(message);
    });
  });

  it('misspelled names and wrong values do not compile', () => {
    // @ts-expect-error: BilingMode is not a CreateTable field
    void db.createTable({ TableName: 'Users', BilingMode: 'PAY_PER_REQUEST' });
    // @ts-expect-error: ProjectionTyp is not a Projection field, at any depth
    void db.createTable({ TableName: 'Users', GlobalSecondaryIndexes: [{ IndexName: 'i', KeySchema: [], Projection: { ProjectionTyp: 'ALL' } }] });
    // @ts-expect-error: KeyType is HASH or RANGE
    void db.createTable({ TableName: 'Users', KeySchema: [{ AttributeName: 'id', KeyType: 'PRIMARY' }] });
    // @ts-expect-error: KeySchema is a CreateTable field, not an UpdateTable one
    void db.updateTable({ TableName: 'Users', KeySchema: [] });
    // @ts-expect-error: an index needs its projection
    void db.updateTable({ TableName: 'Users', GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'i', KeySchema: [] } }] });
    // @ts-expect-error: TableName is required
    void db.updateTable({ BillingMode: 'PAY_PER_REQUEST' });
  });
});
