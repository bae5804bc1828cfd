import { Buffer } from 'node:buffer';
import { standIn } from '../config/support/stand-in.js';
import { actionOf, answer, bodyOf, fail } from './json-api.js';

/** One change the stand-in holds: an INSERT of `{ pk: key, n }`, or a REMOVE of `pk: key`, by a caller or by TTL. */
interface StoredRecord {
  readonly sequenceNumber: string;
  readonly key: string;
  readonly n: number;
  readonly removed?: 'by a caller' | 'by TTL';
}

interface StandInShard {
  readonly shardId: string;
  readonly parentShardId: string | undefined;
  readonly records: StoredRecord[];
  closed: boolean;
  /** Records before this index are trimmed away. */
  oldest: number;
  /** Gone from the listing (aged out entirely). */
  gone: boolean;
}

/** Where an iterator the stand-in issued points, and when it was issued (iterators of older generations are expired). */
interface IteratorState {
  readonly shardId: string;
  readonly index: number;
  readonly generation: number;
}

/** A running stand-in for DynamoDB Streams (and DescribeTable), scripted by the test, and what it received. */
export interface StreamsStandIn {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly table: string;
  readonly streamArn: string;
  /** Every request, as `<action> <detail>`. */
  readonly requests: string[];
  /** Adds an open shard. */
  addShard(shardId: string, parentShardId?: string): void;
  /** Appends a change to an open shard; returns its sequence number. */
  write(shardId: string, key: string, n: number): string;
  /** Appends a REMOVE of `key` to an open shard, made by a caller or by time to live (with DynamoDB's service identity). */
  remove(shardId: string, key: string, by: 'by a caller' | 'by TTL'): void;
  /** Closes a shard and opens its children (one, or two for a split). */
  split(shardId: string, children: readonly string[]): void;
  /** Closes a shard: no more records; its iterator ends after the last. */
  close(shardId: string): void;
  /** Trims the oldest `count` records of a shard away; `gone` drops the shard from the listing entirely. */
  trim(shardId: string, count: number, gone?: boolean): void;
  /** Every iterator issued so far expires (as 15 minutes would make them). */
  expireIterators(): void;
  /** Turns the stream off: DISABLED, every shard closed. */
  disable(): void;
}

/** Shards per DescribeStream page, as DynamoDB Streams pages them. */
export const SHARDS_PER_PAGE = 100;

/**
 * A local HTTP server on 127.0.0.1 answering DescribeTable, DescribeStream (100 shards a page with
 * `ExclusiveStartShardId`; `ShardFilter` `CHILD_SHARDS` unless `shardFilter: false`, which refuses it
 * as an older endpoint would), GetShardIterator and GetRecords as the DynamoDB Streams reference
 * documents them, over a stream the test scripts: shards, splits, writes, trims, expired iterators,
 * a stream turned off. What DynamoDB Local will not do on demand. It closes when the test ends.
 */
