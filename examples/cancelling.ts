// Cancelling: unsubscribing aborts the HTTP request in flight. timeout(), takeUntil(), take() and
// switchMap() all unsubscribe, so they all cancel for real.
//   npx tsx examples/cancelling.ts
import { firstValueFrom, lastValueFrom, mergeMap, range, Subject, switchMap, take, takeUntil, timer, toArray } from 'rxjs';
import { connect, keyedTable } from './support/connect.js';

const { db, close } = await connect({ onMeasurement: (m) => calls.push(m.action) });
const calls: string[] = [];
await lastValueFrom(db.createTable(keyedTable('Products', 'id')));
await lastValueFrom(range(0, 300).pipe(mergeMap((n) => db.putItem('Products', { id: `p-${String(n).padStart(3, '0')}`, name: `Product ${n}` }), 16)), { defaultValue: undefined });

// take(2): two pages, and the scan stops asking for more.
calls.length = 0;
await lastValueFrom(db.scan('Products', { limit: 10 }).pipe(take(2), toArray()));
console.log('take(2) sent', calls.filter((action) => action === 'Scan').length, 'Scan requests');

// takeUntil: a "cancel" button stops a long scan between pages.
const cancel = new Subject<void>();
let pagesSeen = 0;
await new Promise<void>((resolve) =>
  db.scan('Products', { limit: 5 }).pipe(takeUntil(cancel)).subscribe({
    next: () => {
      if (++pagesSeen === 3) cancel.next();
    },
    complete: resolve,
  }),
);
console.log('cancel button stopped the scan after', pagesSeen, 'pages');

// switchMap: type-ahead search; each keystroke cancels the lookup still in flight.
const keystrokes = new Subject<string>();
const results = firstValueFrom(keystrokes.pipe(switchMap((id) => db.getItem('Products', { id })), take(1)));
keystrokes.next('p-001');
keystrokes.next('p-002'); // cancels the lookup of p-001 if it had not answered yet
console.log('type-ahead result:', await results);

// A deadline: unsubscribe after 1 ms; the request is aborted, not left running.
const late = await firstValueFrom(db.scan('Products').pipe(takeUntil(timer(1))), { defaultValue: 'cancelled before the first page' });
console.log('deadline:', typeof late === 'string' ? late : `${late.count} items arrived first`);
await close();
