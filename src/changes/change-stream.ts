import { Observable, Subscription, timer, type Subscriber } from 'rxjs';
import type { Send } from '../call/send.js';
import { malformed } from '../response/read.js';
import { ConcurrencyLimiter } from '../retry/concurrency-limiter.js';
import type { PageCredits } from '../streams/page-credits.js';
import { isPromiseLike } from '../util/promise-like.js';
import { listChildren, listShards, type ShardListing } from './discovery.js';
import { StreamDisabledError, StreamTrimmedError } from './errors.js';
import { ShardLineage } from './lineage.js';
import type { ChangesSettings } from './options.js';
import { describePosition, FROM_LATEST, FROM_OLDEST, StreamPositions } from './positions.js';
import { MIN_READ_SPACING_MS, readShard, type ShardReading } from './shard-reader.js';
import { streamToRead } from './stream-arn.js';
import { streamCalls, type ShardInfo, type StreamCalls } from './stream-calls.js';
import type { ChangeBatch, ChangeRecord } from './types.js';

/** The client's sends a change stream uses: DynamoDB's (DescribeTable) and DynamoDB Streams'. @internal */
export interface ChangesContext {
  readonly send: Send;
  readonly streamsSend: Send;
}

/** A batch as emitted, with its shard's lineage: the batches of those shards, emitted before it, come first. @internal */
export interface Delivery<T> {
  readonly batch: ChangeBatch<T>;
  /** The batch's shard, then its ancestors (listed, or not forgotten yet), nearest first. */
  readonly lineage: readonly string[];
}

/** How often every shard is listed again, besides whenever a shard closes. @internal */
export const DISCOVERY_INTERVAL_MS = 60_000;

/** What a discovery lists: every shard, or the children of one that closed. */
type Discovery = { readonly all: true } | { readonly childrenOf: string };
const ALL: Discovery = { all: true };

/**
 * Reads a table's stream: every shard, each once its parent was read to its end, independent shards
 * at once; emits a {@link Delivery} per GetRecords response holding records. Runs until unsubscribed
 * (or a failure, or a disabled stream read to its end). With `credits`, each read waits for a credit
 * (paced consumption). @internal
 */
export function changeDeliveries<T>(context: ChangesContext, settings: ChangesSettings, credits?: PageCredits): Observable<Delivery<T>> {
  return new Observable<Delivery<T>>((subscriber) => {
    subscriber.add(
      streamToRead(context.send, settings).subscribe({
        next: (streamArn) => new ChangeStreamRun<T>(streamArn, context, settings, credits, subscriber).start(),
        error: (error: unknown) => subscriber.error(error),
      }),
    );
  });
}

/** One subscription's reading of one stream. */
class ChangeStreamRun<T> {
  readonly #settings: ChangesSettings;
  readonly #subscriber: Subscriber<Delivery<T>>;
  readonly #calls: StreamCalls;
  readonly #reading: ShardReading;
  readonly #positions: StreamPositions;
  readonly #lineage = new ShardLineage();
  /** Shards being read now. */
  readonly #readers = new Set<string>();
  /** The open shards of a LATEST start's first listing: read from LATEST, once. */
  readonly #fromLatest = new Set<string>();
  /** Those of them still without their LATEST iterator: the run is positioned once none is left. */
  readonly #awaitingLatest = new Set<string>();
  #positioned = false;
  /** Shards a complete listing left out once: a second in a row means they are gone. */
  #missingOnce = new Set<string>();
  #status = '';
  #listedOnce = false;
  /** Discoveries wait for each other, so that a complete listing is never older than one applied before it. */
  readonly #discoveries: Discovery[] = [];
  #discovering = false;
  /** Whether DescribeStream takes `ShardFilter`; a refusal switches to listing every shard. */
  #childFilter = true;
  /** The wait before listing again while there is nothing to read. */
  #idleWait = Subscription.EMPTY;

