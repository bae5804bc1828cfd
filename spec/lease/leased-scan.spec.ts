import { concatMap, delay, firstValueFrom, lastValueFrom, map, merge, NEVER, of, Subject, switchMap, take, takeUntil, tap, timeout, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import { leaseTableDefinition } from '../../src/lease/lease-table.js';
import type { LeaseEvent } from '../../src/lease/types.js';
import type { Item } from '../../src/operations/types.js';
import type { Page } from '../../src/streams/page.js';
import { startDynalite, type LocalDynamo } from '../support/dynalite.js';
import { localClient, uniqueTableName } from '../support/local-client.js';
import { heldTransport, type HeldTransport } from './support/held-transport.js';
import { eventually } from '../support/eventually.js';
import { keysOf, repeated, tableOfItems } from './support/scan-items.js';

// Leased parallel scans on dynalite, several workers as separate clients in one process: every item
// once, resuming where workers stopped, completion, the lease table's shape, and fencing of a worker
// whose requests are held in the network past its lease.

let server: LocalDynamo;
let admin: DynamoDB;
/** Every client of the file: the server closes once none has a request left (hand-backs go on after an unsubscription). */
const clients: DynamoDB[] = [];
const networks: HeldTransport[] = [];
const client = (options: Parameters<typeof localClient>[1] = {}) => {
  const db = localClient(server.endpoint, options);
  clients.push(db);
  return db;
};
const ITEMS = 600;
let table: string;

beforeAll(async () => {
  server = await startDynalite();
  admin = client();
  table = await tableOfItems(admin, ITEMS);
});
afterAll(async () => {
  await eventually(() => clients.every((db) => db.load.inFlight + db.load.queued === 0) && networks.every((network) => network.pending() === 0), 'every request answered', 5000);
  await server.close();
});

/** The lease option of worker `workerId` in scan `scanId`. */
const lease = (leaseTable: string, scanId: string, workerId: string, leaseDurationMs = 2000) => ({ table: leaseTable, scanId, workerId, leaseDurationMs });

/** A worker's pages, each with the worker's id. */
function worker(db: DynamoDB, workerId: string, options: object) {
  return db.scan(table, options).pipe(map((page) => ({ workerId, page })));
}

/** The heartbeat item of worker `workerId` in scan `scanId`, or undefined. */
function heartbeatOf(leaseTable: string, scanId: string, workerId: string): Promise<Item | undefined> {
  return firstValueFrom(admin.getItem(leaseTable, { leaseGroup: `scan#${table}#${scanId}`, leaseKey: `worker#${workerId}` }, { consistentRead: true }));
}

/** The lease table's items of one scan. */
function leaseItems(leaseTable: string, scanId: string): Promise<Item[]> {
  return lastValueFrom(
    admin
      .query(leaseTable, { keyConditionExpression: 'leaseGroup = :g', expressionAttributeValues: { ':g': `scan#${table}#${scanId}` }, consistentRead: true })
      .pipe(concatMap((page) => page.items), toArray()),
  );
}

describe('a leased scan shared by three workers', () => {
  const leaseTable = uniqueTableName('Leases');
  const events: LeaseEvent[] = [];
  let pages: { workerId: string; page: Page<Item> }[];

  beforeAll(async () => {
    const workers = ['A', 'B', 'C'].map(() => client());
    for (const db of workers) db.leases$.subscribe((event) => events.push(event));
    // The lease table does not exist yet: all three create it at once, and two of them are refused. Leases
    // of 10 s: none of the three stops, so none may lose a lease; with 2 s ones, a heartbeat late on a loaded
    // machine let one run out.
    const options = (workerId: string) => ({ segments: 12, limit: 20, lease: lease(leaseTable, 'shared', workerId, 10_000) });
    pages = await lastValueFrom(merge(...workers.map((db, n) => worker(db, 'ABC'[n]!, options('ABC'[n]!)))).pipe(toArray()));
  });

  it('delivers every item exactly once, each page stamped with its segment, and each worker completes', () => {
    const keys = pages.flatMap(({ page }) => keysOf(page));
    expect(keys).toHaveLength(ITEMS);
    expect(new Set(keys).size).toBe(ITEMS);
    expect(new Set(pages.map(({ page }) => page.segment))).toEqual(new Set(Array.from({ length: 12 }, (_, n) => n)));
    expect(new Set(pages.map(({ workerId }) => workerId)).size).toBeGreaterThan(1);
  });

  it('each segment finished once (db.leases$); segments moved between workers only by hand-back, at a checkpoint', () => {
    const done = events.filter((event) => event.type === 'done').map((event) => event.leaseKey);
    expect(done.sort()).toEqual(Array.from({ length: 12 }, (_, n) => `segment#${n}`).sort());
    expect(events.filter((event) => event.type === 'lost')).toEqual([]);
    expect(events[0]).toMatchObject({ table: leaseTable, group: `scan#${table}#shared`, leaseKey: expect.stringMatching(/^segment#\d+$/) });
  });

  it('leaves the lease table on demand, with one finished lease per segment and no heartbeats', async () => {
    const description = await firstValueFrom(admin.describeTable(leaseTable));
    expect(description.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(description.KeySchema).toEqual([
      { AttributeName: 'leaseGroup', KeyType: 'HASH' },
      { AttributeName: 'leaseKey', KeyType: 'RANGE' },
    ]);
    // The workers delete their heartbeats as they stop, without waiting for the answer.
    await eventually(() => clients.every((db) => db.load.inFlight + db.load.queued === 0), 'the workers\' last requests answered');
    const items = await leaseItems(leaseTable, 'shared');
    expect(items).toHaveLength(12);
    for (const item of items) {
      expect(item).toMatchObject({ done: true, totalSegments: 12, leaseCounter: expect.any(Number), parentKeys: [] });
      expect(item['leaseOwner']).toBeUndefined();
    }
  });

  it('run again after it completed, the same scanId emits nothing and completes', async () => {
    const again = await lastValueFrom(client().scan(table, { segments: 12, lease: lease(leaseTable, 'shared', 'D') }).pipe(toArray()));
    expect(again).toEqual([]);
  });

  it('with another number of segments, the same scanId is refused naming options.segments', async () => {
    const error = await lastValueFrom(client().scan(table, { segments: 6, lease: lease(leaseTable, 'shared', 'E') })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'InvalidParameterError', parameter: 'options.segments', message: expect.stringContaining('runs with 12 segments') });
  });
});

describe('resuming', () => {
  it('workers that stopped (unsubscribed) are resumed where they checkpointed: at most the last page emitted per segment comes again', async () => {
    const leaseTable = uniqueTableName('Leases');
    const options = (workerId: string) => ({ segments: 4, limit: 10, lease: lease(leaseTable, 'resume', workerId) });
    // Two workers stop after 7 pages each (unsubscribed by take: the 7th page's checkpoint is never written).
    const [a, b] = [client(), client()];
    const first = await lastValueFrom(merge(worker(a, 'A', options('A')).pipe(take(7)), worker(b, 'B', options('B')).pipe(take(7))).pipe(toArray()));
    // Their leases were handed back at their checkpoints (a checkpoint in flight lands first; the hand-backs go on after the
    // unsubscription): once those landed, a new worker takes them at once, at its first read of the lease table, without
    // waiting for them to expire (that would take a second read, leaseDurationMs after the first). Counted in reads, not
    // in time: the whole scan that follows took over 2 s on a loaded machine.
    await eventually(() => [a, b].every((db) => db.load.inFlight + db.load.queued === 0), 'the hand-backs answered');
    const steps: string[] = [];
    const c = client({ onMeasurement: (m) => m.action === 'Query' && m.table === leaseTable && steps.push('read') });
    c.leases$.subscribe((event) => steps.push(event.type));
    const rest = await lastValueFrom(worker(c, 'C', options('C')).pipe(toArray()));
    expect(steps.slice(0, 2)).toEqual(['read', 'gained']);
    const keys = [...first, ...rest].flatMap(({ page }) => keysOf(page));
    expect(new Set(keys).size).toBe(ITEMS);
    // What came twice: only items of the last page each stopped worker emitted in a segment.
    const lastPages = new Map<string, string[]>();
    for (const { workerId, page } of first) lastPages.set(`${workerId}/${page.segment}`, keysOf(page));
    const allowed = new Set([...lastPages.values()].flat());
    const twice = [...repeated(keys).keys()];
    expect(twice.every((key) => allowed.has(key))).toBe(true);
    expect(repeated(keys).size).toBeLessThanOrEqual(lastPages.size * 10);
  });

  it('with capacity, a worker\'s segments share one budget: its Scan requests ask what they consumed', async () => {
    const leaseTable = uniqueTableName('Leases');
    const scans: unknown[] = [];
    const db = client({ onMeasurement: (m) => m.action === 'Scan' && scans.push(m.consumedCapacity) });
    const pages = await lastValueFrom(db.scan(table, { segments: 4, limit: 50, capacity: { unitsPerSecond: 10_000 }, lease: lease(leaseTable, 'paced-by-capacity', 'A') }).pipe(toArray()));
    expect(new Set(pages.flatMap(keysOf)).size).toBe(ITEMS);
    expect(scans.length).toBeGreaterThan(4);
    expect(scans.every((consumed) => Array.isArray(consumed) && consumed.length > 0)).toBe(true);
  });

  it('scanPaced checkpoints a page only after its handler finished', async () => {
    const leaseTable = uniqueTableName('Leases');
    const db = client();
    const seen: string[] = [];
    const checks: boolean[] = [];
    let previous = new Map<number, unknown>();
    const handled = await lastValueFrom(
      db
        .scanPaced(table, { segments: 3, limit: 50, lease: lease(leaseTable, 'paced', 'A'), pacing: { concurrency: 2 } }, (page: Page<Item>) =>
          of(page).pipe(
            delay(5),
            concatMap(async () => {
              // While the handler runs, the lease still holds the previous page's key: this page is not checkpointed yet.
              const stored = (await leaseItems(leaseTable, 'paced')).find((item) => item['leaseKey'] === `segment#${page.segment}`);
              checks.push(JSON.stringify(stored?.['checkpoint']) === JSON.stringify(previous.get(page.segment!)));
              previous = new Map(previous).set(page.segment!, page.lastEvaluatedKey);
              seen.push(...keysOf(page));
              return page.count;
            }),
          ),
        )
        .pipe(toArray()),
    );
    expect(handled.reduce((sum, count) => sum + count, 0)).toBe(ITEMS);
    expect(new Set(seen).size).toBe(ITEMS);
    expect(checks.length).toBeGreaterThan(12);
    expect(checks.every(Boolean)).toBe(true);
  });
});

describe('unsubscribing a paced worker', () => {
  it('starts no handler: pages waiting for a handler slot are dropped with their leases, not handled', async () => {
    const leaseTable = uniqueTableName('Leases');
    let scans = 0;
    const db = client({ onMeasurement: (m) => m.action === 'Scan' && scans++ });
    const handled: number[] = [];
    // One handler at a time, and it never finishes: each other segment's first page waits for the slot.
    const subscription = db
      .scanPaced(table, { segments: 4, limit: 10, lease: lease(leaseTable, 'unsubscribed', 'A') }, (page: Page<Item>) => {
        handled.push(page.segment!);
        return NEVER;
      })
      .subscribe();
    // Each segment reads at most 1 + prefetch pages ahead: 8 Scans once every segment's first page came.
    await eventually(() => scans >= 8, 'two pages of every segment read', 10_000);
    expect(handled).toHaveLength(1);
    // Tearing down the handler that holds the slot frees it: no waiting page may start a handler then.
    subscription.unsubscribe();
    expect(handled).toHaveLength(1);
  });
});

describe('fencing', () => {
  it('a worker whose requests are held in the network past its lease stops delivering; its checkpoint, landing late, is refused', async () => {
    const leaseTable = uniqueTableName('Leases');
    const LEASE_MS = 1000;
    const network = heldTransport();
    networks.push(network);
    const a = client({ transport: network.transport });
    /** When B's calls ended, and how long each took. */
    const callsOfB: { endedAt: number; durationMs: number }[] = [];
    const b = client({ onMeasurement: (m) => callsOfB.push({ endedAt: Date.now(), durationMs: m.durationMs }) });
    const events: string[] = [];
    let aLostAt = Infinity;
    a.leases$.subscribe((event) => {
      events.push(`A ${event.type} ${event.leaseKey}`);
      if (event.type === 'lost') aLostAt = Math.min(aLostAt, Date.now());
    });
    b.leases$.subscribe((event) => events.push(`B ${event.type} ${event.leaseKey}`));
    const options = (workerId: string) => ({ segments: 2, limit: 20, lease: lease(leaseTable, 'fenced', workerId, LEASE_MS) });

    const fromA: Page<Item>[] = [];
    const deliveredAt: number[] = [];
    let heldAt = 0;
    const aDone = lastValueFrom(
      a.scan(table, options('A')).pipe(
        tap((page) => {
          deliveredAt.push(Date.now());
          fromA.push(page);
          // After A's third page, the network holds A's requests: its checkpoint of that page among them.
          if (fromA.length === 3) {
            network.hold();
            heldAt = Date.now();
          }
        }),
        toArray(),
      ),
    );
    await new Promise<void>((resolve) => {
      const wait = setInterval(() => heldAt > 0 && (clearInterval(wait), resolve()), 5);
    });
    const takenAt = new Map<number, number>();
    const fromB = await lastValueFrom(
      b.scan(table, options('B')).pipe(
        tap((page) => takenAt.has(page.segment!) || takenAt.set(page.segment!, Date.now())),
        toArray(),
      ),
    );
    network.release();
    await aDone;
    await eventually(() => network.pending() === 0, "A's held requests answered");

    // A delivered what came in while its lease lasted (answers to requests sent before the hold), nothing after it lost them.
    expect(events).toContain('A lost segment#0');
    expect(Math.max(...deliveredAt)).toBeLessThan(aLostAt);
    // B took A's segments over within the lease duration plus one read, with slack for a busy machine: 1 s,
    // and the time B's own calls took until then (a loaded machine answers in hundreds of milliseconds).
    const firstTaken = Math.min(...takenAt.values());
    const callTime = callsOfB.filter(({ endedAt }) => endedAt <= firstTaken).reduce((sum, call) => sum + call.durationMs, 0);
    expect(firstTaken - heldAt).toBeLessThanOrEqual(LEASE_MS + LEASE_MS / 2 + 1000 + callTime);
    // A's checkpoint, held in the network, landed after B's takeover and was refused.
    const refused = network.late.filter((request) => request.action === 'UpdateItem' && request.body.includes('checkpoint = :checkpoint'));
    expect(refused.length).toBeGreaterThan(0);
    for (const request of refused) expect(request.response).toContain('ConditionalCheckFailedException');
    // Every item delivered; what came twice is what A emitted last before its requests were held.
    const keys = [...fromA, ...fromB].flatMap(keysOf);
    expect(new Set(keys).size).toBe(ITEMS);
    const lastOfA = new Set([...new Map(fromA.map((page) => [page.segment, page])).values()].flatMap(keysOf));
    expect([...repeated(keys).keys()].every((key) => lastOfA.has(key))).toBe(true);
    const items = await leaseItems(leaseTable, 'fenced');
    expect(items.filter((item) => String(item['leaseKey']).startsWith('segment#')).every((item) => item['done'] === true)).toBe(true);
  });
});

describe('a lease table holding items the workers did not write', () => {
  const group = () => `scan#${table}#foreign`;
  const segment = { leaseKey: 'segment#0', leaseCounter: 3, done: false, totalSegments: 2, parentKeys: [] };
  it.each([
    ['a counter that is a string', { ...segment, leaseCounter: '3' }, 'its leaseCounter is a string'],
    ['no counter', { ...segment, leaseCounter: undefined }, 'its leaseCounter is missing'],
    ['a counter past 2^53', { ...segment, leaseCounter: 2n ** 60n }, 'its leaseCounter is a bigint'],
    ['done as a string', { ...segment, done: 'true' }, 'its done is a string'],
    ['a checkpoint that is not a key', { ...segment, checkpoint: 'k5' }, 'its checkpoint is a string'],
    ['a heartbeat that is not a number', { leaseKey: 'worker#X', heartbeat: 'often', leaseDurationMs: 2000 }, 'its heartbeat is a string'],
  ])('%s: the scan fails at the first read with a ConfigError naming the item and attribute, without sending requests in a loop', async (_, foreign, problem) => {
    const leaseTable = uniqueTableName('Leases');
    await firstValueFrom(admin.createTable(leaseTableDefinition(leaseTable)).pipe(switchMap(() => admin.waitForTable(leaseTable, { status: 'ACTIVE' }))));
    await firstValueFrom(admin.putItem(leaseTable, { leaseGroup: group(), ...foreign }));
    const actions: string[] = [];
    const db = client({ onMeasurement: (measurement) => actions.push(measurement.action) });
    const error = await lastValueFrom(db.scan(table, { segments: 2, lease: lease(leaseTable, 'foreign', 'A') }).pipe(timeout(10_000))).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConfigError', message: expect.stringContaining(problem) });
    expect((error as Error).message).toContain(`lease table ${leaseTable}, item leaseGroup "${group()}", leaseKey "${foreign.leaseKey}": ${problem}`);
    // The heartbeat, then the read: refused before any take (a PutItem, or an UpdateItem and a GetItem).
    expect(actions.filter((action) => action !== 'DescribeTable')).toEqual(['UpdateItem', 'Query']);
  });
});

describe('two workers with one workerId', () => {
  it('fail with a ConfigError naming the workerId within a heartbeat, instead of both delivering the same segments', async () => {
    const leaseTable = uniqueTableName('Leases');
    // A handler of 150 ms a page, so that the scan lasts many heartbeats (leaseDurationMs / 3 each): a delay after
    // `scan` did not slow the scan itself, which once ended before any heartbeat compared instances. The other
    // worker stops at the first error.
    const options = { segments: 4, limit: 5, lease: lease(leaseTable, 'twins', 'same', 900) };
    const firstError = new Subject<void>();
    const slowly = (db: DynamoDB) => db.scanPaced(table, options, () => new Promise<void>((resolve) => setTimeout(resolve, 150))).pipe(takeUntil(firstError));
    const errors = await Promise.all(
      [client(), client()].map((db) =>
        lastValueFrom(slowly(db).pipe(timeout(30_000))).then(
          () => undefined,
          (e: unknown) => (firstError.next(), e),
        ),
      ),
    );
    const refused = errors.filter((error) => (error as Error | undefined)?.name === 'ConfigError');
    expect(refused.length).toBeGreaterThan(0);
    expect((refused[0] as Error).message).toContain(`lease table ${leaseTable}, leaseGroup "scan#${table}#twins": another worker runs with workerId "same"`);
  });

  it("a restart with the same workerId keeps its heartbeat though the stopped instance's delete of it lands late", async () => {
    const leaseTable = uniqueTableName('Leases');
    const network = heldTransport();
    networks.push(network);
    const options = { segments: 2, limit: 10, lease: lease(leaseTable, 'restart', 'R', 30_000) };
    // The first instance stops while the network holds its requests: its hand-backs and the delete of its heartbeat wait.
    await lastValueFrom(client({ transport: network.transport }).scan(table, options).pipe(take(2), tap({ complete: () => network.hold() })));
    // Restarted (another process, the same workerId), it writes its heartbeat and reads a page.
    const again = client();
    let gained = false;
    again.leases$.subscribe((event) => (gained ||= event.type === 'gained'));
    const restarted = again.scan(table, options).pipe(concatMap((page) => of(page).pipe(delay(50)))).subscribe();
    await eventually(() => gained, 'a lease taken by the restarted instance (after its heartbeat landed)', 10_000);
    const written = await heartbeatOf(leaseTable, 'restart', 'R');
    expect(written).toBeDefined();
    network.release();
    // Its heartbeat's delete is sent once its hand-backs landed, so it lands after the restarted instance's heartbeat.
    await eventually(() => network.late.some((request) => request.action === 'DeleteItem'), "the first instance's delete of its heartbeat answered");
    expect(await heartbeatOf(leaseTable, 'restart', 'R')).toEqual(written);
    restarted.unsubscribe();
  });

  it('one after the other (unsubscribed, then subscribed again at once) are one worker: the second goes on where the first stopped', async () => {
    const leaseTable = uniqueTableName('Leases');
    const db = client();
    const options = { segments: 4, limit: 10, lease: lease(leaseTable, 'again', 'R', 900) };
    const first = await lastValueFrom(db.scan(table, options).pipe(take(5), toArray()));
    const rest = await lastValueFrom(db.scan(table, options).pipe(concatMap((page) => of(page).pipe(delay(10))), toArray()));
    expect(new Set([...first, ...rest].flatMap(keysOf)).size).toBe(ITEMS);
  });
});
