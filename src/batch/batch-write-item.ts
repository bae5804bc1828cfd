import { Buffer } from 'node:buffer';
import { defer, EMPTY, forkJoin, from, map, mergeMap, switchMap, type Observable, type OperatorFunction } from 'rxjs';
import { InvalidParameterError } from '../errors/client-errors.js';
import { marshall } from '../marshall/marshall.js';
import type { AttributeMap, Key } from '../marshall/types.js';
import type { BatchPlan, BatchResult, BatchUnit } from './batch-plan.js';
import { JsonText } from '../call/json-text.js';
import { runBatches } from './batch-runner.js';
import type { BatchContext } from './batch-context.js';
import { nativesByTable, tablesIn } from './batch-response.js';
import { readConsumedCapacities, type ConsumedCapacity } from '../response/consumed-capacity.js';
import { malformed, member, readAttributeMap, readList, readMap, type ResponseOrigin } from '../response/read.js';
import { checkItemSizeGivenJson } from '../input/item-size.js';
import { keyId } from '../input/key-identity.js';
import { checkedKey, checkKeySize, projectKey, type KeySchema } from './key-schema.js';
import { key } from '../input/attributes.js';
import { listOf } from '../input/reader.js';
import type { WithCapacity } from '../capacity/capacity-option.js';
import { batchPacing, type BatchPacing, type ElementCost } from './batch-pacer.js';
import { wireOptions } from '../input/shape.js';
import { returnConsumedCapacity } from '../operations/option-fields.js';
import type { Item, ReturnConsumedCapacity } from '../operations/types.js';
import { plainObject, tableName } from '../input/validate.js';

/** One write of a batch: put this item (replacing any with its key), or delete the item with this key. */
export type WriteRequest<T extends object = Item> = { put: T } | { delete: Key };

/**
 * Writes per table: `{ Users: [{ put: user }, { delete: { id: 'u2' } }] }`. Writes to one key are applied
 * in the order given.
 */
export type BatchWriteRequest = Readonly<Record<string, readonly WriteRequest<object>[]>>;

/** Options of `batchWriteItem` that apply to the whole call; `capacity` paces it in write units. */
export interface BatchWriteOptions extends WithCapacity {
  /** `TOTAL` or `INDEXES` puts on each progress what the response before it consumed, per table. */
  returnConsumedCapacity?: ReturnConsumedCapacity | undefined;
}

const readWireOptions = wireOptions<Omit<BatchWriteOptions, 'capacity'>>({ returnConsumedCapacity });
/** A write of up to 1 KB costs 1 write unit; answers say how much more. */
const WRITE_COST: ElementCost = { kind: 'write', initialUnitsPerElement: 1, unprocessedIsThrottling: true };

/** Reads the options of a batch write (`batchWriteItem`, and `bulkWrite`'s besides `concurrency`): its wire fields and pacing. @internal */
export function batchWritePacing(options: BatchWriteOptions | undefined): BatchPacing {
  const { capacity, ...wire } = options === undefined ? {} : plainObject(options, 'options');
  return batchPacing(readWireOptions(wire, 'options'), capacity, 'options.capacity', WRITE_COST);
}

/** Progress of `batchWriteItem`, `bulkWrite` and `bulkWriteFrom`, emitted after each BatchWriteItem response. */
export interface BatchWriteProgress {
  /** Writes DynamoDB has acknowledged so far. */
  written: number;
  /** Writes taken so far: the whole request for `batchWriteItem`, those the source emitted for `bulkWrite`. */
  total: number;
  /** Times a write came back unprocessed and was queued again, so far. */
  retried: number;
  /** What the response this progress follows consumed, one entry per table, when `returnConsumedCapacity` asked for it. */
  consumedCapacity?: ConsumedCapacity[];
  /**
   * Write units consumed so far, every table and index together, when the call asked DynamoDB for them
   * (`capacity`, or `returnConsumedCapacity`): for a progress bar of units per second.
   */
  consumedUnits?: number;
}

/** Bytes of writes per request: DynamoDB takes 16 MB of JSON; the rest is room for table names and braces. */
const MAX_REQUEST_BYTES = 16_000_000 - 64 * 1024;

