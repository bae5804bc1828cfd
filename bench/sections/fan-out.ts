import type { Worker } from '../harness/child.js';
import type { Plan } from '../harness/plan.js';
import type { Section } from '../harness/report.js';
import { alternate, cpuPerUnit, summarize, perSecond } from '../harness/rounds.js';
import { FAN_OUT_CALLS } from '../data/items.js';
import { ITEM_TABLE } from '../data/tables.js';

/** The rows' names, which the targets read. */
export const FAN_OUT_ROWS = { perSecond: `${FAN_OUT_CALLS.toLocaleString('en-US')} concurrent GetItem: calls per second`, cpu: `${FAN_OUT_CALLS.toLocaleString('en-US')} concurrent GetItem: CPU per call` } as const;

/** 1,000 getItem calls of distinct keys made at once: rx-dynamodb batching them, the SDK sending each. */
export async function fanOutSection(workers: readonly Worker[], plan: Plan): Promise<Section> {
  const task = { kind: 'fanOut' as const, table: ITEM_TABLE, n: FAN_OUT_CALLS, repeat: plan.fanOutRepeat };
  const results = await alternate(workers, task, plan.rounds, FAN_OUT_CALLS * plan.fanOutRepeat);
  return {
    title: `Fan-out: ${FAN_OUT_CALLS.toLocaleString('en-US')} concurrent GetItem calls of distinct keys (canned server)`,
    columns: { 'rx-dynamodb': 'rx-dynamodb (autoBatchGets)', 'aws-sdk-v3': 'AWS SDK v3 (GetCommand each)', raw: 'raw floor (BatchGetItem)' },
    rows: [
      { measure: FAN_OUT_ROWS.perSecond, unit: 'calls/s', ...summarize(results, perSecond) },
      { measure: FAN_OUT_ROWS.cpu, unit: 'µs', ...summarize(results, cpuPerUnit) },
    ],
    notes: [
      `Each round fans out ${FAN_OUT_CALLS.toLocaleString('en-US')} reads ${plan.fanOutRepeat} times in a row (the next fan-out once every call of the last one answered); ${plan.rounds} alternating rounds after a warm-up round; medians. Each key is a distinct ~1.4 KB order.`,
      'rx-dynamodb: `from(keys).pipe(mergeMap((key) => db.getItem(table, key)))` on a client with `autoBatchGets: true`, which sends the calls of the tick as BatchGetItem requests of 100 keys (retries, timeouts, checksums, the concurrency limit and measurements on). SDK: `Promise.all` of 1,000 `GetCommand`s (64 sockets). Raw: the same reads as 10 BatchGetItem requests at once, no retries or checks.',
      'The canned server builds each BatchGetItem answer from the keys asked for (one order per key); GetItem answers come precomputed.',
    ],
  };
}
