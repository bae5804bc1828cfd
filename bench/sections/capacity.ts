import type { Worker } from '../harness/child.js';
import type { Plan } from '../harness/plan.js';
import type { Task, TaskResult } from '../harness/protocol.js';
import type { Row, Section } from '../harness/report.js';
import { median } from '../harness/stats.js';
import { cpuPerUnit } from '../harness/rounds.js';
import { pagedTableName } from '../data/tables.js';

/** A budget far above what the canned server can serve, so that it never binds. */
const FAR_ABOVE = 1e9;

/** The label of the ratio rows, which the targets read. */
export const BUDGET_RATIO = 'with a budget / without: CPU per item';

/** rx-dynamodb streaming a Scan with and without a capacity budget that never binds: what pacing costs when it does not pace. */
export async function capacitySection(workers: readonly Worker[], plan: Plan): Promise<Section> {
  const rx = workers.find((worker) => worker.client === 'rx-dynamodb');
  if (!rx) throw new Error('the capacity section measures rx-dynamodb');
  const rows: Row[] = [];
  for (const page of ['p100', 'p1mb'] as const) {
    const plain: Task = { kind: 'read', action: 'Scan', table: pagedTableName({ item: 'order', page, items: plan.streamItems }) };
    const paced: Task = { ...plain, unitsPerSecond: FAR_ABOVE };
    await rx.run(plain);
    await rx.run(paced);
    const results: Record<'plain' | 'paced', TaskResult[]> = { plain: [], paced: [] };
    // Alternating, A B B A A B ..., so that neither always runs right after the other.
    for (let round = 0; round < plan.rounds * 2; round++) {
      for (const kind of round % 2 === 0 ? (['plain', 'paced'] as const) : (['paced', 'plain'] as const)) {
        const result = await rx.run(kind === 'plain' ? plain : paced);
        if (result.count !== plan.streamItems) throw new Error(`rx-dynamodb ${kind} scan: counted ${result.count}, expected ${plan.streamItems}`);
        results[kind].push(result);
      }
    }
    const [without, withBudget] = [median(results.plain.map(cpuPerUnit)), median(results.paced.map(cpuPerUnit))];
    const name = `Scan, ${page === 'p100' ? '100-item' : '~1 MB'} pages`;
    rows.push({ measure: `${name}: CPU per item without a budget`, unit: 'µs', values: { 'rx-dynamodb': without } });
    rows.push({ measure: `${name}: CPU per item with a budget far above`, unit: 'µs', values: { 'rx-dynamodb': withBudget } });
    rows.push({ measure: `${name}: ${BUDGET_RATIO}`, unit: '×', values: { 'rx-dynamodb': withBudget / without } });
  }
  return {
    title: 'Capacity pacing that never binds (canned server, rx-dynamodb only)',
    rows,
    notes: [
      `${plan.streamItems.toLocaleString('en-US')} orders per round, ${plan.rounds * 2} alternating rounds each way; the budget is ${FAR_ABOVE.toExponential(0)} read units per second, far above what the server serves, and the server reports ConsumedCapacity when asked.`,
      'Without: `db.scan(table).pipe(items())`; with: `db.scan(table, { capacity: { unitsPerSecond } }).pipe(items())` (asks for ReturnConsumedCapacity, sizes each Limit, charges each response).',
    ],
  };
}
