// A live read model: revenue per customer, kept current from the changes of the Orders table while
// orders are placed, changed and cancelled. The view subscribes to db.changes and folds each change
// into its totals (INSERT adds, MODIFY adjusts, REMOVE takes away), printing as it updates; at the end
// it is checked against a full scan. Runs on DynamoDB Local, which it starts itself (dynalite, the
// other examples' server, has no streams). ROWS sets how many orders.
//   npx tsx examples/live-view.ts
import { filter, firstValueFrom, lastValueFrom, mergeMap, range, reduce, scan, share, type Observable } from 'rxjs';
import { items, type ChangeRecord } from '../src/index.js';
import { keyedTable, rows } from './support/connect.js';
import { connectWithStreams } from './support/with-streams.js';

interface Order {
  id: string;
  customer: string;
  total: number;
}

type Revenue = Record<string, number>;

const CUSTOMERS = ['ada', 'bob', 'cyd', 'dee', 'eve'];

/** Folds one change into the revenue per customer. */
function apply(revenue: Revenue, change: ChangeRecord<Order>): Revenue {
  const next = { ...revenue };
  if (change.oldImage) next[change.oldImage.customer] = (next[change.oldImage.customer] ?? 0) - change.oldImage.total;
  if (change.newImage) next[change.newImage.customer] = (next[change.newImage.customer] ?? 0) + change.newImage.total;
  return next;
}

const show = (revenue: Revenue) => `{ ${Object.keys(revenue).sort().map((customer) => `${customer}: ${revenue[customer]}`).join(', ')} }`;

const { db, close } = await connectWithStreams();
try {
  const ORDERS = rows(300);
  const expectedChanges = ORDERS + Math.floor(ORDERS / 10) + Math.floor(ORDERS / 20);
  await lastValueFrom(db.createTable({ ...keyedTable('Orders', 'id'), StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }));

  // The view: every change of Orders from the stream's start, folded into totals as batches come.
  const view: Observable<{ changes: number; revenue: Revenue }> = db.changes<Order>('Orders', { startAt: 'TRIM_HORIZON', pollIntervalMs: 100 }).pipe(
    scan(({ changes, revenue }, batch) => ({ changes: changes + batch.records.length, revenue: batch.records.reduce(apply, revenue) }), { changes: 0, revenue: {} as Revenue }),
    share(),
  );
  const done = firstValueFrom(view.pipe(filter(({ changes }) => changes >= expectedChanges)));
  const printing = view.subscribe(({ changes, revenue }) => console.log(`view after ${String(changes).padStart(4)} changes: ${show(revenue)}`));

  // Meanwhile, the shop: orders placed, one in 10 raised by 5, one in 20 cancelled.
  const order = (n: number): Order => ({ id: `o-${String(n).padStart(5, '0')}`, customer: CUSTOMERS[n % CUSTOMERS.length]!, total: 10 + (n % 7) * 5 });
  await lastValueFrom(range(0, ORDERS).pipe(mergeMap((n) => db.putItem('Orders', order(n)), 8)), { defaultValue: undefined });
  await lastValueFrom(range(0, Math.floor(ORDERS / 10)).pipe(mergeMap((n) => db.updateItem('Orders', { id: order(n * 10 + (n % 5)).id }, { updateExpression: 'ADD #t :five', expressionAttributeNames: { '#t': 'total' }, expressionAttributeValues: { ':five': 5 } }), 8)), { defaultValue: undefined });
  await lastValueFrom(range(0, Math.floor(ORDERS / 20)).pipe(mergeMap((n) => db.deleteItem('Orders', { id: order(n * 20 + 7).id }), 8)), { defaultValue: undefined });

  const final = await done;
  printing.unsubscribe();
  const truth = await lastValueFrom(db.scan<Order>('Orders').pipe(items(), reduce((revenue: Revenue, o) => ({ ...revenue, [o.customer]: (revenue[o.customer] ?? 0) + o.total }), {})));
  console.log(`read model after ${final.changes} changes (${ORDERS} placed, ${Math.floor(ORDERS / 10)} changed, ${Math.floor(ORDERS / 20)} cancelled): ${show(final.revenue)}`);
  console.log(`matches a full scan: ${show(final.revenue) === show(truth)}`);
} finally {
  await close();
}
