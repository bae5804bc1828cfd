import { asyncScheduler, map, timer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { CapacityBudget } from '../../src/capacity/capacity-budget.js';
import { DynamoDB } from '../../src/client.js';
import { MalformedResponseError } from '../../src/errors/client-errors.js';
import type { Transport } from '../../src/http/types.js';
import { okResponse } from '../../src/testing/fixtures.js';
import { marbleScheduler } from '../support/marble-scheduler.js';

/** A client whose Scan pages (one item each, never the last) claim `capacityUnits` consumed, 10 virtual ms after each request. */
function scanClaiming(capacityUnits: unknown): { db: DynamoDB; sent: () => number } {
  let sent = 0;
  const transport: Transport = () => {
    sent++;
    const page = { Items: [{ pk: { S: String(sent) } }], Count: 1, ScannedCount: 1, LastEvaluatedKey: { pk: { S: String(sent) } } };
    return timer(10).pipe(map(() => okResponse({ ...page, ConsumedCapacity: { TableName: 'Big', CapacityUnits: capacityUnits } })));
  };
  const db = new DynamoDB({ transport, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {}, maxRetries: 2, retry: { random: () => 0 } });
  return { db, sent: () => sent };
}

describe('a paced call given consumed capacity DynamoDB never reports (virtual time)', () => {
  it('fails with a MalformedResponseError naming the action and the path for an absurd figure (1e308), instead of waiting in 24.8-day steps forever', () => {
    const budget = new CapacityBudget({ unitsPerSecond: 100 });
    let error: unknown;
    let pages = 0;
    let claim!: ReturnType<typeof scanClaiming>;
    marbleScheduler().run(({ flush }) => {
      claim = scanClaiming(1e308);
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
    expect(claim.sent()).toBe(3);
    expect(budget.state.consumedUnits).toBe(0);
    expect(budget.state.balanceUnits).toBeGreaterThanOrEqual(-1);
  });

  it('charges the largest figure it accepts, and pays that debt off in bounded time', () => {
    const budget = new CapacityBudget({ unitsPerSecond: 1e6, burstSeconds: 0 });
    let pages = 0;
    marbleScheduler().run(({ flush }) => {
      const { db } = scanClaiming(1e8);
      const subscription = db.scan('Big', { capacity: budget }).subscribe(() => pages++);
      asyncScheduler.schedule(() => subscription.unsubscribe(), 150_000);
      flush();
    });
    // 1e8 units at 1e6 a second: each request after the first waits 100 s for the one before.
    expect(pages).toBe(2);
    expect(budget.state.consumedUnits).toBe(2e8);
  });
});
