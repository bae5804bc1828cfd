import { CLIENTS, type ClientName } from '../clients/types.js';
import { forkBench, nextMessage, stopChild } from '../harness/child.js';
import type { Plan } from '../harness/plan.js';
import { COLUMN_TITLES, type Section } from '../harness/report.js';
import type { MarshallResults } from '../marshall.bench.js';

/** Runs `marshall.bench.ts` for these contestants in a fresh process. */
async function measure(plan: Plan, contestants: readonly ClientName[]): Promise<MarshallResults> {
  const child = forkBench('marshall.bench.ts', { args: [String(plan.marshallRounds), contestants.join(',')] });
  try {
    return await nextMessage(child, (m) => m as MarshallResults, 300_000, 'marshall bench');
  } finally {
    await stopChild(child);
  }
}

/** marshall/unmarshall throughput: each contestant alone in its process, then all three in one. */
export async function marshallSection(plan: Plan): Promise<Section> {
  const alone: MarshallResults = { marshall: {}, unmarshall: {} };
  for (const client of CLIENTS) {
    const results = await measure(plan, [client]);
    alone.marshall[client] = results.marshall[client]!;
    alone.unmarshall[client] = results.unmarshall[client]!;
  }
  const together = await measure(plan, CLIENTS);
  return {
    title: 'marshall / unmarshall throughput (in process, no I/O)',
    columns: { ...COLUMN_TITLES, 'aws-sdk-v3': '@aws-sdk/util-dynamodb' },
    rows: [
      { measure: 'marshall (native → wire), each alone in its process', unit: 'items/s', values: alone.marshall },
      { measure: 'unmarshall (wire → native), each alone in its process', unit: 'items/s', values: alone.unmarshall },
      { measure: 'marshall, all three in one process', unit: 'items/s', values: together.marshall },
      { measure: 'unmarshall, all three in one process (warm V8 enum caches for the SDK)', unit: 'items/s', values: together.unmarshall },
    ],
    notes: [
      `The 100 ~1.4 KB orders, wire items from JSON.parse as responses are; median of ${plan.marshallRounds} rounds of 1,000 passes after warm-up (interleaved when together). The SDK column is \`@aws-sdk/util-dynamodb\` (what the DocumentClient uses).`,
      "util-dynamodb's `Object.entries` is ~3× faster once V8 has enum caches for the item shapes, which `for...in`/`Object.keys` build and `Object.entries` does not: alone it stays cold, next to rx-dynamodb or the raw floor it runs warm. Which one an app sees depends on whether anything else enumerates those objects.",
      'The raw floor converts numbers with `Number()` (inexact past 2^53 / 17 digits) and validates nothing; rx-dynamodb keeps every number exact and refuses what DynamoDB cannot store.',
    ],
  };
}
