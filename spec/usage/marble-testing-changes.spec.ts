// How to marble-test your own pipeline on db.changes (the README shows this one): copy from here.
// Everything runs in virtual time: serveStream scripts a table's stream on the fake.
import { filter, map, scan, take, type Observable } from 'rxjs';
import { describe, it } from 'vitest';
import { records, type DynamoDB } from '../../src/index.js';
import { FakeDynamoDB, serveStream } from '../../src/testing/index.js';
import { marbleScheduler } from '../support/marble-scheduler.js';

interface Order {
  id: string;
  customer: string;
  total: number;
}

/** The pipeline under test: revenue per customer, kept current from the changes of Orders. */
const revenue = (db: DynamoDB): Observable<Record<string, number>> =>
  db.changes<Order>('Orders', { startAt: 'TRIM_HORIZON' }).pipe(
    records(),
    filter((change) => change.eventName === 'INSERT'),
    map((change) => change.newImage!),
    scan((totals, order) => ({ ...totals, [order.customer]: (totals[order.customer] ?? 0) + order.total }), {} as Record<string, number>),
  );

const order = (id: string, customer: string, total: number, sequenceNumber: string) => ({
  eventName: 'INSERT' as const,
  keys: { id },
  newImage: { id, customer, total },
  sequenceNumber,
});

describe('marble-testing a pipeline on changes', () => {
  it('each batch of changes updates the totals; a shard with more to read is read again 200 ms later', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const fake = new FakeDynamoDB();
      serveStream(fake, 'Orders', [{ shardId: 's1', batches: [[order('o1', 'ada', 50, '1'), order('o2', 'bob', 20, '2')], [order('o3', 'ada', 30, '3')]] }], {
        timing: (response) => cold('-(r|)', { r: response }), // every call answers after 1 ms
      });
      // DescribeTable, DescribeStream, GetShardIterator, GetRecords: the first batch at 4 ms, the next read 200 ms after the first.
      expectObservable(revenue(fake.client()).pipe(take(3))).toBe('----(ab) 196ms (c|)', {
        a: { ada: 50 },
        b: { ada: 50, bob: 20 },
        c: { ada: 80, bob: 20 },
      });
    });
  });
});
