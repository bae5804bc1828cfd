import http from 'node:http';
import aws4 from 'aws4';
import { FAN_OUT_KEYS, ORDERS, WORKING_SETS, customerKey } from '../data/items.js';
import { itemKindOf } from '../data/tables.js';
import { BATCH_SIZE, concurrently, pause } from './concurrent.js';
import { fromWireMap, toWireMap, type Wire } from './raw-marshall.js';
import { readStreamLoop } from './stream-loop.js';
import { CREDENTIALS, type BenchClient, type ClientFactory } from './types.js';

type Response = Record<string, unknown>;
type WireMap = Record<string, Wire>;

/** A stream record as GetRecords sends it, loosely typed. */
interface WireChange {
  eventID: string;
  eventName: string;
  dynamodb: { Keys: WireMap; NewImage?: WireMap; OldImage?: WireMap; SequenceNumber: string; ApproximateCreationDateTime: number; SizeBytes: number };
}

/** The least conversion of a stream record to what a consumer reads: native keys and images, a Date. */
const toChange = ({ eventID, eventName, dynamodb: change }: WireChange) => ({
  eventId: eventID,
  eventName,
  keys: fromWireMap(change.Keys),
  newImage: change.NewImage && fromWireMap(change.NewImage),
  oldImage: change.OldImage && fromWireMap(change.OldImage),
  sequenceNumber: change.SequenceNumber,
  approximateCreationTime: new Date(change.ApproximateCreationDateTime * 1000),
  sizeBytes: change.SizeBytes,
});

/**
 * The floor: node:http with a keep-alive agent, `aws4.sign`, JSON.stringify/parse and the minimal
 * marshaller. No retries, no checksum, no timeout, no validation: the least work any client can do.
 */
export const createRawClient: ClientFactory = async ({ endpoint, region }) => {
  const url = new URL(endpoint);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  const call = (action: string, body: object, service = 'DynamoDB_20120810'): Promise<Response> => {
    const payload = JSON.stringify(body);
    const signed = aws4.sign(
      {
        host: url.host,
        path: '/',
        method: 'POST',
        service: 'dynamodb',
        region,
        body: payload,
        headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `${service}.${action}` },
      },
      CREDENTIALS,
    );
    return new Promise((resolve, reject) => {
      const request = http.request({ hostname: url.hostname, port: url.port, path: '/', method: 'POST', headers: signed.headers, agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Response;
          if (response.statusCode === 200) resolve(parsed);
          else reject(new Error(`${action}: HTTP ${response.statusCode} ${String(parsed['__type'])}`));
        });
      });
      request.on('error', reject);
      request.end(payload);
    });
  };

  /** Follows LastEvaluatedKey from `first`, unmarshalling every page; a slow consumer waits `pageDelayMs` per page. */
  const countItems = async (first: Response, action = 'Scan', pageDelayMs = 0): Promise<number> => {
    let items = 0;
    let start: unknown;
    do {
      const response = await call(action, start === undefined ? first : { ...first, ExclusiveStartKey: start });
      items += ((response['Items'] as WireMap[] | undefined) ?? []).map(fromWireMap).length;
      if (pageDelayMs > 0) await pause(pageDelayMs);
      start = response['LastEvaluatedKey'];
    } while (start !== undefined);
    return items;
  };
  const wireKeys = (table: string) => WORKING_SETS[itemKindOf(table)].keys.map(toWireMap);
  const query = { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: customerKey(0) } } };

  const client: BenchClient = {
    getItems: (table, n, concurrency) => {
      const keys = wireKeys(table);
      return concurrently(n, concurrency, async (i) => {
        const item = (await call('GetItem', { TableName: table, Key: keys[i % keys.length] }))['Item'] as WireMap | undefined;
        return item ? (fromWireMap(item), 1) : 0;
      });
    },
    // The least work for the job: BatchGetItem, 100 keys a request, all requests at once.
    fanOutGets: async (table, n) => {
      const requests = Array.from({ length: Math.ceil(n / 100) }, (_, r) => FAN_OUT_KEYS.slice(r * 100, Math.min(n, r * 100 + 100)).map(toWireMap));
      const answers = await Promise.all(requests.map((keys) => call('BatchGetItem', { RequestItems: { [table]: { Keys: keys } } })));
      return answers.reduce((found, answer) => found + ((answer['Responses'] as Record<string, WireMap[]>)[table] ?? []).map(fromWireMap).length, 0);
    },
    putItems: (table, n, concurrency) => {
      const { items } = WORKING_SETS[itemKindOf(table)];
      return concurrently(n, concurrency, async (i) => (await call('PutItem', { TableName: table, Item: toWireMap(items[i % items.length]!) }), 1));
    },
    readAll: async (action, table, segments) => {
      if (action === 'Query') return countItems({ TableName: table, ...query }, 'Query');
      if (segments === undefined) return countItems({ TableName: table });
      const counts = await Promise.all(Array.from({ length: segments }, (_, segment) => countItems({ TableName: table, Segment: segment, TotalSegments: segments })));
      return counts.reduce((a, b) => a + b, 0);
    },
    batchLoad: (table, n, concurrency) =>
      concurrently(Math.ceil(n / BATCH_SIZE), concurrency, async (batch) => {
        const size = Math.min(BATCH_SIZE, n - batch * BATCH_SIZE);
        const puts = Array.from({ length: size }, (_, k) => ({ PutRequest: { Item: toWireMap(ORDERS[(batch * BATCH_SIZE + k) % ORDERS.length]!) } }));
        await call('BatchWriteItem', { RequestItems: { [table]: puts } });
        return size;
      }),
    scanThrough: (table, mode, pageDelayMs) => countItems({ TableName: table }, 'Scan', mode === 'sync' ? 0 : pageDelayMs),
    readChanges: (_table, streamArn, { concurrency = 1, batchDelayMs }) => {
      const streams = (action: string, body: object) => call(action, body, 'DynamoDBStreams_20120810');
      return readStreamLoop(
        {
          describe: async (start) => {
            const { StreamDescription: description } = (await streams('DescribeStream', { StreamArn: streamArn, ExclusiveStartShardId: start })) as {
              StreamDescription: { Shards: { ShardId: string; ParentShardId?: string }[]; LastEvaluatedShardId?: string };
            };
            const shards = description.Shards.map((shard) => ({ shardId: shard.ShardId, parentShardId: shard.ParentShardId }));
            return { shards, lastEvaluatedShardId: description.LastEvaluatedShardId };
          },
          iterator: async (shardId) => (await streams('GetShardIterator', { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))['ShardIterator'] as string | undefined,
          records: async (iterator) => {
            const page = await streams('GetRecords', { ShardIterator: iterator });
            return { count: (page['Records'] as WireChange[]).map(toChange).length, next: page['NextShardIterator'] as string | undefined };
          },
        },
        concurrency,
        batchDelayMs,
      );
    },
  };
  return client;
};
