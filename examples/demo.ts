// rx-dynamodb in ten seconds: an embedded DynamoDB (dynalite), a realistic load with a live
// progress bar, a paged query, a parallel scan, and a throttling storm retried on the way.
//   npm install && npm run demo
import { firstValueFrom, lastValueFrom, map, range, reduce, tap } from 'rxjs';
import { DynamoDB, items, type Measurement } from '../src/index.js';
import { startDynalite } from '../spec/support/dynalite.js';
import { startFaultProxy } from '../spec/support/fault-proxy.js';
import { keyedTable, rows } from './support/connect.js';
import { progressBar } from './support/progress.js';

interface Order {
  customer: string;
  orderId: number;
  status: 'placed' | 'shipped' | 'delivered' | 'returned';
  total: number;
  lines: { sku: string; quantity: number }[];
  createdAt: string;
}

const ORDERS = rows(30_000);
const CUSTOMERS = 500;
const STATUSES = ['placed', 'shipped', 'delivered', 'returned'] as const;
const startedAt = performance.now();
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);

// 1. An embedded DynamoDB on a random loopback port, and a fault-injecting proxy in front of it.
const server = await startDynalite();
const proxy = await startFaultProxy({ upstream: server.endpoint });
const measurements: Measurement[] = [];
const db = new DynamoDB({
  endpoint: proxy.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' }, // dynalite checks no signature
  env: {},
  retry: { throttlingBaseDelayMs: 50 }, // keep the demo snappy; the default is 1 s
  onMeasurement: (m) => measurements.push(m),
});
console.log(`rx-dynamodb demo: dynalite at ${server.endpoint}, fault proxy at ${proxy.endpoint}\n`);

// 2. A table of orders: partition key customer, sort key orderId.
await lastValueFrom(db.createTable(keyedTable('Orders', 'customer', 'orderId')).pipe(tap(() => undefined)));
await firstValueFrom(db.waitForTable('Orders', { status: 'ACTIVE' }));

// 3. Load the orders with the bulk-write operator: batches of 25, 8 requests in flight.
const order = (n: number): Order => ({
  customer: `customer-${String(n % CUSTOMERS).padStart(4, '0')}`,
  orderId: n,
  status: STATUSES[n % STATUSES.length]!,
  total: Math.round(((n * 7919) % 50_000) + 99) / 100,
  lines: [{ sku: `sku-${n % 97}`, quantity: 1 + (n % 3) }],
  createdAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
});
const loadStart = performance.now();
const loadBar = progressBar('loading ', ORDERS);
await lastValueFrom(
  range(0, ORDERS).pipe(
    map((n) => ({ put: order(n) })),
    db.bulkWrite('Orders', { concurrency: 8 }),
    tap((progress) => loadBar.update(progress.written)),
  ),
);
loadBar.finish();
const loadSeconds = Number(seconds(loadStart));

// 4. A paged query: one customer's orders, 20 per page, LastEvaluatedKey followed for us.
let queryPages = 0;
const customerOrders = await lastValueFrom(
  db.query<Order>('Orders', { keyConditionExpression: 'customer = :c', expressionAttributeValues: { ':c': 'customer-0042' }, limit: 20 }).pipe(
    tap(() => queryPages++),
    items(),
    reduce((acc, o) => ({ count: acc.count + 1, spent: acc.spent + o.total }), { count: 0, spent: 0 }),
  ),
);
console.log(`query   customer-0042: ${customerOrders.count} orders in ${queryPages} pages, spent $${customerOrders.spent.toFixed(2)}`);

// 5. A parallel scan in 4 segments, with progress, summing revenue by status.
const scanBar = progressBar('scanning', ORDERS);
let scanned = 0;
let scanPages = 0;
const revenue = await lastValueFrom(
  db.scan<Order>('Orders', { segments: 4, limit: 1000 }).pipe(
    tap((page) => {
      scanPages++;
      scanBar.update((scanned += page.count));
    }),
    items(),
    reduce((acc, o) => acc.set(o.status, (acc.get(o.status) ?? 0) + o.total), new Map<string, number>()),
  ),
);
scanBar.finish(scanned);
console.log(`scan    ${scanned.toLocaleString('en-US')} orders in ${scanPages} pages from 4 segments; revenue by status:`);
for (const [status, total] of revenue) console.log(`          ${status.padEnd(9)} $${total.toFixed(2)}`);

// 6. Faults: the next GetItem requests are throttled twice, then answered with a 500; the client
//    backs off (full jitter) and retries the request on its own, transparently (3 retries by default).
proxy.script({ kind: 'throttle', action: 'GetItem' }, { kind: 'throttle', action: 'GetItem' }, { kind: 'http500', action: 'GetItem' });
const found = await firstValueFrom(db.getItem<Order>('Orders', { customer: 'customer-0007', orderId: 7 }));
const get = measurements.at(-1)!;
console.log(`\nfaults  GetItem survived 2 throttles and a 500: ${get.attempts} attempts in ${get.durationMs} ms -> order ${found?.orderId} (${found?.status})`);

// 7. Summary.
const retries = measurements.reduce((sum, m) => sum + m.attempts - 1, 0);
console.log(`\nsummary ${ORDERS.toLocaleString('en-US')} orders loaded at ${Math.round(ORDERS / loadSeconds).toLocaleString('en-US')} items/s; ` +
  `${queryPages + scanPages} pages read; ${measurements.length} calls, ${retries} retries, ${proxy.stats.faults.throttle} throttles injected; ${seconds(startedAt)} s in all`);

await proxy.close();
await server.close();
