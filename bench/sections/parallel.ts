import type { Worker } from '../harness/child.js';
import type { Plan } from '../harness/plan.js';
import type { Row, Section } from '../harness/report.js';
import { alternate, summarize, perSecond } from '../harness/rounds.js';
import { pagedTableName } from '../data/tables.js';
import type { ClientName } from '../clients/types.js';

const SEGMENTS = [1, 2, 4, 8];
const PAGE_DELAY_MS = 50;

/** Parallel scan speed-up with 1/2/4/8 segments when each page takes 50 ms to arrive. */
export async function parallelSection(workers: readonly Worker[], plan: Plan): Promise<Section> {
  const items = plan.parallelPages * 100;
  const table = pagedTableName({ item: 'order', page: 'p100', items, delayMs: PAGE_DELAY_MS });
  const warmup = { kind: 'read' as const, action: 'Scan' as const, table: pagedTableName({ item: 'order', page: 'p100', items: 800 }) };
  const rows: Row[] = [];
  for (const segments of SEGMENTS) {
    const results = await alternate(workers, { kind: 'read', action: 'Scan', table, segments }, plan.rounds, items, { ...warmup, segments });
    rows.push({ measure: `${segments} segment${segments > 1 ? 's' : ''}: items per second`, unit: 'items/s', ...summarize(results, perSecond) });
  }
  const [one, ...more] = rows.map((row) => row.values);
  more.forEach((rates, index) => {
    const values: Partial<Record<ClientName, number>> = {};
    for (const worker of workers) values[worker.client] = rates[worker.client]! / one![worker.client]!;
    rows.push({ measure: `${SEGMENTS[index + 1]} segments: speed-up over 1`, unit: '×', values });
  });
  return {
    title: `Parallel scan, ${PAGE_DELAY_MS} ms per page (canned server)`,
    rows,
    notes: [
      `${plan.parallelPages} pages of 100 orders split evenly over the segments; the server waits ${PAGE_DELAY_MS} ms before each page. Ideal speed-up = segments.`,
      'rx-dynamodb: `db.scan(table, { segments }).pipe(items())`; SDK and raw have no parallel scan: one paginator/loop per segment under `Promise.all`.',
    ],
  };
}