/** A write checked and marshalled; its key is checked once the table's key schema is known. @internal */
export interface MarshalledWrite extends Omit<WriteUnit, 'id'> {
  /** The item of a put, the key of a delete. */
  readonly attributes: AttributeMap;
  readonly isDelete: boolean;
  /** Names the write in errors, e.g. `request.Users[3].put`. */
  readonly parameter: string;
}

/**
 * A write ready for a request: its wire element (`{"PutRequest":{"Item":...}}`) is JSON text, serialized
 * once, both to measure the request's bytes and to build its body. @internal
 */
export type WriteUnit = BatchUnit<WriteRequest<object>, string>;

/** The JSON around a put's item and a delete's key in a request. */
const PUT_WRAPPING = ['{"PutRequest":{"Item":', '}}'] as const;
const DELETE_WRAPPING = ['{"DeleteRequest":{"Key":', '}}'] as const;

/** Checks and marshals one write; refuses an item over 400 KB as DynamoDB measures it. @internal */
export function marshallWrite(table: string, write: unknown, parameter: string): MarshalledWrite {
  const given = plainObject(write, parameter);
  const kinds = Object.keys(given).filter((name) => given[name] !== undefined);
  const kind = kinds[0];
  if (kinds.length !== 1 || (kind !== 'put' && kind !== 'delete')) {
    throw new InvalidParameterError(parameter, `must be { put: item } or { delete: key }, got { ${kinds.join(', ')} }`);
  }
  const at = `${parameter}.${kind}`;
  const attributes = kind === 'put' ? marshall(plainObject(given['put'], at), at) : key(given['delete'], at);
  const json = JSON.stringify(attributes);
  const [opening, closing] = kind === 'put' ? PUT_WRAPPING : DELETE_WRAPPING;
  // Measured apart from its ASCII wrapping: the joined text is copied once, when a request's body is built.
  const bytes = Buffer.byteLength(json);
  if (kind === 'put') checkItemSizeGivenJson(attributes, bytes, at);
  const wire = opening + json + closing;
  const size = opening.length + bytes + closing.length + 1;
  return { table, wire, size, native: write as WriteRequest<object>, attributes, isDelete: kind === 'delete', parameter: at };
}

/**
 * A marshalled write as a batch unit, its key checked against the table's key schema and its size limits
 * (DynamoDB refuses the whole request for one key too long). @internal
 */
export function writeUnit(schema: KeySchema, write: MarshalledWrite): WriteUnit {
  const key = checkedKey(schema, write.attributes, write.parameter, write.isDelete);
  checkKeySize(schema, key, write.parameter);
  const id = keyId(write.table, key);
  return { table: write.table, id, wire: write.wire, size: write.size, native: write.native };
}

/**
 * The body of a BatchWriteItem request as JSON text: the call's wire options, then `RequestItems` with each
 * table's writes (already JSON text) in order; what `JSON.stringify` gives for the same body as an object. @internal
 */
export function writeRequestBody(options: Readonly<Record<string, unknown>>, tables: ReadonlyMap<string, readonly string[]>): JsonText {
  let text = '{';
  for (const [name, value] of Object.entries(options)) if (value !== undefined) text += `${JSON.stringify(name)}:${JSON.stringify(value)},`;
  text += '"RequestItems":{';
  let first = true;
  for (const [table, writes] of tables) {
    text += `${first ? '' : ','}${JSON.stringify(table)}:[${writes.join(',')}]`;
    first = false;
  }
  return new JsonText(`${text}}}`);
}

/** The id of an element of a response's `UnprocessedItems`, read with the key schema of its table. */
function unprocessedId(schemas: ReadonlyMap<string, KeySchema>, table: string, element: unknown, origin: ResponseOrigin, path: string): string {
  const schema = schemas.get(table);
  if (!schema) throw malformed(origin, path, 'names a table the call did not write to');
  const write = readMap(element, origin, path);
  const attributes =
    write['PutRequest'] !== undefined
      ? readAttributeMap(readMap(write['PutRequest'], origin, `${path}.PutRequest`)['Item'], origin, `${path}.PutRequest.Item`)
      : readAttributeMap(readMap(write['DeleteRequest'], origin, `${path}.DeleteRequest`)['Key'], origin, `${path}.DeleteRequest.Key`);
  return keyId(table, projectKey(schema, attributes));
}

