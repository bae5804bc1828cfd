// A table with local and global secondary indexes and a stream, created from a typed definition
// on both local servers, and its description read through the typed TableDescription.
import { firstValueFrom } from 'rxjs';
import { beforeAll, expect, expectTypeOf, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import type {
  CreateTableInput,
  GlobalSecondaryIndexDescription,
  LocalSecondaryIndexDescription,
  ProvisionedThroughputDescription,
  TableDescription,
  TableStatus,
} from '../../src/index.js';
import { uniqueTableName } from '../support/local-client.js';
import { describeOnLocalServers } from '../support/local-servers.js';

// Every field of each description type, listed so that the servers' answers can be held to them
// (a `Record` over the type's keys: the list cannot miss a field or add one).
const TABLE_FIELDS = {
  AttributeDefinitions: true, TableName: true, KeySchema: true, TableStatus: true, CreationDateTime: true, ProvisionedThroughput: true,
  TableSizeBytes: true, ItemCount: true, TableArn: true, TableId: true, BillingModeSummary: true, LocalSecondaryIndexes: true,
  GlobalSecondaryIndexes: true, StreamSpecification: true, LatestStreamLabel: true, LatestStreamArn: true, GlobalTableVersion: true,
  Replicas: true, GlobalTableWitnesses: true, GlobalTableSettingsReplicationMode: true, RestoreSummary: true, SSEDescription: true,
  ArchivalSummary: true, TableClassSummary: true, DeletionProtectionEnabled: true, DisassociationProtectionEnabled: true,
  OnDemandThroughput: true, WarmThroughput: true, MultiRegionConsistency: true, VectorIndexes: true,
} satisfies Record<keyof TableDescription, true>;
const GSI_FIELDS = {
  IndexName: true, KeySchema: true, Projection: true, IndexStatus: true, Backfilling: true, ProvisionedThroughput: true,
  IndexSizeBytes: true, ItemCount: true, IndexArn: true, OnDemandThroughput: true, WarmThroughput: true,
} satisfies Record<keyof GlobalSecondaryIndexDescription, true>;
const LSI_FIELDS = { IndexName: true, KeySchema: true, Projection: true, IndexSizeBytes: true, ItemCount: true, IndexArn: true } satisfies Record<keyof LocalSecondaryIndexDescription, true>;
const THROUGHPUT_FIELDS = {
  LastIncreaseDateTime: true, LastDecreaseDateTime: true, NumberOfDecreasesToday: true, ReadCapacityUnits: true, WriteCapacityUnits: true,
} satisfies Record<keyof ProvisionedThroughputDescription, true>;

/** The names in `object` that `fields` does not list. */
function undeclared(object: object | undefined, fields: object): string[] {
  return Object.keys(object ?? {}).filter((name) => !Object.hasOwn(fields, name));
}

function ordersTable(name: string): CreateTableInput {
  return {
    TableName: name,
    AttributeDefinitions: [
      { AttributeName: 'customer', AttributeType: 'S' },
      { AttributeName: 'id', AttributeType: 'S' },
      { AttributeName: 'placedAt', AttributeType: 'N' },
      { AttributeName: 'status', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'customer', KeyType: 'HASH' },
      { AttributeName: 'id', KeyType: 'RANGE' },
    ],
    LocalSecondaryIndexes: [
      { IndexName: 'byPlacedAt', KeySchema: [{ AttributeName: 'customer', KeyType: 'HASH' }, { AttributeName: 'placedAt', KeyType: 'RANGE' }], Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total'] } },
    ],
    GlobalSecondaryIndexes: [
      { IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }, { AttributeName: 'placedAt', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' }, ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 } },
    ],
    BillingMode: 'PROVISIONED',
    ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 4 },
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    Tags: [{ Key: 'team', Value: 'orders' }],
  };
}

describeOnLocalServers('typed table definitions', (server) => {
  const dynalite = server.name === 'dynalite';
  let db: DynamoDB;
  let name: string;
  let created: TableDescription;

  beforeAll(async () => {
    db = server.client();
    name = uniqueTableName('Typed');
    created = await firstValueFrom(db.createTable(ordersTable(name)));
  });

  it('createTable emits the typed description of the table, its indexes and its stream', () => {
    expectTypeOf(created.TableStatus).toEqualTypeOf<TableStatus | undefined>();
    expectTypeOf(created.GlobalSecondaryIndexes).toEqualTypeOf<readonly GlobalSecondaryIndexDescription[] | undefined>();
    const definition = ordersTable(name);
    expect(created).toMatchObject({
      TableName: name,
      TableStatus: dynalite ? 'CREATING' : 'ACTIVE',
      KeySchema: definition.KeySchema,
      AttributeDefinitions: definition.AttributeDefinitions,
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 4, NumberOfDecreasesToday: 0 },
    });
    expect(created.TableArn).toMatch(new RegExp(`^arn:aws:dynamodb:[a-z0-9-]+:\\d{12}:table/${name}$`));
    // Wire timestamps: epoch seconds (this machine's clock, which need not be today's).
    expect(Math.abs(created.CreationDateTime! - Date.now() / 1000)).toBeLessThan(600);

    const [local] = created.LocalSecondaryIndexes ?? [];
    expect(local).toMatchObject({ IndexName: 'byPlacedAt', Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total'] }, ItemCount: 0 });
    expect(local?.IndexArn).toBe(`${created.TableArn}/index/byPlacedAt`);
    const [global] = created.GlobalSecondaryIndexes ?? [];
    expect(global).toMatchObject({ IndexName: 'byStatus', Projection: { ProjectionType: 'KEYS_ONLY' }, ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 } });
    expect(global?.KeySchema?.map((key) => key.KeyType)).toEqual(['HASH', 'RANGE']);

    if (dynalite) {
      // dynalite has no streams: it accepts the specification and drops it.
      expect(created.StreamSpecification).toBeUndefined();
    } else {
      expect(created.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
      expect(created.LatestStreamArn).toBe(`${created.TableArn}/stream/${created.LatestStreamLabel}`);
    }
  });

  it('every field the server describes is a typed field (dynalite adds a top-level BillingMode)', () => {
    expect(undeclared(created, TABLE_FIELDS)).toEqual(dynalite ? ['BillingMode'] : []);
    expect(undeclared(created.ProvisionedThroughput, THROUGHPUT_FIELDS)).toEqual([]);
    for (const index of created.LocalSecondaryIndexes ?? []) expect(undeclared(index, LSI_FIELDS)).toEqual([]);
    for (const index of created.GlobalSecondaryIndexes ?? []) {
      expect(undeclared(index, GSI_FIELDS)).toEqual([]);
      expect(undeclared(index.ProvisionedThroughput, THROUGHPUT_FIELDS)).toEqual([]);
    }
  });

  it('waitForTable and describeTable emit the ACTIVE table with its index ACTIVE', async () => {
    const active = await firstValueFrom(db.waitForTable(name, { status: 'ACTIVE', delayMs: 5 }));
    expect(active.GlobalSecondaryIndexes?.map((index) => index.IndexStatus)).toEqual(['ACTIVE']);
    const described = await firstValueFrom(db.describeTable(name));
    expect(described).toMatchObject({ TableName: name, TableStatus: 'ACTIVE', TableArn: created.TableArn, CreationDateTime: created.CreationDateTime });
  });

  it('updateTable changes the capacity of the table and of its index, and emits the description', async () => {
    const updated = await firstValueFrom(
      db.updateTable({
        TableName: name,
        ProvisionedThroughput: { ReadCapacityUnits: 6, WriteCapacityUnits: 4 },
        GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'byStatus', ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 3 } } }],
      }),
    );
    expect(updated).toMatchObject({ TableName: name, TableArn: created.TableArn });
    const active = await firstValueFrom(db.waitForTable(name, { status: 'ACTIVE', delayMs: 5 }));
    expect(active.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 6, WriteCapacityUnits: 4 });
    expect(active.GlobalSecondaryIndexes?.[0]?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 3, WriteCapacityUnits: 3 });
  });

  it('a misspelled field deep in a definition is refused and no table is created', async () => {
    const misspelled = uniqueTableName('Misspelled');
    const definition = ordersTable(misspelled);
    const index = { ...definition.GlobalSecondaryIndexes![0]!, Projection: { ProjectionTyp: 'ALL' } };
    const error = await firstValueFrom(db.createTable({ ...definition, GlobalSecondaryIndexes: [index as never] })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'InvalidParameterError', parameter: 'definition.GlobalSecondaryIndexes[0].Projection.ProjectionTyp' });
    expect(await firstValueFrom(db.describeTable(misspelled)).catch((e: unknown) => e)).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('deleteTable emits the typed description of the table it deletes (DynamoDB Local: still ACTIVE)', async () => {
    const deleted = await firstValueFrom(db.deleteTable(name));
    expect(deleted).toMatchObject({ TableName: name, TableArn: created.TableArn, TableStatus: dynalite ? 'DELETING' : 'ACTIVE' });
    expect(deleted.LocalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['byPlacedAt']);
  });
});
