/**
 * Soak: mixed traffic for N minutes against dynalite through the fault-injecting proxy, with a model of
 * what every key must hold. Reports requests, retries, final errors by class, items verified and memory
 * over time, then reads the whole table back and checks that no acknowledged write was lost.
 *
 * Run: npm run soak -- --minutes 5 [--workers 16] [--seed 1] [--every 15]
 * (`npm run soak` passes --expose-gc so that memory is sampled after a full collection.)
 *
 * dynalite runs in a child process: its in-memory store keeps old versions alive while iterators of
 * aborted requests stay open, and that growth is the test server's, not the client's. The heap reported is
 * this process's: the client, the proxy and the model.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { firstValueFrom, lastValueFrom, map, range, toArray, type Observable } from 'rxjs';
import type { Measurement } from '../src/instrumentation/measurement.js';
import { DynamoDB } from '../src/client.js';
import { DynamoDBError } from '../src/errors/dynamodb-error.js';
import { items } from '../src/streams/page.js';
import { FAULT_KINDS, startFaultProxy, type FaultKind } from '../spec/support/fault-proxy.js';
import { mulberry32 } from '../spec/support/fault-proxy/faults.js';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    workers: { type: 'string', default: '16' },
    seed: { type: 'string', default: '1' },
    every: { type: 'string', default: '15' },
  },
});
const MINUTES = Number(args.minutes);
const WORKERS = Number(args.workers);
const SEED = Number(args.seed);
const EVERY_MS = Number(args.every) * 1000;
/** Keys per worker: the table stays the same size, so memory must stay flat. */
const KEYS = 400;
const TABLE = 'Soak';

/** Faults per request: about one in four meets one; `delay` holds a response past the client's timeout. */
const FAULTS: Partial<Record<FaultKind, number>> = {
  throttle: 0.08,
  'throttling-exception': 0.04,
  http500: 0.02,
  http503: 0.02,
  'unknown-error': 0.002,
  'reset-before': 0.02,
  'reset-after': 0.02,
  'reset-mid-body': 0.01,
  truncate: 0.01,
  'bad-crc': 0.01,
  'malformed-json': 0.01,
  delay: 0.003,
  unprocessed: 0.05,
};

/** What the model knows of a key: its value, absent, or unknown (a write failed for good: it may have landed). */
type Known = { value: number } | 'absent' | 'unknown';

const totals = { calls: 0, attempts: 0, retried: 0, verified: 0, mismatches: 0, cancelled: 0, errors: {} as Record<string, number> };
const countError = (error: unknown): void => {
  const code = DynamoDBError.isDynamoDBError(error) ? error.code : 'non-DynamoDBError';
  totals.errors[code] = (totals.errors[code] ?? 0) + 1;
};

function onMeasurement(m: Measurement): void {
  totals.calls++;
  totals.attempts += m.attempts;
  totals.retried += m.attempts - 1;
}

