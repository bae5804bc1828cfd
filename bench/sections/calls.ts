import type { Worker } from '../harness/child.js';
import type { Plan } from '../harness/plan.js';
import type { Row, Section } from '../harness/report.js';
import { alternate, cpuPerUnit, summarize, perSecond } from '../harness/rounds.js';
import { ITEM_TABLE, SMALL_ITEM_TABLE } from '../data/tables.js';

/** How the small-item rows are marked. */
export const SMALL_ITEM = '~0.15 KB item';

/** Calls of each kind at c=64 that warm every client up before the first measurement: V8 has tiered up the hot paths by then. */
const WARMUP_CALLS = 4000;

/** CPU per GetItem and PutItem at concurrency 1 and 64 against the canned server, and at 64 on small items. */
export async function callsSection(workers: readonly Worker[], plan: Plan): Promise<Section> {
  const rows: Row[] = [];
  for (const worker of workers) {
    for (const table of [ITEM_TABLE, SMALL_ITEM_TABLE]) {
      for (const kind of ['get', 'put'] as const) await worker.run({ kind, table, n: WARMUP_CALLS, concurrency: 64 });
    }
  }
  for (const kind of ['get', 'put'] as const) {
    for (const concurrency of [1, 64]) {
      const n = concurrency === 1 ? plan.callsC1 : plan.callsC64;
      const task = { kind, table: ITEM_TABLE, n, concurrency };
      const results = await alternate(workers, task, plan.rounds, n, { ...task, n: n >> 1 });
      const name = `${kind === 'get' ? 'GetItem' : 'PutItem'} c=${concurrency}`;
      rows.push({ measure: `${name}: CPU per call`, unit: 'µs', ...summarize(results, cpuPerUnit) });
      rows.push({ measure: `${name}: calls per second`, unit: 'calls/s', ...summarize(results, perSecond) });
    }
  }
  for (const kind of ['get', 'put'] as const) {
    const task = { kind, table: SMALL_ITEM_TABLE, n: plan.callsC64, concurrency: 64 };
    const results = await alternate(workers, task, plan.rounds, plan.callsC64, { ...task, n: plan.callsC64 >> 1 });
    const name = `${kind === 'get' ? 'GetItem' : 'PutItem'} c=64, ${SMALL_ITEM}`;
    rows.push({ measure: `${name}: CPU per call`, unit: 'µs', ...summarize(results, cpuPerUnit) });
    rows.push({ measure: `${name}: calls per second`, unit: 'calls/s', ...summarize(results, perSecond) });
  }
  return {
    title: 'CPU per call (canned server, its own process)',
    rows,
    notes: [
      `${plan.callsC1} calls per round at c=1, ${plan.callsC64} at c=64; ${plan.rounds} alternating rounds; medians. Before them, each client made ${WARMUP_CALLS} GetItem and ${WARMUP_CALLS} PutItem calls at c=64 of each item size, and each measurement starts with a warm-up run of half a round.`,
      'CPU = user + system of the whole client process (all threads, GC included) over the round, divided by calls. Calls/s is wall clock and includes waiting for the server, which shares the 2 cores.',
      'GetItem returns a ~1.4 KB order (nested maps, a list of maps, a string set, decimals); PutItem writes the same kind of item.',
      `Rows marked "${SMALL_ITEM}": GetItem returns, and PutItem writes, a sensor reading of seven flat attributes (132 bytes as JSON, 181 in DynamoDB's wire form).`,
    ],
  };
}
