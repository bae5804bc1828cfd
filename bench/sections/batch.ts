import type { Worker } from '../harness/child.js';
import type { Plan } from '../harness/plan.js';
import type { Section } from '../harness/report.js';
import { alternate, cpuPerUnit, summarize, perSecond } from '../harness/rounds.js';
import { ITEM_TABLE } from '../data/tables.js';

const CONCURRENCY = 16;

/** Loading 100,000 items with BatchWriteItem. */
export async function batchSection(workers: readonly Worker[], plan: Plan): Promise<Section> {
  const task = { kind: 'batch' as const, table: ITEM_TABLE, n: plan.batchItems, concurrency: CONCURRENCY };
  const results = await alternate(workers, task, plan.batchRounds, plan.batchItems, { ...task, n: 10_000 });
  return {
    title: `Batch load of ${plan.batchItems.toLocaleString('en-US')} items (canned server)`,
    rows: [
      { measure: 'items per second', unit: 'items/s', ...summarize(results, perSecond) },
      { measure: 'CPU per item', unit: 'µs', ...summarize(results, cpuPerUnit) },
    ],
    notes: [
      `BatchWriteItem, 25 orders a request, ${CONCURRENCY} requests in flight; ${plan.batchRounds} alternating round(s); the server never returns UnprocessedItems.`,
      'rx-dynamodb has no batch write operator yet (not in `src/client.ts`): its figure is what a user writes today, `bufferCount(25)` + `mergeMap(db.execute("BatchWriteItem", ...))` with `marshall`. The batch stream operator is NOT YET MEASURABLE (TODO in `bench/clients/rx.ts`).',
    ],
  };
}
