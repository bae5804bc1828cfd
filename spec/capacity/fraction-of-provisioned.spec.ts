import { firstValueFrom, lastValueFrom, map, range, toArray, type Observable } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CapacityBudget } from '../../src/capacity/capacity-budget.js';
import type { DynamoDB } from '../../src/client.js';
import { ConfigError, InvalidParameterError } from '../../src/errors/client-errors.js';
import { items } from '../../src/streams/page.js';
import type { CreateTableInput } from '../../src/tables/types.js';
import type { ThroughputSecond } from '../support/fault-proxy/provisioned.js';
import { localClient, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { useFaultProxy } from '../support/use-fault-proxy.js';

// "Half the table's capacity" with one option, against dynalite behind the fault proxy's provisioned
// mode, which throttles like DynamoDB once a table's trailing second has consumed its provisioned units.

const READ_UNITS = 160;
const WRITE_UNITS = 100;
const FRACTION = 0.5;
/** Items of ~2 KB: an eventually consistent scan reads 4 of them per read unit. */
const PAYLOAD = 'x'.repeat(2000);
/** 400 read units: ~5 s at half of 160. */
const ROWS = 1600;
/** ~1 KB each, one write unit: ~5 s at half of 100. */
const WRITES = 250;
const WRITE_PAYLOAD = 'y'.repeat(900);
/**
 * The paced jobs' share. A small burst allowance: the default (0.5 s) lets a job catch up after a stall
 * (a busy test machine) by up to half a second's units within one second, past the ±20% checked here.
 */
const SHARE = { fractionOfProvisioned: FRACTION, burstSeconds: 0.1 };

const { server, proxy } = useFaultProxy();
let direct: DynamoDB;
const table = uniqueTableName('Provisioned');
const onDemand = uniqueTableName('OnDemand');

/** A table with a string key `pk`, provisioned at {@link READ_UNITS} / {@link WRITE_UNITS}. */
function provisioned(name: string): CreateTableInput {
  return { ...tableDefinition(name), BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: READ_UNITS, WriteCapacityUnits: WRITE_UNITS } };
}

beforeAll(async () => {
  direct = localClient(server.endpoint);
  await firstValueFrom(direct.createTable(provisioned(table)));
  await firstValueFrom(direct.createTable(tableDefinition(onDemand)));
  await lastValueFrom(range(0, ROWS).pipe(map((n) => ({ put: { pk: `r${n}`, payload: PAYLOAD } })), direct.bulkWrite(table, { concurrency: 8 })));
});

/** What one job did to the provisioned table, per second and in all. */
interface Run {
  seconds: number[];
  requests: number;
  throttled: number;
  /** Throttled share of the requests after the first second. */
  steadyThrottledShare: number;
  elapsedMs: number;
  /** By second: how long this process was held still (see {@link stallsBySecond}). */
  stalledMs: number[];
}

/**
 * Starts watching how long this process is held still, by second since `from`, and returns the function
 * that stops and reads it: the time a 10 ms ticker came late, counting gaps over 25 ms. On a loaded
 * machine the process (the proxy, dynalite and the client all run in it) can be held for hundreds of
 * milliseconds: the units of a stalled second are fewer, and the responses held over land in the next.
 */
function stallsBySecond(from: number): () => number[] {
  const PERIOD_MS = 10;
  const late: number[] = [];
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    const gap = now - last;
    last = now;
    const second = Math.floor((now - from) / 1000);
    if (gap > 25) late[second] = (late[second] ?? 0) + gap - PERIOD_MS;
  }, PERIOD_MS);
  return () => {
    clearInterval(ticker);
    return Array.from(late, (ms) => Math.round(ms ?? 0));
  };
}

