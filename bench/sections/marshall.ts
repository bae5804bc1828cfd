import { forkBench, nextMessage, stopChild } from '../harness/child.js';
import type { Plan } from '../harness/plan.js';
import { COLUMN_TITLES, type Section } from '../harness/report.js';
import type { MarshallResults } from '../marshall.bench.js';

/** marshall/unmarshall throughput, in a fresh process (`marshall.bench.ts`). */
export async function marshallSection(plan: Plan): Promise<Section> {
  const child = forkBench('marshall.bench.ts', { args: [String(plan.marshallRounds)] });
  try {
    const results = await nextMessage(child, (m) => m as MarshallResults, 300_000, 'marshall bench');
    return {
      title: 'marshall / unmarshall throughput (in process, no I/O)',
      columns: { ...COLUMN_TITLES, 'aws-sdk-v3': '@aws-sdk/util-dynamodb' },
      rows: [
        { measure: 'marshall (native → wire)', unit: 'items/s', values: results.marshall },
        { measure: 'unmarshall (wire → native)', unit: 'items/s', values: results.unmarshall },
        { measure: 'unmarshall, first run (cold V8 enum caches)', unit: 'items/s', values: { 'aws-sdk-v3': results.sdkColdUnmarshall } },
      ],
      notes: [
        `The 100 ~1.4 KB orders, wire items from JSON.parse as responses are; median of ${plan.marshallRounds} interleaved rounds of 1,000 passes after warm-up, in one fresh process. The SDK column is \`@aws-sdk/util-dynamodb\` (what the DocumentClient uses).`,
        'The raw floor converts numbers with `Number()` (inexact past 2^53 / 17 digits) and validates nothing; rx-dynamodb keeps every number exact and refuses what DynamoDB cannot store.',
      ],
    };
  } finally {
    await stopChild(child);
  }
}
