import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDynalite, type LocalDynamo } from '../support/dynalite.js';
import { eventually } from '../support/eventually.js';
import { localClient, uniqueTableName } from '../support/local-client.js';
import { repeated, tableOfItems } from './support/scan-items.js';

// Worker processes share a leased scan; one is killed with SIGKILL in the middle (no hand-back, no last
// write): the others take its segments over once its heartbeat is leaseDurationMs old, and every item
// is processed, the only repeats being the last page it processed in a segment before it died.

const ITEMS = 600;
const SEGMENTS = 6;
const LEASE_MS = 2000;
/** How long a worker takes over each page: the scan lasts seconds, so the kill lands in the middle. */
const HANDLER_MS = 150;

interface PageLine {
  readonly worker: string;
  readonly segment: number;
  readonly keys: string[];
  readonly last: boolean;
  /** When the parent read the line. */
  readonly at: number;
}

let server: LocalDynamo;
let table: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = await startDynalite();
  table = await tableOfItems(localClient(server.endpoint), ITEMS, 'Killed');
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await server.close();
});

/** A lease event a worker printed: `<type> <leaseKey>`. */
interface EventLine {
  readonly worker: string;
  readonly event: string;
  readonly leaseKey: string;
}

/** A started worker process: `ready` resolves once it loaded, `finished` once it printed `done` and exited. */
interface StartedWorker {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly finished: Promise<{ code: number | null; done: boolean }>;
  exited: boolean;
}

/** Starts a worker process (it waits for a line on its stdin to begin); its page lines go to `pages`, its lease events to `events`. */
function startWorker(worker: string, leaseTable: string, pages: PageLine[], events: EventLine[]): StartedWorker {
  const script = join(import.meta.dirname, 'support/scan-worker-child.ts');
  const args = [server.endpoint, table, leaseTable, 'killed', worker, String(LEASE_MS), String(SEGMENTS), String(HANDLER_MS)];
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: process.cwd(), env: { PATH: process.env['PATH'] ?? '' }, stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  let done = false;
  let loaded: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (loaded = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const parsed = JSON.parse(line) as (Omit<PageLine, 'at'> & { done?: true; ready?: true }) | Omit<EventLine, 'worker'>;
    if ('event' in parsed) events.push({ worker, ...parsed });
    else if (parsed.ready) loaded();
    else if (parsed.done) done = true;
    else pages.push({ ...parsed, at: Date.now() });
  });
  const started: StartedWorker = {
    child,
    ready,
    finished: new Promise((resolve) =>
      child.on('exit', (code) => {
        started.exited = true;
        resolve({ code, done });
      }),
    ),
    exited: false,
  };
  return started;
}

it('three worker processes, one killed with SIGKILL mid-scan: every item processed, repeats only its last page per segment, takeover within leaseDurationMs plus one read', async () => {
  const leaseTable = uniqueTableName('Leases');
  const pages: PageLine[] = [];
  const events: EventLine[] = [];
  const workers = ['W0', 'W1', 'W2'].map((worker) => ({ worker, ...startWorker(worker, leaseTable, pages, events) }));
  const victim = workers[0]!;
  await Promise.all(workers.map((worker) => worker.ready));
  for (const { child } of workers) child.stdin!.end('go\n');
  // Kill W0 once it has processed a few pages and all three are at work.
  await eventually(() => {
    if (workers.some((worker) => worker.exited)) throw new Error(`a worker ended before all three were at work: ${JSON.stringify(pages.map((page) => page.worker))}`);
    return pages.filter((page) => page.worker === 'W0').length >= 3 && new Set(pages.map((page) => page.worker)).size === 3;
  }, 'all three at work', 60_000);
  victim.child.kill('SIGKILL');
  const killedAt = Date.now();
  const survivors = await Promise.all(workers.slice(1).map((worker) => worker.finished));
  expect(survivors).toEqual([
    { code: 0, done: true },
    { code: 0, done: true },
  ]);

  // Every item processed.
  const keys = pages.flatMap((page) => page.keys);
  expect(new Set(keys).size).toBe(ITEMS);

  // The segments W0 held when it died (gained, and not handed back or finished since; all it printed has
  // been read by now), and the last page it processed in each.
  const held = new Set<string>();
  for (const { event, leaseKey } of events.filter((line) => line.worker === 'W0')) {
    if (event === 'gained') held.add(leaseKey);
    else held.delete(leaseKey);
  }
  const lastOfVictim = new Map<number, PageLine>();
  for (const page of pages.filter((line) => line.worker === 'W0')) lastOfVictim.set(page.segment, page);
  const interrupted = [...held].map((key) => Number(key.slice('segment#'.length)));
  expect(interrupted.length).toBeGreaterThan(0);

  // Repeats: only items of those last pages, at most one page per takeover.
  const twice = repeated(keys);
  const allowed = new Set(interrupted.flatMap((segment) => lastOfVictim.get(segment)?.keys ?? []));
  expect([...twice.keys()].every((key) => allowed.has(key))).toBe(true);
  expect([...twice.values()].every((count) => count === 2)).toBe(true);

  // Each interrupted segment was taken over within leaseDurationMs plus one read (leaseDurationMs / 2),
  // with 1.5 s of slack for a busy machine and for the worker's stdout.
  for (const segment of interrupted) {
    const next = pages.find((page) => page.segment === segment && page.worker !== 'W0' && page.at > killedAt);
    expect(next, `segment ${segment} taken over`).toBeDefined();
    expect(next!.at - killedAt).toBeLessThanOrEqual(LEASE_MS + LEASE_MS / 2 + 1500);
  }
  console.info(
    `[lease] SIGKILL: ${pages.length} pages, ${interrupted.length} segments taken over in ${interrupted.map((segment) => pages.find((page) => page.segment === segment && page.worker !== 'W0' && page.at > killedAt)!.at - killedAt).join(', ')} ms, ${twice.size} items repeated`,
  );
}, 90_000);