  constructor(streamArn: string, context: ChangesContext, settings: ChangesSettings, credits: PageCredits | undefined, subscriber: Subscriber<Delivery<T>>) {
    const { start, table, limit, pollIntervalMs, onTrimmed, maxShardConcurrency } = settings;
    this.#settings = settings;
    this.#subscriber = subscriber;
    this.#positions = new StreamPositions(streamArn, start.from === 'checkpoint' ? start.shards : []);
    this.#calls = streamCalls(context.streamsSend, streamArn, table, limit);
    this.#reading = { calls: this.#calls, pollIntervalMs, onTrimmed, slots: new ConcurrencyLimiter(maxShardConcurrency), credits };
  }

  start(): void {
    this.#discover(ALL);
    this.#subscriber.add(timer(DISCOVERY_INTERVAL_MS, DISCOVERY_INTERVAL_MS).subscribe(() => this.#discover(ALL)));
  }

  /** Queues a discovery (one at a time); listing every shard covers the children queued before. */
  #discover(discovery: Discovery): void {
    if ('all' in discovery) this.#discoveries.length = 0;
    if (!this.#discoveries.some((queued) => 'all' in queued)) this.#discoveries.push(discovery);
    this.#nextDiscovery();
  }

  #nextDiscovery(): void {
    if (this.#discovering || this.#subscriber.closed) return; // onPositioned may have unsubscribed
    const discovery = this.#discoveries.shift();
    if (discovery === undefined) {
      this.#checkIdle();
      return;
    }
    this.#discovering = true;
    const listing = 'all' in discovery || !this.#childFilter ? listShards(this.#calls) : listChildren(this.#calls, discovery.childrenOf);
    this.#subscriber.add(
      listing.subscribe({
        next: (found: ShardListing | undefined) => {
          this.#discovering = false;
          if (found === undefined) {
            this.#childFilter = false;
            this.#discoveries.unshift(ALL);
          } else if (!this.#apply(found)) {
            return;
          }
          this.#nextDiscovery();
        },
        error: (error: unknown) => this.#subscriber.error(error),
      }),
    );
  }

  /** Takes in what a discovery found and starts reading the shards now ready; false once failed. */
  #apply(listing: ShardListing): boolean {
    const first = !this.#listedOnce;
    this.#listedOnce = true;
    this.#status = listing.status;
    const added = this.#lineage.add(listing.shards);
    const loop = this.#lineage.loopAmong(listing.shards);
    if (loop !== undefined) {
      const problem = `shard ${loop[0]!} descends from itself (${loop.join(' -> ')}): its changes could never be read in order`;
      this.#subscriber.error(malformed({ action: 'DescribeStream' }, 'StreamDescription.Shards', problem));
      return false;
    }
    if (first && this.#settings.start.from === 'LATEST') this.#startAtLatest(added);
    else for (const shard of added) this.#positions.track(shard.shardId);
    if (listing.complete && !this.#dropUnlisted(listing, first)) return false;
    this.#startReady();
    this.#checkPositioned();
    return true;
  }

  /** A shard read from LATEST has its iterator (or ended, or failed): the run may be positioned now. */
  #latestIteratorOf(shardId: string): void {
    if (this.#awaitingLatest.delete(shardId)) this.#checkPositioned();
  }

  /** Calls `onPositioned` once the first listing is in and every LATEST shard has its iterator (unbound: it gets no `this`). */
  #checkPositioned(): void {
    if (this.#positioned || !this.#listedOnce || this.#awaitingLatest.size > 0 || this.#subscriber.closed) return;
    this.#positioned = true;
    const { onPositioned } = this.#settings;
    try {
      // An async callback's rejection fails the subscription too, instead of going unhandled.
      const returned: unknown = onPositioned?.();
      if (isPromiseLike(returned)) returned.then(undefined, (error: unknown) => this.#subscriber.error(error));
    } catch (error) {
      this.#subscriber.error(error);
    }
  }

  /**
   * A LATEST start: closed shards are skipped; open ones are read from LATEST, except a shard whose parent
   * is still open, which is read from its oldest record once its parent ends, so that nothing after the start is lost.
   */
  #startAtLatest(shards: readonly ShardInfo[]): void {
    for (const shard of shards) if (shard.closed) this.#positions.finish(shard.shardId);
    for (const { shardId, closed, parentShardId } of shards) {
      if (closed) continue;
      this.#positions.track(shardId);
      if (parentShardId === undefined || !this.#lineage.isListed(parentShardId) || this.#positions.isDone(parentShardId)) {
        this.#fromLatest.add(shardId);
        this.#awaitingLatest.add(shardId);
      }
    }
  }

  /**
   * Handles the shards a complete listing leaves out (left out twice in a row, or at the first listing):
   * one read to its end is forgotten; one not read to its end aged out before its changes were read,
   * which fails with a StreamTrimmedError, or is skipped with `onTrimmed: 'skipToOldest'`. False once failed.
   */
  #dropUnlisted(listing: ShardListing, first: boolean): boolean {
    this.#lineage.keepOnly(listing.shards);
    const missing = new Set<string>();
    for (const shardId of [...this.#positions.shardIds()]) {
      if (this.#lineage.isListed(shardId) || this.#readers.has(shardId)) continue;
      if (!first && !this.#missingOnce.has(shardId)) {
        missing.add(shardId);
        continue;
      }
      if (!this.#positions.isDone(shardId) && this.#settings.onTrimmed === 'error') {
        const position = this.#positions.resumeAt(shardId) ?? FROM_OLDEST;
        this.#subscriber.error(new StreamTrimmedError({ shardId, position: `${describePosition(position)} (the shard is no longer listed)` }));
        return false;
      }
      this.#positions.forget(shardId);
      this.#lineage.forget(shardId);
    }
    this.#missingOnce = missing;
    return true;
  }

  #startReady(): void {
    for (const shard of this.#lineage.readyToRead(this.#positions, this.#readers)) {
      const { shardId } = shard;
      // A reader started above may have ended at once (a synchronous transport) and started this one.
      if (this.#readers.has(shardId) || this.#positions.isDone(shardId) || this.#subscriber.closed) continue;
      const fromLatest = this.#fromLatest.delete(shardId);
      const from = fromLatest ? FROM_LATEST : this.#positions.resumeAt(shardId);
      if (from === undefined) continue;
      this.#readers.add(shardId);
      this.#subscriber.add(
        readShard<T>(this.#reading, shard, from, fromLatest ? () => this.#latestIteratorOf(shardId) : undefined).subscribe({
          next: (records) => this.#emit(shardId, records),
          error: (error: unknown) => this.#subscriber.error(error),
          complete: () => {
            this.#readers.delete(shardId);
            this.#positions.finish(shardId);
            this.#latestIteratorOf(shardId);
            this.#discover({ childrenOf: shardId });
          },
        }),
      );
    }
  }

  #emit(shardId: string, records: ChangeRecord<T>[]): void {
    this.#positions.delivered(shardId, records[records.length - 1]!.sequenceNumber);
    this.#subscriber.next({ batch: { shardId, records, checkpoint: this.#positions.snapshot() }, lineage: this.#lineage.lineageOf(shardId) });
  }

  /**
   * With nothing being read or listed: a DISABLED stream was read to its end (a StreamDisabledError);
   * otherwise new shards are yet to be listed (a split's children, a stream being enabled): list again soon.
   */
  #checkIdle(): void {
    if (this.#readers.size > 0 || this.#discovering || !this.#idleWait.closed || this.#subscriber.closed) return;
    if (this.#status === 'DISABLED') {
      this.#subscriber.error(new StreamDisabledError(this.#positions.snapshot()));
      return;
    }
    const delay = Math.max(this.#settings.pollIntervalMs, MIN_READ_SPACING_MS);
    this.#idleWait = timer(delay).subscribe(() => {
      this.#idleWait = Subscription.EMPTY;
      this.#discover(ALL);
    });
    this.#subscriber.add(this.#idleWait);
  }
}
