// Scale-out: one parallel scan and one change stream shared by several processes through leases in a
// DynamoDB table. Each segment, and each shard, is leased by one worker at a time and checkpointed page
// by page (batch by batch); kill a worker and the others take its leases over once they run out (5 s
// here), going on from its checkpoints.
//
// In two (or more) terminals against one server (a DynamoDB Local, or AWS with DYNAMODB_ENDPOINT set to it):
//   DYNAMODB_ENDPOINT=http://127.0.0.1:8000 AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=y AWS_REGION=us-east-1 npx tsx examples/scale-out.ts
// The first one creates and loads the table (its stream then holds the 20,000 inserts); one started once
// the table is loaded joins at once. Each page takes 200 ms of work: some 40 s of scanning for one worker.
// While they scan, `kill -9` one (the node process): the others take its segments over once its leases
// ran out (5 s after they last saw its heartbeat change: 5 to 7.5 s after the kill), and what it handled
// but had not checkpointed (at most its last page per segment) comes again. Ctrl-C instead
// hands its leases back: the others take them at their next read (within 2.5 s). Run it again: the scan
// emits nothing (it is complete); SCAN_ID=another-run scans again.
//
// Alone (no DYNAMODB_ENDPOINT), it starts a DynamoDB Local and plays two workers in this process:
//   npx tsx examples/scale-out.ts
import { catchError, EMPTY, fromEvent, lastValueFrom, merge, mergeMap, range, reduce, take, takeUntil, timer, toArray } from 'rxjs';
import { DynamoDB, ResourceInUseException, type Item, type Page } from '../src/index.js';
import { keyedTable, rows } from './support/connect.js';
import { connectWithStreams } from './support/with-streams.js';

const TABLE = 'ScaleOutEvents';
const COUNT = rows(20_000);
const lease = (workerId?: string) => ({ table: 'ScaleOutLeases', leaseDurationMs: 5000, ...(workerId ? { workerId } : {}) });
const scanOptions = (workerId?: string) => ({ segments: 8, limit: 100, lease: { ...lease(workerId), scanId: process.env['SCAN_ID'] ?? 'scale-out-demo' } });

/**
 * Creates the table (with a stream) if no other process did, and loads it unless it holds every item
 * already (puts of the same items: processes started together may all load; a put that changes nothing
 * adds no change to the stream).
 */
async function load(db: DynamoDB): Promise<void> {
  const definition = { ...keyedTable(TABLE, 'id'), StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' as const } };
  await lastValueFrom(db.createTable(definition).pipe(catchError((error: unknown) => (ResourceInUseException.is(error) ? EMPTY : Promise.reject(error)))), { defaultValue: undefined });
  await lastValueFrom(db.waitForTable(TABLE, { status: 'ACTIVE' }));
  const loaded = await lastValueFrom(db.scan(TABLE, { select: 'COUNT' }).pipe(reduce((total, page) => total + page.count, 0)));
  if (loaded >= COUNT) return;
  await lastValueFrom(range(0, COUNT).pipe(mergeMap((n) => db.putItem(TABLE, { id: `evt-${n}` }), 32)), { defaultValue: undefined });
}

/** A page's work: here, a pause, so that there is time to kill a worker. */
const handle = (page: Page<Item>) => new Promise<string[]>((resolve) => setTimeout(() => resolve(page.items.map((item) => String(item['id']))), 200));

/** The ids of the changes a worker reads from the shared stream, as they come. */
function readChanges(db: DynamoDB, workerId?: string): { ids: Set<string>; stop: () => void; stopped: () => boolean } {
  const ids = new Set<string>();
  const subscription = db.changes(TABLE, { startAt: 'TRIM_HORIZON', pollIntervalMs: 200, lease: lease(workerId) }).subscribe((batch) => {
    for (const record of batch.records) ids.add(String(record.keys['id']));
  });
  return { ids, stop: () => subscription.unsubscribe(), stopped: () => subscription.closed };
}

const { db, endpoint, embedded, close } = await connectWithStreams();
await load(db);
const logLeases = (client: DynamoDB) => client.leases$.subscribe(({ workerId, type, leaseKey, held }) => console.error(`${workerId}: ${type} ${leaseKey}, holding ${held.length}`));
logLeases(db);

if (!embedded) {
  // One worker of many: handle pages until every segment is done (by this worker or another), reading
  // the stream meanwhile and for 10 s more. Ctrl-C unsubscribes, which hands this worker's leases back
  // (Node's default would end the process at once, leaving them to expire); the process ends once the
  // hand-backs were answered.
  const interrupted = fromEvent(process, 'SIGINT').pipe(take(1));
  const changes = readChanges(db);
  interrupted.subscribe(() => changes.stop());
  const handled = await lastValueFrom(db.scanPaced(TABLE, scanOptions(), handle).pipe(takeUntil(interrupted), toArray()));
  const scanned = `${handled.length} pages (${handled.flat().length} items)`;
  if (changes.stopped()) {
    console.log(`interrupted: this worker handled ${scanned} and read ${changes.ids.size} changes; its leases are handed back`);
  } else {
    console.log(`this worker handled ${scanned}; every segment is done`);
    await lastValueFrom(timer(10_000).pipe(takeUntil(interrupted)), { defaultValue: undefined });
    changes.stop();
    console.log(`this worker read ${changes.ids.size} changes from the shards it held`);
  }
} else {
  // Two workers in one process, each its own client: A stops after 5 pages (handing its leases back),
  // B finishes everything else; both read the stream until every change was read.
  const second = new DynamoDB({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, env: {} });
  logLeases(second);
  const [changesOfA, changesOfB] = [readChanges(db, 'A'), readChanges(second, 'B')];
  const a = db.scanPaced(TABLE, scanOptions('A'), handle).pipe(take(5));
  const b = second.scanPaced(TABLE, scanOptions('B'), handle);
  const ids = (await lastValueFrom(merge(a, b).pipe(toArray()))).flat();
  const distinct = new Set(ids);
  console.log(`scan, 2 workers: A stopped after 5 pages, B finished the rest: ${distinct.size} of ${COUNT} items handled, ${ids.length - distinct.size} twice`);
  const seen = () => new Set([...changesOfA.ids, ...changesOfB.ids]).size;
  for (let waited = 0; seen() < COUNT && waited < 30_000; waited += 100) await lastValueFrom(timer(100));
  changesOfA.stop();
  changesOfB.stop();
  console.log(`stream, 2 workers: ${seen()} of ${COUNT} changes read, by A ${changesOfA.ids.size}, by B ${changesOfB.ids.size}`);
}
await close();
