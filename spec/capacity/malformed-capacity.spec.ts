import { asyncScheduler, from, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { CapacityBudget } from '../../src/capacity/capacity-budget.js';
import { MalformedResponseError } from '../../src/errors/client-errors.js';
import { okResponse } from '../../src/testing/fixtures.js';
import type { BatchWriteProgress } from '../../src/batch/batch-write-item.js';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import { fakeBatchServer, puts, stored, type FakeBatchServer } from '../batch/support/fake-batch-server.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { scanClaiming, type ClaimingScan } from './support/claiming-scan.js';

describe('a paced call given consumed capacity DynamoDB never reports (virtual time)', () => {
  it('fails with a MalformedResponseError naming the action and the path for an absurd figure (1e308), instead of waiting in 24.8-day steps forever', () => {
    const budget = new CapacityBudget({ unitsPerSecond: 100 });
    let error: unknown;
    let pages = 0;
    let claim!: ClaimingScan;
    marbleScheduler().run(({ flush }) => {
      claim = scanClaiming([1e308], { maxRetries: 2 });
      const subscription = claim.db.scan('Big', { capacity: budget }).subscribe({ next: () => pages++, error: (e: unknown) => (error = e) });
      // A year of virtual time: a call still waiting by then never ends.
      asyncScheduler.schedule(() => subscription.unsubscribe(), 365 * 24 * 3_600_000);
      flush();
    });
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error).toMatchObject({ action: 'Scan' });
    expect((error as Error).message).toMatch(/^Scan: ConsumedCapacity\.CapacityUnits: 1e\+308 capacity units: more than any request can consume/);
    // Retried like any malformed response, then failed: no page of it emitted, nothing charged.
    expect(pages).toBe(0);
    expect(claim.received).toHaveLength(3);
    expect(budget.state.consumedUnits).toBe(0);
    expect(budget.state.balanceUnits).toBeGreaterThanOrEqual(-1);
  });

  it.each<[string, unknown, RegExp]>([
    ['a string', '5', /not a number, got a string/],
    ['an object', { units: 5 }, /not a number, got an object/],
    ['null', null, /not a number, got null/],
    ['a negative figure', -5, /-5 capacity units: DynamoDB never consumes less than nothing/],
  ])('fails with a MalformedResponseError for units that are %s, leaving no NaN in the budget or the measurements', (_name, claim, problem) => {
    const budget = new CapacityBudget({ unitsPerSecond: 100 });
    const measurements: Measurement[] = [];
    let error: unknown;
    marbleScheduler().run(({ flush }) => {
      const { db } = scanClaiming([claim], { maxRetries: 0, onMeasurement: (m) => measurements.push(m) });
      db.scan('Big', { capacity: budget }).subscribe({ error: (e: unknown) => (error = e) });
      flush();
    });
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as Error).message).toMatch(/^Scan: ConsumedCapacity\.CapacityUnits: /);
    expect((error as Error).message).toMatch(problem);
    const state = budget.state;
    for (const value of Object.values(state)) expect(Number.isFinite(value)).toBe(true);
    expect(state.consumedUnits).toBe(0);
    expect(measurements).toEqual([expect.objectContaining({ action: 'Scan', error: 'MalformedResponseError' })]);
    expect(measurements[0]).not.toHaveProperty('consumedCapacity');
  });

  it('charges the largest figure it accepts, and pays that debt off in bounded time', () => {
    const budget = new CapacityBudget({ unitsPerSecond: 1e6, burstSeconds: 0 });
    let pages = 0;
    marbleScheduler().run(({ flush }) => {
      const { db } = scanClaiming([1e8]);
      const subscription = db.scan('Big', { capacity: budget }).subscribe(() => pages++);
      asyncScheduler.schedule(() => subscription.unsubscribe(), 150_000);
      flush();
    });
    // 1e8 units at 1e6 a second: each request after the first waits 100 s for the one before.
    expect(pages).toBe(2);
    expect(budget.state.consumedUnits).toBe(2e8);
  });
});

describe('bulk write progress given negative consumed capacity (virtual time, fake batch server)', () => {
  // The second batch request's first answer claims -50 units for its 10 writes; its retry is answered as DynamoDB would.
  const claimingNegative = (call: number) => (call === 1 ? okResponse({ UnprocessedItems: {}, ConsumedCapacity: [{ TableName: 'Users', CapacityUnits: -50 }] }) : undefined);

  it.each<[string, (server: FakeBatchServer) => Observable<BatchWriteProgress>]>([
    ['bulkWrite', ({ db }) => from(puts(30)).pipe(db.bulkWrite('Users', { capacity: { unitsPerSecond: 100 } }))],
    ['bulkWriteFrom', ({ db }) => db.bulkWriteFrom('Users', puts(30), { capacity: { unitsPerSecond: 100 } })],
  ])('%s: the answer is malformed and retried, so consumedUnits never goes down nor below 0, and ends at what was consumed', (_name, start) => {
    let server!: FakeBatchServer;
    const progress: BatchWriteProgress[] = [];
    let ended = false;
    marbleScheduler().run(({ flush, ...helpers }) => {
      server = fakeBatchServer({ flush, ...helpers }, { answer: claimingNegative });
      start(server).subscribe({ next: (p) => progress.push(p), complete: () => (ended = true) });
      flush();
    });
    const units = progress.map((p) => p.consumedUnits ?? 0);
    units.forEach((value, index) => expect(value).toBeGreaterThanOrEqual(units[index - 1] ?? 0));
    expect(ended).toBe(true);
    expect(stored(server)).toHaveLength(30);
    // One unit per write the fake applied: the malformed answer was not counted.
    expect(progress.at(-1)).toEqual({ written: 30, total: 30, retried: 0, consumedUnits: 30 });
    expect(server.batches()).toHaveLength(4);
  });
});
