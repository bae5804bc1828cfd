import { asyncScheduler, firstValueFrom, lastValueFrom, of, toArray, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { CapacityBudget } from '../../src/capacity/capacity-budget.js';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import type { Page } from '../../src/streams/page.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { capacityTable, unitsPerSecond, type CapacityTable, type CapacityTableOptions } from './support/capacity-table.js';

const QUERY = { keyConditionExpression: 'pk = :pk', expressionAttributeValues: { ':pk': 'p' } };
/** Item sizes from 100 B to 3 KB, in no order. */
const MIXED = (index: number) => 100 + ((index * 7919) % 3000);

/** Runs `start` in virtual time against a fake table, stops what it started at `stopAt` ms (if given), and returns the table. */
function run(options: CapacityTableOptions, start: (table: CapacityTable) => Observable<unknown>[], stopAt?: number): CapacityTable & { pages: Page<unknown>[]; ended: boolean[] } {
  const pages: Page<unknown>[] = [];
  const ended: boolean[] = [];
  let table!: CapacityTable;
  marbleScheduler().run(({ flush }) => {
    table = capacityTable(options);
    const subscriptions = start(table).map((stream, index) => {
      ended[index] = false;
      return stream.subscribe({ next: (page) => pages.push(page as Page<unknown>), complete: () => (ended[index] = true) });
    });
    if (stopAt !== undefined) asyncScheduler.schedule(() => subscriptions.forEach((s) => s.unsubscribe()), stopAt);
    flush();
  });
  return { ...table, pages, ended };
}

/** The rate served in each whole second from `from` to `to`. */
function perSecond(table: CapacityTable, from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, index) => unitsPerSecond(table.served, (from + index) * 1000, (from + index + 1) * 1000));
}