/**
 * How BatchWriteItem requests are built and read, for tables with these key schemas, with the call's wire
 * options (`ReturnConsumedCapacity`). @internal
 */
export function writePlan(schemas: ReadonlyMap<string, KeySchema>, { wire: options, reportsCapacity }: BatchPacing): BatchPlan<WriteRequest<object>, BatchWriteRequest, never, string> {
  return {
    action: 'BatchWriteItem',
    noun: 'writes',
    verb: 'applied',
    maxUnits: 25,
    maxBytes: MAX_REQUEST_BYTES,
    body: (tables) => writeRequestBody(options, tables),
    read: (body, origin) => {
      // DynamoDB always names it ({} when every write was applied): without it (an empty body) nothing says so.
      if (body['UnprocessedItems'] === undefined) throw malformed(origin, 'UnprocessedItems', 'is missing');
      const unprocessed = tablesIn(body, 'UnprocessedItems', origin).flatMap(([table, writes]) => {
        const path = member('UnprocessedItems', table);
        return readList(writes, origin, path).map((element, index) => unprocessedId(schemas, table, element, origin, `${path}[${index}]`));
      });
      const consumedCapacity = readConsumedCapacities(body, origin);
      return consumedCapacity === undefined ? { unprocessed, found: [] } : { unprocessed, found: [], consumedCapacity };
    },
    report: nativesByTable,
    reportsCapacity,
  };
}

/** The public progress of a batch write. @internal */
export function toWriteProgress(): OperatorFunction<BatchResult<never>, BatchWriteProgress> {
  return map(({ progress, consumedCapacity }) => {
    const result: BatchWriteProgress = { written: progress.processed, total: progress.total, retried: progress.retried };
    if (consumedCapacity !== undefined) result.consumedCapacity = consumedCapacity;
    if (progress.consumedUnits !== undefined) result.consumedUnits = progress.consumedUnits;
    return result;
  });
}

/** Checks and marshals every write of a request, in order. */
function marshallRequest(request: BatchWriteRequest): MarshalledWrite[] {
  const writes: MarshalledWrite[] = [];
  for (const [table, list] of Object.entries(plainObject(request, 'request'))) {
    const parameter = `request.${table}`;
    tableName(table, parameter);
    if (!Array.isArray(list)) throw new InvalidParameterError(parameter, 'must be an array of { put: item } or { delete: key }');
    // listOf, not forEach: a hole is read as undefined and refused rather than skipped.
    for (const write of listOf((entry, at) => marshallWrite(table, entry, at))(list, parameter)) writes.push(write);
  }
  return writes;
}

/**
 * Applies every write of `request`, in chunks of up to 25 writes and 16 MB, re-sending what DynamoDB returns
 * unprocessed, and emits {@link BatchWriteProgress} after each response; completes once every write is
 * acknowledged. Reads each table's key schema first (DescribeTable, once per table per client) to know
 * which writes share a key: a write waits until the previous write to its key is acknowledged.
 */
export function batchWriteItem(context: BatchContext, request: BatchWriteRequest, options?: BatchWriteOptions): Observable<BatchWriteProgress> {
  return defer(() => {
    const writes = marshallRequest(request);
    const pacing = batchWritePacing(options);
    const tables = [...new Set(writes.map((write) => write.table))];
    if (tables.length === 0) return EMPTY;
    return forkJoin(tables.map((table) => context.schemas.get(table))).pipe(
      mergeMap((list) => {
        const schemas = new Map(list.map((schema) => [schema.table, schema]));
        const units = writes.map((write) => writeUnit(schemas.get(write.table)!, write));
        return pacing.pacer(context.send, tables).pipe(switchMap((pacer) => runBatches(from(units), writePlan(schemas, pacing), { ...context, pacer })));
      }),
    );
  }).pipe(toWriteProgress());
}
