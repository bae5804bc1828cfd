import { concat, defer, exhaustMap, finalize, from, map, merge, mergeMap, Observable, of, Subject, switchMap, takeWhile, throwError, timer, toArray } from 'rxjs';
import type { Send } from '../call/send.js';
import { changes, changesPaced } from '../changes/changes.js';
import { DISCOVERY_INTERVAL_MS } from '../changes/change-stream.js';
import { listShards } from '../changes/discovery.js';
import { StreamDisabledError, StreamTrimmedError } from '../changes/errors.js';
import { readChangesOptions, type ChangesSettings } from '../changes/options.js';
import { after, describePosition, FROM_LATEST, FROM_OLDEST, type IteratorPosition } from '../changes/positions.js';
import { readShard } from '../changes/shard-reader.js';
import { streamToRead } from '../changes/stream-arn.js';
import { streamCalls } from '../changes/stream-calls.js';
import type { ChangeBatch, ChangeHandler, ChangeRecord, ChangesOptions, ChangesPacedOptions, HandledChanges } from '../changes/types.js';
import { InvalidParameterError } from '../errors/client-errors.js';
import { plainObject } from '../input/validate.js';
import { ConcurrencyLimiter } from '../retry/concurrency-limiter.js';
import { readPacedArguments } from '../streams/paced.js';
import { PageCredits } from '../streams/page-credits.js';
import type { LeaseGrant } from './lease-grant.js';
import { dynamoLeaseStore, type UnitRecord } from './lease-store.js';
import { workOnLease } from './lease-work.js';
import { leaseGrants, type LeaseUnit } from './lease-worker.js';
import { declaresLease, HandlerSlots, type LeaseContext } from './lease-context.js';
import { readLeaseOptions, type LeaseSettings } from './options.js';

/** What leased change streams need of the client: its sends (DynamoDB's for the leases, Streams') and where lease events go. @internal */
export interface ChangesLeaseContext extends LeaseContext {
  readonly streamsSend: Send;
}

/** The prefix of a shard's lease key: `shard#shardId-0001`. */
const SHARD = 'shard#';
/** A shard's checkpoint: the sequence number of its last record delivered. */
const SHARD_CHECKPOINT = { description: 'a sequence number (a string)', accepts: (value: unknown) => typeof value === 'string' };

/** Reads the options of a leased change stream once, and checks them whole before anything is sent. */
function readLeasedChanges(table: string, options: ChangesOptions): { settings: ChangesSettings; lease: LeaseSettings } {
  const { lease, ...rest } = plainObject(options, 'options') as ChangesOptions;
  const leaseSettings = readLeaseOptions(lease, 'options.lease');
  const settings = readChangesOptions(table, rest);
  if (settings.start.from === 'checkpoint') {
    throw new InvalidParameterError('options.startAt', "cannot be a checkpoint with lease: each shard resumes from the checkpoint in its lease; 'LATEST' or 'TRIM_HORIZON' says where a shard without one starts");
  }
  if (settings.onPositioned !== undefined) throw new InvalidParameterError('options.onPositioned', 'is not available with lease: each worker starts reading a shard when it takes its lease');
  return { settings, lease: leaseSettings };
}

/**
 * `db.changes`: with `options.lease`, a change stream shared with other workers (see {@link leasedBatches}),
 * emitting each batch before it is checkpointed; without, the change stream. @internal
 */
export function changesWithLeases<T>(context: ChangesLeaseContext, table: string, options: ChangesOptions | undefined): Observable<ChangeBatch<T>> {
  return defer(() => {
    if (!declaresLease(options)) return changes<T>(context, table, options);
    const { settings, lease } = readLeasedChanges(table, options!);
    return leasedBatches<T, ChangeBatch<T>>(context, settings, lease, (batch) => of(batch), 2);
  });
}

/**
 * `db.changesPaced`: with `options.lease`, a shared change stream whose checkpoints follow the handler: a
 * batch is checkpointed once its handler finished. Batches of a shard are handled in order,
 * `pacing.concurrency` handlers at once across shards, each shard reading at most `pacing.prefetch`
 * batches ahead of its handler. Without `lease`, the paced change stream. @internal
 */
export function changesPacedWithLeases<T, R>(context: ChangesLeaseContext, table: string, args: readonly unknown[]): Observable<HandledChanges<R>> {
  return defer(() => {
    if (typeof args[0] === 'function' || !declaresLease(args[0])) return changesPaced<T, R>(context, table, args);
    const { handler, options, prefetch, concurrency } = readPacedArguments<ChangesPacedOptions, ChangeHandler<T, R>>(args, 'batch');
    const { settings, lease } = readLeasedChanges(table, options!);
    const handlers = new HandlerSlots(concurrency);
    const deliver = (batch: ChangeBatch<T>, grant: LeaseGrant): Observable<HandledChanges<R>> =>
      handlers.run(grant, () =>
        from(handler(batch)).pipe(
          toArray(),
          map((results) => ({ shardId: batch.shardId, results, checkpoint: batch.checkpoint })),
        ),
      );
    return handlers.closingOnUnsubscribe(leasedBatches<T, HandledChanges<R>>(context, settings, lease, deliver, 1 + prefetch));
  });
}

