import type { Worker } from '../harness/child.js';
import type { Plan } from '../harness/plan.js';
import type { Section } from '../harness/report.js';
import { alternate, cpuPerUnit, summarize, perSecond } from '../harness/rounds.js';
import { hasBulkWrite } from '../clients/rx.js';
import { ITEM_TABLE } from '../data/tables.js';

const CONCURRENCY = 16;

/** The rows' label for how rx-dynamodb loaded the items. */
export const BULK_WRITE_LABEL = 'through db.bulkWrite';

/** Loading 100,000 items with BatchWriteItem. */
export async function batchSection(workers: readonly Worker[], plan: Plan): Promise<Section> {
  const task = { kind: 'batch' as const, table: ITEM_TABLE, n: plan.batchItems, concurrency: CONCURRENCY };
  const results = await alternate(workers, task, plan.batchRounds, plan.batchItems, { ...task, n: 10_000 });
  const operator = await hasBulkWrite();
  const how = operator ? BULK_WRITE_LABEL : 'through db.execute (no bulkWrite yet)';
  return {
    title: `Batch load of ${plan.batchItems.toLocaleString('en-US')} items (canned server)`,
    rows: [
      { measure: `items per second, rx-dynamodb ${how}`, unit: 'items/s', ...summarize(results, perSecond) },
      { measure: `CPU per item, rx-dynamodb ${how}`, unit: 'µs', ...summarize(results, cpuPerUnit) },
    ],
    notes: [
      `BatchWriteItem, 25 orders a request, ${CONCURRENCY} requests in flight; ${plan.batchRounds} alternating round(s); the server never returns UnprocessedItems.`,
      operator
        ? 'rx-dynamodb: `range(0, n).pipe(map((i) => ({ put: order(i) })), db.bulkWrite(table, { concurrency: 16 }))`, a synchronous source (the operator queues what the source emits faster than it writes); SDK: `BatchWriteCommand` in 16 async loops; raw: the same loops over its `call`.'
        : 'rx-dynamodb: the built package has no `bulkWrite` operator (not in this branch\'s `src/client.ts`), so its figure is what a user writes today, `bufferCount(25)` + `mergeMap(db.execute("BatchWriteItem", ...))` with `marshall`. The batch stream operator is NOT YET MEASURABLE here; the bench switches to it by itself once the package has it (`bench/clients/rx.ts`).',
    ],
  };
}
