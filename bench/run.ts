/**
 * `npm run bench [-- --quick] [-- --only calls,changes,...] [-- --profile]`: builds `dist/` (the
 * npm script runs tsup first), then measures rx-dynamodb, the AWS SDK v3 DocumentClient and a raw
 * floor side by side, each client in its own process against servers in their own processes, and
 * prints the tables. A full run writes them to `bench/RESULTS.md`; `--quick` only prints.
 * `--profile [-- --jobs getitem-small-c64,...]` instead profiles single-item calls at c=64, a paged Query and Scan,
 * a bulk load and a change stream in each client (see `profile/profile.ts`).
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { CLIENTS, type Target } from './clients/types.js';
import { Worker, startServer } from './harness/child.js';
import { compileBench } from './harness/compile.js';
import { machineMarkdown } from './harness/machine.js';
import { planFor } from './harness/plan.js';
import { sectionMarkdown, targetsMarkdown, type Section } from './harness/report.js';
import { checkTargets, type Measured } from './harness/targets.js';
import { profileClients } from './profile/profile.js';
import { batchSection } from './sections/batch.js';
import { capacitySection } from './sections/capacity.js';
import { callsSection } from './sections/calls.js';
import { changesSection } from './sections/changes.js';
import { endToEndSection } from './sections/end-to-end.js';
import { fanOutSection } from './sections/fan-out.js';
import { importSection } from './sections/import-time.js';
import { marshallSection } from './sections/marshall.js';
import { memorySection } from './sections/memory.js';
import { parallelSection } from './sections/parallel.js';
import { streamingSection } from './sections/streaming.js';

const SECTIONS = ['calls', 'fanout', 'streaming', 'marshall', 'parallel', 'batch', 'capacity', 'changes', 'memory', 'import', 'e2e'] as const;
type SectionName = (typeof SECTIONS)[number];
const REGION = 'us-east-1';

const args = process.argv.slice(2);
const plan = planFor(args);
const onlyIndex = args.indexOf('--only');
const only = new Set(onlyIndex >= 0 ? (args[onlyIndex + 1] ?? '').split(',') : SECTIONS);
const unknown = [...only].filter((name) => !(SECTIONS as readonly string[]).includes(name));
if (unknown.length) throw new Error(`--only: unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
const wanted = (name: SectionName) => only.has(name);

const started = performance.now();
const loadAtStart = os.loadavg()[0]!;
const progress = (what: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${what}\n`);

/** Runs every wanted section that needs the canned server. */
async function cannedSections(measured: Measured & Record<string, Section>): Promise<void> {
  const server = await startServer('canned');
  const target: Target = { endpoint: server.endpoint, region: REGION };
  try {
    const shared: [SectionName, (workers: Worker[]) => Promise<Section>][] = [
      ['calls', (w) => callsSection(w, plan)],
      ['fanout', (w) => fanOutSection(w, plan)],
      ['streaming', (w) => streamingSection(w, plan)],
      ['parallel', (w) => parallelSection(w, plan)],
      ['batch', (w) => batchSection(w, plan)],
      ['capacity', (w) => capacitySection(w, plan)],
      ['changes', (w) => changesSection(w, target, plan)],
    ];
    if (shared.some(([name]) => wanted(name))) {
      const workers = await Promise.all(CLIENTS.map((client) => Worker.start(client, target)));
      try {
        for (const [name, section] of shared) {
          if (!wanted(name)) continue;
          progress(name);
          measured[name] = await section(workers);
        }
      } finally {
        await Promise.all(workers.map((worker) => worker.stop()));
      }
    }
    if (wanted('memory')) {
      progress('memory');
      measured['memory'] = await memorySection(target, plan);
    }
    if (wanted('import')) {
      progress('import');
      measured['import'] = await importSection(target, plan);
    }
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  await compileBench();
  if (args.includes('--profile')) {
    const jobsIndex = args.indexOf('--jobs');
    console.log(await profileClients(plan, jobsIndex >= 0 ? new Set((args[jobsIndex + 1] ?? '').split(',')) : undefined));
    return;
  }
  const measured: Measured & Record<string, Section> = {};
  if (wanted('marshall')) {
    progress('marshall');
    measured['marshall'] = await marshallSection(plan);
  }
  await cannedSections(measured);
  if (wanted('e2e')) {
    progress('e2e (dynalite)');
    const dynalite = await startServer('dynalite');
    try {
      measured['e2e'] = await endToEndSection({ endpoint: dynalite.endpoint, region: REGION }, plan);
    } finally {
      await dynalite.stop();
    }
  }
  const markdown = [
    `# Benchmark results${plan.quick ? ' (quick pass)' : ''}`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench${plan.quick ? ' -- --quick' : ''}\` in ${Math.round((performance.now() - started) / 1000)} s. Each client runs in its own process; servers run in their own processes; all on 127.0.0.1.`,
    '',
    ...machineMarkdown(loadAtStart),
    '',
    '## Targets',
    '',
    targetsMarkdown(checkTargets(measured)),
    '',
    '## Results',
    '',
    'Medians over alternating rounds (A B C A B C ...). rx / SDK and rx / raw divide the rx-dynamodb figure by the other; spread is the widest (max - min) / median over the rounds of any client in the row.',
    ...SECTIONS.filter((name) => measured[name]).flatMap((name) => ['', sectionMarkdown(measured[name]!)]),
    '',
  ].join('\n');
  console.log(markdown);
  if (plan.quick || only.size < SECTIONS.length) {
    progress('partial or quick pass: bench/RESULTS.md left as it was');
    return;
  }
  await writeFile(fileURLToPath(new URL('RESULTS.md', import.meta.url)), markdown);
  progress('written to bench/RESULTS.md');
}

await main();
