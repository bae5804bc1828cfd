import type { ObservableInput } from 'rxjs';
import type { Key } from '../marshall/types.js';
import type { Item } from '../operations/types.js';
import type { WithPacing } from '../streams/paced.js';
import type { LeaseOptions } from '../operations/lease-options.js';

/** What a change did to its item. */
export type ChangeEventName = 'INSERT' | 'MODIFY' | 'REMOVE';

/**
 * One change to one item, read from the table's stream, with native values. Which images it holds
 * depends on the stream's view type: `KEYS_ONLY` none, `NEW_IMAGE` the new one (not on REMOVE),
 * `OLD_IMAGE` the old one (not on INSERT), `NEW_AND_OLD_IMAGES` both where they exist.
 */
export interface ChangeRecord<T = Item> {
  /** A unique id of this change. */
  eventId: string;
  eventName: ChangeEventName;
  /** The item's primary key. */
  keys: Key;
  /** The item after the change. */
  newImage?: T;
  /** The item before the change. */
  oldImage?: T;
  /** The change's place in its shard: the changes of one shard come in this order. */
  sequenceNumber: string;
  /** When DynamoDB wrote the change, to the second. */
  approximateCreationTime: Date;
  /** The size of the stream record in bytes. */
  sizeBytes: number;
  /** The shard the change was read from. */
  shardId: string;
  /**
   * True for a REMOVE that time to live made (not a caller's delete): DynamoDB's service identity is its
   * `userIdentity`. DynamoDB Local (3.3) sends its TTL deletions as `UNKNOWN_TO_SDK_VERSION` with no
   * identity: they come as REMOVEs with `byTtl` true too.
   */
  byTtl: boolean;
}

/**
 * Where a reader of one stream stands, as plain JSON: save it (`JSON.stringify`) and pass it back as
 * `startAt` to go on from there. `shards` maps each shard the reader knew of to the sequence number of
 * the last record emitted from it, to `'DONE'` once it was read to its end, or to `'TRIM_HORIZON'`
 * while nothing from it was emitted (it resumes at its oldest record). Shards read to their end and
 * no longer listed by DynamoDB are left out, so it stays small.
 * @example
 * { streamArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2026-01-01T00:00:00.000',
 *   shards: { 'shardId-00000001-1c2d': 'DONE', 'shardId-00000002-3e4f': '4007000000000012345678901' } }
 */
export interface StreamCheckpoint {
  readonly streamArn: string;
  readonly shards: Readonly<Record<string, string>>;
}

/** The records of one GetRecords response that held any, and where the stream stands after them. */
export interface ChangeBatch<T = Item> {
  shardId: string;
  /** In sequence order. */
  records: ChangeRecord<T>[];
  /**
   * The position after this batch and after every batch emitted before it, in every shard: resuming
   * from it emits none of these again and every change after them.
   */
  checkpoint: StreamCheckpoint;
}

/** Where `changes` starts: at new changes, at the oldest changes the stream holds, or where a checkpoint left off. */
export type ChangesStart = 'LATEST' | 'TRIM_HORIZON' | StreamCheckpoint;

/** Options of `db.changes`. */
export interface ChangesOptions {
  /**
   * `'LATEST'`: changes made from when each open shard has its iterator (see `onPositioned`).
   * `'TRIM_HORIZON'`: every change the stream still holds (the last 24 hours), then on. A
   * {@link StreamCheckpoint}: the first change not yet emitted when it was taken, in every shard; its
   * stream is read, whatever `streamArn` the table has now.
   * @default 'LATEST'
   */
  startAt?: ChangesStart | undefined;
  /** The stream to read. By default the table's latest stream (DescribeTable's `LatestStreamArn`). */
  streamArn?: string | undefined;
  /**
   * Milliseconds to wait after a read of a shard that returned nothing before reading it again.
   * A shard with more to read is read again at once (at most 5 reads a second per shard, AWS's limit). An
   * integer from 0 to 2147483647 (2^31-1, the longest delay a timer takes).
   * @default 1000
   */
  pollIntervalMs?: number | undefined;
  /** Records per GetRecords request, 1 to 1000 (DynamoDB's `Limit`). By default DynamoDB's: up to 1000 or 1 MB. */
  limit?: number | undefined;
  /**
   * Stream requests (GetRecords, GetShardIterator) in flight at once, across shards; shards wait their
   * turn in order, and a shard waiting out its poll interval holds none. The client's `maxConcurrency`
   * still bounds all requests together.
   * @default 16
   */
  maxShardConcurrency?: number | undefined;
  /**
   * When changes were trimmed (DynamoDB Streams keeps 24 hours) before they could be read: `'error'`
   * fails with a `StreamTrimmedError` naming the shard and position; `'skipToOldest'` goes on from the
   * oldest change still there, losing those.
   * @default 'error'
   */
  onTrimmed?: 'error' | 'skipToOldest' | undefined;
  /**
   * Called once, when every change made from then on will be emitted. A `'LATEST'` start is positioned
   * by GetShardIterator, after subscribing: this is called once every open shard has its LATEST iterator,
   * and a write made between subscribing and this call may be missed. With `'TRIM_HORIZON'` or a
   * checkpoint nothing is skipped: it is called once the stream's shards were first listed. A callback
   * that throws, or returns a Promise that rejects, fails the subscription with its error.
   * @example db.changes('Orders', { onPositioned: () => ready.next() })
   */
  onPositioned?: (() => void) | undefined;
  /**
   * Share the stream with other processes through leases in a DynamoDB table: each shard is read by one
   * of them at a time, from the checkpoint in its lease (written after each batch, or after its handler
   * with `changesPaced`), a child shard only once its parent was read to its end, and the shards of a
   * process that stopped are taken over. `startAt` ('LATEST' or 'TRIM_HORIZON') then says where shards
   * without a checkpoint start. See the README, "Scale-out".
   * @example db.changes('Orders', { startAt: 'TRIM_HORIZON', lease: { table: 'Leases' } })
   */
  lease?: LeaseOptions | undefined;
}

/**
 * Options of `db.changesPaced`: those of `changes`, and `pacing`: `prefetch` batches read ahead of the
 * handler (default 1), `concurrency` batches handled at once (default 1); batches of one shard, and of
 * a shard and its ancestors, are still handled one after the other.
 */
export interface ChangesPacedOptions extends ChangesOptions, WithPacing {}

/** A batch handler of `changesPaced`: a Promise, an Observable or any ObservableInput of results. */
export type ChangeHandler<T, R> = (batch: ChangeBatch<T>) => ObservableInput<R>;

/** What `changesPaced` emits each time a handler finished with a batch. */
export interface HandledChanges<R> {
  /** The shard of the batch just handled. */
  shardId: string;
  /** What the handler emitted for it (a Promise's value, an Observable's values). */
  results: R[];
  /**
   * Where to resume so that no handled change comes again and no unhandled one is lost: the checkpoint
   * of the latest batch whose handler finished along with the handlers of every batch before it.
   */
  checkpoint: StreamCheckpoint;
}
