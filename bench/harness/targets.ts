import type { ClientName } from '../clients/types.js';
import { BULK_WRITE_LABEL } from '../sections/batch.js';
import { BUDGET_RATIO } from '../sections/capacity.js';
import { FAN_OUT_ROWS } from '../sections/fan-out.js';
import { CHANGES_ROWS, LONG_RECORDS, SHORT_RECORDS } from '../sections/changes.js';
import type { Section, TargetCheck } from './report.js';

/** The sections the targets read. */
export interface Measured {
  batch?: Section;
  calls?: Section;
  fanout?: Section;
  changes?: Section;
  streaming?: Section;
  marshall?: Section;
  parallel?: Section;
  memory?: Section;
  capacity?: Section;
  import?: Section;
}

function value(section: Section | undefined, measure: string, client: ClientName): number | undefined {
  return section?.rows.find((row) => row.measure === measure)?.values[client];
}

const fixed = (n: number, digits = 2) => n.toFixed(digits);

/** `value` must be at most `limit`: met, or missed with the cut it needs. */
function atMost(target: string, measured: string, actual: number | undefined, limit: number | undefined, unit: string): TargetCheck {
  if (actual === undefined || limit === undefined) return { target, measured: '–', met: undefined, comment: '' };
  const met = actual <= limit;
  const comment = met ? `${fixed((1 - actual / limit) * 100, 0)}% headroom` : `needs ≤ ${fixed(limit, 1)} ${unit}, ${fixed((1 - limit / actual) * 100, 0)}% less`;
  return { target, measured, met, comment };
}

/** `actual` must be at least `floor`: met, or missed with the gain it needs. */
function atLeast(target: string, measured: string, actual: number | undefined, floor: number | undefined, unit: string): TargetCheck {
  if (actual === undefined || floor === undefined) return { target, measured: '–', met: undefined, comment: '' };
  const met = actual >= floor;
  const comment = met ? `${fixed((actual / floor - 1) * 100, 0)}% above` : `needs ≥ ${Math.round(floor).toLocaleString('en-US')} ${unit}, +${fixed((floor / actual - 1) * 100, 0)}%`;
  return { target, measured, met, comment };
}

