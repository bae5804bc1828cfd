import { defer, mergeMap, range, switchMap, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import { InvalidParameterError } from '../errors/client-errors.js';
import type { PageCredits } from '../streams/page-credits.js';
import type { Page } from '../streams/page.js';
import type { WithPacing } from '../streams/paced.js';
import { integer, orDefault } from '../input/reader.js';
import { optional, wireOptions } from '../input/shape.js';
import { READ_STREAM, pagesOf, type PageSource, type ReadStreamOptions } from './query.js';
import { pagePacer } from './page-pacer.js';
import type { Item } from './types.js';
import type { ScanLeaseOptions } from './lease-options.js';
import { plainObject, tableName } from '../input/validate.js';

/** Options of `scan`. */
export interface ScanOptions extends ReadStreamOptions, ParallelScanOptions {
  /** Scan only this segment (0-based) of `totalSegments`, as DynamoDB's own parallel scan does. */
  segment?: number | undefined;
  totalSegments?: number | undefined;
}

/** The options of `scan` that run a parallel scan on the client's side; they do not go on the wire. */
interface ParallelScanOptions {
  /**
   * Parallel scan: split the table into this many segments (1 to 1,000,000), scan them at once and
   * merge their pages; each page says its `segment`. Pages of one segment stay in order.
   */
  segments?: number | undefined;
  /**
   * With `segments`: how many segments are scanned at once; the client's `maxConcurrency` still
   * bounds requests in flight. With `lease`: the most segments this worker leases at once.
   * @default segments
   */
  concurrency?: number | undefined;
  /**
   * With `segments`: share this parallel scan with other processes through leases in a DynamoDB table.
   * Each segment is leased by one worker at a time and each page's `lastEvaluatedKey` is checkpointed
   * in its lease once the page was emitted, so a segment whose worker stopped resumes from there in
   * another; the stream completes when every segment is done, by any worker. See the README, "Scale-out".
   * @example db.scan('Orders', { segments: 64, lease: { table: 'Leases', scanId: 'export-2026-12-05' } })
   */
  lease?: ScanLeaseOptions | undefined;
}

/**
 * Options of `scanPaced`: the scan's, and `pacing` (how far it may run ahead of the handler). Pacing
 * has its own `concurrency` (pages handled at once), apart from the scan's (segments scanned at once).
 */
export interface ScanPacedOptions extends ScanOptions, WithPacing {}

const MAX_SEGMENTS = 1_000_000;
const readScanOptions = orDefault(
  wireOptions<Omit<ScanOptions, keyof ParallelScanOptions | 'capacity'>>({
    ...READ_STREAM,
    segment: optional(integer(0, MAX_SEGMENTS - 1)),
    totalSegments: optional(integer(1, MAX_SEGMENTS)),
  }),
  {},
);

/** The wire body of the first Scan request (client-side options such as `segments`, `capacity` and `lease` excluded). @internal */
export function scanRequest(table: string, options?: ScanOptions): Record<string, unknown> {
  const { segments: _segments, concurrency: _concurrency, capacity: _capacity, lease: _lease, ...wire } = options === undefined ? {} : (plainObject(options, 'options') as ScanOptions);
  const body: Record<string, unknown> = { TableName: tableName(table), ...readScanOptions(wire, 'options') };
  const segment = body['Segment'] as number | undefined;
  const total = body['TotalSegments'] as number | undefined;
  if ((segment === undefined) !== (total === undefined)) throw new InvalidParameterError('options.segment', 'segment and totalSegments go together');
  if (segment !== undefined && total !== undefined && segment >= total) throw new InvalidParameterError('options.segment', `must be below totalSegments (${total})`);
  return body;
}

/** The parallel-scan settings of `options`, checked; undefined for a plain scan. @internal */
export function parallelism(options: ScanOptions | undefined): { segments: number; concurrency: number } | undefined {
  if (options?.segments === undefined) {
    if (options?.concurrency !== undefined) throw new InvalidParameterError('options.concurrency', 'only applies with segments');
    return undefined;
  }
  const segments = integer(1, MAX_SEGMENTS)(options.segments, 'options.segments');
  if (options.segment !== undefined || options.totalSegments !== undefined) {
    throw new InvalidParameterError('options.segments', 'cannot be combined with segment/totalSegments: segments runs every segment for you');
  }
  if (options.exclusiveStartKey !== undefined) {
    throw new InvalidParameterError(
      'options.exclusiveStartKey',
      'cannot be combined with segments: a start key belongs to one segment; resume that segment with segment, totalSegments and its page\'s lastEvaluatedKey',
    );
  }
  const concurrency = options.concurrency === undefined ? segments : integer(1, segments)(options.concurrency, 'options.concurrency');
  return { segments, concurrency };
}

/**
 * Streams the pages of a Scan; with `segments`, of a parallel scan whose segments run at once and
 * merge. An error in one segment cancels the others and ends the stream with that error. With
 * `options.capacity`, every segment takes turns on that one capacity budget.
 */
export function scan<T = Item>(send: Send, table: string, options?: ScanOptions, credits?: PageCredits): Observable<Page<T>> {
  return defer(() => {
    const pacing = pagePacer(send, table, options);
    const parallel = parallelism(options);
    scanRequest(table, options); // checked before a share of provisioned capacity is read
    return pacing.pipe(
      switchMap((pacer) => {
        if (!parallel) return pagesOf<T>(send, scanSource(table, options), credits, pacer);
        const { segments: totalSegments, concurrency } = parallel;
        // scanRequest drops `segments`, `concurrency` and `capacity` from what goes on the wire.
        return range(0, totalSegments).pipe(
          mergeMap((segment) => pagesOf<T>(send, scanSource(table, { ...options, segment, totalSegments }), credits, pacer), concurrency),
        );
      }),
    );
  });
}

/** The page source of a (single-segment) Scan. @internal */
export function scanSource(table: string, options?: ScanOptions): PageSource {
  return { action: 'Scan', table, build: () => scanRequest(table, options), segment: options?.segment };
}
