// Bulk load: 100,000 generated products into a table with bulkWrite, which packs a stream of
// writes into BatchWriteItem requests of 25, keeps `concurrency` requests in flight, re-sends what
// DynamoDB leaves unprocessed and reports progress after each response. Shows a live progress
// bar and items/s, then checks the result with a COUNT scan. ROWS sets how many products,
// CONCURRENCY the requests in flight per bulkWrite (two bulkWrites run at once, see below).
//   npx tsx examples/bulk-load.ts
import { lastValueFrom, map, mergeMap, range, reduce, scan, tap } from 'rxjs';
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

// range() makes each product only when asked, but it is synchronous: one bulkWrite fed by
// range(0, COUNT) would take in every write at subscribe and queue them all (~1.3 KB each here).
// Made a chunk at a time, two chunks loading at once, at most 2 × CHUNK writes wait in memory
// whatever COUNT is, and the next chunk keeps requests in flight while one finishes.
const CHUNK = 5_000;
const bar = progressBar('loading', COUNT);
const started = performance.now();
const written = await lastValueFrom(
  range(0, Math.ceil(COUNT / CHUNK)).pipe(
    mergeMap((chunk) => {
      let acknowledged = 0;
      return range(chunk * CHUNK, Math.min(CHUNK, COUNT - chunk * CHUNK)).pipe(
        map((n) => ({ put: product(n) })),
        db.bulkWrite('Products', { concurrency }),
        // Each bulkWrite counts its own writes: pass on how many this response acknowledged.
        map((progress) => progress.written - acknowledged),
        tap((more) => (acknowledged += more)),
      );
    }, 2),
    scan((total, more) => total + more, 0),
    tap((total) => bar.update(total)),
  ),
);
const seconds = (performance.now() - started) / 1000;
bar.finish(written);

// Select COUNT: each page says how many items it covered, without sending the items.
const counted = await lastValueFrom(db.scan('Products', { select: 'COUNT' }).pipe(reduce((total, page) => total + page.count, 0)));
console.log(
  `loaded ${written.toLocaleString('en-US')} products in ${seconds.toFixed(1)} s (${Math.round(written / seconds).toLocaleString('en-US')} items/s); ` +
    `a COUNT scan finds ${counted.toLocaleString('en-US')}`,
);
await close();
