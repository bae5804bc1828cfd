// Bulk load: 100,000 generated products into a table with bulkWriteFrom, which pulls writes from
// a generator only while fewer than concurrency * 50 are unacknowledged (memory stays flat whatever
// the count), packs them into BatchWriteItem requests of 25, keeps `concurrency` requests in
// flight, re-sends what DynamoDB leaves unprocessed and reports progress after each response.
// Shows a live progress bar and items/s, then checks the result with a COUNT scan. ROWS sets how
// many products, CONCURRENCY the requests in flight.
//   npx tsx examples/bulk-load.ts
import { lastValueFrom, reduce, tap } from 'rxjs';
import type { WriteRequest } from '../src/index.js';
import { connect, keyedTable, rows } from './support/connect.js';
import { progressBar } from './support/progress.js';

interface Product {
  sku: string;
  name: string;
  category: string;
  priceCents: number;
  stock: number;
  tags: Set<string>;
}

const CATEGORIES = ['books', 'garden', 'kitchen', 'music', 'outdoor', 'toys'];

/** Product `n`, made up on the fly: the same `n` always gives the same product. */
function product(n: number): Product {
  const category = CATEGORIES[n % CATEGORIES.length]!;
  return {
    sku: `sku-${String(n).padStart(6, '0')}`,
    name: `${category} item ${n}`,
    category,
    priceCents: 199 + ((n * 7919) % 50_000),
    stock: (n * 31) % 500,
    tags: new Set(n % 10 === 0 ? [category, 'sale'] : [category]),
  };
}

const { db, close } = await connect();
const COUNT = rows(100_000);
const concurrency = Number(process.env['CONCURRENCY'] ?? 4);
await lastValueFrom(db.createTable(keyedTable('Products', 'sku')));

/** Every write of the load, made only when bulkWriteFrom asks for it. */
function* writes(count: number): Generator<WriteRequest<Product>> {
  for (let n = 0; n < count; n++) yield { put: product(n) };
}

// (An Observable source would also do, through `source.pipe(db.bulkWrite('Products'))`, but RxJS
// cannot slow a source down: range(0, COUNT) would hand over every write at once, to be queued.)
const bar = progressBar('loading', COUNT);
const started = performance.now();
const { written } = await lastValueFrom(db.bulkWriteFrom('Products', writes(COUNT), { concurrency }).pipe(tap((progress) => bar.update(progress.written))));
const seconds = (performance.now() - started) / 1000;
bar.finish(written);

// Select COUNT: each page says how many items it covered, without sending the items.
const counted = await lastValueFrom(db.scan('Products', { select: 'COUNT' }).pipe(reduce((total, page) => total + page.count, 0)));
console.log(
  `loaded ${written.toLocaleString('en-US')} products in ${seconds.toFixed(1)} s (${Math.round(written / seconds).toLocaleString('en-US')} items/s); ` +
    `a COUNT scan finds ${counted.toLocaleString('en-US')}`,
);
await close();
