import { DynamoDBError } from '../errors/dynamodb-error.js';
import type { StreamCheckpoint } from './types.js';

/**
 * `changes` was asked for a table that has no stream enabled. Enable one (`updateTable` with a
 * `StreamSpecification`), or pass `streamArn` to read what a disabled stream still holds. Not retried.
 */
export class NoStreamError extends DynamoDBError {
  override name = 'NoStreamError' as const;
  /** The table asked for. */
  readonly table: string;
  constructor(table: string, why: string) {
    super({
      code: 'NoStreamError',
      message: `table ${table} ${why}: enable one with updateTable({ TableName: '${table}', StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }), or pass streamArn to read a disabled stream's last 24 hours`,
      action: 'DescribeTable',
    });
    this.table = table;
  }
}

/**
 * The stream being read was disabled, or its table deleted: every change it holds was emitted (with
 * `changesPaced`: and handled) and no more will come. `checkpoint` is where the reader stands. Not retried.
 */
export class StreamDisabledError extends DynamoDBError {
  override name = 'StreamDisabledError' as const;
  readonly streamArn: string;
  /** The position after every change emitted: all the stream holds. */
  readonly checkpoint: StreamCheckpoint;
  constructor(checkpoint: StreamCheckpoint) {
    super({
      code: 'StreamDisabledError',
      message: `stream ${checkpoint.streamArn} is DISABLED (its stream was turned off or its table deleted); every change it holds was emitted`,
      action: 'DescribeStream',
    });
    this.streamArn = checkpoint.streamArn;
    this.checkpoint = checkpoint;
  }
}

/** What a {@link StreamTrimmedError} is built from. */
export interface StreamTrimmedInit {
  shardId: string;
  /** Where reading was to go on, in words: `after sequence number 123`, `at TRIM_HORIZON`. */
  position: string;
  /** The service's `TrimmedDataAccessException` or `ResourceNotFoundException`, when it said so. */
  cause?: unknown;
}

/**
 * Changes were trimmed before they could be read: DynamoDB Streams keeps them 24 hours, and the reader
 * fell further behind (or resumed from an older checkpoint). `shardId` and `position` say where. Not
 * retried; `onTrimmed: 'skipToOldest'` goes on from the oldest change still there instead, losing these.
 */
export class StreamTrimmedError extends DynamoDBError {
  override name = 'StreamTrimmedError' as const;
  readonly shardId: string;
  readonly position: string;
  constructor(init: StreamTrimmedInit) {
    super({
      code: 'StreamTrimmedError',
      message: `changes of shard ${init.shardId} ${init.position} were trimmed (DynamoDB Streams keeps 24 hours) before they were read; set onTrimmed: 'skipToOldest' to go on from the oldest change still there`,
      cause: init.cause,
    });
    this.shardId = init.shardId;
    this.position = init.position;
  }
}