/** One worker: its own keys, one call at a time, so the model knows the order of its writes. */
async function worker(db: DynamoDB, id: number, deadline: number): Promise<Map<string, Known>> {
  const random = mulberry32(SEED * 1000 + id);
  const model = new Map<string, Known>();
  const key = () => `w${id}-k${Math.floor(random() * KEYS)}`;
  let version = 0;

  /** Runs a write; on a final failure the key becomes unknown (it may have landed before the failure). */
  const write = async (pk: string, call: Observable<unknown>, after: Known): Promise<void> => {
    try {
      await lastValueFrom(call, { defaultValue: undefined });
      model.set(pk, after);
    } catch (error) {
      countError(error);
      model.set(pk, 'unknown');
    }
  };
  const check = (pk: string, item: Record<string, unknown> | undefined): void => {
    const known = model.get(pk) ?? 'absent';
    if (known === 'unknown') return;
    const ok = known === 'absent' ? item === undefined : item?.['v'] === known.value;
    if (ok) totals.verified++;
    else {
      totals.mismatches++;
      console.error(`MISMATCH ${pk}: model ${JSON.stringify(known)}, table ${JSON.stringify(item)}`);
    }
  };

  while (Date.now() < deadline) {
    const dice = random();
    const pk = key();
    try {
      if (dice < 0.3) {
        const v = ++version;
        await write(pk, db.putItem(TABLE, { pk, v, payload: 'x'.repeat(Math.floor(random() * 2000)) }), { value: v });
      } else if (dice < 0.4) {
        const v = ++version;
        await write(pk, db.updateItem(TABLE, { pk }, { updateExpression: 'SET v = :v', expressionAttributeValues: { ':v': v } }), { value: v });
      } else if (dice < 0.45) {
        await write(pk, db.deleteItem(TABLE, { pk }), 'absent');
      } else if (dice < 0.75) {
        check(pk, await firstValueFrom(db.getItem(TABLE, { pk }, { consistentRead: true })));
      } else if (dice < 0.8) {
        // A bulk load of 50 keys of this worker, then a batch read of them.
        const start = Math.floor(random() * (KEYS - 50));
        const v = ++version;
        const pks = Array.from({ length: 50 }, (_, n) => `w${id}-k${start + n}`);
        try {
          await lastValueFrom(range(0, 50).pipe(map((n) => ({ put: { pk: pks[n]!, v } })), db.bulkWrite(TABLE, { concurrency: 2 })));
          for (const written of pks) model.set(written, { value: v });
        } catch (error) {
          countError(error);
          for (const written of pks) model.set(written, 'unknown');
        }
        const found = await lastValueFrom(db.batchGetItem<Record<string, unknown>>({ [TABLE]: { keys: pks.map((p) => ({ pk: p })), consistentRead: true } }).pipe(items(), toArray()));
        const byKey = new Map(found.map((item) => [item['pk'] as string, item]));
        for (const read of pks) check(read, byKey.get(read));
      } else if (dice < 0.85) {
        await lastValueFrom(db.scan(TABLE, { limit: 100, segment: Math.floor(random() * 8), totalSegments: 8 }).pipe(items(), toArray()));
      } else if (dice < 0.9) {
        await lastValueFrom(db.listTables().pipe(toArray()));
      } else {
        // Cancelled at a random moment: in the limiter queue, in flight, or in backoff.
        await new Promise<void>((resolve) => {
          const subscription = db.getItem(TABLE, { pk }).subscribe({ error: () => undefined });
          setTimeout(() => {
            if (!subscription.closed) totals.cancelled++;
            subscription.unsubscribe();
            resolve();
          }, random() * 20);
        });
      }
    } catch (error) {
      countError(error);
    }
  }
  return model;
}

