import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CLIENTS } from '../clients/types.js';
import { Worker, startServer } from '../harness/child.js';
import type { Plan } from '../harness/plan.js';
import { ITEM_TABLE } from '../data/tables.js';
import { summarise, summaryMarkdown, type CpuProfile } from './summarise.js';

const OUT = fileURLToPath(new URL('../../.tmp/bench/', import.meta.url));

/**
 * Profiles GetItem at c=64 in each client's process (V8 CPU profiler, 100 µs sampling, started after
 * a warm-up round), writes the `.cpuprofile` files to `.tmp/bench/` (open them in Chrome DevTools)
 * and returns per-call summaries as Markdown.
 */
export async function profileGetItem(plan: Plan): Promise<string> {
  await mkdir(OUT, { recursive: true });
  const n = plan.quick ? 5000 : 20_000;
  const server = await startServer('canned');
  const parts: string[] = [`## GetItem at c=64: ${n} calls per client, profiled after a warm-up of ${n}`];
  try {
    for (const client of CLIENTS) {
      const worker = await Worker.start(client, { endpoint: server.endpoint, region: 'us-east-1' });
      try {
        const task = { kind: 'get' as const, table: ITEM_TABLE, n, concurrency: 64 };
        await worker.run(task);
        const profilePath = `${OUT}${client}-getitem-c64.cpuprofile`;
        const result = await worker.run(task, { profilePath });
        const profile = JSON.parse(await readFile(profilePath, 'utf8')) as CpuProfile;
        parts.push('', summaryMarkdown(`${client} (${profilePath.slice(OUT.length - '.tmp/bench/'.length)})`, summarise(profile, n), result.cpuUs / n));
      } finally {
        await worker.stop();
      }
    }
  } finally {
    await server.stop();
  }
  return parts.join('\n');
}
