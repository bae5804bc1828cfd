/**
 * A client worker: one process per client, forked by the harness with
 * `<client> <endpoint> <region>`. It creates the client once, then runs the tasks it is sent one
 * at a time and reports each one's CPU (`process.cpuUsage`, whole process), wall time and memory
 * (peak RSS; for scans through a consumer and change streams through a slow one also the peak heap
 * and ArrayBuffers, sampled every 10 ms).
 * With `profilePath`, the task runs under the V8 CPU profiler (the same profiler as `--cpu-prof`,
 * but started after warm-up and stopped at the task's end).
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { BenchClient, ClientFactory, ClientName } from './clients/types.js';
import { streamArnOf } from './data/changes.js';
import type { Task, TaskRequest, TaskResult, WorkerMessage } from './harness/protocol.js';

/** Each client's module, loaded alone so that a worker's memory holds one client only. */
const FACTORIES: Record<ClientName, () => Promise<ClientFactory>> = {
  'rx-dynamodb': async () => (await import('./clients/rx.js')).createRxClient,
  'aws-sdk-v3': async () => (await import('./clients/sdk.js')).createSdkClient,
  raw: async () => (await import('./clients/raw.js')).createRawClient,
};

/** Reads the whole table `repeat` times in a row (paced by a capacity budget of `unitsPerSecond`, if given); resolves to the items seen in all. */
async function readRepeatedly(client: BenchClient, action: 'Query' | 'Scan', table: string, segments: number | undefined, repeat: number, unitsPerSecond?: number): Promise<number> {
  let items = 0;
  for (let time = 0; time < repeat; time++) items += await client.readAll(action, table, segments, unitsPerSecond);
  return items;
}

/** Fans out `n` reads `repeat` times in a row; resolves to the items found in all. */
async function fanOutRepeatedly(client: BenchClient, table: string, n: number, repeat: number): Promise<number> {
  let items = 0;
  for (let time = 0; time < repeat; time++) items += await client.fanOutGets(table, n);
  return items;
}

function run(client: BenchClient, task: Task): Promise<number> {
  switch (task.kind) {
    case 'get':
      return client.getItems(task.table, task.n, task.concurrency);
    case 'put':
      return client.putItems(task.table, task.n, task.concurrency);
    case 'read':
      return readRepeatedly(client, task.action, task.table, task.segments, task.repeat ?? 1, task.unitsPerSecond);
    case 'batch':
      return client.batchLoad(task.table, task.n, task.concurrency);
    case 'fanOut':
      return fanOutRepeatedly(client, task.table, task.n, task.repeat);
    case 'scanThrough':
      return client.scanThrough(task.table, task.mode, task.pageDelayMs);
    case 'changes':
      return client.readChanges(task.table, streamArnOf(task.table), task.reading);
  }
}

const FORCED_GC_EVERY_MS = 1000;

/** V8's full collection as a function (`gc`), exposed at run time rather than by a flag on the worker. */
function fullCollection(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function measure(client: BenchClient, { task, profilePath }: TaskRequest): Promise<TaskResult> {
  const rssBeforeKb = Math.round(process.memoryUsage.rss() / 1024);
  const session = profilePath === undefined ? undefined : new Session();
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 250 });
    await session.post('Profiler.start');
  }
  const peaks = { heap: 0, arrayBuffers: 0, afterMajorGc: 0 };
  const sample = () => {
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    peaks.heap = Math.max(peaks.heap, heapUsed);
    peaks.arrayBuffers = Math.max(peaks.arrayBuffers, arrayBuffers);
  };
  const throughConsumer = task.kind === 'scanThrough' || (task.kind === 'changes' && task.reading.batchDelayMs > 0);
  const sampler = throughConsumer ? setInterval(sample, 10) : undefined;
  // The heap just after each full (mark-compact) collection: what the process holds, without the garbage between collections.
  const afterMajorGc = new PerformanceObserver((list) => {
    if (list.getEntries().some((entry) => (entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) {
      peaks.afterMajorGc = Math.max(peaks.afterMajorGc, process.memoryUsage().heapUsed);
    }
  });
  if (throughConsumer) afterMajorGc.observe({ entryTypes: ['gc'] });
  // A short change stream can end before V8 runs any full collection on its own (then "held after full
  // collections" has nothing to read): one forced every second, in every run alike, gives each a reading.
  const collector = task.kind === 'changes' && throughConsumer ? setInterval(fullCollection(), FORCED_GC_EVERY_MS) : undefined;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const count = await run(client, task);
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  clearInterval(collector);
  afterMajorGc.disconnect();
  if (session && profilePath) {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await writeFile(profilePath, JSON.stringify(profile));
  }
  const result: TaskResult = { count, cpuUs: used.user + used.system, wallMs, rssBeforeKb, maxRssKb: process.resourceUsage().maxRSS };
  if (sampler) Object.assign(result, { peakHeapKb: peaks.heap / 1024, peakArrayBuffersKb: peaks.arrayBuffers / 1024, heapAfterMajorGcKb: peaks.afterMajorGc / 1024 });
  return result;
}

const [name, endpoint, region] = process.argv.slice(2) as [ClientName, string, string];
const send = (message: WorkerMessage) => process.send?.(message);
const client = await (await FACTORIES[name]())({ endpoint, region });
let queue = Promise.resolve();
process.on('message', (request: TaskRequest) => {
  queue = queue.then(() =>
    measure(client, request).then(
      (result) => void send({ id: request.id, result }),
      (error: unknown) => void send({ id: request.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
    ),
  );
});
process.on('disconnect', () => process.exit(0));
send({ ready: true });
