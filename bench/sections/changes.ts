import type { ClientName, Target } from '../clients/types.js';
import { streamRecords, streamTableName, type StreamLayout } from '../data/changes.js';
import { Worker } from '../harness/child.js';
import type { Plan } from '../harness/plan.js';
import type { Task, TaskResult } from '../harness/protocol.js';
import type { Row, Section } from '../harness/report.js';
import { alternateContestants, cpuPerUnit, perSecond, summarize, type Contestant, type RoundResults } from '../harness/rounds.js';
import { median, relativeSpread } from '../harness/stats.js';

/** The stream every client reads: 25 partitions, each a shard and its child, 2 pages of 1,000 records a shard (100,000 records). */
export const READ_LAYOUT: StreamLayout = { partitions: 25, generations: 2, perShard: 2000 };
/** The same stream ten times longer (1,000,000 records), for the memory of a paced read. */
const LONG_LAYOUT: StreamLayout = { ...READ_LAYOUT, perShard: 20_000 };
/** What the slow handler spends on each batch (1,000 records): far slower than the stream is read. */
export const SLOW_BATCH_MS = 20;

/** rx-dynamodb's default `maxShardConcurrency`: the loops read as many lineages at once in the matched comparison. */
const RX_SHARDS_AT_ONCE = 16;

/** Row names the targets read. */
export const CHANGES_ROWS = {
  cpu: 'change stream: CPU per record',
  rate: 'change stream: records per second',
  matched: `${RX_SHARDS_AT_ONCE} shards at once (rx default; loops: ${RX_SHARDS_AT_ONCE} lineages at once): CPU per record`,
  oneAtATime: 'one shard at a time (rx maxShardConcurrency: 1; loops: one after the other): CPU per record',
  paced: (records: number) => `changesPaced, slow handler, ${records.toLocaleString('en-US')} records`,
  heapAfterGc: 'JS heap after full collections (largest)',
};
/** Records in the stream read for speed, and in the long one. */
export const SHORT_RECORDS = streamRecords(READ_LAYOUT);
export const LONG_RECORDS = streamRecords(LONG_LAYOUT);

const readTask = (layout: StreamLayout, batchDelayMs = 0, concurrency?: number): Task => ({
  kind: 'changes',
  table: streamTableName(layout),
  reading: { records: streamRecords(layout), batchDelayMs, ...(concurrency === undefined ? {} : { concurrency }) },
});

/** rx-dynamodb's peak memory reading a stream through `changesPaced` and a slow handler, each run in a fresh process. */
async function pacedMemory(target: Target, plan: Plan, layout: StreamLayout): Promise<TaskResult[]> {
  const results: TaskResult[] = [];
  for (let run = 0; run < plan.memoryRuns; run++) {
    const worker = await Worker.start('rx-dynamodb', target);
    try {
      const result = await worker.run(readTask(layout, SLOW_BATCH_MS), { timeoutMs: 300_000 });
      if (result.count !== streamRecords(layout)) throw new Error(`rx-dynamodb changesPaced: counted ${result.count}, expected ${streamRecords(layout)}`);
      results.push(result);
    } finally {
      await worker.stop();
    }
  }
  return results;
}

/** An rx-dynamodb-only row from fresh-process runs. */
function rxRow(measure: string, unit: string, results: TaskResult[], pick: (result: TaskResult) => number): Row {
  const figures = results.map(pick);
  return { measure, unit, values: { 'rx-dynamodb': median(figures) }, spread: relativeSpread(figures) };
}

/**
 * Reading a change stream (canned server): CPU per record and records per second of each client,
 * then the peak memory of rx-dynamodb's `changesPaced` with a slow handler over 100,000 and 1,000,000 records.
 */
