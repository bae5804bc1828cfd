/** Summaries of a V8 CPU profile (`.cpuprofile`) by module and by function, per unit of work (a call, a page). */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

/** The JSON of a `.cpuprofile`. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const PACKAGE_DIR = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//;
const NODE_GROUPS: [RegExp, string][] = [
  [/^node:(internal\/)?crypto/, 'node: crypto'],
  [/^node:(_http|http|https|net|internal\/http|internal\/stream|stream|internal\/streams|events|internal\/stream_base_commons|internal\/net)/, 'node: http/net/streams'],
  [/^node:(internal\/)?(url|querystring|internal\/idna)/, 'node: URL'],
  [/^node:internal\/(process\/task_queues|timers)|^node:timers/, 'node: microtasks/timers'],
  [/^node:internal\/(abort_controller|event_target)/, 'node: AbortController/EventTarget'],
  [/^node:(internal\/)?(buffer|util|internal\/util)/, 'node: Buffer/util'],
];

/** The module a frame belongs to: a package, rx-dynamodb's `dist/`, the harness, a part of Node, or V8. */
export function moduleOf({ url, functionName }: CallFrame): string {
  if (url === '') {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'V8 (program)';
    if (functionName === 'parse' || functionName === 'stringify') return 'JSON';
    return 'native builtins';
  }
  const match = PACKAGE_DIR.exec(url);
  if (match) return /^(@aws-sdk|@smithy|tslib)/.test(match[1]!) ? 'aws-sdk' : match[1]!;
  if (url.includes('/.tmp/bench-js/')) return 'bench harness';
  if (url.includes('/dist/')) return 'rx-dynamodb';
  for (const [pattern, group] of NODE_GROUPS) if (pattern.test(url)) return group;
  return url.startsWith('node:') ? 'node: other' : 'other';
}

/** Packages and our code: what "attributed" time is charged to. */
const isCaller = (module: string) => !module.startsWith('node:') && !['GC', 'idle', 'V8 (program)', 'JSON', 'native builtins', 'other'].includes(module);

/** Self and attributed time per module, self and total time per function, in µs per unit. */
export interface ProfileSummary {
  /** Main-thread busy time (not idle) per unit. */
  busyPerUnit: number;
  modules: { module: string; self: number; attributed: number }[];
  /**
   * By self time; `total` adds callees up to the nearest rxjs frame: a completing request runs
   * the next one synchronously through rxjs, which would otherwise count as its callee.
   */
  functions: { name: string; module: string; self: number; total: number }[];
}