/** Checks the targets against the medians of this run. */
export function checkTargets(m: Measured): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const row of m.calls?.rows.filter((r) => r.measure.includes('c=64') && r.unit === 'µs') ?? []) {
    const { 'rx-dynamodb': rx, 'aws-sdk-v3': sdk, raw } = row.values;
    if (rx === undefined || sdk === undefined || raw === undefined) continue;
    const name = `CPU per ${row.measure.replace(': CPU per call', '')}`;
    checks.push(atMost(`${name} ≤ 0.5× SDK DocumentClient`, `${fixed(rx, 0)} µs vs ${fixed(sdk, 0)} µs = ${fixed(rx / sdk)}×`, rx, 0.5 * sdk, 'µs'));
    checks.push(atMost(`${name} ≤ 2.5× raw floor`, `${fixed(rx, 0)} µs vs ${fixed(raw, 0)} µs = ${fixed(rx / raw)}×`, rx, 2.5 * raw, 'µs'));
  }
  const [fanRate, sdkFanRate] = [value(m.fanout, FAN_OUT_ROWS.perSecond, 'rx-dynamodb'), value(m.fanout, FAN_OUT_ROWS.perSecond, 'aws-sdk-v3')];
  const [fanCpu, sdkFanCpu] = [value(m.fanout, FAN_OUT_ROWS.cpu, 'rx-dynamodb'), value(m.fanout, FAN_OUT_ROWS.cpu, 'aws-sdk-v3')];
  if (fanRate !== undefined && sdkFanRate !== undefined && fanCpu !== undefined && sdkFanCpu !== undefined) {
    checks.push(atLeast('1,000 concurrent getItem (autoBatchGets): calls/s ≥ 5× SDK GetCommand fan-out', `${fixed(fanRate / sdkFanRate)}×`, fanRate, 5 * sdkFanRate, 'calls/s'));
    checks.push(atMost('1,000 concurrent getItem (autoBatchGets): CPU per call ≤ 0.2× SDK', `${fixed(fanCpu, 1)} µs vs ${fixed(sdkFanCpu, 0)} µs = ${fixed(fanCpu / sdkFanCpu)}×`, fanCpu, 0.2 * sdkFanCpu, 'µs'));
  }
  for (const row of m.streaming?.rows ?? []) {
    const { 'rx-dynamodb': ours, 'aws-sdk-v3': theirs, raw: floor } = row.values;
    if (ours === undefined || theirs === undefined || floor === undefined) continue;
    if (row.unit === 'items/s') {
      const name = row.measure.replace(': items per second', '');
      checks.push(atLeast(`${name}: items/s ≥ 2× SDK paginator`, `${fixed(ours / theirs)}×`, ours, 2 * theirs, 'items/s'));
      checks.push(atLeast(`${name}: items/s ≥ 0.8× raw floor`, `${fixed(ours / floor)}×`, ours, 0.8 * floor, 'items/s'));
    } else {
      // The same targets on CPU per item (items per CPU-second), which other load on the machine hardly moves.
      const name = row.measure.replace(': CPU per item', '');
      checks.push(atMost(`${name}, by CPU: ≤ 0.5× SDK CPU per item`, `${fixed(ours, 1)} vs ${fixed(theirs, 1)} µs = ${fixed(ours / theirs)}×`, ours, 0.5 * theirs, 'µs'));
      checks.push(atMost(`${name}, by CPU: ≤ 1.25× raw CPU per item`, `${fixed(ours, 1)} vs ${fixed(floor, 1)} µs = ${fixed(ours / floor)}×`, ours, 1.25 * floor, 'µs'));
    }
  }
  for (const row of m.marshall?.rows.filter((r) => r.measure.startsWith('unmarshall')) ?? []) {
    const { 'rx-dynamodb': ours, 'aws-sdk-v3': theirs } = row.values;
    if (ours === undefined || theirs === undefined) continue;
    const how = row.measure.includes('alone') ? 'each alone in its process' : 'in one process, SDK with warm enum caches';
    checks.push(atLeast(`unmarshall ≥ 2× util-dynamodb (${how})`, `${fixed(ours / theirs)}×`, ours, 2 * theirs, 'items/s'));
  }
  const speedUp = value(m.parallel, '8 segments: speed-up over 1', 'rx-dynamodb');
  if (speedUp !== undefined) checks.push(atLeast('parallel scan, 8 segments at 50 ms/page ≥ 6× one segment', `${fixed(speedUp)}×`, speedUp, 6, '×'));
  const rss = m.memory?.rows.find((row) => row.measure.includes('flow-controlled: peak RSS'))?.values['rx-dynamodb'];
  if (rss !== undefined) checks.push(atMost('paced 1,000,000-item scan, slow consumer: peak RSS < 150 MB', `${fixed(rss, 0)} MB`, rss, 150, 'MB'));
  for (const row of m.capacity?.rows.filter((r) => r.measure.endsWith(BUDGET_RATIO)) ?? []) {
    const ratio = row.values['rx-dynamodb'];
    const name = row.measure.replace(`: ${BUDGET_RATIO}`, '');
    if (ratio !== undefined) checks.push(atMost(`${name}, a capacity budget that never binds: ≤ 1.05× CPU per item without`, `${fixed(ratio)}×`, ratio, 1.05, '×'));
  }
  checks.push(...changeStreamChecks(m.changes));
  for (const row of m.import?.rows.filter((r) => r.unit === 'ms' && r.measure.includes('the package(s)')) ?? []) {
    const { 'rx-dynamodb': ours, 'aws-sdk-v3': theirs } = row.values;
    if (ours === undefined || theirs === undefined) continue;
    const how = row.measure.replace(/^(import|require) the package\(s\), /, '');
    checks.push(atMost(`importing the package ≤ the SDK's DocumentClient (${how})`, `${fixed(ours, 0)} vs ${fixed(theirs, 0)} ms = ${fixed(ours / theirs)}×`, ours, theirs, 'ms'));
  }
  checks.push(...bulkLoadChecks(m.batch));
  return checks;
}

