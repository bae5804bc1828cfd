// Parallel scan with a progress bar: `segments` splits the table, segments run at once and their
// pages merge; each page says its segment. The client's maxConcurrency still bounds requests.
//   npx tsx examples/parallel-scan-progress.ts
import { lastValueFrom, mergeMap, range, scan, tap } from 'rxjs';
import { connect, keyedTable, rows } from './support/connect.js';
import { progressBar } from './support/progress.js';

const { db, close } = await connect();
const COUNT = rows(20_000);
await lastValueFrom(db.createTable(keyedTable('Events', 'id')));
await lastValueFrom(range(0, COUNT).pipe(mergeMap((n) => db.putItem('Events', { id: `evt-${n}`, kind: n % 3 === 0 ? 'click' : 'view' }), 32)), { defaultValue: undefined });

const bar = progressBar('scanning', COUNT);
const perSegment = new Map<number, number>();
const counts = await lastValueFrom(
  db.scan<{ kind: string }>('Events', { segments: 4, limit: 500 }).pipe(
    tap((page) => perSegment.set(page.segment!, (perSegment.get(page.segment!) ?? 0) + page.count)),
    scan((acc, page) => {
      acc.items += page.count;
      for (const event of page.items) acc.clicks += event.kind === 'click' ? 1 : 0;
      return acc;
    }, { items: 0, clicks: 0 }),
    tap((acc) => bar.update(acc.items)),
  ),
);
bar.finish(counts.items);
console.log(`scanned ${counts.items} events (${counts.clicks} clicks); per segment:`, Object.fromEntries(perSegment));
await close();
