/**
 * Throughput of marshall/unmarshall: rx-dynamodb (built `dist/`) against @aws-sdk/util-dynamodb and
 * the raw floor's minimal converter, on realistic ~1.4 KB orders. Run alone (after `npm run build`):
 * `npx tsx bench/marshall.bench.ts [rounds]`; `npm run bench` forks it and takes its figures over IPC.
 *
 * The wire items come from JSON.parse, as responses do. The SDK's Object.entries runs ~3x faster once V8 has
 * built enum caches for those object shapes (any for...in or Object.keys builds them, Object.entries does
 * not), so its first, cold figure is reported apart; the comparison uses warm caches for all.
 */
import { marshall as sdkMarshall, unmarshall as sdkUnmarshall } from '@aws-sdk/util-dynamodb';
import { fromWireMap, toWireMap } from './clients/raw-marshall.js';
import type { ClientName } from './clients/types.js';
import { ORDERS } from './data/items.js';
import { median } from './harness/stats.js';

type RxDynamoDB = typeof import('../src/index.js');
const PACKAGE: string = 'rx-dynamodb';
const { marshall, unmarshall } = (await import(PACKAGE)) as RxDynamoDB;

/** Per operation: each contestant's median items/s. */
export type MarshallResults = Record<'marshall' | 'unmarshall', Record<ClientName, number>> & { sdkColdUnmarshall: number };

const wires = JSON.parse(JSON.stringify(ORDERS.map((item) => marshall(item)))) as ReturnType<typeof marshall>[];
type SdkWire = Parameters<typeof sdkUnmarshall>[0];
type Contestants = Record<ClientName, (index: number) => unknown>;

/** Items per second over `rounds` passes through all 100 items. */
function rate(run: (index: number) => unknown, rounds: number): number {
  let sink = 0;
  const start = performance.now();
  for (let round = 0; round < rounds; round++) for (let i = 0; i < 100; i++) sink += run(i) === undefined ? 1 : 0;
  const elapsed = performance.now() - start;
  if (sink < 0) console.log(sink);
  return (rounds * 100 * 1000) / elapsed;
}

/** Interleaved rounds of 1,000 passes (~0.1-0.5 s each). */
const ROUNDS = Number(process.argv[2] ?? 9);

/** Median of `ROUNDS` interleaved rounds, after warm-up. */
function compare(contestants: Contestants): Record<ClientName, number> {
  const entries = Object.entries(contestants) as [ClientName, (index: number) => unknown][];
  for (let i = 0; i < 5; i++) for (const [, run] of entries) rate(run, 200);
  const rates = new Map<ClientName, number[]>(entries.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) for (const [name, run] of entries) rates.get(name)!.push(rate(run, 1000));
  return Object.fromEntries(entries.map(([name]) => [name, median(rates.get(name)!)])) as Record<ClientName, number>;
}

const sdkColdUnmarshall = rate((i) => sdkUnmarshall(wires[i] as SdkWire), 2000);
const results: MarshallResults = {
  sdkColdUnmarshall,
  marshall: compare({ 'rx-dynamodb': (i) => marshall(ORDERS[i]!), 'aws-sdk-v3': (i) => sdkMarshall(ORDERS[i]!), raw: (i) => toWireMap(ORDERS[i]!) }),
  unmarshall: compare({ 'rx-dynamodb': (i) => unmarshall(wires[i]!), 'aws-sdk-v3': (i) => sdkUnmarshall(wires[i] as SdkWire), raw: (i) => fromWireMap(wires[i]!) }),
};

if (process.send) process.send(results);
else {
  const format = (n: number) => Math.round(n).toLocaleString('en-US').padStart(9);
  console.log(`items: ${Math.round(JSON.stringify(wires).length / 100)} bytes of wire JSON each, ${Object.keys(ORDERS[0]!).length} attributes`);
  console.log(`unmarshall  @aws-sdk/util-dynamodb, cold enum caches: ${format(sdkColdUnmarshall)} items/s`);
  for (const name of ['marshall', 'unmarshall'] as const) {
    const r = results[name];
    console.log(`${name.padEnd(11)} rx-dynamodb ${format(r['rx-dynamodb'])}  util-dynamodb ${format(r['aws-sdk-v3'])}  raw ${format(r.raw)} items/s  rx/sdk x${(r['rx-dynamodb'] / r['aws-sdk-v3']).toFixed(2)}`);
  }
}