describe('capacity option on query and scan (virtual time, fake table)', () => {
  it('over 60 virtual seconds, a paced scan consumes within ±5% of the target, and within ±20% in every second after the first', () => {
    const table = run({ items: 1_000_000, itemBytes: MIXED }, ({ db }) => [db.scan('Big', { capacity: { unitsPerSecond: 100 } })], 60_000);
    expect(unitsPerSecond(table.served, 0, 60_000)).toBeGreaterThanOrEqual(95);
    expect(unitsPerSecond(table.served, 0, 60_000)).toBeLessThanOrEqual(105);
    for (const rate of perSecond(table, 1, 60)) expect(rate).toBeGreaterThanOrEqual(80), expect(rate).toBeLessThanOrEqual(120);
    // Requests are small slices of a second, not bursts: ~10 units each, so ~10 a second.
    expect(table.received.length).toBeGreaterThan(500);
  });

  it('a paced query holds the rate too, with strongly consistent reads costing twice', () => {
    const table = run({ items: 1_000_000, itemBytes: MIXED }, ({ db }) => [db.query('Big', { ...QUERY, consistentRead: true, capacity: { unitsPerSecond: 40 } })], 60_000);
    expect(unitsPerSecond(table.served, 0, 60_000) / 40).toBeCloseTo(1, 1);
  });

  it('all segments of a parallel scan share one budget', () => {
    const table = run({ items: 1_000_000, itemBytes: MIXED }, ({ db }) => [db.scan('Big', { segments: 8, capacity: { unitsPerSecond: 200 } })], 60_000);
    expect(unitsPerSecond(table.served, 0, 60_000) / 200).toBeGreaterThanOrEqual(0.95);
    expect(unitsPerSecond(table.served, 0, 60_000) / 200).toBeLessThanOrEqual(1.05);
    const bySegment = Array.from({ length: 8 }, (_, segment) => table.served.filter((page) => Number(page.keys[0]) % 8 === segment).reduce((sum, page) => sum + page.units, 0));
    for (const units of bySegment) expect(units / (200 * 60) / (1 / 8)).toBeGreaterThan(0.8);
  });

  it('two scans sharing a budget split it fairly, however different their items', () => {
    const budget: CapacityBudget[] = [];
    const small = (index: number) => (index % 2 === 0 ? 400 : 3000);
    // One fake serves both: even keys are small items (400 B) read by the first scan's segment 0 of 2, odd keys large (3 KB) by the second's segment 1.
    const table = run(
      { items: 1_000_000, itemBytes: small },
      ({ db }) => {
        budget[0] = new CapacityBudget({ unitsPerSecond: 100 });
        return [db.scan('Big', { segment: 0, totalSegments: 2, capacity: budget[0] }), db.scan('Big', { segment: 1, totalSegments: 2, capacity: budget[0] })];
      },
      60_000,
    );
    const share = (parity: number) => table.served.filter((page) => page.at < 60_000 && Number(page.keys[0]) % 2 === parity).reduce((sum, page) => sum + page.units, 0) / 60;
    expect(share(0) + share(1)).toBeGreaterThanOrEqual(95);
    expect(share(0) + share(1)).toBeLessThanOrEqual(105);
    expect(share(0) / share(1)).toBeGreaterThan(0.85);
    expect(share(0) / share(1)).toBeLessThan(1.15);
    expect(budget[0]!.state.consumedUnits).toBeCloseTo(table.served.reduce((sum, page) => sum + page.units, 0), 6);
  });

  it('after a page that cost far more than a slice, waits until its debt is paid off, and asks for fewer items', () => {
    // Items 0 and 1 are 200 KB: the first request (2 items, a guess of 0.5 units each against a slice of 1 unit) costs 49 units.
    const big = (index: number) => (index < 2 ? 200_000 : 100);
    const table = run({ items: 40, itemBytes: big }, ({ db }) => [db.scan('Tab', { capacity: { unitsPerSecond: 10, burstSeconds: 0 } })]);
    expect(table.received[0]).toMatchObject({ at: 0, body: { Limit: 2, ReturnConsumedCapacity: 'TOTAL' } });
    expect(table.served[0]!.units).toBe(49);
    // 49 units at 10 units/s, owed from when the request went: the next request goes at 4.9 s, asking for one item.
    expect(table.received[1]).toMatchObject({ at: 4900, body: { Limit: 1 } });
    expect(table.ended).toEqual([true]);
  });

  it('a throttled request lowers the pace, which recovers once throttling stops; every item arrives once', () => {
    let budget!: CapacityBudget;
    const effective: number[] = [];
    const table = run(
      { items: 30_000, itemBytes: () => 1000, throttle: (now) => now >= 10_000 && now < 11_000, client: { maxRetries: 10, retry: { random: () => 0.5 } } },
      ({ db }) => {
        budget = new CapacityBudget({ unitsPerSecond: 50 });
        for (const at of [9_000, 10_500, 12_000, 60_000]) asyncScheduler.schedule(() => effective.push(budget.state.effectiveUnitsPerSecond), at);
        return [db.scan('Tab', { capacity: budget })];
      },
    );
    expect(table.received.filter((request) => request.throttled).length).toBeGreaterThan(0);
    expect(budget.state.throttledRequests).toBe(table.received.filter((request) => request.throttled).length);
    // Throttles within a second of the first count once: 50 * 0.7, held a second, then climbing by 2.5 units/s per second.
    expect(effective[0]).toBe(50);
    expect(effective[1]).toBe(35);
    expect(effective[2]).toBeGreaterThan(35);
    expect(effective[2]).toBeLessThan(38);
    expect(effective[3]).toBe(50);
    // From 12 to 15 s the effective rate climbs from 37.5 to 45; no burst follows the throttles.
    expect(unitsPerSecond(table.served, 11_000, 12_000)).toBeLessThan(40);
    expect(unitsPerSecond(table.served, 12_000, 15_000) / 41.25).toBeCloseTo(1, 1);
    expect(unitsPerSecond(table.served, 30_000, 50_000) / 50).toBeCloseTo(1, 1);
    const keys = table.pages.flatMap((page) => page.items.map((item) => (item as { pk: string }).pk));
    expect(keys).toHaveLength(30_000);
    expect(new Set(keys).size).toBe(30_000);
    expect(table.ended).toEqual([true]);
  });

  it('returns every item once, through every segment', () => {
    const table = run({ items: 5000, itemBytes: MIXED }, ({ db }) => [db.scan('Tab', { segments: 3, capacity: { unitsPerSecond: 1000 } })]);
    const keys = table.pages.flatMap((page) => page.items.map((item) => (item as { pk: string }).pk));
    expect(keys).toHaveLength(5000);
    expect(new Set(keys).size).toBe(5000);
    expect(table.ended).toEqual([true]);
  });

  it('asks for ReturnConsumedCapacity, keeping what the caller asked for, and gives pages only what the caller asked for', () => {
    const cases = [
      [undefined, 'TOTAL', false],
      ['NONE', 'TOTAL', false],
      ['TOTAL', 'TOTAL', true],
      ['INDEXES', 'INDEXES', true],
    ] as const;
    for (const [asked, sent, reported] of cases) {
      const table = run({ items: 300, itemBytes: () => 1000 }, ({ db }) => [db.query('Tab', { ...QUERY, returnConsumedCapacity: asked, capacity: { unitsPerSecond: 100 } })]);
      expect(table.received.map((request) => request.body['ReturnConsumedCapacity'])).toEqual(table.received.map(() => sent));
      for (const page of table.pages) expect('consumedCapacity' in page, String(asked)).toBe(reported);
      if (asked === 'INDEXES') expect(table.pages[0]!.consumedCapacity).toEqual({ tableName: 'Tab', capacityUnits: 2.5, table: { capacityUnits: 2.5 } });
    }
  });

  it('never asks for more items than the caller\'s own limit, and at least one', () => {
    const table = run({ items: 2000, itemBytes: () => 10 }, ({ db }) => [db.scan('Tab', { limit: 7, capacity: { unitsPerSecond: 10_000 } })]);
    const limits = table.received.map((request) => request.body['Limit'] as number);
    expect(Math.max(...limits)).toBe(7);
    expect(Math.min(...limits)).toBeGreaterThanOrEqual(1);
    const tiny = run({ items: 20, itemBytes: () => 400_000 }, ({ db }) => [db.scan('Tab', { capacity: { unitsPerSecond: 1 } })]);
    expect(tiny.received.map((request) => request.body['Limit'])).toEqual(tiny.received.map(() => 1));
  });

  it('changes nothing in timing when the budget never binds', () => {
    const times = (capacity?: { unitsPerSecond: number }) =>
      run({ items: 3000, itemBytes: () => 100 }, ({ db }) => [db.scan('Tab', { limit: 100, ...(capacity ? { capacity } : {}) })]).received.map((request) => request.at);
    expect(times({ unitsPerSecond: 1e9 })).toEqual(times());
  });

  it('measurements show the units each request consumed', () => {
    const measured: Measurement[] = [];
    run({ items: 300, itemBytes: () => 1000, client: { onMeasurement: (m) => measured.push(m) } }, ({ db }) => [db.scan('Tab', { capacity: { unitsPerSecond: 100 } })]);
    expect(measured.length).toBeGreaterThan(1);
    for (const measurement of measured) expect(measurement.consumedCapacity).toEqual([{ tableName: 'Tab', capacityUnits: expect.any(Number) as number }]);
  });

  it('queryPaced and scanPaced take it beside pacing', () => {
    let handled = 0;
    const table = run({ items: 1_000_000, itemBytes: MIXED }, ({ db }) => [
      db.scanPaced('Tab', { capacity: { unitsPerSecond: 60 }, pacing: { prefetch: 1 } }, (page) => of((handled += page.items.length))),
      db.queryPaced('Tab', { ...QUERY, capacity: { unitsPerSecond: 40 } }, (page) => of(page.count)),
    ], 30_000);
    expect(unitsPerSecond(table.served, 0, 30_000) / 100).toBeCloseTo(1, 1);
    expect(handled).toBeGreaterThan(0);
  });

  it('refuses a bad capacity option with an InvalidParameterError naming it, before sending', async () => {
    const table = capacityTable({ items: 1, itemBytes: () => 1 });
    const bad: [unknown, string][] = [
      [{ unitsPerSecond: 0 }, 'options.capacity.unitsPerSecond'],
      [{ unitsPerSecond: Number.NaN }, 'options.capacity.unitsPerSecond'],
      [{ unitsPerSecond: Infinity }, 'options.capacity.unitsPerSecond'],
      [{ unitsPerSecond: '5' }, 'options.capacity.unitsPerSecond'],
      [{}, 'options.capacity.unitsPerSecond'],
      [{ unitsPerSecond: 5, burst: 1 }, 'options.capacity.burst'],
      [5, 'options.capacity'],
      [null, 'options.capacity'],
    ];
    for (const [capacity, parameter] of bad) {
      for (const call of [table.db.scan('Tab', { capacity: capacity as never }), table.db.scan('Tab', { segments: 2, capacity: capacity as never }), table.db.query('Tab', { ...QUERY, capacity: capacity as never })]) {
        const error = await firstValueFrom(call).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidParameterError);
        expect(error).toMatchObject({ parameter });
      }
    }
    expect(table.received).toEqual([]);
    // A budget works outside virtual time as well.
    const pages = await lastValueFrom(table.db.scan('Tab', { capacity: new CapacityBudget({ unitsPerSecond: 5 }) }).pipe(toArray()));
    expect(pages.flatMap((page) => page.items)).toEqual([{ pk: '0' }]);
  });
});
