import { catchError, map, of, reduce, throwError, type Observable } from 'rxjs';
import { ValidationException } from '../errors/service-errors.js';
import { paginate } from '../streams/paginate.js';
import type { ShardInfo, StreamCalls, StreamPage } from './stream-calls.js';

/** What one discovery found: the stream's status and shards. @internal */
export interface ShardListing {
  /** `ENABLING`, `ENABLED`, `DISABLING` or `DISABLED`. */
  readonly status: string;
  readonly shards: readonly ShardInfo[];
  /** True when these are all the stream's shards (a shard not among them is gone). */
  readonly complete: boolean;
}

/** Every page of a DescribeStream (100 shards a page, `ExclusiveStartShardId`), gathered into one listing. */
function describeAll(calls: StreamCalls, childrenOf: string | undefined): Observable<ShardListing> {
  return paginate<StreamPage, string>({
    action: 'DescribeStream',
    cursorName: 'LastEvaluatedShardId',
    fetch: (exclusiveStartShardId) => calls.describeStream({ exclusiveStartShardId, childrenOf }),
    next: (page) => page.lastEvaluatedShardId,
  }).pipe(
    reduce<StreamPage, { status: string; shards: ShardInfo[] }>((listing, page) => ({ status: page.status, shards: listing.shards.concat(page.shards) }), { status: '', shards: [] }),
    map(({ status, shards }) => ({ status, shards, complete: childrenOf === undefined })),
  );
}

/** Every shard of the stream, reading DescribeStream to its last page. @internal */
export function listShards(calls: StreamCalls): Observable<ShardListing> {
  return describeAll(calls, undefined);
}

/**
 * The children of a shard that closed (DescribeStream with `ShardFilter` `CHILD_SHARDS`); `undefined`
 * when the service refuses the filter (an endpoint that predates it), so the caller lists every shard. @internal
 */
export function listChildren(calls: StreamCalls, shardId: string): Observable<ShardListing | undefined> {
  return describeAll(calls, shardId).pipe(catchError((error: unknown) => (ValidationException.is(error) ? of(undefined) : throwError(() => error))));
}
