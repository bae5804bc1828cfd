// Stream a large query through a pipeline: pages arrive one by one (LastEvaluatedKey is followed
// for you), items() flattens them, and ordinary RxJS operators do the rest, with constant memory.
//   npx tsx examples/stream-large-query.ts
import { bufferCount, filter, lastValueFrom, mergeMap, range, reduce, scan, tap } from 'rxjs';
import { items } from '../src/index.js';
import { connect, keyedTable, rows } from './support/connect.js';

interface Reading {
  sensor: string;
  at: number;
  celsius: number;
}

const { db, close } = await connect();
const COUNT = rows(20_000);
await lastValueFrom(db.createTable(keyedTable('Readings', 'sensor', 'at')));

// Load COUNT readings for one sensor, 32 writes in flight at a time.
await lastValueFrom(
  range(0, COUNT).pipe(mergeMap((at) => db.putItem<Reading>('Readings', { sensor: 's-1', at, celsius: 15 + ((at * 7) % 200) / 10 }), 32)),
  { defaultValue: undefined },
);

let pages = 0;
const summary = await lastValueFrom(
  db.query<Reading>('Readings', { keyConditionExpression: 'sensor = :s', expressionAttributeValues: { ':s': 's-1' } }).pipe(
    tap(() => pages++),
    items(),
    filter((reading) => reading.celsius >= 30),
    bufferCount(1000),
    // one aggregate per 1,000 hot readings, as a real pipeline might send a batch downstream
    scan((acc, batch) => ({ hot: acc.hot + batch.length, max: Math.max(acc.max, ...batch.map((r) => r.celsius)) }), { hot: 0, max: -Infinity }),
    reduce((_, latest) => latest, { hot: 0, max: -Infinity }),
  ),
);
console.log(`queried ${COUNT.toLocaleString('en-US')} readings in ${pages} pages: ${summary.hot} at or above 30 °C, max ${summary.max} °C`);
await close();
