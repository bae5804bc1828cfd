import { asyncScheduler, map, of, type Observable } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CapacityBudget, ledgerOf } from '../../src/capacity/capacity-budget.js';
import { spend } from '../../src/capacity/spend.js';
import { InvalidParameterError, MalformedResponseError } from '../../src/errors/client-errors.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { capacityTable, type CapacityTable } from './support/capacity-table.js';
import { scanClaiming, type ClaimingScan } from './support/claiming-scan.js';

/** One request on `budget` answered at once with `units` consumed (estimating none); emits when it started (scheduler ms). */
function request(budget: CapacityBudget, units: number): Observable<number> {
  let startedAt = 0;
  const answer = () => {
    startedAt = asyncScheduler.now();
    return of(units);
  };
  return spend(ledgerOf(budget), 0, answer, (consumed) => consumed).pipe(map(() => startedAt));
}

describe('capacity pacing at the edges', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a rate too small for its climb per millisecond to be a number still paces (no NaN balance letting everything through)', () => {
    marbleScheduler().run(({ flush }) => {
      const budget = new CapacityBudget({ unitsPerSecond: 1e-320, burstSeconds: 0 });
      const starts: number[] = [];
      const subscriptions = [0, 1, 2].map(() => request(budget, 1).subscribe((at) => starts.push(at)));
      asyncScheduler.schedule(() => {
        // The first went at once; its unit takes ~3e312 years to pay off: the others wait.
        expect(starts).toEqual([0]);
        expect(budget.state.effectiveUnitsPerSecond).toBe(1e-320);
        expect(budget.state.balanceUnits).toBeLessThan(0);
        expect(budget.state.waitingRequests).toBe(2);
        subscriptions.forEach((subscription) => subscription.unsubscribe());
      }, 60_000);
      flush();
    });
  });

  it('a budget far above what the table serves sends no Limit rather than one DynamoDB refuses as no integer (2e+307)', () => {
    let table!: CapacityTable;
    let items = 0;
    marbleScheduler().run(({ flush }) => {
      table = capacityTable({ items: 50, itemBytes: () => 100 });
      table.db.scan('Big', { capacity: { unitsPerSecond: 1e308 } }).subscribe((page) => (items += page.items.length));
      flush();
    });
    expect(items).toBe(50);
    for (const { body } of table.received) expect(body).not.toHaveProperty('Limit');
  });

  it('a paced call keeps the limit its caller gave when the budget would allow more', () => {
    let table!: CapacityTable;
    marbleScheduler().run(({ flush }) => {
      table = capacityTable({ items: 50, itemBytes: () => 100 });
      table.db.scan('Big', { limit: 20, capacity: { unitsPerSecond: 1e12 } }).subscribe();
      flush();
    });
    expect(table.received.map(({ body }) => body['Limit'])).toEqual([20, 20, 20]);
  });

  it('refuses an object that only inherits from CapacityBudget.prototype with an InvalidParameterError, sending nothing', () => {
    let table!: CapacityTable;
    let error: unknown;
    marbleScheduler().run(({ flush }) => {
      table = capacityTable({ items: 10, itemBytes: () => 100 });
      const impostor = Object.create(CapacityBudget.prototype) as CapacityBudget;
      table.db.scan('Big', { capacity: impostor }).subscribe({ error: (e: unknown) => (error = e) });
      flush();
    });
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as InvalidParameterError).message).toContain('options.capacity');
    expect(table.received).toEqual([]);
  });

  it('a subclass of CapacityBudget is a budget', () => {
    class NamedBudget extends CapacityBudget {
      readonly name = 'reads';
    }
    let table!: CapacityTable;
    marbleScheduler().run(({ flush }) => {
      table = capacityTable({ items: 10, itemBytes: () => 100 });
      table.db.scan('Big', { capacity: new NamedBudget({ unitsPerSecond: 10 }) }).subscribe();
      flush();
    });
    expect(table.served.flatMap((page) => page.keys)).toHaveLength(10);
  });

  it('a response claiming negative units is a MalformedResponseError, charged nothing: it adds no credit beyond the burst allowance', () => {
    marbleScheduler().run(({ flush }) => {
      const budget = new CapacityBudget({ unitsPerSecond: 10, burstSeconds: 0 });
      let error: unknown;
      // Its first request reserves a slice (1 unit), still owed once its answer claims -1,000.
      scanClaiming([-1000], { maxRetries: 0 }).db.scan('Big', { capacity: budget }).subscribe({ error: (e: unknown) => (error = e) });
      const starts: number[] = [];
      asyncScheduler.schedule(() => {
        expect(error).toBeInstanceOf(MalformedResponseError);
        expect((error as Error).message).toMatch(/^Scan: ConsumedCapacity\.CapacityUnits: -1000 capacity units: DynamoDB never consumes less than nothing/);
        expect(budget.state).toMatchObject({ consumedUnits: 0, consumedUnitsPerSecond: 0 });
        expect(budget.state.balanceUnits).toBeCloseTo(-0.9, 9);
        for (let n = 0; n < 3; n++) request(budget, 5).subscribe((at) => starts.push(at));
      }, 10);
      flush();
      // Not all three at once on 1,000 units of made-up credit: the 0.9 units owed take 90 ms, 5 units 500 ms.
      expect(starts).toEqual([100, 600, 1100]);
    });
  });

  it('a request size learns nothing from a response claiming negative units', () => {
    let claim!: ClaimingScan;
    marbleScheduler().run(({ flush }) => {
      // Refused, then retried: the retry's page of 1 item costs 10 units, the size the next request learns.
      claim = scanClaiming([-1000, 10], { maxRetries: 1 });
      const subscription = claim.db.scan('Big', { capacity: { unitsPerSecond: 100 } }).subscribe();
      asyncScheduler.schedule(() => subscription.unsubscribe(), 200);
      flush();
    });
    // A slice of 10 units at the assumed 0.5 a element (20), not unbounded, until a well-formed answer said 10.
    expect(claim.received.slice(0, 3).map((body) => body['Limit'])).toEqual([20, 20, 1]);
  });

  it('waits out a debt longer than a timer can take in steps, not in a 1 ms loop (timers past 2^31-1 ms fire at once)', () => {
    vi.useFakeTimers();
    const budget = new CapacityBudget({ unitsPerSecond: 0.001, burstSeconds: 0 });
    // A million units at a thousandth of a unit per second: 31 years of debt.
    request(budget, 1e6).subscribe();
    let started = false;
    const waiting = request(budget, 1).subscribe(() => (started = true));
    const timers = vi.spyOn(globalThis, 'setInterval');
    vi.advanceTimersByTime(1000);
    expect(started).toBe(false);
    expect(timers.mock.calls.length).toBeLessThanOrEqual(1);
    waiting.unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a clock set back an hour does not stall a budget for an hour', () => {
    vi.useFakeTimers();
    const budget = new CapacityBudget({ unitsPerSecond: 10, burstSeconds: 0 });
    request(budget, 10).subscribe();
    vi.setSystemTime(Date.now() - 3_600_000);
    const setBackAt = Date.now();
    let startedAfter: number | undefined;
    request(budget, 1).subscribe((at) => (startedAfter = at - setBackAt));
    vi.advanceTimersByTime(5000);
    // 10 units at 10 a second: a second's wait, counted from the clock as it now reads.
    expect(startedAfter).toBeGreaterThanOrEqual(1000);
    expect(startedAfter).toBeLessThanOrEqual(1001);
  });

  it('a clock set back an hour after a throttle does not hold the lowered rate for an hour', () => {
    vi.useFakeTimers();
    const budget = new CapacityBudget({ unitsPerSecond: 10 });
    ledgerOf(budget).throttled();
    vi.setSystemTime(Date.now() - 3_600_000);
    // Read as set back: the budget's time carries on from here.
    expect(budget.state.effectiveUnitsPerSecond).toBe(7);
    vi.advanceTimersByTime(1000);
    ledgerOf(budget).throttled();
    // Lowered again by the second throttle a second later (to 4.9), back at the target 10 s after that.
    expect(budget.state.effectiveUnitsPerSecond).toBeCloseTo(4.9, 6);
    vi.advanceTimersByTime(12_000);
    expect(budget.state.effectiveUnitsPerSecond).toBe(10);
    expect(budget.state.throttledRequests).toBe(2);
  });
});
