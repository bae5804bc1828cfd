import { catchError, defer, filter, mergeMap, type Observable, of, repeat, take, throwError, timeout, timer } from 'rxjs';
import type { Send } from '../call/send.js';
import { DynamoDBTimeoutError } from '../errors/client-errors.js';
import { ResourceNotFoundException } from '../errors/service-errors.js';
import { integer, literal } from '../input/reader.js';
import { MAX_TIMER_MS } from '../util/max-timer.js';
import { optional, required, shape, unknownOption } from '../input/shape.js';
import { describeTable } from './tables.js';
import type { TableDescription } from './types.js';
import { tableName } from '../input/validate.js';

/** Options of `waitForTable`. */
export interface WaitForTableOptions {
  /** `ACTIVE`: the table and all its global secondary indexes are ACTIVE. `DELETED`: the table is gone. */
  status: 'ACTIVE' | 'DELETED';
  /**
   * Gives up with a `DynamoDBTimeoutError` after this long, not retryable (`retryable: false`): a retry would wait all over again.
   * @default 300000
   */
  timeoutMs?: number | undefined;
  /**
   * Delay before the second poll; it doubles up to `maxDelayMs`.
   * @default 250
   */
  delayMs?: number | undefined;
  /** @default 5000 */
  maxDelayMs?: number | undefined;
}

const DEFAULT_TIMEOUT_MS = 300_000;
const MILLISECONDS = integer(0, MAX_TIMER_MS);
const readWaitOptions = shape<WaitForTableOptions>(
  {
    status: required(literal({ ACTIVE: true, DELETED: true }), "is required: 'ACTIVE' or 'DELETED'"),
    timeoutMs: optional(integer(1, MAX_TIMER_MS)),
    delayMs: optional(MILLISECONDS),
    maxDelayMs: optional(MILLISECONDS),
  },
  { unknown: unknownOption },
);

function isActive(table: TableDescription): boolean {
  return table.TableStatus === 'ACTIVE' && (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === undefined || index.IndexStatus === 'ACTIVE');
}

/**
 * Polls `DescribeTable` on RxJS timers (so virtual time applies) until the table reaches
 * `status`: emits the description once ACTIVE (a table not found yet keeps being polled), or
 * completes without a value once it is gone for DELETED.
 */
export function waitForTable(send: Send, table: string, options: WaitForTableOptions): Observable<TableDescription> {
  return defer(() => {
    tableName(table);
    const { status, timeoutMs = DEFAULT_TIMEOUT_MS, delayMs = 250, maxDelayMs = 5000 } = readWaitOptions(options, 'options');

    let polls = 0;
    const poll = describeTable(send, table).pipe(
      catchError((error: unknown) => (ResourceNotFoundException.is(error) ? of(undefined) : throwError(() => error))),
    );
    return poll.pipe(
      repeat({ delay: () => timer(Math.min(maxDelayMs, delayMs * 2 ** polls++)) }),
      filter((description) => (status === 'DELETED' ? description === undefined : description !== undefined && isActive(description))),
      take(1),
      timeout({
        first: timeoutMs,
        with: () => throwError(() => new DynamoDBTimeoutError(timeoutMs, { action: 'DescribeTable', message: `table ${table} did not become ${status} within ${timeoutMs} ms`, retryable: false })),
      }),
      mergeMap((description) => (description === undefined ? [] : [description])),
    );
  });
}