export async function streamsStandIn(table: string, { shardFilter = true } = {}): Promise<StreamsStandIn> {
  const streamArn = `arn:aws:dynamodb:us-east-1:123456789012:table/${table}/stream/2026-01-01T00:00:00.000`;
  const shards = new Map<string, StandInShard>();
  const requests: string[] = [];
  let status = 'ENABLED';
  let sequence = 0;
  let generation = 0;
  let expiredBefore = 0;

  const shardOf = (shardId: string): StandInShard => {
    const shard = shards.get(shardId);
    if (!shard) throw new Error(`no shard ${shardId} in the stand-in`);
    return shard;
  };
  const iterator = (shardId: string, index: number): string => Buffer.from(JSON.stringify({ shardId, index, generation })).toString('base64');
  const describe = (shard: StandInShard) => ({
    ShardId: shard.shardId,
    ...(shard.parentShardId === undefined ? {} : { ParentShardId: shard.parentShardId }),
    SequenceNumberRange: {
      StartingSequenceNumber: shard.records[0]?.sequenceNumber ?? '0',
      ...(shard.closed ? { EndingSequenceNumber: shard.records.at(-1)?.sequenceNumber ?? '0' } : {}),
    },
  });
  const toRecord = ({ sequenceNumber, key, n, removed }: StoredRecord) => ({
    eventID: `event-${sequenceNumber}`,
    eventName: removed ? 'REMOVE' : 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: { pk: { S: key } },
      ...(removed ? {} : { NewImage: { pk: { S: key }, n: { N: String(n) } } }),
      SequenceNumber: sequenceNumber,
      SizeBytes: 20,
      StreamViewType: 'NEW_IMAGE',
    },
    // As the DynamoDB Streams reference documents a deletion by time to live.
    ...(removed === 'by TTL' ? { userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' } } : {}),
  });

  const server = await standIn((request, response) => {
    void bodyOf(request).then((body) => {
      const action = actionOf(request);
      switch (action) {
        case 'DescribeTable':
          requests.push(`DescribeTable ${String(body['TableName'])}`);
          return answer(response, 200, { Table: { TableName: table, TableStatus: 'ACTIVE', LatestStreamArn: streamArn, StreamSpecification: { StreamEnabled: status === 'ENABLED', StreamViewType: 'NEW_IMAGE' } } });
        case 'DescribeStream': {
          const filter = body['ShardFilter'] as { Type: string; ShardId: string } | undefined;
          requests.push(`DescribeStream ${filter ? `children of ${filter.ShardId}` : 'all'}${body['ExclusiveStartShardId'] === undefined ? '' : ` after ${String(body['ExclusiveStartShardId'])}`}`);
          if (body['StreamArn'] !== streamArn) return fail(response, 'ResourceNotFoundException', `Stream ${String(body['StreamArn'])} not found`);
          if (filter && !shardFilter) return fail(response, 'ValidationException', "1 validation error detected: Value null at 'shardFilter' failed to satisfy constraint");
          const listed = [...shards.values()].filter((shard) => !shard.gone && (!filter || shard.parentShardId === filter.ShardId));
          const start = body['ExclusiveStartShardId'] === undefined ? 0 : listed.findIndex((shard) => shard.shardId === body['ExclusiveStartShardId']) + 1;
          const page = listed.slice(start, start + SHARDS_PER_PAGE);
          const more = start + SHARDS_PER_PAGE < listed.length;
          return answer(response, 200, {
            StreamDescription: { StreamArn: streamArn, StreamStatus: status, StreamViewType: 'NEW_IMAGE', TableName: table, Shards: page.map(describe), ...(more ? { LastEvaluatedShardId: page.at(-1)!.shardId } : {}) },
          });
        }
        case 'GetShardIterator': {
          const type = String(body['ShardIteratorType']);
          requests.push(`GetShardIterator ${String(body['ShardId'])} ${type}${body['SequenceNumber'] === undefined ? '' : ` ${String(body['SequenceNumber'])}`}`);
          const shard = shards.get(String(body['ShardId']));
          if (!shard || shard.gone) return fail(response, 'ResourceNotFoundException', 'Shard does not exist');
          if (type === 'TRIM_HORIZON') return answer(response, 200, { ShardIterator: iterator(shard.shardId, shard.oldest) });
          if (type === 'LATEST') return answer(response, 200, { ShardIterator: iterator(shard.shardId, shard.records.length) });
          const at = shard.records.findIndex((record) => record.sequenceNumber === body['SequenceNumber']);
          if (at === -1) return fail(response, 'ValidationException', 'Invalid SequenceNumber');
          if (at + 1 < shard.oldest) return fail(response, 'TrimmedDataAccessException', 'The operation attempted to read past the oldest stream record in a shard.');
          return answer(response, 200, { ShardIterator: iterator(shard.shardId, at + 1) });
        }
        case 'GetRecords': {
          const state = JSON.parse(Buffer.from(String(body['ShardIterator']), 'base64').toString('utf8')) as IteratorState;
          requests.push(`GetRecords ${state.shardId} ${state.index}`);
          if (state.generation < expiredBefore) return fail(response, 'ExpiredIteratorException', 'Iterator expired.');
          const shard = shardOf(state.shardId);
          if (state.index < shard.oldest) return fail(response, 'TrimmedDataAccessException', 'The operation attempted to read past the oldest stream record in a shard.');
          const limit = typeof body['Limit'] === 'number' ? body['Limit'] : 1000;
          const read = shard.records.slice(state.index, state.index + limit);
          const next = state.index + read.length;
          const ended = shard.closed && next >= shard.records.length;
          return answer(response, 200, { Records: read.map(toRecord), ...(ended ? {} : { NextShardIterator: iterator(shard.shardId, next) }) });
        }
        default:
          return fail(response, 'UnknownOperationException', `${action} is not answered by this stand-in`);
      }
    });
  });

  const addShard = (shardId: string, parentShardId?: string): void => {
    shards.set(shardId, { shardId, parentShardId, records: [], closed: false, oldest: 0, gone: false });
  };
  const close = (shardId: string): void => {
    shardOf(shardId).closed = true;
  };
  const append = (shardId: string, change: Omit<StoredRecord, 'sequenceNumber'>): string => {
    const shard = shardOf(shardId);
    if (shard.closed) throw new Error(`shard ${shardId} is closed`);
    const sequenceNumber = String(++sequence).padStart(21, '0');
    shard.records.push({ sequenceNumber, ...change });
    return sequenceNumber;
  };
  return {
    endpoint: server.origin,
    table,
    streamArn,
    requests,
    addShard,
    write: (shardId, key, n) => append(shardId, { key, n }),
    remove: (shardId, key, removed) => void append(shardId, { key, n: 0, removed }),
    split: (shardId, children) => {
      close(shardId);
      for (const child of children) addShard(child, shardId);
    },
    close,
    trim: (shardId, count, gone = false) => {
      const shard = shardOf(shardId);
      shard.oldest = Math.min(shard.records.length, shard.oldest + count);
      shard.gone = gone;
    },
    expireIterators: () => {
      expiredBefore = ++generation;
    },
    disable: () => {
      status = 'DISABLED';
      for (const shard of shards.values()) shard.closed = true;
    },
  };
}