/** Runs `job` with the provisioned mode on (from now): what it gave, and its ledger for `kind`. */
async function measured<T>(kind: 'read' | 'write', job: () => Observable<T>): Promise<Run & { result: T[] }> {
  proxy.setProvisioned({ readUnitsPerSecond: READ_UNITS, writeUnitsPerSecond: WRITE_UNITS, tables: [table] });
  const started = performance.now();
  const stalls = stallsBySecond(started);
  const result = await lastValueFrom(job().pipe(toArray()));
  const elapsedMs = performance.now() - started;
  const stalledMs = stalls();
  const { seconds: ledger, forwarded, throttled } = proxy.stats.throughput;
  const steady = ledger.slice(1);
  const count = (list: ThroughputSecond[], field: 'forwarded' | 'throttled'): number => list.reduce((sum, second) => sum + second[field], 0);
  const steadyRequests = count(steady, 'forwarded') + count(steady, 'throttled');
  return {
    result,
    seconds: ledger.map((second) => second[kind]),
    requests: forwarded + throttled,
    throttled,
    steadyThrottledShare: steadyRequests === 0 ? 0 : count(steady, 'throttled') / steadyRequests,
    elapsedMs: Math.round(elapsedMs),
    stalledMs,
  };
}

/** An unpaced job: it takes the table's whole capacity (its busiest second at 90% of it or more), and over 10% of its requests are throttled. */
function expectHeavilyThrottled(run: Run, provisioned: number): void {
  expect(Math.max(...run.seconds)).toBeGreaterThanOrEqual(0.9 * provisioned);
  expect(run.throttled / run.requests).toBeGreaterThan(0.1);
}

/**
 * Every whole second after the first is within ±20% of `target` (the last, partial second is not whole),
 * widened by the share of that second and the one before it that the process was held still: a stall of
 * 300 ms moves 300 ms of units from one second to the next (units count when the response arrives), which
 * is the machine's doing, not the pacing's. An idle machine holds it for next to nothing: ±20% then.
 */
function expectSteady(run: Run, target: number): void {
  expect(run.seconds.length - 2).toBeGreaterThanOrEqual(3);
  for (let second = 1; second < run.seconds.length - 1; second++) {
    const stalled = (run.stalledMs[second] ?? 0) + (run.stalledMs[second - 1] ?? 0);
    expect(Math.abs(run.seconds[second]! - target) / target, `second ${second} (${stalled} ms stalled)`).toBeLessThanOrEqual(0.2 + stalled / 1000);
  }
  expect(run.steadyThrottledShare).toBeLessThan(0.1);
}

const report = (job: string, target: number, run: Run): void =>
  console.info(
    `[capacity] ${job}: target ${target} units/s (${FRACTION} of ${target / FRACTION}), per second ${JSON.stringify(run.seconds)}, ` +
      `${run.requests} requests, ${run.throttled} throttled (${(run.steadyThrottledShare * 100).toFixed(1)}% after the first second), ${run.elapsedMs} ms, stalled ms by second ${JSON.stringify(run.stalledMs)}`,
  );

const scannedKeys = (db: DynamoDB, options: Parameters<DynamoDB['scan']>[1]): Observable<string> => db.scan<{ pk: string }>(table, options).pipe(items(), map((row) => row.pk));

function expectEveryRowOnce(keys: string[]): void {
  expect(keys).toHaveLength(ROWS);
  expect(new Set(keys).size).toBe(ROWS);
}

