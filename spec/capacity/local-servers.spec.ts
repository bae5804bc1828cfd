import { lastValueFrom, toArray } from 'rxjs';
import { beforeAll, expect, it } from 'vitest';
import { CapacityBudget } from '../../src/capacity/capacity-budget.js';
import type { DynamoDB } from '../../src/client.js';
import type { Page } from '../../src/streams/page.js';
import { describeOnLocalServers } from '../support/local-servers.js';

const ITEMS = 300;
/** About 1 KB each, so a scan of the table costs ~40 read units. */
const PAYLOAD = 'x'.repeat(1000);

interface Row {
  pk: string;
  sk: number;
}

const keysOf = (pages: Page<Row>[]) => pages.flatMap((page) => page.items.map((row) => `${row.pk}/${row.sk}`));

describeOnLocalServers('capacity pacing', (server) => {
  const { measurements } = server;
  let db: DynamoDB;
  let table: string;

  beforeAll(async () => {
    db = server.client();
    table = await server.freshTable('Paced', true);
    await lastValueFrom(db.batchWriteItem({ [table]: Array.from({ length: ITEMS }, (_, sk) => ({ put: { pk: sk % 3 === 0 ? 'a' : 'b', sk, payload: PAYLOAD } })) }));
  });

  it('a paced parallel scan returns every item once; every request asked for the consumed capacity, which pages do not carry', async () => {
    measurements.length = 0;
    const budget = new CapacityBudget({ unitsPerSecond: 40, burstSeconds: 0 });
    const startedAt = performance.now();
    const pages = await lastValueFrom(db.scan<Row>(table, { segments: 3, capacity: budget }).pipe(toArray()));
    const elapsedMs = performance.now() - startedAt;
    const keys = keysOf(pages);
    expect(keys).toHaveLength(ITEMS);
    expect(new Set(keys).size).toBe(ITEMS);
    for (const page of pages) expect(page).not.toHaveProperty('consumedCapacity');
    const scans = measurements.filter((m) => m.action === 'Scan');
    expect(scans.length).toBeGreaterThan(3);
    for (const scan of scans) expect(scan.consumedCapacity).toEqual([{ tableName: table, capacityUnits: expect.any(Number) as number }]);
    const consumed = scans.reduce((sum, scan) => sum + scan.consumedCapacity![0]!.capacityUnits, 0);
    expect(budget.state.consumedUnits).toBe(consumed);
    // Paced: no faster than the budget allows (what the requests in flight at the end reserved may still be owed).
    expect(elapsedMs).toBeGreaterThan(((consumed - 3 * budget.unitsPerSecond * 0.1) / budget.unitsPerSecond) * 1000 * 0.9);
  });

  it('a paced bulk load writes every item once, asking for consumed capacity; progress counts the units', async () => {
    const target = await server.freshTable('PacedLoad');
    measurements.length = 0;
    const writes = Array.from({ length: 200 }, (_, n) => ({ put: { pk: `k${n}`, payload: PAYLOAD } }));
    const progress = await lastValueFrom(db.bulkWriteFrom(target, writes, { capacity: { unitsPerSecond: 400 } }).pipe(toArray()));
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ written: 200, total: 200 });
    const batches = measurements.filter((m) => m.action === 'BatchWriteItem');
    for (const batch of batches) expect(batch.consumedCapacity).toEqual([{ tableName: target, capacityUnits: expect.any(Number) as number }]);
    expect(last.consumedUnits).toBe(batches.reduce((sum, batch) => sum + batch.consumedCapacity![0]!.capacityUnits, 0));
    expect(last.consumedUnits).toBeGreaterThanOrEqual(200);
    for (const step of progress) expect(step).not.toHaveProperty('consumedCapacity');
    const stored = await lastValueFrom(db.scan<{ pk: string }>(target).pipe(toArray()));
    const keys = stored.flatMap((page) => page.items.map((item) => item.pk));
    expect(new Set(keys)).toEqual(new Set(writes.map((write) => write.put.pk)));
    expect(keys).toHaveLength(200);
  });

  it('a paced query returns every item once, and pages carry the INDEXES capacity the caller asked for', async () => {
    measurements.length = 0;
    const pages = await lastValueFrom(
      db.query<Row>(table, { keyConditionExpression: 'pk = :pk', expressionAttributeValues: { ':pk': 'a' }, returnConsumedCapacity: 'INDEXES', capacity: { unitsPerSecond: 200 } }).pipe(toArray()),
    );
    expect(keysOf(pages)).toEqual(Array.from({ length: ITEMS / 3 }, (_, index) => `a/${index * 3}`));
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page.consumedCapacity).toMatchObject({ tableName: table, capacityUnits: expect.any(Number) as number, table: { capacityUnits: expect.any(Number) as number } });
    expect(measurements.filter((m) => m.action === 'Query').map((m) => m.consumedCapacity?.length)).toEqual(pages.map(() => 1));
  });
});
