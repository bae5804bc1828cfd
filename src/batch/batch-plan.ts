import type { ResponseReader, Send } from '../call/send.js';
import type { ConsumedCapacity } from '../response/consumed-capacity.js';
import type { ResolvedRetryOptions } from '../retry/backoff.js';
import type { BatchPacer } from './batch-pacer.js';

/** One key to read or one write to apply, ready to go into a batch request; `W` is the form of its element in the body. @internal */
export interface BatchUnit<N, W = unknown> {
  readonly table: string;
  /** Table and primary key as one string: two units with the same id are never in flight together. */
  readonly id: string;
  /** Its element of the table's list in the request body, in wire form. */
  readonly wire: W;
  /** Bytes it adds to the request body. */
  readonly size: number;
  /** What the caller passed, for the `unprocessed` of a BatchIncompleteError. */
  readonly native: N;
}

/** What a response says: the ids of the units it hands back unprocessed, what it found (read items), what it consumed. @internal */
export interface BatchAnswer<O> {
  unprocessed: string[];
  found: O[];
  /** One entry per table, when the call asked for it. */
  consumedCapacity?: ConsumedCapacity[];
}

/** What differs between BatchGetItem and BatchWriteItem (whose units' wire elements are of type `W`). @internal */
export interface BatchPlan<N, R, O, W = unknown> {
  action: 'BatchGetItem' | 'BatchWriteItem';
  /** For messages: `keys` or `writes`, and what happens to them: `read` or `applied`. */
  noun: string;
  verb: string;
  /** Units per request. */
  maxUnits: number;
  /** Bytes of units per request. */
  maxBytes: number;
  /** The request body of these wire elements, grouped by table. */
  body(tables: ReadonlyMap<string, W[]>): object;
  /** Reads a response (inside the request's attempt, so a malformed one is retried). */
  read: ResponseReader<BatchAnswer<O>>;
  /** Units that were not done, shaped as the call's request. */
  report(units: readonly BatchUnit<N, W>[]): R;
  /** Whether results carry the consumed capacity (the caller asked for it), rather than only the budget seeing it. */
  reportsCapacity: boolean;
}

/** The client settings a batch call runs with. @internal */
export interface BatchSettings {
  send: Send;
  /** Requests of this call in flight at once (the client's limiter still applies). */
  concurrency: number;
  /** Gives up after more than this many rounds in a row without progress. */
  maxRetries: number;
  retry: ResolvedRetryOptions;
  /** Paces the call's requests on a capacity budget (the `capacity` option). */
  pacer?: BatchPacer | undefined;
}

/** Counts after one response. @internal */
export interface BatchProgress {
  /** Units acknowledged so far. */
  processed: number;
  /** Units taken so far. */
  total: number;
  /** Times a unit came back unprocessed and was queued again. */
  retried: number;
  /** Capacity units consumed so far, once a response said. */
  consumedUnits?: number;
}

/** What one response found and consumed, with the counts after it. @internal */
export interface BatchResult<O> {
  found: O[];
  progress: BatchProgress;
  consumedCapacity?: ConsumedCapacity[];
}

/** What `pick` takes from each unit, grouped by table in order of first appearance. @internal */
export function groupByTable<U extends BatchUnit<unknown>, V>(units: readonly U[], pick: (unit: U) => V): Map<string, V[]> {
  const tables = new Map<string, V[]>();
  for (const unit of units) {
    const list = tables.get(unit.table);
    if (list) list.push(pick(unit));
    else tables.set(unit.table, [pick(unit)]);
  }
  return tables;
}
