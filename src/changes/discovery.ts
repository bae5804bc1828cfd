import { catchError, map, of, reduce, throwError, type Observable } from 'rxjs';
import { ValidationException } from '../errors/service-errors.js';
import { malformed } from '../response/read.js';
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

/**
 * The most DescribeStream pages one listing reads: 1,000,000 shards at 100 a page. A stream has about one open
 * shard per table partition (10 GB or 1,000 write units each); a shard closes after about 4 hours and is listed
 * 24 hours more, so about 7 per partition: a million is some 140,000 partitions (1.4 PB, or 140 million write
 * units a second), far past any real table. A server that pages on past it (ever-new `LastEvaluatedShardId`s,
 * which the cycle check cannot catch) fails the listing instead of growing it without end. @internal
 */
export const MAX_DESCRIBE_PAGES = 10_000;

/** Every page of a DescribeStream (100 shards a page, `ExclusiveStartShardId`), gathered into one listing. */
function describeAll(calls: StreamCalls, childrenOf: string | undefined): Observable<ShardListing> {
  return paginate<StreamPage, string>({
    action: 'DescribeStream',
    cursorName: 'LastEvaluatedShardId',
    fetch: (exclusiveStartShardId) => calls.describeStream({ exclusiveStartShardId, childrenOf }),
    next: (page) => page.lastEvaluatedShardId,
  }).pipe(
    map((page, index) => {
      if (index + 1 >= MAX_DESCRIBE_PAGES && page.lastEvaluatedShardId !== undefined) {
        const problem = `still another page after ${MAX_DESCRIBE_PAGES} pages (${MAX_DESCRIBE_PAGES * 100} shards), far more than any stream has: stopping instead of paging forever`;
        throw malformed({ action: 'DescribeStream' }, 'StreamDescription.LastEvaluatedShardId', problem);
      }
      return page;
    }),
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