/**
 * A change stream shared with other workers through leases, one per shard: the shards are listed at the
 * start, every minute and whenever a shard this worker read is done (to find its children); each shard
 * this worker leases is read from its lease's checkpoint (or, without one, from `startAt`; from its
 * oldest change when its parent is listed, so that nothing after a split is lost), batch after batch:
 * each batch checked to be still leased, handed to `deliver`, then its last sequence number checkpointed
 * before the next batch of that shard ({@link workOnLease}); a shard read to its end is marked done, and
 * its children become takeable. Each shard reads at most `credits` batches ahead. A stream turned off
 * ends, once every shard is done, with a `StreamDisabledError`.
 */
function leasedBatches<T, R>(
  context: ChangesLeaseContext,
  settings: ChangesSettings,
  lease: LeaseSettings,
  deliver: (batch: ChangeBatch<T>, grant: LeaseGrant) => Observable<R>,
  credits: number,
): Observable<R> {
  const { table, limit, pollIntervalMs, onTrimmed, maxShardConcurrency } = settings;
  return streamToRead(context.send, settings).pipe(
    switchMap((streamArn) => {
      const calls = streamCalls(context.streamsSend, streamArn, table, limit);
      const slots = new ConcurrencyLimiter(maxShardConcurrency);
      const group = `stream#${streamArn}`;
      const store = dynamoLeaseStore({ ...lease, send: context.send, group, path: 'options.lease.table', checkpoint: SHARD_CHECKPOINT });
      const relist = new Subject<void>();
      /** The shards listed with a parent that is listed too: read from their oldest change, whatever `startAt`. */
      const children = new Set<string>();
      /** The shards the latest listing has open: one GetShardIterator does not find means the stream is gone. */
      const open = new Set<string>();
      const units: Observable<LeaseUnit[]> = merge(of(undefined), relist, timer(DISCOVERY_INTERVAL_MS, DISCOVERY_INTERVAL_MS)).pipe(
        exhaustMap(() => listShards(calls)),
        takeWhile((listing) => listing.status !== 'DISABLED', true),
        map((listing) => {
          const listed = new Set(listing.shards.map((shard) => shard.shardId));
          open.clear();
          for (const shard of listing.shards) if (!shard.closed) open.add(shard.shardId);
          return listing.shards.map(({ shardId, parentShardId }) => {
            if (parentShardId !== undefined && listed.has(parentShardId)) children.add(shardId);
            return { key: SHARD + shardId, parents: parentShardId === undefined ? [] : [SHARD + parentShardId] };
          });
        }),
      );
      // A child shard follows on from its parent: from its oldest change, whatever `startAt`, when its parent
      // is listed, or was leased by the group (read, maybe by a worker long gone, and trimmed away since).
      const startOf = (grant: LeaseGrant, shardId: string): IteratorPosition => {
        if (typeof grant.checkpoint === 'string') return after(grant.checkpoint);
        return settings.start.from === 'LATEST' && !children.has(shardId) && !grant.parentLeased ? FROM_LATEST : FROM_OLDEST;
      };
      /** A parent shard trimmed away before its lease was done: its changes after the checkpoint are lost. */
      const parentGone = (parent: UnitRecord): Error | undefined => {
        if (onTrimmed === 'skipToOldest') return undefined;
        const position = describePosition(typeof parent.checkpoint === 'string' ? after(parent.checkpoint) : FROM_OLDEST);
        return new StreamTrimmedError({ shardId: parent.key.slice(SHARD.length), position: `${position} (the shard is no longer listed; its lease in ${lease.table} is not done)` });
      };
      const readLeasedShard = (grant: LeaseGrant): Observable<R> => {
        const shardId = grant.key.slice(SHARD.length);
        const pool = new PageCredits(credits);
        const reading = { calls, pollIntervalMs, onTrimmed, slots, credits: pool };
        return workOnLease(grant, {
          source: readShard<T>(reading, { shardId, closed: !open.has(shardId) }, startOf(grant, shardId)),
          deliver: (records: ChangeRecord<T>[]) => deliver({ shardId, records, checkpoint: { streamArn, shards: { [shardId]: lastOf(records) } } }, grant),
          checkpointOf: lastOf,
          settled: () => pool.release(),
        }).pipe(finalize(() => relist.next()));
      };
      const workerSettings = { table: lease.table, group, leaseDurationMs: lease.leaseDurationMs, maxLeases: Infinity, onEvent: context.onEvent, parentGone };
      return concat(
        leaseGrants(store, workerSettings, units).pipe(mergeMap(readLeasedShard)),
        defer(() => throwError(() => new StreamDisabledError({ streamArn, shards: {} }))),
      );
    }),
  );
}

/** The sequence number of a batch's last record: where its shard stands after it. */
function lastOf(records: readonly ChangeRecord<unknown>[]): string {
  return records[records.length - 1]!.sequenceNumber;
}