export async function changesSection(workers: readonly Worker[], target: Target, plan: Plan): Promise<Section> {
  const worker = (client: ClientName) => workers.find((w) => w.client === client)!;
  // Each client as it is used (rx-dynamodb with its defaults, the loops one shard after the other),
  // then rx-dynamodb one shard at a time and the raw loop 16 lineages at once, for like-for-like ratios.
  const contestants: Contestant<'rx' | 'sdk' | 'raw' | 'rxOne' | 'rawMany'>[] = [
    { key: 'rx', worker: worker('rx-dynamodb'), task: readTask(READ_LAYOUT) },
    { key: 'sdk', worker: worker('aws-sdk-v3'), task: readTask(READ_LAYOUT) },
    { key: 'raw', worker: worker('raw'), task: readTask(READ_LAYOUT) },
    { key: 'rxOne', worker: worker('rx-dynamodb'), task: readTask(READ_LAYOUT, 0, 1) },
    { key: 'rawMany', worker: worker('raw'), task: readTask(READ_LAYOUT, 0, RX_SHARDS_AT_ONCE) },
  ];
  // Three unrecorded reads each before the rounds: the first ones compile the paths.
  for (let warmUp = 0; warmUp < 3; warmUp++) for (const { worker: w, task } of contestants) await w.run(task);
  const runs = await alternateContestants(contestants, plan.rounds, SHORT_RECORDS);
  const asUsed: RoundResults = { 'rx-dynamodb': runs.get('rx')!, 'aws-sdk-v3': runs.get('sdk')!, raw: runs.get('raw')! };
  const rows: Row[] = [
    { measure: CHANGES_ROWS.cpu, unit: 'µs', ...summarize(asUsed, cpuPerUnit) },
    { measure: CHANGES_ROWS.rate, unit: 'records/s', ...summarize(asUsed, perSecond) },
    { measure: CHANGES_ROWS.matched, unit: 'µs', ...summarize({ 'rx-dynamodb': runs.get('rx')!, raw: runs.get('rawMany')! }, cpuPerUnit) },
    { measure: CHANGES_ROWS.oneAtATime, unit: 'µs', ...summarize({ ...asUsed, 'rx-dynamodb': runs.get('rxOne')! }, cpuPerUnit) },
  ];
  for (const [layout, records] of [
    [READ_LAYOUT, SHORT_RECORDS],
    [LONG_LAYOUT, LONG_RECORDS],
  ] as const) {
    const paced = await pacedMemory(target, plan, layout);
    const name = CHANGES_ROWS.paced(records);
    rows.push(rxRow(`${name}: peak RSS`, 'MB', paced, (r) => r.maxRssKb / 1024));
    rows.push(rxRow(`${name}: peak JS heap used`, 'MB', paced, (r) => (r.peakHeapKb ?? NaN) / 1024));
    rows.push(rxRow(`${name}: ${CHANGES_ROWS.heapAfterGc}`, 'MB', paced, (r) => (r.heapAfterMajorGcKb || NaN) / 1024));
    rows.push(rxRow(`${name}: peak ArrayBuffers (response bytes)`, 'MB', paced, (r) => (r.peakArrayBuffersKb ?? NaN) / 1024));
    rows.push(rxRow(`${name}: records per second`, 'records/s', paced, perSecond));
  }
  const { partitions, generations, perShard } = READ_LAYOUT;
  return {
    title: 'Reading a change stream (canned DynamoDB Streams server)',
    rows,
    notes: [
      `A finite stream of ${partitions * generations} closed shards: ${partitions} partitions, each a shard and its child (read after it), ${perShard.toLocaleString('en-US')} records a shard in GetRecords pages of 1,000 (~1 MB of JSON); ${SHORT_RECORDS.toLocaleString('en-US')} records per round, read from TRIM_HORIZON to the last. Records are NEW_AND_OLD_IMAGES of a 10-attribute item (strings, integers, decimals, a map): mostly MODIFY, 10% INSERT, 10% REMOVE (some by TTL), with their own sequence numbers and event ids. ${plan.rounds} alternating rounds after three reads each; medians.`,
      'rx-dynamodb: `db.changes(table, { streamArn, startAt: \'TRIM_HORIZON\' }).pipe(records(), take(n))` with its defaults (up to 16 shards at once, reads of one shard at least 200 ms apart, checksums, validation of every record); SDK: `@aws-sdk/client-dynamodb-streams` DescribeStream, then per lineage (a shard, then its child) GetShardIterator and a GetRecords loop, `unmarshall` (`@aws-sdk/util-dynamodb`) of keys and images, one shard after the other; raw: the same loop over node:http + aws4 + JSON.parse + the minimal marshaller, no checksum or validation. Each builds a record object with native keys and images per change.',
      `The "${RX_SHARDS_AT_ONCE} shards at once" and "one shard at a time" rows compare like with like: with ${RX_SHARDS_AT_ONCE} responses of ~1 MB in flight the process never waits, its young generation fills while pages are half read and converted, and much of it is promoted and left to full collections (\`--trace-gc-nvp\`: of the young allocation the raw loop promotes 45% at 16 and 4% one at a time, rx-dynamodb 24% and 2%); a raw loop reading ${RX_SHARDS_AT_ONCE} lineages at once pays the same.`,
      `Memory: rx-dynamodb \`db.changesPaced(table, { startAt: 'TRIM_HORIZON', pacing: { prefetch: 1 } }, handler)\`, the handler a ${SLOW_BATCH_MS} ms timer per batch; the same stream layout with ${(perShard / 1000).toLocaleString('en-US')} or ${(LONG_LAYOUT.perShard / 1000).toLocaleString('en-US')} pages a shard; each run in a fresh process, median of ${plan.memoryRuns}; peak RSS = \`process.resourceUsage().maxRSS\`, heap and ArrayBuffers sampled every 10 ms, the heap after full collections read when a \`gc\` performance entry of a mark-compact arrives (what the process holds, without the garbage between collections; one is forced every second in every run, as a short stream may end before V8 runs one).`,
    ],
  };
}
