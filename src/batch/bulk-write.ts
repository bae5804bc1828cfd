import { defer, map, mergeMap, type OperatorFunction } from 'rxjs';
import type { BatchContext } from './batch-context.js';
import { marshallWrite, toWriteProgress, writePlan, writeUnit, type BatchWriteProgress, type WriteRequest } from './batch-write-item.js';
import { integer, orDefault } from '../input/reader.js';
import { optional, shape, unknownOption } from '../input/shape.js';
import { tableName } from '../input/validate.js';
import { runBatches } from './batch-runner.js';

/** Options of `bulkWrite`. */
export interface BulkWriteOptions {
  /**
   * BatchWriteItem requests of this stream in flight at once; the client's `maxConcurrency` still bounds
   * all its calls together.
   * @default 4
   */
  concurrency?: number;
}

const readBulkWriteOptions = orDefault(shape<BulkWriteOptions>({ concurrency: optional(integer(1, 10_000)) }, { unknown: unknownOption }), {});
const DEFAULT_CONCURRENCY = 4;

/** The `concurrency` of `options`, checked, or its default. @internal */
export function concurrencyOf(options: BulkWriteOptions | undefined): number {
  return readBulkWriteOptions(options, 'options').concurrency ?? DEFAULT_CONCURRENCY;
}

/**
 * An operator that writes a stream of `{ put: item }` / `{ delete: key }` into one table with
 * BatchWriteItem: see `DynamoDB.bulkWrite` for the contract. @internal
 */
export function bulkWrite(context: BatchContext, table: string, options?: BulkWriteOptions): OperatorFunction<WriteRequest<object>, BatchWriteProgress> {
  return (source) =>
    defer(() => {
      tableName(table);
      const concurrency = concurrencyOf(options);
      return context.schemas.get(table).pipe(
        mergeMap((schema) => {
          const units = source.pipe(map((write, index) => writeUnit(schema, marshallWrite(table, write, `writes[${index}]`))));
          return runBatches(units, writePlan(new Map([[table, schema]])), { ...context, concurrency });
        }),
      );
    }).pipe(toWriteProgress());
}
