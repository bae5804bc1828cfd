import type { StreamCheckpoint } from './types.js';

/** A shard read to its end: nothing more comes from it. */
export const DONE = 'DONE';
/** A shard nothing was emitted from yet: it is read from its oldest record. */
export const OLDEST = 'TRIM_HORIZON';

/** The longest shard id DynamoDB Streams gives (its ShardId has 28 to 65 characters). */
const MAX_SHARD_ID_LENGTH = 65;

/** Whether `value` is a shard id a checkpoint holds: 1 to 65 characters. @internal */
export function isShardId(value: string): boolean {
  return value !== '' && value.length <= MAX_SHARD_ID_LENGTH;
}

/** What {@link isShardId} asks, in words for messages. @internal */
export const SHARD_ID_RULE = `a shard id has 1 to ${MAX_SHARD_ID_LENGTH} characters`;

/** Where a shard iterator starts, as GetShardIterator takes it. @internal */
export type IteratorPosition =
  | { readonly type: 'TRIM_HORIZON' | 'LATEST' }
  | { readonly type: 'AFTER_SEQUENCE_NUMBER'; readonly sequenceNumber: string };

/** The oldest record of a shard. @internal */
export const FROM_OLDEST: IteratorPosition = { type: 'TRIM_HORIZON' };
/** Records written from now on. @internal */
export const FROM_LATEST: IteratorPosition = { type: 'LATEST' };

/** The position right after a record. @internal */
export function after(sequenceNumber: string): IteratorPosition {
  return { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber };
}

/** A position in words, for messages: `after sequence number 123`, `at TRIM_HORIZON`. @internal */
export function describePosition(position: IteratorPosition): string {
  return position.type === 'AFTER_SEQUENCE_NUMBER' ? `after sequence number ${position.sequenceNumber}` : `at ${position.type}`;
}

/**
 * Where a reader of one stream stands in each shard it knows: the sequence number of the last record
 * emitted, {@link DONE}, or {@link OLDEST}. Updated as batches are emitted, so that its snapshot is the
 * checkpoint of the batch emitted last. @internal
 */
export class StreamPositions {
  readonly #shards: Map<string, string>;

  constructor(
    readonly streamArn: string,
    start: Iterable<[string, string]> = [],
  ) {
    this.#shards = new Map(start);
  }

  /** The state of a shard: a sequence number, DONE or OLDEST; undefined for a shard not known. */
  get(shardId: string): string | undefined {
    return this.#shards.get(shardId);
  }

  /** Whether a shard was read to its end. */
  isDone(shardId: string): boolean {
    return this.#shards.get(shardId) === DONE;
  }

  /** Every shard known, in the order they became known. */
  shardIds(): IterableIterator<string> {
    return this.#shards.keys();
  }

  /** Starts tracking a shard nothing was emitted from; a shard already known keeps its state. */
  track(shardId: string): void {
    if (!this.#shards.has(shardId)) this.#shards.set(shardId, OLDEST);
  }

  /** Records that the records of a shard up to `sequenceNumber` were emitted. */
  delivered(shardId: string, sequenceNumber: string): void {
    this.#shards.set(shardId, sequenceNumber);
  }

  /** Records that a shard was read to its end (or is skipped: closed before a LATEST start). */
  finish(shardId: string): void {
    this.#shards.set(shardId, DONE);
  }

  /** Stops tracking a shard (done, or gone and skipped), keeping checkpoints small. */
  forget(shardId: string): void {
    this.#shards.delete(shardId);
  }

  /** Where a reader of this shard starts again: undefined for a shard read to its end. */
  resumeAt(shardId: string): IteratorPosition | undefined {
    const state = this.#shards.get(shardId) ?? OLDEST;
    if (state === DONE) return undefined;
    return state === OLDEST ? FROM_OLDEST : after(state);
  }

  /** A checkpoint of the positions now: a fresh plain object, safe to keep and to serialise. */
  snapshot(): StreamCheckpoint {
    return { streamArn: this.streamArn, shards: Object.fromEntries(this.#shards) };
  }
}
