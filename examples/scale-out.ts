// Scale-out: one parallel scan shared by several processes through leases in a DynamoDB table.
// Each segment is leased by one worker at a time and checkpointed page by page; kill a worker and the
// others take its segments over once its lease (5 s here) runs out, going on from its checkpoints.
//
// In two terminals against one server (a DynamoDB Local, or AWS with DYNAMODB_ENDPOINT set to it):
//   DYNAMODB_ENDPOINT=http://127.0.0.1:8000 AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=y AWS_REGION=us-east-1 npx tsx examples/scale-out.ts
// then Ctrl-C or `kill -9` one of them: the other finishes the scan. Run it again: it emits nothing
// (the scan is complete); SCAN_ID=another-run scans again.
//
// Alone (no DYNAMODB_ENDPOINT), it starts an embedded dynalite and plays both workers in this process:
//   npx tsx examples/scale-out.ts
import { catchError, EMPTY, lastValueFrom, merge, mergeMap, range, take, toArray } from 'rxjs';
import { DynamoDB, ResourceInUseException, type Item, type Page } from '../src/index.js';
import { connect, keyedTable, rows } from './support/connect.js';

const TABLE = 'ScaleOutEvents';
const COUNT = rows(20_000);
const lease = (workerId?: string) => ({ table: 'ScaleOutLeases', scanId: process.env['SCAN_ID'] ?? 'scale-out-demo', leaseDurationMs: 5000, ...(workerId ? { workerId } : {}) });
const scanOptions = (workerId?: string) => ({ segments: 8, limit: 100, lease: lease(workerId) });

/** Creates the table if no other process did, and loads it (puts of the same items: every process may load). */
async function load(db: DynamoDB): Promise<void> {
  await lastValueFrom(db.createTable(keyedTable(TABLE, 'id')).pipe(catchError((error: unknown) => (ResourceInUseException.is(error) ? EMPTY : Promise.reject(error)))), { defaultValue: undefined });
  await lastValueFrom(db.waitForTable(TABLE, { status: 'ACTIVE' }));
  await lastValueFrom(range(0, COUNT).pipe(mergeMap((n) => db.putItem(TABLE, { id: `evt-${n}` }), 32)), { defaultValue: undefined });
}

/** A page's work: here, a pause, so that there is time to kill a worker. */
const handle = (page: Page<Item>) => new Promise<string[]>((resolve) => setTimeout(() => resolve(page.items.map((item) => String(item['id']))), 20));

const { db, endpoint, embedded, close } = await connect();
await load(db);
const logLeases = (client: DynamoDB) => client.leases$.subscribe(({ workerId, type, leaseKey, held }) => console.error(`${workerId}: ${type} ${leaseKey}, holding ${held.length}`));
logLeases(db);

if (!embedded) {
  // One worker of many: handle pages until every segment is done, by this worker or another.
  const handled = await lastValueFrom(db.scanPaced(TABLE, scanOptions(), handle).pipe(toArray()));
  console.log(`this worker handled ${handled.length} pages (${handled.flat().length} items); every segment is done`);
} else {
  // Two workers in one process, each its own client: A stops after 5 pages (handing its leases back),
  // B finishes everything else.
  const second = new DynamoDB({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, env: {} });
  logLeases(second);
  const a = db.scanPaced(TABLE, scanOptions('A'), handle).pipe(take(5));
  const b = second.scanPaced(TABLE, scanOptions('B'), handle);
  const ids = (await lastValueFrom(merge(a, b).pipe(toArray()))).flat();
  const distinct = new Set(ids);
  console.log(`2 workers: A stopped after 5 pages, B finished the rest: ${distinct.size} of ${COUNT} items handled, ${ids.length - distinct.size} twice`);
}
await close();