const shortUrl = (url: string) => url.replace(/^file:\/\/.*\/(node_modules|dist|bench-js)\//, '$1/').replace(/^node:/, '');

const sourceMaps = new Map<string, SourceMap | undefined>();

/** Where a frame of the built `dist/` comes from in `src/` (tsup writes source maps), as `src/file.ts:line`. */
function sourceOf({ url, lineNumber, columnNumber }: CallFrame): string | undefined {
  if (!sourceMaps.has(url)) {
    try {
      sourceMaps.set(url, new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8'))));
    } catch {
      sourceMaps.set(url, undefined);
    }
  }
  const entry = sourceMaps.get(url)?.findEntry(lineNumber, columnNumber);
  return entry && 'originalSource' in entry ? `${entry.originalSource.replace(/^.*?\/src\//, 'src/')}:${entry.originalLine + 1}` : undefined;
}

/** A function's name and place: `src/` for our code, else the file under `node_modules/` or Node's own. */
function frameName(callFrame: CallFrame): string {
  const place = callFrame.url === '' ? '' : moduleOf(callFrame) === 'rx-dynamodb' ? (sourceOf(callFrame) ?? shortUrl(callFrame.url)) : `${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}`;
  return `${callFrame.functionName || '(anonymous)'}${place ? ` ${place}` : ''}`;
}

/**
 * Sums self and total time per module and function, divided by `units`. "Attributed" charges each sample to
 * its nearest caller frame in a package or our code (Node internals and natives run on its behalf
 * count for it); samples with no such caller (the event loop's HTTP parsing, timers) keep their own module.
 */
export function summarise(profile: CpuProfile, units: number): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const modules = new Map<string, { self: number; attributed: number }>();
  const functions = new Map<string, { name: string; module: string; self: number; total: number }>();
  const entry = (module: string) => modules.get(module) ?? modules.set(module, { self: 0, attributed: 0 }).get(module)!;
  const fn = ({ callFrame }: ProfileNode) => {
    const name = frameName(callFrame);
    return functions.get(name) ?? functions.set(name, { name, module: moduleOf(callFrame), self: 0, total: 0 }).get(name)!;
  };
  let busy = 0;
  const stack = (id: number) => {
    const frames: ProfileNode[] = [];
    for (let frame: number | undefined = id; frame !== undefined; frame = parent.get(frame)) frames.push(byId.get(frame)!);
    return frames;
  };
  for (const [id, time] of selfTime) {
    const node = byId.get(id)!;
    const module = moduleOf(node.callFrame);
    const frames = stack(id);
    // Idle time, and the profiler's own stop (serialising the profile) at the end of the window, are not the client's.
    if (module === 'idle' || frames.some((frame) => frame.callFrame.url === 'node:inspector')) continue;
    busy += time;
    entry(module).self += time;
    fn(node).self += time;
    let charged: string | undefined;
    let inRxjs = false;
    const seen = new Set<object>();
    for (const ancestor of frames) {
      const ancestorModule = moduleOf(ancestor.callFrame);
      if (charged === undefined && isCaller(ancestorModule)) charged = ancestorModule;
      inRxjs ||= ancestorModule === 'rxjs';
      const stats = fn(ancestor);
      if (!inRxjs && !seen.has(stats)) stats.total += time;
      seen.add(stats);
    }
    entry(charged ?? module).attributed += time;
  }
  const perUnit = (us: number) => us / units;
  return {
    busyPerUnit: perUnit(busy),
    modules: [...modules].map(([module, t]) => ({ module, self: perUnit(t.self), attributed: perUnit(t.attributed) })).sort((a, b) => b.self - a.self),
    functions: [...functions.values()].map((f) => ({ ...f, self: perUnit(f.self), total: perUnit(f.total) })).sort((a, b) => b.self - a.self),
  };
}

/** Frames of the client's own stack worth a total-time line: packages and our code, not the harness or the event loop. */
const OWN_CODE = new Set(['rx-dynamodb', 'axios', 'aws4', 'aws-sdk']);

/** The summary as Markdown: modules, the top self-time functions, the top total-time functions of the client's code. */
export function summaryMarkdown(title: string, summary: ProfileSummary, cpuPerUnit: number, unit: string, top = 25): string {
  const us = (n: number) => n.toFixed(1);
  const pct = (n: number) => `${((n / summary.busyPerUnit) * 100).toFixed(1)}%`;
  return [
    `### ${title}`,
    '',
    `Process CPU ${us(cpuPerUnit)} µs per ${unit} (all threads, from \`process.cpuUsage\`); main-thread samples ${us(summary.busyPerUnit)} µs per ${unit} (time the main thread was not idle, preemption included; GC helper threads not included).`,
    '',
    `| Module | Self µs/${unit} | Self % | Attributed µs/${unit} |`,
    '| --- | ---: | ---: | ---: |',
    ...summary.modules.map((m) => `| ${m.module} | ${us(m.self)} | ${pct(m.self)} | ${us(m.attributed)} |`),
    '',
    `| Top ${top} functions by self time | Module | µs/${unit} | % |`,
    '| --- | --- | ---: | ---: |',
    ...summary.functions.slice(0, top).map((f) => `| \`${f.name}\` | ${f.module} | ${us(f.self)} | ${pct(f.self)} |`),
    '',
    `| Top ${top} client functions by total time (callees up to the nearest rxjs frame) | Module | µs/${unit} | % |`,
    '| --- | --- | ---: | ---: |',
    ...summary.functions
      .filter((f) => OWN_CODE.has(f.module))
      .sort((a, b) => b.total - a.total)
      .slice(0, top)
      .map((f) => `| \`${f.name}\` | ${f.module} | ${us(f.total)} | ${pct(f.total)} |`),
  ].join('\n');
}
