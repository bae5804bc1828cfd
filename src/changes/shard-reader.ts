import { asyncScheduler, Observable, Subscription, timer } from 'rxjs';
import { ResourceNotFoundException } from '../errors/service-errors.js';
import { ExpiredIteratorException, TrimmedDataAccessException } from '../errors/streams-errors.js';
import type { ConcurrencyLimiter } from '../retry/concurrency-limiter.js';
import type { PageCredits } from '../streams/page-credits.js';
import { StreamTrimmedError } from './errors.js';
import { after, describePosition, FROM_OLDEST, type IteratorPosition } from './positions.js';
import type { RecordsPage, ShardInfo, StreamCalls } from './stream-calls.js';
import type { ChangeRecord } from './types.js';

/** AWS allows 5 GetRecords a second per shard: reads of one shard start at least this far apart. @internal */
export const MIN_READ_SPACING_MS = 200;
/** Iterators that expire or trims that move, one after another without a read in between, before giving up. */
const MAX_REOPENS_IN_A_ROW = 3;
/** DynamoDB Streams keeps a change 24 hours: none younger is trimmed. */
const RETENTION_MS = 24 * 60 * 60 * 1000;

/** How the shards of one change stream are read. @internal */
export interface ShardReading {
  readonly calls: StreamCalls;
  readonly pollIntervalMs: number;
  readonly onTrimmed: 'error' | 'skipToOldest';
  /** The stream's requests in flight, across shards (`maxShardConcurrency`). */
  readonly slots: ConcurrencyLimiter;
  /** Paced consumption: each GetRecords takes a credit, kept by the batch it returns (given back at once when it returns nothing, kept for the next read when it fails). */
  readonly credits: PageCredits | undefined;
}

/**
 * Reads one shard from `start`: emits the records of every GetRecords response that holds any, in
 * order, and completes when the shard is read to its end (no `NextShardIterator`). Calls `opened` once
 * it has its first iterator (so `start` is fixed: LATEST is where the shard stood then). Polls: after an
 * empty response it waits `pollIntervalMs`; with records it reads again at once, but never starts two
 * reads of the shard less than {@link MIN_READ_SPACING_MS} apart. Waits (timers, credits, slots) hold
 * no client slot.
 *
 * An expired iterator is replaced by one after the last record emitted (from the start position when
 * none was; a LATEST start then reads from the oldest record, so that nothing is lost). Trimmed records
 * fail it with a {@link StreamTrimmedError}, unless nothing was lost or `onTrimmed` is `'skipToOldest'`; a
 * closed shard gone entirely (aged out) then ends. Nothing was lost when nothing was emitted from the oldest
 * record on (the oldest moved on), nor from a LATEST start less than 24 hours ago: no change made since is
 * old enough to be trimmed, so the oldest record left came after the start. (DynamoDB Local answers so,
 * untruly, when the shard was empty at the start and other tables' writes took the sequence numbers before
 * its first record.) An open shard cannot age out: GetShardIterator not finding one means the stream is gone
 * (its table deleted 24 hours ago, or no such stream), and fails the reading with that ResourceNotFoundException,
 * as DescribeTable's and DescribeStream's do.
 * @internal
 */
