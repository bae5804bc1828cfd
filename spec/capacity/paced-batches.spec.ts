import { asyncScheduler, firstValueFrom, from, merge, tap, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { CapacityBudget, type CapacityState } from '../../src/capacity/capacity-budget.js';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { counts, fakeBatchServer, puts, stored, type FakeBatchOptions, type FakeBatchServer, type Received } from '../batch/support/fake-batch-server.js';

// The fake batch server charges one unit per key read or write applied, answers each request one frame
// (1 ms) after it is sent, and reports ConsumedCapacity when asked.

/** When a batch request was answered (virtual ms). */
const answeredAt = (request: Received) => request.answer.subscriptions[0]!.subscribedFrame + 1;
/** Units a batch request consumed: its elements (none is left unprocessed unless `leave` says so). */
const unitsOf = (request: Received) => Object.values(counts(request.body)).reduce((sum, n) => sum + n, 0);

/** Units per second the fake served in `[from, to)` ms. */
function rate(server: FakeBatchServer, fromMs: number, toMs: number): number {
  const units = server.batches().filter((request) => answeredAt(request) >= fromMs && answeredAt(request) < toMs).reduce((sum, request) => sum + unitsOf(request), 0);
  return units / ((toMs - fromMs) / 1000);
}

/** Runs `start` in virtual time, stopping it at `stopAt` ms if given; returns the server and what was emitted. */
function run<T>(start: (server: FakeBatchServer) => Observable<T>, options: FakeBatchOptions = {}, stopAt?: number): { server: FakeBatchServer; emitted: T[]; ended: boolean } {
  let server!: FakeBatchServer;
  const emitted: T[] = [];
  let ended = false;
  marbleScheduler().run((helpers) => {
    server = fakeBatchServer(helpers, options);
    const subscription = start(server).subscribe({ next: (value) => emitted.push(value), complete: () => (ended = true) });
    if (stopAt !== undefined) asyncScheduler.schedule(() => subscription.unsubscribe(), stopAt);
    helpers.flush();
  });
  return { server, emitted, ended };
}

describe('capacity option on batch calls (virtual time, fake batch server)', () => {
  it('bulkWrite: over 60 virtual seconds, write units within ±5% of the target, in requests of a tenth of a second', () => {
    const { server } = run(({ db }) => from(puts(8000)).pipe(db.bulkWrite('Users', { capacity: { unitsPerSecond: 100 } })), {}, 60_000);
    expect(rate(server, 0, 60_000)).toBeGreaterThanOrEqual(95);
    expect(rate(server, 0, 60_000)).toBeLessThanOrEqual(105);
    for (let second = 1; second < 60; second++) expect(Math.abs(rate(server, second * 1000, (second + 1) * 1000) / 100 - 1)).toBeLessThanOrEqual(0.2);
    expect(new Set(server.batches().map((request) => counts(request.body)['Users']))).toEqual(new Set([10]));
  });

  it('bulkWriteFrom and batchWriteItem pace too, and every write lands once', () => {
    const pulled = run(({ db }) => db.bulkWriteFrom('Users', puts(600), { capacity: { unitsPerSecond: 50 } }));
    expect(pulled.ended).toBe(true);
    expect(stored(pulled.server)).toHaveLength(600);
    // 600 units at 50 a second after a burst of 25: done in about 11.5 s.
    expect(answeredAt(pulled.server.batches().at(-1)!)).toBeGreaterThan(11_000);
    expect(answeredAt(pulled.server.batches().at(-1)!)).toBeLessThan(12_500);
    const request = run(({ db }) => db.batchWriteItem({ Users: puts(300), Orders: puts(300) }, { capacity: { unitsPerSecond: 50 } }));
    expect(request.ended).toBe(true);
    expect(stored(request.server, 'Users')).toHaveLength(300);
    expect(stored(request.server, 'Orders')).toHaveLength(300);
    expect(answeredAt(request.server.batches().at(-1)!)).toBeGreaterThan(11_000);
  });

  it('batchGetItem paces read units and reads every key once', () => {
    const { server, ended } = run(({ db }) => db.batchGetItem({ Users: { keys: Array.from({ length: 3000 }, (_, i) => ({ pk: `k${i}` })) } }, { capacity: { unitsPerSecond: 50 } }));
    expect(ended).toBe(true);
    const keys = server.batches().flatMap((request) => ((request.body['RequestItems'] as Record<string, { Keys: { pk: { S: string } }[] }>)['Users']!.Keys).map((key) => key.pk.S));
    expect(new Set(keys).size).toBe(3000);
    expect(keys).toHaveLength(3000);
    expect(rate(server, 0, 60_000) / 50).toBeCloseTo(1, 1);
  });

  it('asks for ReturnConsumedCapacity, keeping what the caller asked for; progress carries consumedUnits, and consumedCapacity only when asked', () => {
    const paced = run(({ db }) => from(puts(30)).pipe(db.bulkWrite('Users', { capacity: { unitsPerSecond: 1000 } })));
    expect(paced.server.batches().map((request) => request.body['ReturnConsumedCapacity'])).toEqual(paced.server.batches().map(() => 'TOTAL'));
    expect(paced.emitted.at(-1)).toEqual({ written: 30, total: 30, retried: 0, consumedUnits: 30 });
    for (const progress of paced.emitted) expect(progress).not.toHaveProperty('consumedCapacity');
    const indexes = run(({ db }) => db.batchWriteItem({ Users: puts(3) }, { returnConsumedCapacity: 'INDEXES', capacity: { unitsPerSecond: 1000 } }));
    expect(indexes.server.batches()[0]!.body['ReturnConsumedCapacity']).toBe('INDEXES');
    expect(indexes.emitted).toEqual([{ written: 3, total: 3, retried: 0, consumedCapacity: [{ tableName: 'Users', capacityUnits: 3 }], consumedUnits: 3 }]);
  });

  it('batchGetItem emits no group for capacity the caller did not ask for, and puts it on groups when asked', () => {
    const request = { Users: { keys: [{ pk: 'a' }, { pk: 'b' }] } };
    const silent = run(({ db }) => db.batchGetItem(request, { capacity: { unitsPerSecond: 100 } }));
    expect(silent.server.batches()[0]!.body['ReturnConsumedCapacity']).toBe('TOTAL');
    expect(silent.emitted).toEqual([]);
    const asked = run(({ db }) => db.batchGetItem(request, { returnConsumedCapacity: 'TOTAL', capacity: { unitsPerSecond: 100 } }));
    expect(asked.emitted).toEqual([{ table: 'Users', items: [], consumedCapacity: { tableName: 'Users', capacityUnits: 2 } }]);
  });

  it('writes handed back unprocessed count as a throttle: the rate goes down', () => {
    const budget: CapacityBudget[] = [];
    const { server, ended } = run(
      ({ db }) => {
        budget[0] = new CapacityBudget({ unitsPerSecond: 100 });
        return from(puts(100)).pipe(db.bulkWrite('Users', { capacity: budget[0] }));
      },
      { leave: (call) => (call === 0 ? 5 : 0) },
    );
    expect(ended).toBe(true);
    expect(stored(server)).toHaveLength(100);
    expect(budget[0]!.state.throttledRequests).toBe(1);
  });

  it('a throttled BatchWriteItem lowers the rate, and is retried', () => {
    const budget: CapacityBudget[] = [];
    const measured: Measurement[] = [];
    const atEnd: CapacityState[] = [];
    const { server, ended } = run(
      ({ db }) => {
        budget[0] = new CapacityBudget({ unitsPerSecond: 100 });
        return from(puts(50)).pipe(
          db.bulkWrite('Users', { capacity: budget[0] }),
          tap({ complete: () => atEnd.push(budget[0]!.state) }),
        );
      },
      {
        answer: (call) => (call === 1 ? { statusCode: 400, headers: {}, body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'slow down' }) } : undefined),
        client: { onMeasurement: (m) => measured.push(m) },
      },
    );
    expect(ended).toBe(true);
    expect(stored(server)).toHaveLength(50);
    expect(atEnd[0]).toMatchObject({ throttledRequests: 1, consumedUnits: 50 });
    expect(atEnd[0]!.effectiveUnitsPerSecond).toBeLessThan(100);
    // Measurements show what each BatchWriteItem consumed.
    for (const m of measured.filter((m) => m.action === 'BatchWriteItem')) expect(m.consumedCapacity).toEqual([{ tableName: 'Users', capacityUnits: expect.any(Number) as number }]);
  });

  it('one budget shared by a bulk load (4 requests in flight) and a batch write (100) is split evenly between the two calls', () => {
    const { server } = run(
      ({ db }) => {
        const shared = new CapacityBudget({ unitsPerSecond: 100 });
        return merge(from(puts(4000, 'a')).pipe(db.bulkWrite('Users', { capacity: shared })), db.batchWriteItem({ Orders: puts(4000, 'b') }, { capacity: shared }));
      },
      {},
      30_000,
    );
    const share = (table: string) => server.batches().filter((request) => answeredAt(request) < 30_000).reduce((sum, request) => sum + (counts(request.body)[table] ?? 0), 0) / 30;
    expect(share('Users') + share('Orders')).toBeGreaterThanOrEqual(95);
    expect(share('Users') + share('Orders')).toBeLessThanOrEqual(105);
    expect(share('Users') / share('Orders')).toBeGreaterThan(0.9);
    expect(share('Users') / share('Orders')).toBeLessThan(1.1);
  });

  it('refuses a bad capacity option with an InvalidParameterError naming it, before sending anything', async () => {
    for (const [capacity, parameter] of [
      [{ unitsPerSecond: 0 }, 'options.capacity.unitsPerSecond'],
      [{ unitsPerSecond: Infinity }, 'options.capacity.unitsPerSecond'],
      ['fast', 'options.capacity'],
    ] as const) {
      const { server, emitted } = run(({ db }) => {
        const calls: Observable<unknown>[] = [
          db.batchGetItem({ Users: { keys: [{ pk: 'a' }] } }, { capacity: capacity as never }),
          db.batchWriteItem({ Users: puts(1) }, { capacity: capacity as never }),
          from(puts(1)).pipe(db.bulkWrite('Users', { capacity: capacity as never })),
          db.bulkWriteFrom('Users', puts(1), { capacity: capacity as never }),
        ];
        return from(calls.map((call) => firstValueFrom(call).catch((e: unknown) => e)));
      });
      const errors = await Promise.all(emitted);
      for (const error of errors) {
        expect(error).toBeInstanceOf(InvalidParameterError);
        expect(error).toMatchObject({ parameter });
      }
      expect(server.received).toEqual([]);
    }
  });
});
