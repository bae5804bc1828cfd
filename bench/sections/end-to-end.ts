import { CLIENTS, type Target } from '../clients/types.js';
import { CUSTOMERS, ORDERS } from '../data/items.js';
import { E2E_TABLE } from '../data/tables.js';
import { Worker } from '../harness/child.js';
import type { Plan } from '../harness/plan.js';
import type { Row, Section } from '../harness/report.js';
import { alternate, cpuPerUnit, summarize, perSecond } from '../harness/rounds.js';

const CONCURRENCY = 16;

/** The main calls against dynalite: a server-bound sanity figure, not a client cost. */
export async function endToEndSection(dynalite: Target, plan: Plan): Promise<Section> {
  const workers = await Promise.all(CLIENTS.map((client) => Worker.start(client, dynalite)));
  try {
    const rows: Row[] = [];
    const n = plan.e2eCalls;
    const calls = [
      ['PutItem', { kind: 'put', table: E2E_TABLE, n, concurrency: CONCURRENCY }, n],
      ['GetItem', { kind: 'get', table: E2E_TABLE, n, concurrency: CONCURRENCY }, n],
      [`Query (${ORDERS.length / CUSTOMERS} items)`, { kind: 'read', action: 'Query', table: E2E_TABLE, repeat: plan.e2eReads }, plan.e2eReads * (ORDERS.length / CUSTOMERS)],
      [`Scan (${ORDERS.length} items)`, { kind: 'read', action: 'Scan', table: E2E_TABLE, repeat: plan.e2eReads }, plan.e2eReads * ORDERS.length],
    ] as const;
    for (const [name, task, expected] of calls) {
      const results = await alternate(workers, task, plan.e2eRounds, expected);
      const unit = task.kind === 'read' ? 'items' : 'calls';
      rows.push({ measure: `${name}: ${unit} per second`, unit: `${unit}/s`, ...summarize(results, perSecond) });
      rows.push({ measure: `${name}: client CPU per ${unit === 'items' ? 'item' : 'call'}`, unit: 'µs', ...summarize(results, cpuPerUnit) });
    }
    return {
      title: 'End to end against dynalite (server-bound sanity figure)',
      rows,
      notes: [
        `dynalite 4 in its own process; PutItem/GetItem: ${n} calls at c=${CONCURRENCY} over the 100 orders; Query/Scan: ${plan.e2eReads} in a row per round; ${plan.e2eRounds} alternating round(s) after a warm-up run; medians. dynalite, not the client, sets the pace.`,
      ],
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}
