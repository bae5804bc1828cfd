import { catchError, defer, filter, mergeMap, type Observable, of, repeat, take, throwError, timeout, timer } from 'rxjs';
import type { Send } from '../call/send.js';
import { DynamoDBTimeoutError, InvalidParameterError } from '../errors/client-errors.js';
import { ResourceNotFoundException } from '../errors/service-errors.js';
import { integer, oneOf, readOptions, type OptionSpec } from '../input/options.js';
import { describeTable } from './tables.js';
import type { TableDescription } from './types.js';
import { plainObject, tableName } from '../input/validate.js';

/** Options of `waitForTable`. */
export interface WaitForTableOptions {
  /** `ACTIVE`: the table and all its global secondary indexes are ACTIVE. `DELETED`: the table is gone. */
  status: 'ACTIVE' | 'DELETED';
  /**
   * Gives up with a `DynamoDBTimeoutError` after this long.
   * @default 300000
   */
  timeoutMs?: number;
  /**
   * Delay before the second poll; it doubles up to `maxDelayMs`.
   * @default 250
   */
  delayMs?: number;
  /** @default 5000 */
  maxDelayMs?: number;
}

const DEFAULT_TIMEOUT_MS = 300_000;
const MILLISECONDS = integer(0, 2 ** 31 - 1);
const WAIT_OPTIONS: OptionSpec = { status: oneOf('ACTIVE', 'DELETED'), timeoutMs: integer(1, 2 ** 31 - 1), delayMs: MILLISECONDS, maxDelayMs: MILLISECONDS };

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
    const given = readOptions(plainObject(options, 'options'), WAIT_OPTIONS);
    if (given['status'] === undefined) throw new InvalidParameterError('options.status', "is required: 'ACTIVE' or 'DELETED'");
    const { status, timeoutMs = DEFAULT_TIMEOUT_MS, delayMs = 250, maxDelayMs = 5000 } = given as unknown as Required<WaitForTableOptions>;

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
        with: () => throwError(() => new DynamoDBTimeoutError(timeoutMs, { action: 'DescribeTable', message: `table ${table} did not become ${status} within ${timeoutMs} ms` })),
      }),
      mergeMap((description) => (description === undefined ? [] : [description])),
    );
  });
}
