// How the provisioned mode learns what a request consumed: it asks the upstream for ConsumedCapacity
// (ReturnConsumedCapacity TOTAL when the client did not ask for it), reads it from the response, and
// takes it out again when the client had not asked, so the client sees what it asked for.
//
// Why ask rather than compute units from the response: the server computes them by DynamoDB's rules
// (dynalite: item sizes as stored, 4 KB read units halved for eventual consistency, a query or scan
// charged on everything it evaluated before filtering, 1 KB write units on the larger of the old and new
// item), and a client that paces by consumed capacity reads the same figures. A second computation in the
// proxy could disagree with what the client is told, and a pacing spec would then measure that
// disagreement instead of the pacing. The proxy changes the request body, so a signature over it no longer
// holds: neither local server checks signatures.
import type { CapacityKind } from './provisioned.js';

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const KINDS: Readonly<Record<string, CapacityKind>> = {
  GetItem: 'read',
  Query: 'read',
  Scan: 'read',
  BatchGetItem: 'read',
  TransactGetItems: 'read',
  PutItem: 'write',
  UpdateItem: 'write',
  DeleteItem: 'write',
  BatchWriteItem: 'write',
  TransactWriteItems: 'write',
};

/** A request that consumes capacity, as the provisioned mode forwards it. */
export interface ChargedRequest {
  kind: CapacityKind;
  /** The tables it reads or writes, with the items it names in each (1 for a single-item call, a query or a scan). */
  items: Map<string, number>;
  /** The body to forward: the client's, with `ReturnConsumedCapacity: 'TOTAL'` when it had not asked for capacity. */
  body: Buffer;
  /** Whether the proxy added `ReturnConsumedCapacity` (and must take `ConsumedCapacity` out of the response). */
  asked: boolean;
}

/**
 * The tables a request body names, each with the number of items it names there: `TableName` (one), the
 * entries of `RequestItems` (write requests, or `Keys`), or the `TableName` of each transaction item.
 */
function itemsByTable(request: Json): Map<string, number> {
  const items = new Map<string, number>();
  const add = (table: string, n: number): void => void items.set(table, (items.get(table) ?? 0) + n);
  if (typeof request['TableName'] === 'string') add(request['TableName'], 1);
  if (isRecord(request['RequestItems'])) {
    for (const [table, entry] of Object.entries(request['RequestItems'])) {
      const list = Array.isArray(entry) ? entry : isRecord(entry) ? entry['Keys'] : undefined;
      add(table, Array.isArray(list) ? list.length : 1);
    }
  }
  if (Array.isArray(request['TransactItems'])) {
    for (const item of request['TransactItems']) {
      for (const operation of isRecord(item) ? Object.values(item) : []) {
        if (isRecord(operation) && typeof operation['TableName'] === 'string') add(operation['TableName'], 1);
      }
    }
  }
  return items;
}

/** The request as the provisioned mode forwards it, or `undefined` when the action consumes no capacity or the body is not JSON. */
export function chargedRequest(action: string, body: Buffer): ChargedRequest | undefined {
  const kind = KINDS[action];
  if (!kind) return undefined;
  let request: unknown;
  try {
    request = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(request)) return undefined;
  const wanted = request['ReturnConsumedCapacity'] === 'TOTAL' || request['ReturnConsumedCapacity'] === 'INDEXES';
  const forwarded = wanted ? body : Buffer.from(JSON.stringify({ ...request, ReturnConsumedCapacity: 'TOTAL' }));
  return { kind, items: itemsByTable(request), body: forwarded, asked: !wanted };
}

/** What a response says was consumed, and its body as the client should see it. */
export interface ConsumedUnits {
  /** `CapacityUnits` by table (tables and their indexes together). */
  units: Map<string, number>;
  /** The response body without `ConsumedCapacity` when the proxy asked for it, else `undefined` (unchanged). */
  stripped: Buffer | undefined;
}

/** Reads `ConsumedCapacity` (one entry, or one per table) from a successful response body. */
export function consumedUnits(body: Buffer, asked: boolean): ConsumedUnits {
  const units = new Map<string, number>();
  let response: unknown;
  try {
    response = JSON.parse(body.toString('utf8'));
  } catch {
    return { units, stripped: undefined };
  }
  if (!isRecord(response)) return { units, stripped: undefined };
  const consumed = response['ConsumedCapacity'];
  for (const entry of Array.isArray(consumed) ? consumed : [consumed]) {
    if (isRecord(entry) && typeof entry['TableName'] === 'string' && typeof entry['CapacityUnits'] === 'number') {
      units.set(entry['TableName'], (units.get(entry['TableName']) ?? 0) + entry['CapacityUnits']);
    }
  }
  if (!asked || consumed === undefined) return { units, stripped: undefined };
  const { ConsumedCapacity: _taken, ...rest } = response;
  return { units, stripped: Buffer.from(JSON.stringify(rest)) };
}
