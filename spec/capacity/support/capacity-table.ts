import { asyncScheduler, map, timer, type Observable } from 'rxjs';
import { DynamoDB } from '../../../src/client.js';
import type { DynamoDBOptions } from '../../../src/config/options.js';
import type { DynamoDBRequest, DynamoDBResponse, Transport } from '../../../src/http/types.js';
import { okResponse, throttledResponse } from '../../../src/testing/fixtures.js';

/** How a fake table behaves. */
export interface CapacityTableOptions {
  /** Items in the table, keyed `0`, `1`, ... */
  items: number;
  /** Bytes of item `index`, as DynamoDB counts them for capacity. */
  itemBytes: (index: number) => number;
  /** Milliseconds (virtual) each answer takes. @default 10 */
  latencyMs?: number;
  /** Whether a request sent at this (virtual) time is answered with a ProvisionedThroughputExceededException. */
  throttle?: (now: number) => boolean;
  /** Client options besides the transport. */
  client?: DynamoDBOptions;
}

/** One request the fake received. */
export interface Received {
  /** When it was sent (virtual ms). */
  at: number;
  action: string;
  body: Record<string, unknown>;
  throttled: boolean;
}

/** One answered page: when it was answered, what it consumed, the keys it held. */
export interface Served {
  at: number;
  units: number;
  keys: string[];
}

/** The client over the fake, and what the fake saw. */
export interface CapacityTable {
  db: DynamoDB;
  transport: Transport;
  received: Received[];
  served: Served[];
}

const PAGE_BYTES = 1024 * 1024;

/**
 * A fake DynamoDB serving Query and Scan (parallel segments too: item i is in segment i % totalSegments)
 * over one table, on RxJS timers. A page holds up to `Limit` items evaluated, or 1 MB; it costs what
 * DynamoDB charges, `ceil(bytes / 4 KB) * 0.5` read units (twice that with ConsistentRead), reported
 * as `ConsumedCapacity` only when the request asks (`TOTAL`, or `INDEXES` with the `Table` split).
 */
export function capacityTable(options: CapacityTableOptions): CapacityTable {
  const { items, itemBytes, latencyMs = 10, throttle = () => false } = options;
  const received: Received[] = [];
  const served: Served[] = [];
  const answer = (body: Record<string, unknown>): DynamoDBResponse => {
    const now = asyncScheduler.now();
    const total = (body['TotalSegments'] as number | undefined) ?? 1;
    const segment = (body['Segment'] as number | undefined) ?? 0;
    const start = body['ExclusiveStartKey'] as { pk: { S: string } } | undefined;
    const limit = (body['Limit'] as number | undefined) ?? Infinity;
    const keys: string[] = [];
    let bytes = 0;
    let index = start ? Number(start.pk.S) + total : segment;
    for (; index < items && keys.length < limit && bytes < PAGE_BYTES; index += total) {
      keys.push(String(index));
      bytes += itemBytes(index);
    }
    const units = Math.ceil(bytes / 4096) * 0.5 * (body['ConsistentRead'] === true ? 2 : 1);
    served.push({ at: now, units, keys });
    const asked = body['ReturnConsumedCapacity'];
    const capacity = asked === 'TOTAL' || asked === 'INDEXES' ? { ConsumedCapacity: { TableName: body['TableName'], CapacityUnits: units, ...(asked === 'INDEXES' ? { Table: { CapacityUnits: units } } : {}) } } : {};
    const last = keys.at(-1);
    return okResponse({
      Items: keys.map((key) => ({ pk: { S: key } })),
      Count: keys.length,
      ScannedCount: keys.length,
      ...(index < items && last !== undefined ? { LastEvaluatedKey: { pk: { S: last } } } : {}),
      ...capacity,
    });
  };
  const transport: Transport = (request: DynamoDBRequest): Observable<DynamoDBResponse> => {
    const body = JSON.parse(request.body) as Record<string, unknown>;
    const at = asyncScheduler.now();
    const throttled = throttle(at);
    received.push({ at, action: request.action, body, throttled });
    return timer(latencyMs).pipe(map(() => (throttled ? throttledResponse() : answer(body))));
  };
  const db = new DynamoDB({ transport, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {}, ...options.client });
  return { db, transport, received, served };
}

/** Units served in `[from, to)` ms, per second. */
export function unitsPerSecond(served: readonly Served[], from: number, to: number): number {
  const units = served.filter(({ at }) => at >= from && at < to).reduce((sum, { units }) => sum + units, 0);
  return units / ((to - from) / 1000);
}