/** dynalite in a child process on a random loopback port; resolves with its endpoint once it listens. */
function startDynaliteProcess(): Promise<{ endpoint: string; child: ChildProcess }> {
  const script = "import { startDynalite } from './spec/support/dynalite.ts'; const s = await startDynalite(); console.log(s.endpoint);";
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`dynalite exited with code ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (endpoint) => resolve({ endpoint, child }));
  });
}

/** Resident memory of another process, from /proc (Linux); undefined elsewhere. */
function rssOf(pid: number | undefined): number | undefined {
  try {
    const kilobytes = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kilobytes === undefined ? undefined : Number(kilobytes) * 1024;
  } catch {
    return undefined;
  }
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

async function main(): Promise<void> {
  const server = await startDynaliteProcess();
  const proxy = await startFaultProxy({ upstream: server.endpoint, seed: SEED });
  const options = { region: 'us-east-1', credentials: { accessKeyId: 'soak', secretAccessKey: 'soak' }, env: {} };
  const direct = new DynamoDB({ ...options, endpoint: server.endpoint });
  await firstValueFrom(
    direct.createTable({ TableName: TABLE, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }),
  );
  const db = new DynamoDB({
    ...options,
    endpoint: proxy.endpoint,
    maxConcurrency: 32,
    maxRetries: 10,
    timeoutMs: 1000,
    retry: { baseDelayMs: 5, throttlingBaseDelayMs: 25, maxDelayMs: 500 },
    onMeasurement,
  });
  proxy.setRandom({ seed: SEED, faults: FAULTS, delayMs: 1500 });

  const gc = (globalThis as { gc?: () => void }).gc;
  const heap: number[] = [];
  const started = Date.now();
  const deadline = started + MINUTES * 60_000;
  const sample = (): void => {
    // The proxy's decision log grows with every request: it is the test harness's, not the client's.
    proxy.stats.log.length = 0;
    gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    heap.push(heapUsed);
    const minutes = ((Date.now() - started) / 60_000).toFixed(1);
    console.log(
      `${minutes.padStart(5)} min  calls ${totals.calls}  requests ${proxy.stats.requests}  retries ${totals.retried}  ` +
        `verified ${totals.verified}  mismatches ${totals.mismatches}  final errors ${Object.values(totals.errors).reduce((sum, n) => sum + n, 0)}  ` +
        `heap ${megabytes(heapUsed)} MB  rss ${megabytes(rss)} MB  (dynalite rss ${megabytes(rssOf(server.child.pid) ?? 0)} MB)`,
    );
  };
  console.log(`soak: ${MINUTES} min, ${WORKERS} workers, seed ${SEED}, ${gc ? 'heap after gc' : 'heap without gc (run with --expose-gc)'}`);
  sample();
  const timer = setInterval(sample, EVERY_MS);
  const models = await Promise.all(Array.from({ length: WORKERS }, (_, id) => worker(db, id, deadline)));
  clearInterval(timer);
  sample();
  proxy.setRandom(undefined);

  // Read everything back without faults: every key the model knows must hold exactly that.
  const rows = await lastValueFrom(direct.scan(TABLE, { consistentRead: true }).pipe(items(), toArray()));
  const table = new Map(rows.map((row) => [row['pk'] as string, row['v']]));
  let checked = 0;
  let lost = 0;
  for (const model of models) {
    for (const [pk, known] of model) {
      if (known === 'unknown') continue;
      checked++;
      const ok = known === 'absent' ? !table.has(pk) : table.get(pk) === known.value;
      if (!ok) {
        lost++;
        console.error(`LOST ${pk}: model ${JSON.stringify(known)}, table ${JSON.stringify(table.get(pk))}`);
      }
    }
  }
  const injected = Object.fromEntries(FAULT_KINDS.filter((kind) => proxy.stats.faults[kind] > 0).map((kind) => [kind, proxy.stats.faults[kind]]));
  const quarter = Math.max(1, Math.floor(heap.length / 4));
  const average = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const early = average(heap.slice(1, 1 + quarter));
  const late = average(heap.slice(-quarter));
  const growth = (late - early) / early;
  const flat = heap.length < 5 || Math.abs(late - early) < 8 * 1024 * 1024 || growth < 0.1;
  console.log(
    [
      '',
      `duration          ${((Date.now() - started) / 60_000).toFixed(1)} min`,
      `calls             ${totals.calls} (${totals.cancelled} cancelled on purpose)`,
      `requests          ${proxy.stats.requests} at the proxy, ${totals.attempts} in measured calls (a cancelled call is not measured)`,
      `retries           ${totals.retried}`,
      `faults injected   ${Object.values(injected).reduce((sum, n) => sum + n, 0)} ${JSON.stringify(injected)}`,
      `final errors      ${JSON.stringify(totals.errors)} (after retries, or at once when the retry quota was empty)`,
      `items verified    ${totals.verified} reads during the run, ${checked} keys in the final read-back`,
      `mismatches/lost   ${totals.mismatches} / ${lost}`,
      `heap (after gc)   ${megabytes(early)} MB early, ${megabytes(late)} MB late: ${flat ? 'flat' : `GROWING (${(growth * 100).toFixed(0)}%)`}`,
    ].join('\n'),
  );
  await proxy.close();
  server.child.kill();
  if (totals.mismatches > 0 || lost > 0 || !flat) process.exitCode = 1;
}

await main();
