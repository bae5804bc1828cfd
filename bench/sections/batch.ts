import type { Worker } from '../harness/child.js';
import type { Plan } from '../harness/plan.js';
import type { Section } from '../harness/report.js';
import { alternate, cpuPerUnit, summarize, perSecond } from '../harness/rounds.js';
import { ITEM_TABLE } from '../data/tables.js';

const CONCURRENCY = 16;

/** The rows' label for how rx-dynamodb loaded the items. */
export const BULK_WRITE_LABEL = 'through db.bulkWriteFrom';

/** Loading 100,000 items with BatchWriteItem. */
export async function batchSection(workers: readonly Worker[], plan: Plan): Promise<Section> {
  const task = { kind: 'batch' as const, table: ITEM_TABLE, n: plan.batchItems, concurrency: CONCURRENCY };
  const results = await alternate(workers, task, plan.batchRounds, plan.batchItems, { ...task, n: 10_000 });
  return {
    title: `Batch load of ${plan.batchItems.toLocaleString('en-US')} items (canned server)`,
    rows: [
      { measure: `items per second, rx-dynamodb ${BULK_WRITE_LABEL}`, unit: 'items/s', ...summarize(results, perSecond) },
      { measure: `CPU per item, rx-dynamodb ${BULK_WRITE_LABEL}`, unit: 'µs', ...summarize(results, cpuPerUnit) },
    ],
    notes: [
      `BatchWriteItem, 25 orders a request, ${CONCURRENCY} requests in flight; ${plan.batchRounds} alternating round(s); the server never returns UnprocessedItems.`,
      'rx-dynamodb: `db.bulkWriteFrom(table, generator, { concurrency: 16 })`, the pull-based form of the bulkWrite operator (the generator is read only as writes are acknowledged); SDK: `BatchWriteCommand` in 16 async loops; raw: the same loops over its `call`.',
    ],
  };
}
