import http from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, paginateQuery, paginateScan } from '@aws-sdk/lib-dynamodb';
import { FAN_OUT_KEYS, ORDERS, WORKING_SETS, customerKey } from '../data/items.js';
import { itemKindOf } from '../data/tables.js';
import { BATCH_SIZE, concurrently, pause } from './concurrent.js';
import { readStreamLoop, type StreamLoopCalls } from './stream-loop.js';
import { CREDENTIALS, type BenchClient, type ClientFactory, type ScanMode } from './types.js';

type Pages = AsyncIterable<{ Items?: Record<string, unknown>[] | undefined }>;

/**
 * The stream calls through `@aws-sdk/client-dynamodb-streams` (loaded on first use, so that the other
 * sections' figures hold the DynamoDB client only), each record's keys and images converted with
 * `@aws-sdk/util-dynamodb`'s `unmarshall`, as users of the SDK write it.
 */
async function sdkStreamCalls(target: { endpoint: string; region: string }, httpAgent: http.Agent): Promise<(streamArn: string) => StreamLoopCalls> {
  const { DynamoDBStreamsClient, DescribeStreamCommand, GetShardIteratorCommand, GetRecordsCommand } = await import('@aws-sdk/client-dynamodb-streams');
  const { unmarshall } = await import('@aws-sdk/util-dynamodb');
  const streams = new DynamoDBStreamsClient({ ...target, credentials: CREDENTIALS, requestHandler: { httpAgent } });
  type Image = Parameters<typeof unmarshall>[0];
  return (streamArn) => ({
    describe: async (start) => {
      const { StreamDescription: description } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }));
      const shards = (description?.Shards ?? []).map((shard) => ({ shardId: shard.ShardId!, parentShardId: shard.ParentShardId }));
      return { shards, lastEvaluatedShardId: description?.LastEvaluatedShardId };
    },
    iterator: async (shardId) => (await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator,
    records: async (iterator) => {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
      const changes = (page.Records ?? []).map(({ eventID, eventName, dynamodb: change }) => ({
        eventId: eventID,
        eventName,
        keys: unmarshall(change!.Keys as Image),
        newImage: change!.NewImage && unmarshall(change!.NewImage as Image),
        oldImage: change!.OldImage && unmarshall(change!.OldImage as Image),
        sequenceNumber: change!.SequenceNumber,
        approximateCreationTime: change!.ApproximateCreationDateTime,
        sizeBytes: change!.SizeBytes,
      }));
      return { count: changes.length, next: page.NextShardIterator };
    },
  });
}

/**
 * AWS SDK v3: the DocumentClient (`@aws-sdk/lib-dynamodb`) over `DynamoDBClient` with its defaults,
 * except a keep-alive agent of 64 sockets (its default of 50 would queue requests at c=64).
 */
export const createSdkClient: ClientFactory = async ({ endpoint, region }) => {
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region, credentials: CREDENTIALS, requestHandler: { httpAgent } }));
  let streamCalls: Promise<(streamArn: string) => StreamLoopCalls> | undefined;
  const query = { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': customerKey(0) } };

  /** Items of every page of one paginator; a slow consumer waits `pageDelayMs` per page. */
  const drain = async (pages: Pages, pageDelayMs = 0): Promise<number> => {
    let items = 0;
    for await (const page of pages) {
      if (pageDelayMs > 0) await pause(pageDelayMs);
      items += page.Items?.length ?? 0;
    }
    return items;
  };
  const scan = (table: string, segment?: number, totalSegments?: number): Pages =>
    paginateScan({ client: doc }, totalSegments === undefined ? { TableName: table } : { TableName: table, Segment: segment, TotalSegments: totalSegments });

  const client: BenchClient = {
    getItems: (table, n, concurrency) => {
      const { keys } = WORKING_SETS[itemKindOf(table)];
      return concurrently(n, concurrency, async (i) => ((await doc.send(new GetCommand({ TableName: table, Key: keys[i % keys.length] }))).Item ? 1 : 0));
    },
    putItems: (table, n, concurrency) => {
      const { items } = WORKING_SETS[itemKindOf(table)];
      return concurrently(n, concurrency, async (i) => (await doc.send(new PutCommand({ TableName: table, Item: items[i % items.length] })), 1));
    },
    fanOutGets: async (table, n) => {
      const found = await Promise.all(FAN_OUT_KEYS.slice(0, n).map((key) => doc.send(new GetCommand({ TableName: table, Key: key }))));
      return found.filter((output) => output.Item).length;
    },
    readAll: async (action, table, segments) => {
      if (action === 'Query') return drain(paginateQuery({ client: doc }, { TableName: table, ...query }));
      if (segments === undefined) return drain(scan(table));
      const counts = await Promise.all(Array.from({ length: segments }, (_, segment) => drain(scan(table, segment, segments))));
      return counts.reduce((a, b) => a + b, 0);
    },
    batchLoad: (table, n, concurrency) =>
      concurrently(Math.ceil(n / BATCH_SIZE), concurrency, async (batch) => {
        const size = Math.min(BATCH_SIZE, n - batch * BATCH_SIZE);
        const puts = Array.from({ length: size }, (_, k) => ({ PutRequest: { Item: ORDERS[(batch * BATCH_SIZE + k) % ORDERS.length] } }));
        await doc.send(new BatchWriteCommand({ RequestItems: { [table]: puts } }));
        return size;
      }),
    // An async iterator is pulled: a slow consumer holds one page, so `paced` and `unpaced` are the same here.
    scanThrough: (table, mode: ScanMode, pageDelayMs) => drain(scan(table), mode === 'sync' ? 0 : pageDelayMs),
    readChanges: async (_table, streamArn, { concurrency = 1, batchDelayMs }) =>
      readStreamLoop((await (streamCalls ??= sdkStreamCalls({ endpoint, region }, httpAgent)))(streamArn), concurrency, batchDelayMs),
  };
  return client;
};
