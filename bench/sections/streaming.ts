import type { Worker } from '../harness/child.js';
import type { Plan } from '../harness/plan.js';
import type { Row, Section } from '../harness/report.js';
import { alternate, cpuPerUnit, summarize, perSecond } from '../harness/rounds.js';
import { pagedTableName } from '../data/tables.js';

/** Items per second streaming a paged Query and Scan, 100-item and ~1 MB pages. */
export async function streamingSection(workers: readonly Worker[], plan: Plan): Promise<Section> {
  const tasks = (['Query', 'Scan'] as const).flatMap((action) =>
    (['p100', 'p1mb'] as const).map((page) => ({ action, page, task: { kind: 'read', action, table: pagedTableName({ item: 'order', page, items: plan.streamItems }) } as const })),
  );
  // Every client streams every table once before anything is timed: otherwise the first table
  // measured pays for compiling the paging path, and pays it in rx-dynamodb's column more than in
  // the raw loop's (measured: +25-45% CPU per item on whichever table came first). `alternate`
  // then warms each table once more right before its own rounds, as for every other section.
  for (const { task } of tasks) for (const worker of workers) await worker.run(task);
  const rows: Row[] = [];
  for (const { action, page, task } of tasks) {
    const results = await alternate(workers, task, plan.rounds, plan.streamItems);
    const name = `${action}, ${page === 'p100' ? '100-item' : '~1 MB'} pages`;
    rows.push({ measure: `${name}: items per second`, unit: 'items/s', ...summarize(results, perSecond) });
    rows.push({ measure: `${name}: CPU per item`, unit: 'µs', ...summarize(results, cpuPerUnit) });
  }
  return {
    title: 'Streaming a paged Query / Scan (canned server)',
    rows,
    notes: [
      `${plan.streamItems.toLocaleString('en-US')} orders (~1.4 KB each) per round; ~1 MB pages are ~1 MB of response JSON (~700 orders). Every client streams all four tables once before the first timed round, and each table once more right before its rounds.`,
      'rx-dynamodb: `db.query|scan(...).pipe(items())`; SDK: `for await` over `paginateQuery|paginateScan` (DocumentClient); raw: a loop following `LastEvaluatedKey`. Each unmarshalls every item.',
    ],
  };
}
