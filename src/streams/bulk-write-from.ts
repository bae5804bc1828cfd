import { defer, Observable, tap } from 'rxjs';
import type { BatchContext } from '../operations/batch-context.js';
import type { BatchWriteProgress, WriteRequest } from '../operations/batch-write-item.js';
import { InvalidParameterError } from '../errors/client-errors.js';
import { bulkWrite, concurrencyOf, type BulkWriteOptions } from './bulk-write.js';

/** Writes taken from the source per request in flight, beyond those not yet acknowledged. */
const WRITES_AHEAD_PER_REQUEST = 50;

/** Where `bulkWriteFrom` pulls its writes from. */
export type WriteSource = Iterable<WriteRequest<object>> | AsyncIterable<WriteRequest<object>>;

function iteratorOf(source: WriteSource): Iterator<WriteRequest<object>> | AsyncIterator<WriteRequest<object>> {
  if (source !== null && typeof source === 'object') {
    if (Symbol.asyncIterator in source) return source[Symbol.asyncIterator]();
    if (Symbol.iterator in source) return source[Symbol.iterator]();
  }
  throw new InvalidParameterError('source', 'must be an Iterable or AsyncIterable of { put } / { delete } writes, e.g. a generator');
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Writes everything an iterable yields, pulling the next write only while fewer than
 * `concurrency * 50` writes are unacknowledged: memory stays bounded whatever the source's size. @internal
 */
export function bulkWriteFrom(context: BatchContext, table: string, source: WriteSource, options?: BulkWriteOptions): Observable<BatchWriteProgress> {
  return defer(() => {
    const window = concurrencyOf(options) * WRITES_AHEAD_PER_REQUEST;
    const iterator = iteratorOf(source);
    let pulled = 0;
    let written = 0;
    let pull = (): void => undefined;

    const writes = new Observable<WriteRequest<object>>((subscriber) => {
      let pulling = false;
      let finished = false;
      const take = (result: IteratorResult<WriteRequest<object>>): boolean => {
        if (result.done) {
          finished = true;
          subscriber.complete();
          return false;
        }
        pulled++;
        subscriber.next(result.value);
        return true;
      };
      pull = () => {
        if (pulling) return;
        pulling = true;
        try {
          while (!finished && !subscriber.closed && pulled - written < window) {
            const next = iterator.next();
            if (isThenable(next)) {
              next.then(
                (result) => {
                  pulling = false;
                  if (!subscriber.closed && take(result)) pull();
                },
                (error: unknown) => subscriber.error(error),
              );
              return;
            }
            if (!take(next)) break;
          }
        } catch (error) {
          subscriber.error(error);
        }
        pulling = false;
      };
      pull();
      return () => {
        if (!finished) void iterator.return?.();
      };
    });

    return writes.pipe(
      bulkWrite(context, table, options),
      tap((progress) => {
        written = progress.written;
        pull();
      }),
    );
  });
}
