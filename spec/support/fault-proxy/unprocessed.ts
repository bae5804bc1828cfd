// The `unprocessed` fault: forward only part of a BatchWriteItem or BatchGetItem and report the
// rest as UnprocessedItems / UnprocessedKeys, as DynamoDB does under load (no local server does).

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A batch request cut in two: what goes upstream, and what is answered as unprocessed. */
export interface BatchSplit {
  /** The shortened request body, or `undefined` when every item was moved (nothing to forward). */
  forward: Buffer | undefined;
  /** The removed part, shaped as the response's UnprocessedItems / UnprocessedKeys map. */
  moved: Json;
}

/** The list of write requests (BatchWriteItem) or of keys (BatchGetItem) of one table entry. */
function itemsOf(action: string, entry: unknown): unknown[] | undefined {
  const list = action === 'BatchGetItem' ? (isRecord(entry) ? entry['Keys'] : undefined) : entry;
  return Array.isArray(list) ? list : undefined;
}

/** A table entry holding only `items`; a BatchGetItem entry keeps its other fields (projection, ...). */
function withItems(action: string, entry: unknown, items: unknown[]): unknown {
  return action === 'BatchGetItem' ? { ...(entry as Json), Keys: items } : items;
}

/**
 * Splits a batch request: each table keeps the first half (rounded up) of its items, the rest is
 * moved. When that moves nothing, the last table's items are moved, so at least one item always is.
 * Returns `undefined` when the body is not a batch request this can split.
 */
export function splitBatch(action: string, body: Buffer): BatchSplit | undefined {
  let request: unknown;
  try {
    request = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(request) || !isRecord(request['RequestItems'])) return undefined;
  const tables = Object.entries(request['RequestItems']);
  if (tables.length === 0) return undefined;
  const sizes = tables.map(([, entry]) => itemsOf(action, entry)?.length ?? 0);
  const keep = sizes.map((n) => Math.ceil(n / 2));
  if (keep.every((k, i) => k === sizes[i])) keep[keep.length - 1] = 0;
  const kept: Json = {};
  const moved: Json = {};
  tables.forEach(([table, entry], i) => {
    const items = itemsOf(action, entry) ?? [];
    const k = keep[i] ?? items.length;
    if (k > 0) kept[table] = withItems(action, entry, items.slice(0, k));
    if (k < items.length) moved[table] = withItems(action, entry, items.slice(k));
  });
  const forward = Object.keys(kept).length > 0 ? Buffer.from(JSON.stringify({ ...request, RequestItems: kept })) : undefined;
  return { forward, moved };
}

/**
 * The upstream's batch response (`undefined` when nothing was forwarded) with the moved items
 * added to its UnprocessedItems / UnprocessedKeys. Returns `undefined` when that body is not a
 * JSON object (an error page), so the caller can pass it through unchanged.
 */
export function mergeUnprocessed(action: string, upstream: Buffer | undefined, moved: Json): Buffer | undefined {
  let response: unknown;
  try {
    response = upstream ? JSON.parse(upstream.toString('utf8')) : action === 'BatchGetItem' ? { Responses: {} } : {};
  } catch {
    return undefined;
  }
  if (!isRecord(response)) return undefined;
  const field = action === 'BatchGetItem' ? 'UnprocessedKeys' : 'UnprocessedItems';
  const unprocessed: Json = isRecord(response[field]) ? { ...response[field] } : {};
  for (const [table, entry] of Object.entries(moved)) {
    const earlier = unprocessed[table];
    const items = [...(itemsOf(action, earlier) ?? []), ...(itemsOf(action, entry) ?? [])];
    unprocessed[table] = withItems(action, earlier ?? entry, items);
  }
  return Buffer.from(JSON.stringify({ ...response, [field]: unprocessed }));
}
