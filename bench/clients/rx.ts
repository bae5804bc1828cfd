import { concatMap, from, last, map, mergeMap, type Observable, range, scan, take, takeWhile, timer } from 'rxjs';
import { FAN_OUT_KEYS, ORDERS, WORKING_SETS, customerKey } from '../data/items.js';
import { itemKindOf } from '../data/tables.js';
import { CREDENTIALS, type BenchClient, type ClientFactory } from './types.js';

/** The package as users load it: the built `dist/` through its exports map, not `src/`. */
type RxDynamoDB = typeof import('../../src/index.js');
const PACKAGE: string = 'rx-dynamodb';

/** Sums what `source` emits (each value weighed by `weight`); resolves on completion. */
function total<T>(source: Observable<T>, weight: (value: T) => number = () => 1): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let sum = 0;
    source.subscribe({ next: (value) => (sum += weight(value)), error: reject, complete: () => resolve(sum) });
  });
}

/** rx-dynamodb with its defaults (maxConcurrency 100, retries on), as a reactive app uses it; for fan-outs, a second client with `autoBatchGets: true`. */
export const createRxClient: ClientFactory = async ({ endpoint, region }) => {
  const rx = (await import(PACKAGE)) as RxDynamoDB;
  const db = new rx.DynamoDB({ endpoint, region, credentials: CREDENTIALS, env: {} });
  const batching = new rx.DynamoDB({ endpoint, region, credentials: CREDENTIALS, env: {}, autoBatchGets: true });
  const query = { keyConditionExpression: 'pk = :pk', expressionAttributeValues: { ':pk': customerKey(0) } };
  const pages = (action: 'Query' | 'Scan', table: string, segments?: number, unitsPerSecond?: number) => {
    if (unitsPerSecond !== undefined) return action === 'Query' ? db.query(table, { ...query, capacity: { unitsPerSecond } }) : db.scan(table, { segments, capacity: { unitsPerSecond } });
    return action === 'Query' ? db.query(table, query) : db.scan(table, segments === undefined ? undefined : { segments });
  };

  const client: BenchClient = {
    getItems: (table, n, concurrency) => {
      const { keys } = WORKING_SETS[itemKindOf(table)];
      return total(range(0, n).pipe(mergeMap((i) => db.getItem(table, keys[i % keys.length]!), concurrency)), (item) => (item ? 1 : 0));
    },
    putItems: (table, n, concurrency) => {
      const { items } = WORKING_SETS[itemKindOf(table)];
      return total(range(0, n).pipe(mergeMap((i) => db.putItem(table, items[i % items.length]!), concurrency)));
    },
    fanOutGets: (table, n) => total(from(FAN_OUT_KEYS.slice(0, n)).pipe(mergeMap((key) => batching.getItem(table, key))), (item) => (item ? 1 : 0)),
    readAll: (action, table, segments, unitsPerSecond) => total(pages(action, table, segments, unitsPerSecond).pipe(rx.items())),
    batchLoad: (table, n, concurrency) => {
      // The pull-based form of the batch stream operator: a generator, read only as fast as the
      // writes are acknowledged, so memory stays flat (an Observable source would be queued whole).
      function* writes(): Generator<{ put: object }> {
        for (let i = 0; i < n; i++) yield { put: ORDERS[i % ORDERS.length]! };
      }
      return total(db.bulkWriteFrom(table, writes(), { concurrency }).pipe(last()), (progress) => progress.written);
    },
    scanThrough: (table, mode, pageDelayMs) => {
      if (mode === 'sync') return total(db.scan(table).pipe(rx.items()));
      const slow = (page: { items: unknown[] }) => timer(pageDelayMs).pipe(map(() => page.items.length));
      if (mode === 'paced') return total(db.scanPaced(table, { pacing: { prefetch: 1 } }, slow), (items) => items);
      return total(db.scan(table).pipe(concatMap(slow)), (items) => items);
    },
    // A change stream never ends on its own: each read stops once it has seen the whole (finite) stream.
    readChanges: (table, streamArn, { records, concurrency, batchDelayMs }) => {
      const options = { streamArn, startAt: 'TRIM_HORIZON' as const, ...(concurrency === undefined ? {} : { maxShardConcurrency: concurrency }) };
      if (batchDelayMs === 0) return total(db.changes(table, options).pipe(rx.records(), take(records)));
      const slow = (batch: { records: unknown[] }) => timer(batchDelayMs).pipe(map(() => batch.records.length));
      const handled = db.changesPaced(table, { ...options, pacing: { prefetch: 1 } }, slow).pipe(
        scan((seen, { results }) => seen + results[0]!, 0),
        takeWhile((seen) => seen < records, true),
        last(),
      );
      return total(handled, (seen) => seen);
    },
  };
  return client;
};
