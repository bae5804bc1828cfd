import { CLIENTS, type ClientName, type ScanMode, type Target } from '../clients/types.js';
import { Worker } from '../harness/child.js';
import type { Plan } from '../harness/plan.js';
import type { TaskResult } from '../harness/protocol.js';
import type { Row, Section } from '../harness/report.js';
import { median, relativeSpread } from '../harness/stats.js';
import { pagedTableName } from '../data/tables.js';

/** What the slow consumer spends on each ~1 MB page (~5,000 readings): slower than any client fetches. */
export const SLOW_PAGE_MS = 20;

/** The configurations measured, each in a fresh process: the client and how its consumer takes pages. */
const CONFIGS: { client: ClientName; mode: ScanMode }[] = [
  ...CLIENTS.map((client) => ({ client, mode: 'sync' as const })),
  ...CLIENTS.map((client) => ({ client, mode: 'paced' as const })),
  { client: 'rx-dynamodb', mode: 'unpaced' },
];

const MODE_TITLES: Record<ScanMode, string> = {
  sync: 'synchronous pipeline',
  paced: `slow consumer (${SLOW_PAGE_MS} ms/page), flow-controlled`,
  unpaced: `slow consumer (${SLOW_PAGE_MS} ms/page), rx scan + concatMap, no flow control`,
};

/** Peak memory of a 1,000,000-item scan, each configuration in a fresh client process. */
export async function memorySection(target: Target, plan: Plan): Promise<Section> {
  const table = pagedTableName({ item: 'reading', page: 'p1mb', items: plan.memoryItems });
  const runs = new Map<string, TaskResult[]>();
  for (let run = 0; run < plan.memoryRuns; run++) {
    for (const { client, mode } of CONFIGS) {
      const worker = await Worker.start(client, target);
      try {
        const result = await worker.run({ kind: 'scanThrough', table, mode, pageDelayMs: SLOW_PAGE_MS }, { timeoutMs: 300_000 });
        if (result.count !== plan.memoryItems) throw new Error(`${client} ${mode}: counted ${result.count}, expected ${plan.memoryItems}`);
        const key = `${mode}/${client}`;
        runs.set(key, [...(runs.get(key) ?? []), result]);
      } finally {
        await worker.stop();
      }
    }
  }
  const rows: Row[] = [];
  const figure = (mode: ScanMode, pick: (result: TaskResult) => number): Pick<Row, 'values' | 'spread'> => {
    const values: Partial<Record<ClientName, number>> = {};
    let spread = 0;
    for (const client of CLIENTS) {
      const list = runs.get(`${mode}/${client}`)?.map(pick);
      if (!list) continue;
      values[client] = median(list);
      spread = Math.max(spread, relativeSpread(list));
    }
    return { values, spread };
  };
  for (const mode of ['sync', 'paced', 'unpaced'] as const) {
    rows.push({ measure: `${MODE_TITLES[mode]}: peak RSS`, unit: 'MB', ...figure(mode, (r) => r.maxRssKb / 1024) });
    rows.push({ measure: `${MODE_TITLES[mode]}: peak JS heap used`, unit: 'MB', ...figure(mode, (r) => (r.peakHeapKb ?? NaN) / 1024) });
    rows.push({ measure: `${MODE_TITLES[mode]}: peak ArrayBuffers (response bytes)`, unit: 'MB', ...figure(mode, (r) => (r.peakArrayBuffersKb ?? NaN) / 1024) });
    rows.push({ measure: `${MODE_TITLES[mode]}: items per second`, unit: 'items/s', ...figure(mode, (r) => (r.count * 1000) / r.wallMs) });
  }
  rows.push({ measure: 'RSS before the scan (client loaded)', unit: 'MB', ...figure('sync', (r) => r.rssBeforeKb / 1024) });
  return {
    title: `Peak memory of a ${plan.memoryItems.toLocaleString('en-US')}-item scan (canned server)`,
    rows,
    notes: [
      `~0.2 KB sensor readings in ~1 MB pages, served lazily; each configuration in a fresh process; peak RSS = \`process.resourceUsage().maxRSS\` (whole process lifetime); heap and ArrayBuffers sampled every 10 ms; median of ${plan.memoryRuns} run(s).`,
      'Flow-controlled slow consumer: rx-dynamodb `db.scanPaced(table, { pacing: { prefetch: 1 } }, handler)`; SDK `for await` over `paginateScan` (pull-based); raw: an await loop. The no-flow-control row is `db.scan(table).pipe(concatMap(handler))`, for contrast.',
    ],
  };
}
