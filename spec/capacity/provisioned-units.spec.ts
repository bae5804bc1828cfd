import { firstValueFrom, lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionedUnits, type ProvisionedUnitsOptions } from '../../src/capacity/provisioned-units.js';
import type { DynamoDB } from '../../src/client.js';
import { ConfigError, InvalidParameterError } from '../../src/errors/client-errors.js';
import type { CreateTableInput, TableDescription } from '../../src/tables/types.js';
import { standIn } from '../config/support/stand-in.js';
import { startDynalite, type LocalDynamo } from '../support/dynalite.js';
import { actionOf, answer, bodyOf } from '../support/json-api.js';
import { localClient, uniqueTableName } from '../support/local-client.js';
import { dynamodbLocal } from '../support/local-servers.js';

const KEYS = {
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
    { AttributeName: 'g', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
} as const;

/** A table with provisioned capacity 7 read / 3 write, a global index `byG` with 4 / 2, and a local index `bySk`. */
function provisionedTable(name: string): CreateTableInput {
  return {
    TableName: name,
    ...KEYS,
    ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 3 },
    GlobalSecondaryIndexes: [
      { IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, ProvisionedThroughput: { ReadCapacityUnits: 4, WriteCapacityUnits: 2 } },
    ],
    LocalSecondaryIndexes: [
      { IndexName: 'bySk', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'g', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
    ],
  };
}

const units = (db: DynamoDB, table: string, options: ProvisionedUnitsOptions): Promise<number> => firstValueFrom(provisionedUnits(db, table, options));

describe('provisionedUnits on dynalite', () => {
  let server: LocalDynamo;
  let db: DynamoDB;
  const table = uniqueTableName('Provisioned');
  const onDemand = uniqueTableName('OnDemand');

  beforeAll(async () => {
    server = await startDynalite();
    db = localClient(server.endpoint);
    await lastValueFrom(db.createTable(provisionedTable(table)));
    await lastValueFrom(db.createTable({ TableName: onDemand, BillingMode: 'PAY_PER_REQUEST', KeySchema: KEYS.KeySchema, AttributeDefinitions: KEYS.AttributeDefinitions.slice(0, 2) }));
  });
  afterAll(() => server.close());

  it("reads the table's provisioned read and write units", async () => {
    expect(await units(db, table, { kind: 'read' })).toBe(7);
    expect(await units(db, table, { kind: 'write' })).toBe(3);
  });

  it("a global secondary index has its own; a local one shares the table's", async () => {
    expect(await units(db, table, { kind: 'read', index: 'byG' })).toBe(4);
    expect(await units(db, table, { kind: 'write', index: 'byG' })).toBe(2);
    expect(await units(db, table, { kind: 'read', index: 'bySk' })).toBe(7);
  });

  it('refuses an index the table does not have, listing those it has', async () => {
    const error = await units(db, table, { kind: 'read', index: 'byX' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(`table "${table}" has no index "byX"; its indexes: "byG", "bySk"`);
    await expect(units(db, onDemand, { kind: 'read', index: 'byG' })).rejects.toThrow(`table "${onDemand}" has no index "byG"; it has no secondary indexes`);
  });

  it('an on-demand table without a maximum is a ConfigError naming the table and the setting', async () => {
    const error = await units(db, onDemand, { kind: 'write' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      `table "${onDemand}" is on demand (BillingMode PAY_PER_REQUEST) with no maximum write throughput (OnDemandThroughput.MaxWriteRequestUnits): ` +
        'give the capacity in units per second instead, or set that maximum with updateTable',
    );
  });

  it("a missing table is DynamoDB's ResourceNotFoundException", async () => {
    await expect(units(db, uniqueTableName('Missing'), { kind: 'read' })).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('checks its arguments before sending anything, and is cold', async () => {
    const sent: string[] = [];
    const counting = { describeTable: (name: string) => (sent.push(name), db.describeTable(name)) };
    const bad: [string, unknown, RegExp][] = [
      ['x', { kind: 'read' }, /^table: "x" is not a valid table name/],
      [table, { kind: 'reads' }, /^options\.kind: must be one of read, write, got "reads"/],
      [table, {}, /^options\.kind: is required: 'read' or 'write'/],
      [table, { kind: 'read', index: 5 }, /^options\.index: must be a string, got a number/],
      [table, { kind: 'read', indexName: 'byG' }, /options\.indexName/],
    ];
    for (const [name, options, message] of bad) {
      const error = await firstValueFrom(provisionedUnits(counting, name, options as ProvisionedUnitsOptions)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidParameterError);
      expect((error as Error).message).toMatch(message);
    }
    const cold = provisionedUnits(counting, table, { kind: 'read' });
    expect(sent).toEqual([]);
    expect(await firstValueFrom(cold)).toBe(7);
    expect(await firstValueFrom(cold)).toBe(7);
    expect(sent).toEqual([table, table]);
  });
});

describe('provisionedUnits on DynamoDB Local (on-demand maximums)', () => {
  let db: DynamoDB;
  const capped = uniqueTableName('Capped');
  const uncapped = uniqueTableName('Uncapped');

  beforeAll(async () => {
    db = localClient(dynamodbLocal().endpoint);
    const key = { AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] } as const;
    await lastValueFrom(db.createTable({ TableName: capped, BillingMode: 'PAY_PER_REQUEST', ...key, OnDemandThroughput: { MaxReadRequestUnits: 200, MaxWriteRequestUnits: 100 } }));
    await lastValueFrom(db.createTable({ TableName: uncapped, BillingMode: 'PAY_PER_REQUEST', ...key }));
  });
  afterAll(async () => {
    for (const name of [capped, uncapped]) await lastValueFrom(db.deleteTable(name));
  });

  it("uses an on-demand table's maximum request units", async () => {
    expect(await units(db, capped, { kind: 'read' })).toBe(200);
    expect(await units(db, capped, { kind: 'write' })).toBe(100);
  });

  it('an on-demand table without a maximum is a ConfigError until one is set with updateTable', async () => {
    await expect(units(db, uncapped, { kind: 'read' })).rejects.toThrow(
      `table "${uncapped}" is on demand (BillingMode PAY_PER_REQUEST) with no maximum read throughput (OnDemandThroughput.MaxReadRequestUnits)`,
    );
    await lastValueFrom(db.updateTable({ TableName: uncapped, OnDemandThroughput: { MaxReadRequestUnits: 60, MaxWriteRequestUnits: 20 } }));
    expect(await units(db, uncapped, { kind: 'read' })).toBe(60);
  });
});

describe("provisionedUnits with a global index's on-demand maximum (a stand-in: DynamoDB Local refuses OnDemandThroughput on an index)", () => {
  /**
   * DescribeTable of an on-demand table `Orders` as DynamoDB reports it: provisioned figures of 0, reads capped at 300 and
   * writes not (-1), the index `byCustomer` capped at 40 reads.
   */
  const description: TableDescription = {
    TableName: 'Orders',
    TableStatus: 'ACTIVE',
    BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
    ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    OnDemandThroughput: { MaxReadRequestUnits: 300, MaxWriteRequestUnits: -1 },
    GlobalSecondaryIndexes: [
      {
        IndexName: 'byCustomer',
        IndexStatus: 'ACTIVE',
        ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
        OnDemandThroughput: { MaxReadRequestUnits: 40 },
      },
    ],
  };

  it("uses the index's own maximum, not the table's, and refuses a maximum of -1 (none) or none at all", async () => {
    const server = await standIn((request, response) => {
      void bodyOf(request).then((body) => {
        expect(actionOf(request)).toBe('DescribeTable');
        expect(body).toEqual({ TableName: 'Orders' });
        answer(response, 200, { Table: description });
      });
    });
    const db = localClient(server.origin);
    expect(await units(db, 'Orders', { kind: 'read' })).toBe(300);
    expect(await units(db, 'Orders', { kind: 'read', index: 'byCustomer' })).toBe(40);
    await expect(units(db, 'Orders', { kind: 'write' })).rejects.toThrow('table "Orders" is on demand (BillingMode PAY_PER_REQUEST) with no maximum write throughput');
    await expect(units(db, 'Orders', { kind: 'write', index: 'byCustomer' })).rejects.toThrow(
      'index "byCustomer" of table "Orders" is on demand (BillingMode PAY_PER_REQUEST) with no maximum write throughput (OnDemandThroughput.MaxWriteRequestUnits)',
    );
  });
});