export function readShard<T>(reading: ShardReading, shard: Pick<ShardInfo, 'shardId' | 'closed'>, start: IteratorPosition, opened?: () => void): Observable<ChangeRecord<T>[]> {
  const { calls, pollIntervalMs, onTrimmed, slots, credits } = reading;
  const { shardId } = shard;
  return new Observable<ChangeRecord<T>[]>((subscriber) => {
    let position = start;
    /** When the reading began: a LATEST start stands no earlier. */
    const startedAt = asyncScheduler.now();
    /** The last record emitted: every record read after it must come after it. */
    let lastEmitted = start.type === 'AFTER_SEQUENCE_NUMBER' ? start.sequenceNumber : undefined;
    let lastReadStart = -Infinity;
    let reopensInARow = 0;
    /**
     * Paced consumption: the credit of a read that failed, kept for the read with the iterator that replaces
     * it, so the shard keeps its turn. Given back at the back of the queue, a shard behind a slow handler got
     * an iterator that expired again while it waited, until the reader gave up.
     */
    let keptCredit = false;

    /**
     * Sends one request within a stream slot; `next` gets its one response once it completed. Nothing,
     * once the reading ended (a subscriber that stopped in its `next`, e.g. `take(1)`).
     */
    const request = <X>(source: Observable<X>, next: (response: X) => void, failed: (error: unknown) => void): void => {
      if (subscriber.closed) return;
      const slot = new Subscription();
      subscriber.add(slot);
      slot.add(
        slots.acquire(() => {
          let response: { value: X } | undefined;
          slot.add(
            source.subscribe({
              next: (value) => (response = { value }),
              error: (error: unknown) => {
                slot.unsubscribe();
                failed(error);
              },
              complete: () => {
                slot.unsubscribe();
                if (response) next(response.value);
              },
            }),
          );
        }),
      );
    };

    let notifyOpened = opened;
    const openIterator = (): void =>
      request(
        calls.shardIterator(shardId, position),
        (iterator) => {
          const notify = notifyOpened;
          notifyOpened = undefined;
          notify?.(); // may end the reading: then read sends nothing
          read(iterator);
        },
        (error) => failed(error, true),
      );

    /** Reads at `iterator` once a credit is free (paced consumption). */
    const read = (iterator: string): void => {
      if (subscriber.closed) return;
      if (!credits || keptCredit || credits.tryTake()) {
        keptCredit = false;
        fetch(iterator);
        return;
      }
      const waiting = new Subscription(credits.whenAvailable(() => {
        waiting.unsubscribe();
        read(iterator);
      }));
      subscriber.add(waiting);
    };

    const fetch = (iterator: string): void => {
      lastReadStart = asyncScheduler.now();
      request(calls.records<T>(iterator, shardId, lastEmitted), received, (error) => {
        keptCredit = credits !== undefined;
        failed(error, false);
      });
    };

    const received = ({ records, nextIterator }: RecordsPage<T>): void => {
      reopensInARow = 0;
      const last = records[records.length - 1];
      if (last) {
        lastEmitted = last.sequenceNumber;
        position = after(lastEmitted);
        subscriber.next(records);
      } else {
        credits?.release();
      }
      if (nextIterator === undefined) {
        subscriber.complete();
        return;
      }
      const spacing = lastReadStart + MIN_READ_SPACING_MS - asyncScheduler.now();
      const delay = last ? spacing : Math.max(pollIntervalMs, spacing);
      if (delay <= 0) read(nextIterator);
      else subscriber.add(timer(delay).subscribe(() => read(nextIterator)));
    };

    /** Starts over with a new iterator at `from`, unless that keeps failing. */
    const reopen = (from: IteratorPosition, error: unknown): void => {
      if (++reopensInARow > MAX_REOPENS_IN_A_ROW) {
        subscriber.error(error);
        return;
      }
      position = from;
      openIterator();
    };

    const failed = (error: unknown, opening: boolean): void => {
      if (ExpiredIteratorException.is(error)) reopen(position.type === 'LATEST' ? FROM_OLDEST : position, error);
      else if (TrimmedDataAccessException.is(error) || (opening && shard.closed && ResourceNotFoundException.is(error))) trimmed(error);
      else subscriber.error(error);
    };

    /** The records at `position` are gone: the shard's oldest moved past it, or the whole shard aged out. */
    const trimmed = (error: unknown): void => {
      const lost = position.type === 'AFTER_SEQUENCE_NUMBER' || (position.type === 'LATEST' && asyncScheduler.now() - startedAt >= RETENTION_MS);
      if (lost && onTrimmed === 'error') {
        subscriber.error(new StreamTrimmedError({ shardId, position: describePosition(position), cause: error }));
      } else if (ResourceNotFoundException.is(error)) {
        if (keptCredit) credits?.release();
        subscriber.complete();
      } else {
        reopen(FROM_OLDEST, error);
      }
    };

    openIterator();
  });
}
