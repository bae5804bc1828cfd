import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CLIENTS } from '../clients/types.js';
import { Worker, startServer } from '../harness/child.js';
import type { Plan } from '../harness/plan.js';
import type { Task } from '../harness/protocol.js';
import { ITEM_TABLE, SMALL_ITEM_TABLE, pagedTableName } from '../data/tables.js';
import { FAN_OUT_CALLS } from '../data/items.js';
import { streamRecords, streamTableName } from '../data/changes.js';
import { READ_LAYOUT } from '../sections/changes.js';
import { summarise, summaryMarkdown, type CpuProfile } from './summarise.js';

const OUT = fileURLToPath(new URL('../../.tmp/bench/', import.meta.url));

/** A profiled job: its task, and the unit its costs are divided by. */
interface Profiled {
  name: string;
  task: Task;
  unit: string;
  units: number;
}

function jobs(plan: Plan): Profiled[] {
  const calls = plan.quick ? 5000 : 20_000;
  const items = plan.quick ? 10_000 : 40_000;
  const fanOuts = plan.quick ? 5 : 20;
  return [
    { name: 'getitem-c64', task: { kind: 'get', table: ITEM_TABLE, n: calls, concurrency: 64 }, unit: 'call', units: calls },
    { name: 'getitem-small-c64', task: { kind: 'get', table: SMALL_ITEM_TABLE, n: calls, concurrency: 64 }, unit: 'call', units: calls },
    { name: 'putitem-small-c64', task: { kind: 'put', table: SMALL_ITEM_TABLE, n: calls, concurrency: 64 }, unit: 'call', units: calls },
    { name: 'query-p100', task: { kind: 'read', action: 'Query', table: pagedTableName({ item: 'order', page: 'p100', items }) }, unit: 'page', units: items / 100 },
    { name: 'scan-p100', task: { kind: 'read', action: 'Scan', table: pagedTableName({ item: 'order', page: 'p100', items }) }, unit: 'page', units: items / 100 },
    { name: 'bulk-load', task: { kind: 'batch', table: ITEM_TABLE, n: items * 2, concurrency: 16 }, unit: 'item', units: items * 2 },
    { name: 'fanout-1000', task: { kind: 'fanOut', table: ITEM_TABLE, n: FAN_OUT_CALLS, repeat: fanOuts }, unit: 'call', units: FAN_OUT_CALLS * fanOuts },
    {
      name: 'changes',
      task: { kind: 'changes', table: streamTableName(READ_LAYOUT), reading: { records: streamRecords(READ_LAYOUT), batchDelayMs: 0 } },
      unit: 'record',
      units: streamRecords(READ_LAYOUT),
    },
  ];
}

/**
 * Profiles GetItem at c=64 (orders and small items), PutItem at c=64 (small items), a Query and a Scan of 100-item
 * pages, a bulk load of orders (BatchWriteItem, 25 a request, 16 in flight), a fan-out of 1,000 getItem calls and
 * a change stream (100,000 records) (or only the jobs named
 * in `only`) in each client's process (V8 CPU profiler,
 * 250 µs sampling, started after a warm-up run of the same job), writes the `.cpuprofile` files to
 * `.tmp/bench/` (open them in Chrome DevTools) and returns per-call and per-page summaries as Markdown.
 */
export async function profileClients(plan: Plan, only?: ReadonlySet<string>): Promise<string> {
  await mkdir(OUT, { recursive: true });
  const server = await startServer('canned');
  const parts: string[] = [];
  try {
    for (const job of jobs(plan).filter(({ name }) => !only || only.has(name))) {
      parts.push('', `## ${job.name}: ${job.units} ${job.unit}s per client, profiled after a warm-up run of the same`);
      for (const client of CLIENTS) {
        const worker = await Worker.start(client, { endpoint: server.endpoint, region: 'us-east-1' });
        try {
          await worker.run(job.task);
          const file = `${client}-${job.name}.cpuprofile`;
          const result = await worker.run(job.task, { profilePath: OUT + file });
          const profile = JSON.parse(await readFile(OUT + file, 'utf8')) as CpuProfile;
          parts.push('', summaryMarkdown(`${client} (.tmp/bench/${file})`, summarise(profile, job.units), result.cpuUs / job.units, job.unit));
        } finally {
          await worker.stop();
        }
      }
    }
  } finally {
    await server.stop();
  }
  return parts.join('\n');
}
