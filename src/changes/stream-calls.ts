import type { Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import type { WireResponse } from '../http/types.js';
import { malformed, readList, readMap, readOptionalString, readString, type ResponseOrigin } from '../response/read.js';
import { isShardId, SHARD_ID_RULE, type IteratorPosition } from './positions.js';
import { toChangeRecords } from './records.js';
import type { ChangeRecord } from './types.js';

/** A shard as DescribeStream lists it. @internal */
export interface ShardInfo {
  readonly shardId: string;
  readonly parentShardId: string | undefined;
  /** Whether the shard has an ending sequence number: it takes no new records. */
  readonly closed: boolean;
}

/** One DescribeStream response. @internal */
export interface StreamPage {
  /** `ENABLING`, `ENABLED`, `DISABLING` or `DISABLED`. */
  readonly status: string;
  readonly shards: readonly ShardInfo[];
  /** Where the next page starts; absent on the last. */
  readonly lastEvaluatedShardId: string | undefined;
}

/** One GetRecords response. @internal */
export interface RecordsPage<T> {
  readonly records: ChangeRecord<T>[];
  /** Where to read next; absent once a closed shard was read to its end. */
  readonly nextIterator: string | undefined;
}

/** What to describe: a page of the whole stream, or the children of one shard. @internal */
export interface DescribeRequest {
  readonly exclusiveStartShardId?: string | undefined;
  /** Only the children of this shard (`ShardFilter` `CHILD_SHARDS`). */
  readonly childrenOf?: string | undefined;
}

/** The DynamoDB Streams calls one change stream makes, each a cold request retried on its own (a response that cannot be read included). @internal */
export interface StreamCalls {
  describeStream(request: DescribeRequest): Observable<StreamPage>;
  shardIterator(shardId: string, position: IteratorPosition): Observable<string>;
  /** The records at `iterator`, each after `lastRead` (the last record read from the shard before, if any). */
  records<T>(iterator: string, shardId: string, lastRead: string | undefined): Observable<RecordsPage<T>>;
}

/**
 * An optional string of a Streams response, where `null` also means absent: the reference says a closed
 * shard's end has a null `NextShardIterator`, and emulators (LocalStack) send it so.
 */
function readNullableString(value: unknown, origin: ResponseOrigin, path: string): string | undefined {
  return value === null ? undefined : readOptionalString(value, origin, path);
}

/** A shard id, as a checkpoint takes it back. */
function readShardId(value: unknown, origin: ResponseOrigin, path: string): string {
  const shardId = readString(value, origin, path);
  if (!isShardId(shardId)) throw malformed(origin, path, `${SHARD_ID_RULE}, got ${shardId.length}`);
  return shardId;
}

function toShard(value: unknown, origin: ResponseOrigin, path: string): ShardInfo {
  const shard = readMap(value, origin, path);
  const range = shard['SequenceNumberRange'] === undefined ? {} : readMap(shard['SequenceNumberRange'], origin, `${path}.SequenceNumberRange`);
  return {
    shardId: readShardId(shard['ShardId'], origin, `${path}.ShardId`),
    parentShardId: readNullableString(shard['ParentShardId'], origin, `${path}.ParentShardId`),
    closed: readNullableString(range['EndingSequenceNumber'], origin, `${path}.SequenceNumberRange.EndingSequenceNumber`) !== undefined,
  };
}

function readStreamPage(response: WireResponse, origin: ResponseOrigin): StreamPage {
  const description = readMap(response['StreamDescription'], origin, 'StreamDescription');
  const shards = description['Shards'] === undefined ? [] : readList(description['Shards'], origin, 'StreamDescription.Shards');
  return {
    status: readString(description['StreamStatus'], origin, 'StreamDescription.StreamStatus'),
    shards: shards.map((shard, index) => toShard(shard, origin, `StreamDescription.Shards[${index}]`)),
    lastEvaluatedShardId: readNullableString(description['LastEvaluatedShardId'], origin, 'StreamDescription.LastEvaluatedShardId'),
  };
}

const readIterator = (response: WireResponse, origin: ResponseOrigin): string => readString(response['ShardIterator'], origin, 'ShardIterator');

/** The calls of the stream `streamArn` of `table` (named on their measurements), reading `limit` records at most per GetRecords. @internal */
export function streamCalls(send: Send, streamArn: string, table: string, limit: number | undefined): StreamCalls {
  return {
    describeStream: ({ exclusiveStartShardId, childrenOf }) => {
      const body: Record<string, unknown> = { StreamArn: streamArn };
      if (exclusiveStartShardId !== undefined) body['ExclusiveStartShardId'] = exclusiveStartShardId;
      if (childrenOf !== undefined) body['ShardFilter'] = { Type: 'CHILD_SHARDS', ShardId: childrenOf };
      return send('DescribeStream', body, table, readStreamPage);
    },
    shardIterator: (shardId, position) => {
      const body: Record<string, unknown> = { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: position.type };
      if (position.type === 'AFTER_SEQUENCE_NUMBER') body['SequenceNumber'] = position.sequenceNumber;
      return send('GetShardIterator', body, table, readIterator);
    },
    records: <T>(iterator: string, shardId: string, lastRead: string | undefined) => {
      const body: Record<string, unknown> = limit === undefined ? { ShardIterator: iterator } : { ShardIterator: iterator, Limit: limit };
      return send('GetRecords', body, table, (response, origin): RecordsPage<T> => ({
        records: toChangeRecords<T>(response['Records'], origin, shardId, lastRead),
        nextIterator: readNullableString(response['NextShardIterator'], origin, 'NextShardIterator'),
      }));
    },
  };
}
