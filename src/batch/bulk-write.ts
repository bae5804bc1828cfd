import { defer, map, mergeMap, switchMap, type OperatorFunction } from 'rxjs';
import type { BatchContext } from './batch-context.js';
import { batchWritePacing, marshallWrite, toWriteProgress, writePlan, writeUnit, type BatchWriteOptions, type BatchWriteProgress, type WriteRequest } from './batch-write-item.js';
import { integer, orDefault } from '../input/reader.js';
import { optional, shape, unknownOption } from '../input/shape.js';
import { returnConsumedCapacity } from '../operations/option-fields.js';
import { capacity } from '../capacity/capacity-option.js';
import type { BatchPacing } from './batch-pacer.js';
import { tableName } from '../input/validate.js';
import { runBatches } from './batch-runner.js';

/** Options of `bulkWrite` and `bulkWriteFrom`. */
export interface BulkWriteOptions extends BatchWriteOptions {
  /**
   * BatchWriteItem requests of this stream in flight at once; the client's `maxConcurrency` still bounds
   * all its calls together.
   * @default 4
   */
  concurrency?: number | undefined;
}

const readBulkWriteOptions = orDefault(shape<BulkWriteOptions>({ concurrency: optional(integer(1, 10_000)), returnConsumedCapacity, capacity }, { unknown: unknownOption }), {});
const DEFAULT_CONCURRENCY = 4;

/** The options of a bulk write, checked: its `concurrency` (or the default), its wire options and pacing. @internal */
export function bulkWriteSettings(options: BulkWriteOptions | undefined): { concurrency: number; pacing: BatchPacing } {
  const { concurrency = DEFAULT_CONCURRENCY, ...batchOptions } = readBulkWriteOptions(options, 'options');
  return { concurrency, pacing: batchWritePacing(batchOptions) };
}

/**
 * An operator that writes a stream of `{ put: item }` / `{ delete: key }` into one table with
 * BatchWriteItem: see `DynamoDB.bulkWrite` for the contract. @internal
 */
export function bulkWrite(context: BatchContext, table: string, options?: BulkWriteOptions): OperatorFunction<WriteRequest<object>, BatchWriteProgress> {
  return (source) =>
    defer(() => {
      tableName(table);
      const { concurrency, pacing } = bulkWriteSettings(options);
      return context.schemas.get(table).pipe(
        mergeMap((schema) => {
          const units = source.pipe(map((write, index) => writeUnit(schema, marshallWrite(table, write, `writes[${index}]`))));
          return pacing
            .pacer(context.send, [table])
            .pipe(switchMap((pacer) => runBatches(units, writePlan(new Map([[table, schema]]), pacing), { ...context, concurrency, pacer })));
        }),
      );
    }).pipe(toWriteProgress());
}