describe('capacity: { fractionOfProvisioned } through the provisioned mode', () => {
  const target = READ_UNITS * FRACTION;

  it('a paced scan holds half the provisioned read units in every whole second after the first, every item once', async () => {
    const db = localClient(proxy.endpoint);
    const run = await measured('read', () => scannedKeys(db, { capacity: SHARE }));
    report('scan', target, run);
    expectEveryRowOnce(run.result);
    expectSteady(run, target);
  });

  it('a parallel scan of 4 segments shares the one budget', async () => {
    const db = localClient(proxy.endpoint);
    const run = await measured('read', () => scannedKeys(db, { segments: 4, capacity: SHARE }));
    report('parallel scan (4 segments)', target, run);
    expectEveryRowOnce(run.result);
    expectSteady(run, target);
  });

  it('the same scan unpaced (pages of 64 items, 16 units) is heavily throttled', async () => {
    const db = localClient(proxy.endpoint, { maxRetries: 50 });
    const run = await measured('read', () => scannedKeys(db, { segments: 4, limit: 64 }));
    report('parallel scan (4 segments, limit 64) unpaced', target, run);
    expectEveryRowOnce(run.result);
    expectHeavilyThrottled(run, READ_UNITS);
  });

  it('a paced bulkWrite holds half the provisioned write units, every item once; unpaced it is heavily throttled', async () => {
    const writes = (prefix: string) => range(0, WRITES).pipe(map((n) => ({ put: { pk: `${prefix}${n}`, payload: WRITE_PAYLOAD } })));
    const paced = await measured('write', () => writes('w').pipe(localClient(proxy.endpoint).bulkWrite(table, { capacity: SHARE })));
    report('bulkWrite', WRITE_UNITS * FRACTION, paced);
    expectSteady(paced, WRITE_UNITS * FRACTION);
    const unpaced = await measured('write', () => writes('u').pipe(localClient(proxy.endpoint, { maxRetries: 50 }).bulkWrite(table)));
    report('bulkWrite unpaced', WRITE_UNITS * FRACTION, unpaced);
    expectHeavilyThrottled(unpaced, WRITE_UNITS);
    const stored = await lastValueFrom(direct.scan<{ pk: string }>(table).pipe(items(), map((row) => row.pk), toArray()));
    for (const prefix of ['w', 'u']) {
      const written = stored.filter((pk) => pk.startsWith(prefix));
      expect(new Set(written).size).toBe(WRITES);
      expect(written).toHaveLength(WRITES);
    }
  });
});

describe('fractionOfProvisioned: checks and on-demand tables', () => {
  it('refuses a fraction outside (0, 1], naming the path, before anything is sent', async () => {
    const db = localClient(proxy.endpoint);
    for (const fractionOfProvisioned of [0, 1.5, -0.1, Number.NaN, '0.5']) {
      const error = await lastValueFrom(db.scan(table, { capacity: { fractionOfProvisioned } as never })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidParameterError);
      expect((error as Error).message).toContain('options.capacity.fractionOfProvisioned');
    }
    const batch = await lastValueFrom(db.batchWriteItem({ [table]: [{ put: { pk: 'x' } }] }, { capacity: { fractionOfProvisioned: 2 } })).catch((e: unknown) => e);
    expect((batch as Error).message).toContain('options.capacity.fractionOfProvisioned');
    expect(proxy.stats.requests).toBe(0);
  });

  it('an on-demand table without a maximum fails with provisionedUnits’ ConfigError, and nothing is read', async () => {
    const db = localClient(proxy.endpoint);
    const error = await lastValueFrom(db.scan(onDemand, { capacity: { fractionOfProvisioned: 0.5 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`table "${onDemand}" is on demand`);
    expect(Object.keys(proxy.stats.byAction)).toEqual(['DescribeTable']);
  });

  it('CapacityBudget.forTable makes a budget of the share of the table’s (or an index’s) units', async () => {
    const db = localClient(proxy.endpoint);
    const reads = await firstValueFrom(CapacityBudget.forTable(db, table, { fractionOfProvisioned: 0.25, kind: 'read' }));
    expect(reads.unitsPerSecond).toBe(READ_UNITS * 0.25);
    const writes = await firstValueFrom(CapacityBudget.forTable(db, table, { fractionOfProvisioned: 1, kind: 'write', burstSeconds: 0 }));
    expect([writes.unitsPerSecond, writes.burstSeconds]).toEqual([WRITE_UNITS, 0]);
    const bad = await firstValueFrom(CapacityBudget.forTable(db, table, { fractionOfProvisioned: 0, kind: 'read' })).catch((e: unknown) => e);
    expect((bad as Error).message).toContain('options.fractionOfProvisioned');
    const missing = await firstValueFrom(CapacityBudget.forTable(db, table, { fractionOfProvisioned: 0.5, kind: 'read', index: 'nope' })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ConfigError);
  });
});
