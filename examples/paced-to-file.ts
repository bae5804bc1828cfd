// Paced consumption: write every item of a scan to a file, where the file is slower than
// DynamoDB. scanPaced fetches a page only when the handler has room, so memory holds at most
// prefetch + 1 pages whatever the table size. (A plain scan + concatMap would fetch ahead and
// buffer pages without bound while the disk catches up.)
//   npx tsx examples/paced-to-file.ts
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, mergeMap, range, reduce } from 'rxjs';
import { connect, keyedTable, rows } from './support/connect.js';

const { db, close } = await connect();
const COUNT = rows(10_000);
await lastValueFrom(db.createTable(keyedTable('Orders', 'id')));
await lastValueFrom(range(0, COUNT).pipe(mergeMap((n) => db.putItem('Orders', { id: `o-${n}`, total: n % 500 }), 32)), { defaultValue: undefined });

const dir = await mkdtemp(join(tmpdir(), 'rx-dynamodb-example-'));
const file = createWriteStream(join(dir, 'orders.ndjson'));

// The handler returns a Promise: the next page is fetched only once it resolves (and the
// stream's buffer has drained), plus `prefetch` pages ahead.
const written = await lastValueFrom(
  db
    .scanPaced('Orders', { limit: 250, pacing: { prefetch: 1 } }, async (page) => {
      for (const order of page.items) {
        if (!file.write(`${JSON.stringify(order)}\n`)) await once(file, 'drain');
      }
      return page.count;
    })
    .pipe(reduce((total, count) => total + count, 0)),
);
file.end();
await once(file, 'finish');
const lines = (await readFile(join(dir, 'orders.ndjson'), 'utf8')).trim().split('\n').length;
console.log(`wrote ${written} orders to a file through a paced scan (${lines} lines)`);
await rm(dir, { recursive: true });
await close();
