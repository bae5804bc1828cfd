// Custom retries: tune the backoff, choose what is retried, watch every call through
// onMeasurement, and see throttling retried through a local fault-injecting proxy.
//   npx tsx examples/custom-retry.ts
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { DynamoDB, type Measurement } from '../src/index.js';
import { startDynalite } from '../spec/support/dynalite.js';
import { startFaultProxy } from '../spec/support/fault-proxy.js';
import { keyedTable } from './support/connect.js';

// This example needs the proxy between client and server, so it always runs locally.
const server = await startDynalite();
const proxy = await startFaultProxy({ upstream: server.endpoint });
const measurements: Measurement[] = [];
const db = new DynamoDB({
  endpoint: proxy.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  env: {},
  maxRetries: 5,
  timeoutMs: 2000,
  retry: {
    baseDelayMs: 10, // first transient retry waits up to 10 ms, then 20, 40, ...
    throttlingBaseDelayMs: 50, // throttling backs off longer
    maxDelayMs: 2000,
    // Retry what the client deems retryable, except timeouts of writes (see README: a timed-out
    // write may have been applied; retry it yourself only if it is idempotent).
    shouldRetry: (error) => error.retryable && !(error.code === 'DynamoDBTimeoutError' && error.action === 'PutItem'),
  },
  onMeasurement: (m) => measurements.push(m),
});

await lastValueFrom(db.createTable(keyedTable('Jobs', 'id')));
await lastValueFrom(db.putItem('Jobs', { id: 'job-1', state: 'queued' }), { defaultValue: undefined });

// Throttle the next two GetItem requests, then let them through.
proxy.script({ kind: 'throttle', action: 'GetItem' }, { kind: 'throttle', action: 'GetItem' });
const job = await firstValueFrom(db.getItem('Jobs', { id: 'job-1' }));
const last = measurements.at(-1)!;
console.log(`got ${JSON.stringify(job)} after ${last.attempts} attempts in ${last.durationMs} ms`);

// A delayed response beyond timeoutMs is aborted and retried.
proxy.script({ kind: 'delay', action: 'GetItem', delayMs: 10_000 });
await firstValueFrom(db.getItem('Jobs', { id: 'job-1' }));
console.log(`timed-out attempt retried: ${measurements.at(-1)!.attempts} attempts`);

// The same delay on a PutItem is not retried, by our shouldRetry.
proxy.script({ kind: 'delay', action: 'PutItem', delayMs: 10_000 });
const error = await lastValueFrom(db.putItem('Jobs', { id: 'job-2', state: 'queued' })).catch((e: unknown) => e);
console.log('timed-out write surfaced instead of retried:', (error as Error).name);

await proxy.close();
await server.close();
