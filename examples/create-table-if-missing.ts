// Create a table only if it does not exist yet, then wait until it is ACTIVE — the older
// Python client's own example, done reactively: one pipeline, no try/except around awaits.
//   npx tsx examples/create-table-if-missing.ts
import { catchError, concat, defer, firstValueFrom, map, switchMap, throwError } from 'rxjs';
import { ResourceNotFoundException } from '../src/index.js';
import { connect, keyedTable } from './support/connect.js';

const { db, close } = await connect();
const TABLE = 'Users';

const ensureTable = db.describeTable(TABLE).pipe(
  map((table) => ({ created: false, table })),
  // Only "not found" means "create it"; any other error (access denied, throttling that outlived
  // its retries, ...) must surface, not be swallowed.
  catchError((error: unknown) =>
    ResourceNotFoundException.is(error)
      ? db.createTable(keyedTable(TABLE, 'id')).pipe(
          switchMap(() => db.waitForTable(TABLE, { status: 'ACTIVE' })),
          map((table) => ({ created: true, table })),
        )
      : throwError(() => error),
  ),
);

// Run it twice: the first run creates the table, the second finds it.
for (const run of [1, 2]) {
  const { created, table } = await firstValueFrom(ensureTable);
  console.log(`run ${run}: ${created ? 'created' : 'found'} ${table.TableName} (${table.TableStatus})`);
}

// Cold Observables compose without running: nothing above was sent until subscribed.
const lazy = concat(defer(() => ensureTable));
console.log('built another pipeline; nothing sent yet:', typeof lazy.subscribe === 'function');
await close();
