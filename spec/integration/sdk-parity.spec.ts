import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateQuery, paginateScan } from '@aws-sdk/lib-dynamodb';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import { items } from '../../src/streams/page.js';
import type { GlobalSecondaryIndex } from '../../src/tables/types.js';
import { LOCAL_CREDENTIALS, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { describeOnLocalServers } from '../support/local-servers.js';

const PARTITIONS = 7;
const PER_PARTITION = 60;

async function sdkPages<T>(pages: AsyncIterable<{ Items?: T[] | undefined }>): Promise<T[][]> {
  const result: T[][] = [];
  for await (const page of pages) result.push(page.Items ?? []);
  return result;
}

describeOnLocalServers('AWS SDK parity', (server) => {
  let db: DynamoDB;
  let sdk: DynamoDBDocumentClient;
  let table: string;

  beforeAll(async () => {
    db = server.client();
    sdk = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS }));
    table = await server.freshTable('Parity', true);
    const puts = Array.from({ length: PARTITIONS * PER_PARTITION }, (_, n) => {
      const sk = n % PER_PARTITION;
      return { put: { pk: `p${Math.floor(n / PER_PARTITION)}`, sk, payload: 'x'.repeat(sk * 7), score: sk * 1.5 } };
    });
    await lastValueFrom(db.batchWriteItem({ [table]: puts }));
  });
  afterAll(() => sdk.destroy());

  describe('query and scan return exactly what the AWS SDK v3 paginators return', () => {
    it('query: same pages, same items, same order (forward and backward, with a filter)', async () => {
      for (const scanIndexForward of [true, false]) {
        const input = {
          TableName: table,
          KeyConditionExpression: 'pk = :p AND sk >= :from',
          FilterExpression: 'score <> :skip',
          ExpressionAttributeValues: { ':p': 'p3', ':from': 5, ':skip': 30 },
          ScanIndexForward: scanIndexForward,
          Limit: 9,
        };
        const expected = await sdkPages(paginateQuery({ client: sdk }, input));
        const ours = await lastValueFrom(
          db.query(table, { keyConditionExpression: input.KeyConditionExpression, filterExpression: input.FilterExpression, expressionAttributeValues: input.ExpressionAttributeValues, scanIndexForward, limit: 9 }).pipe(toArray()),
        );
        expect(ours.map((page) => page.items)).toEqual(expected);
      }
    });

    it('scan: same pages, same items, same order', async () => {
      const expected = await sdkPages(paginateScan({ client: sdk }, { TableName: table, Limit: 25 }));
      const ours = await lastValueFrom(db.scan(table, { limit: 25 }).pipe(toArray()));
      expect(ours.map((page) => page.items)).toEqual(expected);
      expect(expected.flat()).toHaveLength(PARTITIONS * PER_PARTITION);
    });

    it('parallel scan: each segment returns what the SDK returns for that segment, in order', async () => {
      const segments = 4;
      const ours = await lastValueFrom(db.scan(table, { segments, limit: 20 }).pipe(toArray()));
      for (let segment = 0; segment < segments; segment++) {
        const expected = await sdkPages(paginateScan({ client: sdk }, { TableName: table, Segment: segment, TotalSegments: segments, Limit: 20 }));
        expect(ours.filter((page) => page.segment === segment).map((page) => page.items)).toEqual(expected);
      }
    });

    it('scanPaced handles every item exactly once', async () => {
      const seen = new Map<string, number>();
      await lastValueFrom(
        db.scanPaced(table, { segments: 3, limit: 30, pacing: { prefetch: 2 } }, async (page) => {
          for (const item of page.items) seen.set(`${String(item['pk'])}/${String(item['sk'])}`, (seen.get(`${String(item['pk'])}/${String(item['sk'])}`) ?? 0) + 1);
          await new Promise((resolve) => setImmediate(resolve));
          return page.count;
        }),
        { defaultValue: 0 },
      );
      expect(seen.size).toBe(PARTITIONS * PER_PARTITION);
      expect([...seen.values()].every((count) => count === 1)).toBe(true);
    });

    it('items() of the plain scan equal the SDK items', async () => {
      const expected = (await sdkPages(paginateScan({ client: sdk }, { TableName: table }))).flat();
      expect(await lastValueFrom(db.scan(table).pipe(items(), toArray()))).toEqual(expected);
    });
  });

  describe('waitForTable', () => {
    it('emits the ACTIVE description, and completes once a deleted table is gone', async () => {
      const name = uniqueTableName('Wait');
      await firstValueFrom(db.createTable(tableDefinition(name)));
      expect(await firstValueFrom(db.waitForTable(name, { status: 'ACTIVE' }))).toMatchObject({ TableName: name, TableStatus: 'ACTIVE' });
      await firstValueFrom(db.deleteTable(name));
      expect(await lastValueFrom(db.waitForTable(name, { status: 'DELETED', delayMs: 5 }).pipe(toArray()))).toEqual([]);
    });

    // dynalite accepts a new index in UpdateTable but never builds it; DynamoDB Local builds it (in ~0.3 s).
    it.runIf(server.name === 'DynamoDB Local')('waits for an index that UpdateTable adds to become ACTIVE too', async () => {
      const name = await server.freshTable('WaitIndex');
      await lastValueFrom(db.batchWriteItem({ [name]: ['a', 'b', 'c'].map((pk, n) => ({ put: { pk, parity: n % 2 } })) }));
      const index: GlobalSecondaryIndex = { IndexName: 'byParity', KeySchema: [{ AttributeName: 'parity', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } };
      const updated = await firstValueFrom(db.updateTable({ TableName: name, AttributeDefinitions: [{ AttributeName: 'parity', AttributeType: 'N' }], GlobalSecondaryIndexUpdates: [{ Create: index }] }));
      expect(updated.GlobalSecondaryIndexes).toEqual([expect.objectContaining({ IndexName: 'byParity', IndexStatus: 'CREATING' })]);
      const active = await firstValueFrom(db.waitForTable(name, { status: 'ACTIVE', delayMs: 20, maxDelayMs: 100 }));
      expect(active.GlobalSecondaryIndexes).toEqual([expect.objectContaining({ IndexName: 'byParity', IndexStatus: 'ACTIVE' })]);
      const even = db.query(name, { indexName: 'byParity', keyConditionExpression: 'parity = :p', expressionAttributeValues: { ':p': 0 } });
      expect((await lastValueFrom(even.pipe(items(), toArray()))).map((item) => item['pk']).sort()).toEqual(['a', 'c']);
    });
  });
});