/** The bulk load's targets: CPU per item against the SDK's BatchWriteCommand loop and the raw floor, and items/s against the SDK. */
function bulkLoadChecks(section: Section | undefined): TargetCheck[] {
  const figures = (unit: string) => section?.rows.find((row) => row.unit === unit)?.values ?? {};
  const { 'rx-dynamodb': rx, 'aws-sdk-v3': sdk, raw } = figures('µs');
  const name = `batch load of 100,000 items ${BULK_WRITE_LABEL}`;
  const checks: TargetCheck[] = [];
  if (rx !== undefined && sdk !== undefined && raw !== undefined) {
    checks.push(atMost(`${name}: CPU per item ≤ 0.5× SDK BatchWriteCommand loop`, `${fixed(rx, 1)} vs ${fixed(sdk, 1)} µs = ${fixed(rx / sdk)}×`, rx, 0.5 * sdk, 'µs'));
    checks.push(atMost(`${name}: CPU per item ≤ 2× raw floor`, `${fixed(rx, 1)} vs ${fixed(raw, 1)} µs = ${fixed(rx / raw)}×`, rx, 2 * raw, 'µs'));
  }
  const { 'rx-dynamodb': ours, 'aws-sdk-v3': theirs } = figures('items/s');
  if (ours !== undefined && theirs !== undefined) checks.push(atLeast(`${name}: items/s ≥ 2× SDK BatchWriteCommand loop`, `${fixed(ours / theirs)}×`, ours, 2 * theirs, 'items/s'));
  return checks;
}

/** The change stream's targets: CPU per record against the SDK loop and the raw floor, records/s, and a paced read's memory not growing with the stream's length. */
function changeStreamChecks(section: Section | undefined): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const cpu = (client: ClientName) => value(section, CHANGES_ROWS.cpu, client);
  const [rx, sdk, raw] = [cpu('rx-dynamodb'), cpu('aws-sdk-v3'), cpu('raw')];
  if (rx !== undefined && sdk !== undefined && raw !== undefined) {
    checks.push(atMost('change stream: CPU per record ≤ 0.5× SDK loop', `${fixed(rx, 1)} vs ${fixed(sdk, 1)} µs = ${fixed(rx / sdk)}×`, rx, 0.5 * sdk, 'µs'));
    checks.push(atMost('change stream: CPU per record ≤ 1.3× raw floor', `${fixed(rx, 1)} vs ${fixed(raw, 1)} µs = ${fixed(rx / raw)}×`, rx, 1.3 * raw, 'µs'));
  }
  const rate = (client: ClientName) => value(section, CHANGES_ROWS.rate, client);
  const [ours, theirs] = [rate('rx-dynamodb'), rate('aws-sdk-v3')];
  if (ours !== undefined && theirs !== undefined) checks.push(atLeast('change stream: records/s ≥ 2× SDK loop', `${fixed(ours / theirs)}×`, ours, 2 * theirs, 'records/s'));
  const paced = (records: number, figure: string) => value(section, `${CHANGES_ROWS.paced(records)}: ${figure}`, 'rx-dynamodb');
  const [heapShort, heapLong] = [paced(SHORT_RECORDS, CHANGES_ROWS.heapAfterGc), paced(LONG_RECORDS, CHANGES_ROWS.heapAfterGc)];
  const [rssShort, rssLong] = [paced(SHORT_RECORDS, 'peak RSS'), paced(LONG_RECORDS, 'peak RSS')];
  if (heapShort !== undefined && heapLong !== undefined && rssShort !== undefined && rssLong !== undefined) {
    const [short, long] = [SHORT_RECORDS, LONG_RECORDS].map((n) => n.toLocaleString('en-US'));
    checks.push(
      atMost(
        `changesPaced, slow handler: memory held does not grow with the stream (heap after full collections at ${long} records ≤ 1.1× at ${short})`,
        `${fixed(heapLong, 1)} vs ${fixed(heapShort, 1)} MB = ${fixed(heapLong / heapShort)}×; peak RSS ${fixed(rssLong, 0)} vs ${fixed(rssShort, 0)} MB`,
        heapLong,
        1.1 * heapShort,
        'MB',
      ),
    );
  }
  return checks;
}
