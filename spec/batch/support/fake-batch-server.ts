import type { RunHelpers } from 'rxjs/testing';
import { DynamoDB } from '../../../src/client.js';
import type { DynamoDBOptions } from '../../../src/config/options.js';
import type { DynamoDBResponse } from '../../../src/http/types.js';
import type { AttributeMap } from '../../../src/marshall/types.js';
import { unmarshall } from '../../../src/marshall/unmarshall.js';
import type { WriteRequest } from '../../../src/batch/batch-write-item.js';
import { errorResponse, okResponse } from '../../../src/testing/fixtures.js';

type Json = Record<string, unknown>;

/** One request the fake received, with the cold Observable that answered it (for `expectSubscriptions`). */
export interface Received {
  action: string;
  body: Json;
  answer: ReturnType<RunHelpers['cold']>;
}

/** One element of a batch request: a key to read, or a write, with its table. */
interface Element {
  table: string;
  wire: Json;
}

/** How the fake behaves. */
export interface FakeBatchOptions {
  /** How many elements, from the end, batch request number `call` (0-based) leaves unprocessed. None by default. */
  leave?: (call: number, count: number) => number;
  /** Replaces the answer to batch request number `call` (e.g. with an error response). */
  answer?: (call: number) => DynamoDBResponse | undefined;
  /** Tables DescribeTable does not find (ResourceNotFoundException). */
  missing?: string[];
  /** Marble of every batch answer, `r` being the response. @default '-(r|)' */
  latency?: string;
  /** Marble of every DescribeTable answer. @default '-(r|)' */
  schemaLatency?: string;
  /** Client options (maxConcurrency, maxRetries, ...). */
  client?: DynamoDBOptions;
}

/** The client and what the fake saw and stores. */
export interface FakeBatchServer {
  db: DynamoDB;
  received: Received[];
  /** Batch requests (and GetItem) only. */
  batches(): Received[];
  /** Items per table, by `pk`. */
  tables: Map<string, Map<string, AttributeMap>>;
}

const DESCRIPTION = (table: string) => ({
  Table: {
    TableName: table,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  },
});

function keyText(table: string, attributes: Json): string {
  return `${table}/${JSON.stringify((attributes['pk'] as { S: string }).S)}`;
}

/** Groups elements back into a per-table map, `shape` giving each table's entry. */
function group(elements: Element[], shape: (table: string, wires: Json[]) => unknown): Json {
  const tables = new Map<string, Json[]>();
  for (const { table, wire } of elements) tables.set(table, [...(tables.get(table) ?? []), wire]);
  return Object.fromEntries([...tables].map(([table, wires]) => [table, shape(table, wires)]));
}

/**
 * A client whose fake transport plays a DynamoDB of tables keyed by a string `pk`: DescribeTable,
 * BatchWriteItem, BatchGetItem and GetItem, checking DynamoDB's limits (25 writes, 100 keys, no key twice in a
 * request). Writes are applied when the request is sent. Build it inside `TestScheduler.run`.
 */
export function fakeBatchServer({ cold }: RunHelpers, options: FakeBatchOptions = {}): FakeBatchServer {
  const received: Received[] = [];
  const tables = new Map<string, Map<string, AttributeMap>>();
  const table = (name: string) => tables.get(name) ?? tables.set(name, new Map()).get(name)!;
  let call = 0;

  const batch = (action: string, body: Json): DynamoDBResponse => {
    const n = call++;
    const replaced = options.answer?.(n);
    if (replaced) return replaced;
    const requestItems = body['RequestItems'] as Record<string, unknown>;
    const isGet = action === 'BatchGetItem';
    const elements: Element[] = Object.entries(requestItems).flatMap(([name, entry]) =>
      ((isGet ? (entry as Json)['Keys'] : entry) as Json[]).map((wire) => ({ table: name, wire })),
    );
    const identities = elements.map(({ table: name, wire }) => {
      const write = wire['PutRequest'] as Json | undefined;
      const attributes = isGet ? wire : ((write?.['Item'] ?? (wire['DeleteRequest'] as Json)['Key']) as Json);
      return keyText(name, attributes);
    });
    if (elements.length > (isGet ? 100 : 25)) return errorResponse('ValidationException', 'Too many items requested');
    if (new Set(identities).size !== identities.length) return errorResponse('ValidationException', 'Provided list of item keys contains duplicates');
    const kept = elements.length - (options.leave?.(n, elements.length) ?? 0);
    const found: Element[] = [];
    elements.slice(0, kept).forEach(({ table: name, wire }, index) => {
      const id = identities[index]!;
      const store = table(name);
      if (isGet) {
        const item = store.get(id);
        if (item) found.push({ table: name, wire: item });
      } else if (wire['PutRequest']) store.set(id, (wire['PutRequest'] as Json)['Item'] as AttributeMap);
      else store.delete(id);
    });
    const rest = elements.slice(kept);
    // One capacity unit per element processed, per table, when asked for.
    const asked = body['ReturnConsumedCapacity'] !== undefined && body['ReturnConsumedCapacity'] !== 'NONE';
    const capacity = asked ? { ConsumedCapacity: Object.entries(group(elements.slice(0, kept), (_, done) => done.length)).map(([name, units]) => ({ TableName: name, CapacityUnits: units })) } : {};
    if (isGet) {
      const unprocessed = group(rest, (name, keys) => ({ ...(requestItems[name] as Json), Keys: keys }));
      return okResponse({ Responses: group(found, (_, items) => items), UnprocessedKeys: unprocessed, ...capacity });
    }
    return okResponse({ UnprocessedItems: group(rest, (_, writes) => writes), ...capacity });
  };

  /** GetItem, for the calls that auto-batching sends alone. */
  const getItem = (body: Json): DynamoDBResponse => {
    const item = table(body['TableName'] as string).get(keyText(body['TableName'] as string, body['Key'] as Json));
    return okResponse(item ? { Item: item } : {});
  };

  const describeTable = (name: string): DynamoDBResponse =>
    options.missing?.includes(name) ? errorResponse('ResourceNotFoundException', 'Requested resource not found') : okResponse(DESCRIPTION(name));

  const db = new DynamoDB({
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    env: {},
    ...options.client,
    retry: { random: () => 1, ...options.client?.retry },
    transport: (request) => {
      const body = JSON.parse(request.body) as Json;
      const isSchema = request.action === 'DescribeTable';
      const response = isSchema ? describeTable(body['TableName'] as string) : request.action === 'GetItem' ? getItem(body) : batch(request.action, body);
      const answer = cold((isSchema ? options.schemaLatency : options.latency) ?? '-(r|)', { r: response });
      received.push({ action: request.action, body, answer });
      return answer;
    },
  });
  return { db, received, tables, batches: () => received.filter((r) => r.action !== 'DescribeTable') };
}

/** The number of elements of each table in a batch request body. */
export function counts(body: Json): Record<string, number> {
  const requestItems = body['RequestItems'] as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(requestItems).map(([name, entry]) => [name, (Array.isArray(entry) ? entry : ((entry as Json)['Keys'] as unknown[])).length]),
  );
}

/** `n` puts of items `{ pk: prefix + i, n: i }`. */
export const puts = (n: number, prefix = 'k'): WriteRequest[] => Array.from({ length: n }, (_, i) => ({ put: { pk: `${prefix}${i}`, n: i } }));

/** The items the fake holds in `table`, as native values. */
export const stored = (server: FakeBatchServer, table = 'Users') => [...(server.tables.get(table)?.values() ?? [])].map((item) => unmarshall(item));
