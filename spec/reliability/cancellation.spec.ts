import { firstValueFrom, forkJoin, lastValueFrom, map, range, timer, toArray, type Observable } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import { eventually } from '../support/eventually.js';
import { localClient, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { useFaultProxy } from '../support/use-fault-proxy.js';
import { FAULT_MIX, asClient, expectNothingLeft, injected, seeded, trackTimers } from './support.js';

const { server, proxy } = useFaultProxy({ seed: 31 });
const table = uniqueTableName('Cancel');
const CALLS = 1000;
const WAVE = 100;
const NATURAL_PER_WAVE = 5;
const MAX_CONCURRENCY = 16;

beforeAll(async () => {
  const direct = localClient(server.endpoint);
  await firstValueFrom(direct.createTable(tableDefinition(table, true)));
  await lastValueFrom(direct.batchWriteItem({ [table]: Array.from({ length: 200 }, (_, sk) => ({ put: { pk: 'p', sk } })) }));
});

/** Every kind of call, each long enough to be caught in flight, in backoff, or waiting for a slot. */
function calls(db: DynamoDB): ((n: number) => Observable<unknown>)[] {
  const keys = (n: number) => Array.from({ length: 30 }, (_, i) => ({ pk: 'p', sk: (n + i) % 200 }));
  return [
    (n) => db.getItem(table, { pk: 'p', sk: n % 200 }),
    (n) => db.putItem(table, { pk: 'w', sk: n, at: n }),
    (n) => db.updateItem(table, { pk: 'u', sk: n % 10 }, { updateExpression: 'SET v = :v', expressionAttributeValues: { ':v': n } }),
    () => db.query(table, { keyConditionExpression: 'pk = :p', expressionAttributeValues: { ':p': 'p' }, limit: 10 }),
    () => db.scan(table, { segments: 2, limit: 20 }),
    (n) => db.batchGetItem({ [table]: { keys: keys(n) } }),
    (n) => db.batchWriteItem({ [table]: keys(n).map(({ sk }) => ({ put: { pk: 'b', sk, n } })) }),
    (n) => range(0, 60).pipe(map((sk) => ({ put: { pk: 'bulk', sk, n } })), db.bulkWrite(table, { concurrency: 2 })),
    () => db.queryPaced(table, { keyConditionExpression: 'pk = :p', expressionAttributeValues: { ':p': 'p' }, limit: 25 }, () => timer(3)),
    () => db.waitForTable(table, { status: 'ACTIVE' }),
    () => db.listTables(),
  ];
}

describe('cancellation under load, through faults', () => {
  it(`${CALLS} calls unsubscribed at random moments leave no request, slot, timer or socket behind`, () =>
    // Everything the client does runs as the client, so the timer check below counts its timers only.
    asClient(async () => {
      const random = seeded(77);
      const db = localClient(proxy.endpoint, {
        maxConcurrency: MAX_CONCURRENCY,
        timeoutMs: 300,
        maxRetries: 5,
        // Backoff long enough for many cancellations to land in it; jitter from the seed. No retry quota: the
        // storm drains it, and then the first response slower than timeoutMs (on a loaded machine, any of
        // the 32 gets that prove the client still works) ended its call with DynamoDBTimeoutError, unretried.
        // The quota is tested on its own (retry-budget.spec.ts).
        retry: { baseDelayMs: 20, throttlingBaseDelayMs: 40, maxDelayMs: 200, random, quota: Infinity },
      });
      const kinds = calls(db);
      // Warm the key-schema cache and the connection pool, then take the baseline.
      await firstValueFrom(db.batchWriteItem({ [table]: [{ put: { pk: 'warm', sk: 0 } }] }), { defaultValue: undefined });
      await eventually(() => proxy.openRequests() === 0, 'the warm-up request to finish');
      // Cancellation moments spread over a window that scales with how fast this machine answers now, so
      // a loaded machine still sees some calls end on their own before they are cancelled.
      const started = performance.now();
      for (let sk = 0; sk < 5; sk++) await firstValueFrom(db.getItem(table, { pk: 'p', sk }), { defaultValue: undefined });
      const windowMs = Math.max(150, 10 * ((performance.now() - started) / 5));
      const timers = trackTimers();
      proxy.setRandom({
        seed: 32,
        // The scenarios' mix, plus the kinds that end calls (an unknown error) or split batches, and more
        // responses held past the timeout, so that many calls are caught waiting on one.
        faults: { ...FAULT_MIX, 'unknown-error': 0.02, unprocessed: 0.05, delay: 0.08 },
        // Held far longer than the leak checks below wait: a request the client fails to abort stays open.
        delayMs: 10_000,
      });

      const ends = { cancelled: 0, completed: 0, failed: 0 };
      for (let wave = 0; wave < CALLS / WAVE; wave++) {
        await Promise.all(
          // WAVE calls cancelled at random moments, and a few more left to end on their own (then
          // unsubscribed, a no-op), so the mix always holds calls that completed or failed by themselves,
          // however slow the machine is.
          Array.from({ length: WAVE + NATURAL_PER_WAVE }, (_, i) => {
            const n = wave * WAVE + i;
            const call = kinds[Math.floor(random() * kinds.length)]!(n);
            return new Promise<void>((resolve) => {
              let ended = false;
              const subscription = call.subscribe({
                error: () => ((ended = true), ends.failed++),
                complete: () => ((ended = true), ends.completed++),
              });
              const cancel = (): void => {
                if (!ended) ends.cancelled++;
                subscription.unsubscribe();
                resolve();
              };
              if (i >= WAVE) subscription.add(() => setTimeout(cancel));
              else setTimeout(cancel, random() * windowMs);
            });
          }),
        );
      }
      proxy.setRandom(undefined);

      await expectNothingLeft(db, proxy, timers, MAX_CONCURRENCY);
      // Most were caught mid-way; some ended on their own first, with a result or an error.
      expect(ends.cancelled).toBeGreaterThan(CALLS / 2);
      expect(ends.completed).toBeGreaterThan(0);

      // The client still works at full concurrency, on the same pool.
      const gets = Array.from({ length: MAX_CONCURRENCY * 2 }, (_, sk) => db.getItem(table, { pk: 'p', sk }));
      expect(await lastValueFrom(forkJoin(gets).pipe(toArray()))).toHaveLength(1);
      expect(proxy.openSockets()).toBeLessThanOrEqual(MAX_CONCURRENCY);
      expect(db.load).toEqual({ inFlight: 0, queued: 0 });
      console.info(
        `[reliability] cancellation: ${CALLS} calls, ${JSON.stringify(ends)}, ${proxy.stats.requests} requests, ` +
          `faults ${JSON.stringify(injected(proxy))}, ${proxy.openSockets()} idle sockets`,
      );
      // ~10 s alone, past 30 s on a loaded machine (each wave waits for calls that end on their own, through faults).
    }), 120_000);
});
