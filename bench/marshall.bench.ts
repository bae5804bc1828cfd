/**
 * Throughput of marshall/unmarshall: rx-dynamodb (built `dist/`) against @aws-sdk/util-dynamodb and
 * the raw floor's minimal converter, on realistic ~1.4 KB orders. Run alone (after `npm run build`):
 * `npx tsx bench/marshall.bench.ts [rounds] [contestants, comma-separated]`; `npm run bench` forks it,
 * once per contestant and once with all three, and takes its figures over IPC.
 *
 * The wire items come from JSON.parse, as responses do. The SDK's Object.entries runs ~3x faster once V8 has
 * built enum caches for those object shapes, which any for...in or Object.keys builds and Object.entries does
 * not: alone in its process util-dynamodb stays cold; next to rx-dynamodb or the raw floor (both use for...in)
 * it runs warm. Both are reported.
 */
import { marshall as sdkMarshall, unmarshall as sdkUnmarshall } from '@aws-sdk/util-dynamodb';
import { fromWireMap, toWireMap } from './clients/raw-marshall.js';
import { CLIENTS, type ClientName } from './clients/types.js';
import { ORDERS } from './data/items.js';
import { median } from './harness/stats.js';

type RxDynamoDB = typeof import('../src/index.js');
const PACKAGE: string = 'rx-dynamodb';
const { marshall, unmarshall } = (await import(PACKAGE)) as RxDynamoDB;

/** Per operation: each contestant's median items/s. */
export type MarshallResults = Record<'marshall' | 'unmarshall', Partial<Record<ClientName, number>>>;

const wires = JSON.parse(JSON.stringify(ORDERS.map((item) => marshall(item)))) as ReturnType<typeof marshall>[];
type SdkWire = Parameters<typeof sdkUnmarshall>[0];
type Run = (index: number) => unknown;

const MARSHALL: Record<ClientName, Run> = { 'rx-dynamodb': (i) => marshall(ORDERS[i]!), 'aws-sdk-v3': (i) => sdkMarshall(ORDERS[i]!), raw: (i) => toWireMap(ORDERS[i]!) };
const UNMARSHALL: Record<ClientName, Run> = { 'rx-dynamodb': (i) => unmarshall(wires[i]!), 'aws-sdk-v3': (i) => sdkUnmarshall(wires[i] as SdkWire), raw: (i) => fromWireMap(wires[i]!) };

/** Items per second over `rounds` passes through all 100 items. */
function rate(run: Run, rounds: number): number {
  let sink = 0;
  const start = performance.now();
  for (let round = 0; round < rounds; round++) for (let i = 0; i < 100; i++) sink += run(i) === undefined ? 1 : 0;
  const elapsed = performance.now() - start;
  if (sink < 0) console.log(sink);
  return (rounds * 100 * 1000) / elapsed;
}

/** Interleaved rounds of 1,000 passes (~0.1-0.5 s each). */
const ROUNDS = Number(process.argv[2] ?? 9);
const CONTESTANTS = (process.argv[3]?.split(',') ?? CLIENTS) as ClientName[];

/** Median of `ROUNDS` interleaved rounds of each contestant, after warm-up. */
function compare(runs: Record<ClientName, Run>): Partial<Record<ClientName, number>> {
  for (let i = 0; i < 5; i++) for (const name of CONTESTANTS) rate(runs[name], 200);
  const rates = new Map<ClientName, number[]>(CONTESTANTS.map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) for (const name of CONTESTANTS) rates.get(name)!.push(rate(runs[name], 1000));
  return Object.fromEntries(CONTESTANTS.map((name) => [name, median(rates.get(name)!)]));
}

const results: MarshallResults = { marshall: compare(MARSHALL), unmarshall: compare(UNMARSHALL) };

if (process.send) process.send(results);
else {
  const format = (n: number | undefined) => Math.round(n ?? 0).toLocaleString('en-US').padStart(9);
  console.log(`items: ${Math.round(JSON.stringify(wires).length / 100)} bytes of wire JSON each, ${Object.keys(ORDERS[0]!).length} attributes`);
  for (const name of ['marshall', 'unmarshall'] as const) {
    console.log(`${name.padEnd(11)} ${CONTESTANTS.map((contestant) => `${contestant} ${format(results[name][contestant])}`).join('  ')} items/s`);
  }
}
