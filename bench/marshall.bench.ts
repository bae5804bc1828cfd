/**
 * Throughput of marshall/unmarshall against @aws-sdk/util-dynamodb on realistic ~1.4 KB order items.
 * Run: npx tsx bench/marshall.bench.ts
 *
 * The wire items come from JSON.parse, as responses do. The SDK's Object.entries runs ~3x faster once V8 has
 * built enum caches for those object shapes (any for...in or Object.keys builds them, Object.entries does
 * not), so its first, cold figure is printed apart; the comparison uses warm caches for both.
 */
import { marshall as sdkMarshall, unmarshall as sdkUnmarshall } from '@aws-sdk/util-dynamodb';
import { marshall, unmarshall, type AttributeMap } from '../src/marshall/index.js';

const line = (n: number) => ({ sku: `SKU-${String(n).padStart(6, '0')}`, name: `Stainless widget, model ${n}`, price: 19.99 + n, qty: n + 1, backordered: n % 2 === 0 });

/** An order: keys, strings, integers, decimals, timestamps, nested maps, a list of maps, a string set, null. */
const order = (i: number) => ({
  pk: `CUSTOMER#8f14e45f-ceea-467f-a8f0-${String(i).padStart(12, '0')}`,
  sk: `ORDER#2024-01-15T10:30:00.000Z#${String(i).padStart(6, '0')}`,
  type: 'order',
  status: i % 3 ? 'SHIPPED' : 'PENDING',
  total: 129.99 + i,
  itemCount: 4,
  createdAt: 1705314600000 + i,
  updatedAt: 1705401000123 + i,
  customer: {
    name: 'Ada Lovelace',
    email: 'ada.lovelace@example.com',
    address: { street: '12 Analytical Engine Way', city: 'London', zip: 'NW1 6XE', country: 'GB' },
  },
  lines: [line(1), line(2), line(3), line(4)],
  tags: new Set(['priority', 'gift', 'fragile']),
  notes: 'Leave the parcel with the concierge if nobody answers. Ring twice; the bell on the left is broken.',
  flags: { giftWrap: true, expedited: false, signatureRequired: true },
  discountCode: null,
  version: 7,
});

const natives = Array.from({ length: 100 }, (_, i) => order(i));
const wires = JSON.parse(JSON.stringify(natives.map((item) => marshall(item)))) as AttributeMap[];
type SdkWire = Parameters<typeof sdkUnmarshall>[0];

/** Items per second over `rounds` passes through all 100 items. */
function rate(run: (index: number) => unknown, rounds: number): number {
  let sink = 0;
  const start = performance.now();
  for (let round = 0; round < rounds; round++) for (let i = 0; i < 100; i++) sink += run(i) === undefined ? 1 : 0;
  const elapsed = performance.now() - start;
  if (sink < 0) console.log(sink);
  return (rounds * 100 * 1000) / elapsed;
}

function median(values: number[]): number {
  return values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
}

/** Median of 9 interleaved rounds of ~0.2 s each, after warm-up. */
function compare(ours: (index: number) => unknown, sdk: (index: number) => unknown): [number, number] {
  for (let i = 0; i < 5; i++) (rate(ours, 200), rate(sdk, 200));
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < 9; round++) {
    a.push(rate(ours, 1000));
    b.push(rate(sdk, 1000));
  }
  return [median(a), median(b)];
}

const format = (n: number) => Math.round(n).toLocaleString('en-US').padStart(9);
const sdkCold = rate((i) => sdkUnmarshall(wires[i] as SdkWire), 2000);
console.log(`items: ${Math.round(JSON.stringify(wires).length / 100)} bytes of wire JSON each, ${Object.keys(natives[0]!).length} attributes`);
console.log(`unmarshall  @aws-sdk/util-dynamodb, cold enum caches: ${format(sdkCold)} items/s`);
const cases: [string, (i: number) => unknown, (i: number) => unknown][] = [
  ['marshall', (i) => marshall(natives[i]!), (i) => sdkMarshall(natives[i]!)],
  ['unmarshall', (i) => unmarshall(wires[i]!), (i) => sdkUnmarshall(wires[i] as SdkWire)],
];
for (const [name, ours, sdk] of cases) {
  const [a, b] = compare(ours, sdk);
  console.log(`${name.padEnd(11)} rx-dynamodb ${format(a)} items/s   @aws-sdk/util-dynamodb ${format(b)} items/s   x${(a / b).toFixed(2)}`);
}
