import { firstValueFrom, lastValueFrom, map, toArray, type Observable } from 'rxjs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import type { DynamoDB } from '../../src/client.js';
import type { Item } from '../../src/operations/types.js';
import type { Page } from '../../src/streams/page.js';
import { localClient, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { useFaultProxy } from '../support/use-fault-proxy.js';
import { FAULT_MIX, PATIENT, SLOW_MS, injected } from './support.js';

const { server, proxy } = useFaultProxy({ seed: 12 });
/** Straight to dynalite, without faults: the reference answers. */
let direct: DynamoDB;
/** Through the proxy. */
let db: DynamoDB;
const measurements: Measurement[] = [];
const table = uniqueTableName('Scan');
/** 4,000 items over 40 partitions, and 1,000 in the partition `hot` (for a query). */
const ITEMS = 5000;
const HOT = 1000;
/** Items per page request: many pages, so that faults hit page requests in the middle of a stream. */
const LIMIT = 50;

function item(n: number): Item {
  return n < HOT ? { pk: 'hot', sk: n, body: `hot/${n}` } : { pk: `p${n % 40}`, sk: n, body: `${n % 40}/${n}` };
}

/** A page stream as `[segment, pk/sk]` per item, in the order delivered. */
function keysOf(pages: Observable<Page<Item>>): Promise<[number | undefined, string][]> {
  return lastValueFrom(
    pages.pipe(
      map((page) => page.items.map((row): [number | undefined, string] => [page.segment, `${String(row['pk'])}/${String(row['sk'])}`])),
      toArray(),
      map((pageRows) => pageRows.flat()),
    ),
  );
}

/** The sequence of each segment, in the order its pages came. */
function bySegment(rows: [number | undefined, string][]): Map<number | undefined, string[]> {
  const segments = new Map<number | undefined, string[]>();
  for (const [segment, key] of rows) segments.set(segment, [...(segments.get(segment) ?? []), key]);
  return segments;
}

beforeAll(async () => {
  direct = localClient(server.endpoint);
  db = localClient(proxy.endpoint, { ...PATIENT, onMeasurement: (m) => measurements.push(m) });
  await firstValueFrom(direct.createTable(tableDefinition(table, true)));
  await lastValueFrom(direct.batchWriteItem({ [table]: Array.from({ length: ITEMS }, (_, n) => ({ put: item(n) })) }));
});
beforeEach(() => {
  measurements.length = 0;
});

describe('scans and queries through the fault mix: every item exactly once, in order where order is defined', () => {
  const faults = (seed: number) => proxy.setRandom({ seed, faults: FAULT_MIX, delayMs: SLOW_MS });

  it(`a full scan (${ITEMS / LIMIT} pages) gives the same items in the same order as without faults`, async () => {
    const reference = await keysOf(direct.scan(table, { limit: LIMIT }));
    faults(21);
    const rows = await keysOf(db.scan(table, { limit: LIMIT }));
    expect(reference).toHaveLength(ITEMS);
    expect(rows).toEqual(reference);
    expect(measurements.filter((m) => m.action === 'Scan')).toHaveLength(reference.length / LIMIT + 1);
    expect(measurements.some((m) => m.attempts > 1)).toBe(true);
    console.info(`[reliability] scan: ${rows.length} items verified, ${proxy.stats.requests} requests, faults ${JSON.stringify(injected(proxy))}`);
  });

  it('a 4-segment parallel scan gives every item once, each segment in its own order', async () => {
    const reference = bySegment(await keysOf(direct.scan(table, { limit: LIMIT, segments: 4 })));
    faults(22);
    const rows = await keysOf(db.scan(table, { limit: LIMIT, segments: 4 }));
    expect(new Set(rows.map(([, key]) => key)).size).toBe(ITEMS);
    expect(rows).toHaveLength(ITEMS);
    expect(bySegment(rows)).toEqual(reference);
    expect([...reference.keys()].sort()).toEqual([0, 1, 2, 3]);
    console.info(`[reliability] parallel scan: ${rows.length} items verified, ${proxy.stats.requests} requests, faults ${JSON.stringify(injected(proxy))}`);
  });

  it(`a query of ${HOT} items in one partition comes in sort-key order, both directions`, async () => {
    faults(23);
    const query = { keyConditionExpression: 'pk = :pk', expressionAttributeValues: { ':pk': 'hot' }, limit: LIMIT };
    const ascending = await keysOf(db.query(table, query));
    const descending = await keysOf(db.query(table, { ...query, scanIndexForward: false }));
    const expected = Array.from({ length: HOT }, (_, n) => `hot/${n}`);
    expect(ascending.map(([, key]) => key)).toEqual(expected);
    expect(descending.map(([, key]) => key)).toEqual(expected.reverse());
  });
});
