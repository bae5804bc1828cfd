import { defer, map, mergeMap, type OperatorFunction } from 'rxjs';
import type { BatchContext } from './batch-context.js';
import { marshallWrite, toWriteProgress, writePlan, writeUnit, type BatchWriteOptions, type BatchWriteProgress, type WriteRequest } from './batch-write-item.js';
import { CONSUMED_CAPACITY, applyOptions, integer, readOptions, type OptionSpec } from '../input/options.js';
import { tableName } from '../input/validate.js';
import { runBatches } from './batch-runner.js';

/** Options of `bulkWrite` and `bulkWriteFrom`. */
export interface BulkWriteOptions extends BatchWriteOptions {
  /**
   * BatchWriteItem requests of this stream in flight at once; the client's `maxConcurrency` still bounds
   * all its calls together.
   * @default 4
   */
  concurrency?: number;
}

const BULK_WRITE: OptionSpec = { concurrency: integer(1, 10_000), ...CONSUMED_CAPACITY };
const DEFAULT_CONCURRENCY = 4;

/** The options of a bulk write, checked: its `concurrency` (or the default) and its wire options. @internal */
export function bulkWriteSettings(options: BulkWriteOptions | undefined): { concurrency: number; wire: Record<string, unknown> } {
  const { concurrency = DEFAULT_CONCURRENCY, ...rest } = readOptions(options, BULK_WRITE) as BulkWriteOptions;
  return { concurrency, wire: applyOptions({}, rest, CONSUMED_CAPACITY) };
}

/**
 * An operator that writes a stream of `{ put: item }` / `{ delete: key }` into one table with
 * BatchWriteItem: see `DynamoDB.bulkWrite` for the contract. @internal
 */
export function bulkWrite(context: BatchContext, table: string, options?: BulkWriteOptions): OperatorFunction<WriteRequest<object>, BatchWriteProgress> {
  return (source) =>
    defer(() => {
      tableName(table);
      const { concurrency, wire } = bulkWriteSettings(options);
      return context.schemas.get(table).pipe(
        mergeMap((schema) => {
          const units = source.pipe(map((write, index) => writeUnit(schema, marshallWrite(table, write, `writes[${index}]`))));
          return runBatches(units, writePlan(new Map([[table, schema]]), wire), { ...context, concurrency });
        }),
      );
    }).pipe(toWriteProgress());
}
