import { defer, mergeMap, of, switchMap, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import { InvalidParameterError } from '../errors/client-errors.js';
import { plainObject } from '../input/validate.js';
import type { Key, NativeValue } from '../marshall/types.js';
import { pagePacer, type PagePacer } from '../operations/page-pacer.js';
import { pagesOf } from '../operations/query.js';
import { parallelism, scan, scanRequest, scanSource, type ScanOptions, type ScanPacedOptions } from '../operations/scan.js';
import { consumePaced, readPacedArguments, type PageHandler } from '../streams/paced.js';
import { PageCredits } from '../streams/page-credits.js';
import type { Page } from '../streams/page.js';
import { isPlainObject } from '../util/is-record.js';
import type { LeaseGrant } from './lease-grant.js';
import type { GroupSnapshot } from './lease-store.js';
import { dynamoLeaseStore } from './lease-store.js';
import { leaseGrants } from './lease-worker.js';
import { workOnLease } from './lease-work.js';
import { readScanLeaseOptions } from './options.js';
import { declaresLease, HandlerSlots, type LeaseContext } from './lease-context.js';

/** A leased scan's options, checked: the scan's (without `lease`), its segments, and the lease's. */
interface LeasedScanCall {
  readonly scanOptions: ScanOptions;
  readonly segments: number;
  /** Segments leased at once. */
  readonly concurrency: number;
  readonly lease: ReturnType<typeof readScanLeaseOptions>;
  /** With `capacity`: the budget this worker's segments share (a share of provisioned capacity is read with DescribeTable). */
  readonly pacing: Observable<PagePacer | undefined>;
}

/** Reads the options of a leased scan once, and checks them whole before anything is sent. */
function readLeasedScan(send: Send, table: string, options: ScanOptions): LeasedScanCall {
  const { lease, ...scanOptions } = plainObject(options, 'options') as ScanOptions;
  const settings = readScanLeaseOptions(lease, 'options.lease');
  const parallel = parallelism(scanOptions);
  if (parallel === undefined) throw new InvalidParameterError('options.lease', 'needs segments: a leased scan shares the segments of a parallel scan, e.g. { segments: 16, lease }');
  scanRequest(table, scanOptions);
  return { scanOptions, segments: parallel.segments, concurrency: parallel.concurrency, lease: settings, pacing: pagePacer(send, table, scanOptions) };
}

/**
 * `db.scan`: a leased parallel scan when `options.lease` is set (see {@link leasedPages}), else the plain
 * scan. Options are checked on subscription, before anything is sent. @internal
 */
export function scanWithLeases<T>(context: LeaseContext, table: string, options: ScanOptions | undefined): Observable<Page<T>> {
  return defer(() => {
    if (!declaresLease(options)) return scan<T>(context.send, table, options);
    return leasedPages<T, Page<T>>(context, table, readLeasedScan(context.send, table, options!), (page) => of(page), 2);
  });
}

/**
 * `db.scanPaced`: with `options.lease`, a leased parallel scan whose checkpoints follow the handler: a
 * page's `lastEvaluatedKey` is stored once its handler finished. Pages of a segment are handled in
 * order, `pacing.concurrency` handlers at once across segments, and each segment reads at most
 * `pacing.prefetch` pages ahead of its handler. Without `lease`, the paced scan. @internal
 */
export function scanPacedWithLeases<T, R>(context: LeaseContext, table: string, args: readonly unknown[]): Observable<R> {
  return defer(() => {
    if (typeof args[0] === 'function' || !declaresLease(args[0])) return consumePaced<ScanOptions, Page<T>, R>(args, (plain, credits) => scan<T>(context.send, table, plain, credits));
    const { handler, options, prefetch, concurrency } = readPacedArguments<ScanPacedOptions, PageHandler<Page<T>, R>>(args, 'page');
    const leased = readLeasedScan(context.send, table, options!);
    const handlers = new HandlerSlots(concurrency);
    const deliver = (page: Page<T>, grant: LeaseGrant) => handlers.run(grant, () => handler(page));
    return handlers.closingOnUnsubscribe(leasedPages<T, R>(context, table, leased, deliver, 1 + prefetch));
  });
}

/**
 * A parallel scan shared with other workers through leases: each segment this worker leases is scanned
 * from its checkpoint, page after page; each page is checked to be still leased, handed to `deliver`
 * (whose values are emitted), then its `lastEvaluatedKey` checkpointed before the next page of that
 * segment is delivered ({@link workOnLease}). Each segment reads at most `credits` pages ahead (the page
 * being delivered included). Completes when every segment is done, by any worker.
 */
function leasedPages<T, R>(context: LeaseContext, table: string, call: LeasedScanCall, deliver: (page: Page<T>, grant: LeaseGrant) => Observable<R>, credits: number): Observable<R> {
  const { scanOptions, segments: totalSegments, concurrency, lease, pacing } = call;
  const group = `scan#${table}#${lease.scanId}`;
  const store = dynamoLeaseStore({ ...lease, send: context.send, group, unitAttributes: { totalSegments }, path: 'options.lease.table', checkpoint: SCAN_CHECKPOINT });
  const check = (snapshot: GroupSnapshot): Error | undefined => {
    const other = [...snapshot.units.values()].find((unit) => unit.item['totalSegments'] !== totalSegments)?.item['totalSegments'];
    if (other === undefined) return undefined;
    return new InvalidParameterError('options.segments', `scan "${lease.scanId}" of ${table} runs with ${String(other)} segments (lease table ${lease.table}): give the same number, or another scanId`);
  };
  const units = Array.from({ length: totalSegments }, (_, segment) => ({ key: `${SEGMENT}${segment}`, parents: [] }));
  const settings = { table: lease.table, group, leaseDurationMs: lease.leaseDurationMs, maxLeases: concurrency, onEvent: context.onEvent, check };

  const scanSegment = (grant: LeaseGrant, pacer: PagePacer | undefined): Observable<R> => {
    const segment = Number(grant.key.slice(SEGMENT.length));
    const pool = new PageCredits(credits);
    const start = { ...scanOptions, segment, totalSegments, exclusiveStartKey: grant.checkpoint as Key | undefined };
    return workOnLease(grant, {
      source: pagesOf<T>(context.send, scanSource(table, start), pool, pacer),
      deliver: (page) => deliver(page, grant),
      checkpointOf: (page) => page.lastEvaluatedKey,
      isLast: (page) => page.lastEvaluatedKey === undefined,
      settled: () => pool.release(),
    });
  };
  return pacing.pipe(switchMap((pacer) => leaseGrants(store, settings, of(units)).pipe(mergeMap((grant) => scanSegment(grant, pacer)))));
}

/** A segment's checkpoint: the `lastEvaluatedKey` of its last page delivered, a key: an object. */
const SCAN_CHECKPOINT = { description: "a page's lastEvaluatedKey (an object)", accepts: (value: NativeValue) => isPlainObject(value) };

/** The prefix of a segment's lease key: `segment#7`. */
const SEGMENT = 'segment#';
