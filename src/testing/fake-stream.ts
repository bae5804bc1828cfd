import type { Observable } from 'rxjs';
import type { DynamoDBResponse } from 'rx-dynamodb';
import type { FakeCall, FakeDynamoDB } from './fake-dynamodb.js';
import { describeStreamResponse, errorResponse, recordsResponse, shardIteratorResponse, streamArnOf, tableWithStreamResponse, type StreamRecordInit, type StreamShardInit } from './fixtures.js';

const SHARDS_PER_PAGE = 100;

/** A shard of a {@link serveStream} script: each batch is what one GetRecords returns (`[]` for an empty read). */
export interface ScriptedShard extends StreamShardInit {
  batches: readonly (readonly StreamRecordInit[])[];
}

/** How {@link serveStream} answers. */
export interface ServeStreamOptions {
  /** Wraps each response, e.g. `(r) => cold('-(r|)', { r })` to put it on a marble timeline. By default it comes at once. */
  timing?: (response: DynamoDBResponse, call: FakeCall) => DynamoDBResponse | Observable<DynamoDBResponse>;
  /** @default streamArnOf(table) */
  streamArn?: string;
  /** Answers a call itself instead of the script when it returns a response (e.g. `errorResponse('ExpiredIteratorException')` once). */
  intercept?: (call: FakeCall) => DynamoDBResponse | undefined;
}

/**
 * Serves a table's stream from a script, for tests of code built on `db.changes`: DescribeTable,
 * DescribeStream (100 shards a page, with `ShardFilter`), GetShardIterator (TRIM_HORIZON, LATEST, AFTER_SEQUENCE_NUMBER)
 * and GetRecords, of that table only (serve several tables on one fake), and a stream ARN other than
 * the served one is not found. A shard's reads return its batches in order; an open shard then returns
 * empty reads, a `closed` one ends (no `NextShardIterator`). Iterators are `<shardId>#<batch>`, or
 * `<shardId>#<batch>.<record>` for one that starts inside a batch (after a sequence number in its middle).
 * @example
 * serveStream(fake, 'Orders', [{ shardId: 's1', batches: [[{ eventName: 'INSERT', keys: { id: 'o1' }, newImage: { id: 'o1', total: 5 }, sequenceNumber: '1' }]] }],
 *   { timing: (r) => cold('-(r|)', { r }) });
 */
export function serveStream(fake: FakeDynamoDB, table: string, shards: readonly ScriptedShard[], options: ServeStreamOptions = {}): void {
  const { timing = (response) => response, streamArn = streamArnOf(table), intercept = () => undefined } = options;
  const answer = (call: FakeCall, scripted: () => DynamoDBResponse) => timing(intercept(call) ?? scripted(), call);
  const byId = new Map(shards.map((shard) => [shard.shardId, shard]));
  const notFound = (call: FakeCall) => errorResponse('ResourceNotFoundException', `Requested resource not found: Stream: ${String(call.body['StreamArn'])} not found`);
  /** The iterator a GetShardIterator request gets: at a batch, or inside one after the sequence number it names. */
  const iteratorAt = (shard: ScriptedShard, body: Record<string, unknown>): string => {
    if (body['ShardIteratorType'] === 'TRIM_HORIZON') return `${shard.shardId}#0`;
    if (body['ShardIteratorType'] === 'LATEST') return `${shard.shardId}#${shard.batches.length}`;
    const after = BigInt(String(body['SequenceNumber']));
    for (const [index, batch] of shard.batches.entries()) {
      const next = batch.findIndex((record) => BigInt(record.sequenceNumber) > after);
      if (next !== -1) return next === 0 ? `${shard.shardId}#${index}` : `${shard.shardId}#${index}.${next}`;
    }
    return `${shard.shardId}#${shard.batches.length}`;
  };
  fake
    .when({ action: 'DescribeTable', table }, (call) => answer(call, () => tableWithStreamResponse(table, streamArn)))
    .when({ action: 'DescribeStream', table }, (call) =>
      answer(call, () => {
        if (call.body['StreamArn'] !== streamArn) return notFound(call);
        const filter = call.body['ShardFilter'] as { ShardId?: string } | undefined;
        const listed = filter === undefined ? shards : shards.filter((shard) => shard.parentShardId === filter.ShardId);
        // 100 shards a page, after ExclusiveStartShardId, as DynamoDB Streams pages them.
        const start = call.body['ExclusiveStartShardId'] === undefined ? 0 : listed.findIndex((shard) => shard.shardId === call.body['ExclusiveStartShardId']) + 1;
        const page = listed.slice(start, start + SHARDS_PER_PAGE);
        const more = start + SHARDS_PER_PAGE < listed.length;
        return describeStreamResponse(streamArn, page, more ? { lastEvaluatedShardId: page[page.length - 1]!.shardId } : {});
      }),
    )
    .when({ action: 'GetShardIterator', table }, (call) =>
      answer(call, () => {
        if (call.body['StreamArn'] !== streamArn) return notFound(call);
        const shard = byId.get(String(call.body['ShardId']));
        return shard ? shardIteratorResponse(iteratorAt(shard, call.body)) : errorResponse('ResourceNotFoundException', 'Shard does not exist');
      }),
    )
    .when({ action: 'GetRecords', table }, (call) =>
      answer(call, () => {
        const iterator = String(call.body['ShardIterator']);
        const separator = iterator.lastIndexOf('#');
        const shard = byId.get(iterator.slice(0, separator));
        if (!shard) return errorResponse('ValidationException', 'Invalid ShardIterator');
        const [index = NaN, from = 0] = iterator.slice(separator + 1).split('.').map(Number);
        const batch = shard.batches[index];
        if (batch !== undefined) return recordsResponse(batch.slice(from), `${shard.shardId}#${index + 1}`);
        return recordsResponse([], shard.closed ? undefined : iterator);
      }),
    );
}
