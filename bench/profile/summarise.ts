/** Summaries of a V8 CPU profile (`.cpuprofile`) by module and by function, per call. */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
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

/** Self and attributed time per module, self and total time per function, in µs per call. */
export interface ProfileSummary {
  /** Main-thread busy time (not idle) per call. */
  busyPerCall: number;
  modules: { module: string; self: number; attributed: number }[];
  /** By self time; `total` includes callees (each sample counted once per function). */
  functions: { name: string; module: string; self: number; total: number }[];
}

const shortUrl = (url: string) => url.replace(/^file:\/\/.*\/(node_modules|dist|bench-js)\//, '$1/').replace(/^node:/, '');

/**
 * Sums self time per module and function, divided by `calls`. "Attributed" charges each sample to
 * its nearest caller frame in a package or our code (Node internals and natives run on its behalf
 * count for it); samples with no such caller (the event loop's HTTP parsing, timers) keep their own module.
 */
export function summarise(profile: CpuProfile, calls: number): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const modules = new Map<string, { self: number; attributed: number }>();
  const functions = new Map<string, { name: string; module: string; self: number; total: number }>();
  const entry = (module: string) => modules.get(module) ?? modules.set(module, { self: 0, attributed: 0 }).get(module)!;
  const fn = ({ callFrame }: ProfileNode) => {
    const name = `${callFrame.functionName || '(anonymous)'}${callFrame.url ? ` ${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}` : ''}`;
    return functions.get(name) ?? functions.set(name, { name, module: moduleOf(callFrame), self: 0, total: 0 }).get(name)!;
  };
  let busy = 0;
  for (const [id, time] of selfTime) {
    const node = byId.get(id)!;
    const module = moduleOf(node.callFrame);
    if (module === 'idle') continue;
    busy += time;
    entry(module).self += time;
    fn(node).self += time;
    let charged: string | undefined;
    const seen = new Set<object>();
    for (let frame: number | undefined = id; frame !== undefined; frame = parent.get(frame)) {
      const ancestor = byId.get(frame)!;
      if (charged === undefined && isCaller(moduleOf(ancestor.callFrame))) charged = moduleOf(ancestor.callFrame);
      const stats = fn(ancestor);
      if (!seen.has(stats)) stats.total += time;
      seen.add(stats);
    }
    entry(charged ?? module).attributed += time;
  }
  const perCall = (us: number) => us / calls;
  return {
    busyPerCall: perCall(busy),
    modules: [...modules].map(([module, t]) => ({ module, self: perCall(t.self), attributed: perCall(t.attributed) })).sort((a, b) => b.self - a.self),
    functions: [...functions.values()].map((f) => ({ ...f, self: perCall(f.self), total: perCall(f.total) })).sort((a, b) => b.self - a.self),
  };
}

/** Frames of the client's own stack worth a total-time line: packages and our code, not the harness or the event loop. */
const OWN_CODE = new Set(['rx-dynamodb', 'axios', 'aws4', 'rxjs', 'aws-sdk']);

/** The summary as Markdown: modules, the top self-time functions, the top total-time functions of the client's code. */
export function summaryMarkdown(title: string, summary: ProfileSummary, cpuPerCall: number, top = 25): string {
  const us = (n: number) => n.toFixed(1);
  const pct = (n: number) => `${((n / summary.busyPerCall) * 100).toFixed(1)}%`;
  return [
    `### ${title}`,
    '',
    `Process CPU ${us(cpuPerCall)} µs per call (all threads, from \`process.cpuUsage\`); main-thread samples ${us(summary.busyPerCall)} µs per call (time the main thread was not idle, preemption included; GC helper threads not included).`,
    '',
    '| Module | Self µs/call | Self % | Attributed µs/call |',
    '| --- | ---: | ---: | ---: |',
    ...summary.modules.map((m) => `| ${m.module} | ${us(m.self)} | ${pct(m.self)} | ${us(m.attributed)} |`),
    '',
    `| Top ${top} functions by self time | Module | µs/call | % |`,
    '| --- | --- | ---: | ---: |',
    ...summary.functions.slice(0, top).map((f) => `| \`${f.name}\` | ${f.module} | ${us(f.self)} | ${pct(f.self)} |`),
    '',
    `| Top ${top} client functions by total time (with callees) | Module | µs/call | % |`,
    '| --- | --- | ---: | ---: |',
    ...summary.functions
      .filter((f) => OWN_CODE.has(f.module))
      .sort((a, b) => b.total - a.total)
      .slice(0, top)
      .map((f) => `| \`${f.name}\` | ${f.module} | ${us(f.total)} | ${pct(f.total)} |`),
  ].join('\n');
}
