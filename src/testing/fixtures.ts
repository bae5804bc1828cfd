import { marshall, type DynamoDBResponse } from 'rx-dynamodb';

const ERROR_PREFIX = 'com.amazonaws.dynamodb.v20120810#';

/** A 200 response with this JSON body (a wire-format DynamoDB response). */
export function okResponse(body: object = {}): DynamoDBResponse {
  return { statusCode: 200, headers: { 'x-amzn-requestid': 'TEST' }, body: JSON.stringify(body) };
}

/** An error response as DynamoDB sends it: `__type` with the code, and `message`. */
export function errorResponse(code: string, message = code, statusCode = code.startsWith('Internal') ? 500 : 400, extra: object = {}): DynamoDBResponse {
  return {
    statusCode,
    headers: { 'x-amzn-requestid': 'TEST' },
    body: JSON.stringify({ __type: ERROR_PREFIX + code, message, ...extra }),
  };
}

/** A throttling response (`ProvisionedThroughputExceededException`, HTTP 400). */
export function throttledResponse(): DynamoDBResponse {
  return errorResponse('ProvisionedThroughputExceededException', 'The level of configured provisioned throughput for the table was exceeded.');
}

/** A GetItem response holding this item (native values), or no item. */
export function itemResponse(item?: object): DynamoDBResponse {
  return okResponse(item === undefined ? {} : { Item: marshall(item) });
}

/** A Query/Scan page of these items (native values), pointing to a next page when `lastEvaluatedKey` is given. */
export function pageResponse(items: object[], lastEvaluatedKey?: object): DynamoDBResponse {
  return okResponse({
    Items: items.map((item) => marshall(item)),
    Count: items.length,
    ScannedCount: items.length,
    ...(lastEvaluatedKey === undefined ? {} : { LastEvaluatedKey: marshall(lastEvaluatedKey, 'lastEvaluatedKey') }),
  });
}

/** An ExecuteStatement (PartiQL) page of these items (native values), pointing to a next page when `nextToken` is given. */
export function statementResponse(items: object[], nextToken?: string): DynamoDBResponse {
  return okResponse({ Items: items.map((item) => marshall(item)), ...(nextToken === undefined ? {} : { NextToken: nextToken }) });
}

/** The stream ARN the stream fixtures give a table unless told otherwise. */
export function streamArnOf(table: string): string {
  return `arn:aws:dynamodb:us-east-1:123456789012:table/${table}/stream/2026-01-01T00:00:00.000`;
}

/** A DescribeTable response of an ACTIVE table with its stream enabled (`NEW_AND_OLD_IMAGES`), as `changes` reads it first. */
export function tableWithStreamResponse(table: string, streamArn = streamArnOf(table)): DynamoDBResponse {
  return okResponse({
    Table: { TableName: table, TableStatus: 'ACTIVE', LatestStreamArn: streamArn, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } },
  });
}

/** A shard as DescribeStream lists it: `closed` ones have an ending sequence number. */
export interface StreamShardInit {
  shardId: string;
  parentShardId?: string;
  closed?: boolean;
}

/** A DescribeStream response listing these shards; `lastEvaluatedShardId` says a next page follows. */
export function describeStreamResponse(
  streamArn: string,
  shards: readonly StreamShardInit[],
  { status = 'ENABLED', lastEvaluatedShardId }: { status?: 'ENABLING' | 'ENABLED' | 'DISABLING' | 'DISABLED'; lastEvaluatedShardId?: string } = {},
): DynamoDBResponse {
  return okResponse({
    StreamDescription: {
      StreamArn: streamArn,
      StreamStatus: status,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
      Shards: shards.map(({ shardId, parentShardId, closed }) => ({
        ShardId: shardId,
        ...(parentShardId === undefined ? {} : { ParentShardId: parentShardId }),
        SequenceNumberRange: { StartingSequenceNumber: '1', ...(closed ? { EndingSequenceNumber: '99999999999999999999' } : {}) },
      })),
      ...(lastEvaluatedShardId === undefined ? {} : { LastEvaluatedShardId: lastEvaluatedShardId }),
    },
  });
}

/** A GetShardIterator response. */
export function shardIteratorResponse(iterator: string): DynamoDBResponse {
  return okResponse({ ShardIterator: iterator });
}

/** One change as a stream record fixture takes it: native keys and images. */
export interface StreamRecordInit {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  keys: object;
  newImage?: object;
  oldImage?: object;
  sequenceNumber: string;
  /** @default `event-<sequenceNumber>` */
  eventId?: string;
  /** @default 2026-01-01T00:00:00Z */
  approximateCreationTime?: Date;
  /** @default 100 */
  sizeBytes?: number;
  /** A REMOVE made by time to live. */
  byTtl?: boolean;
}

/** A stream record as GetRecords sends it. */
function streamRecord({ eventName, keys, newImage, oldImage, sequenceNumber, eventId, approximateCreationTime, sizeBytes = 100, byTtl }: StreamRecordInit): object {
  return {
    eventID: eventId ?? `event-${sequenceNumber}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: (approximateCreationTime?.getTime() ?? Date.UTC(2026, 0, 1)) / 1000,
      Keys: marshall(keys),
      ...(newImage === undefined ? {} : { NewImage: marshall(newImage) }),
      ...(oldImage === undefined ? {} : { OldImage: marshall(oldImage) }),
      SequenceNumber: sequenceNumber,
      SizeBytes: sizeBytes,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    ...(byTtl ? { userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' } } : {}),
  };
}

/** A GetRecords response with these records; without `nextShardIterator`, the end of a closed shard. */
export function recordsResponse(records: readonly StreamRecordInit[], nextShardIterator?: string): DynamoDBResponse {
  return okResponse({ Records: records.map(streamRecord), ...(nextShardIterator === undefined ? {} : { NextShardIterator: nextShardIterator }) });
}
