import { Observable, tap } from 'rxjs';
import type { BatchContext } from './batch-context.js';
import type { BatchWriteProgress, WriteRequest } from './batch-write-item.js';
import { InvalidParameterError } from '../errors/client-errors.js';
import { isPromiseLike } from '../util/promise-like.js';
import { bulkWrite, bulkWriteSettings, type BulkWriteOptions } from './bulk-write.js';

/** Writes taken from the source per request in flight, beyond those not yet acknowledged. */
const WRITES_AHEAD_PER_REQUEST = 50;

/** Where `bulkWriteFrom` pulls its writes from. */
export type WriteSource = Iterable<WriteRequest<object>> | AsyncIterable<WriteRequest<object>>;

type WriteIterator = Iterator<WriteRequest<object>> | AsyncIterator<WriteRequest<object>>;

/**
 * Iterators a subscription has already read. A generator object is its own iterator and can be read
 * once: subscribing again (`retry`, `repeat`) must fail loudly rather than write nothing.
 */
const readIterators = new WeakSet<object>();

/** Starts reading `source`, refusing what is not iterable and a one-shot iterator read before. */
function iteratorOf(source: WriteSource): WriteIterator {
  if (source !== null && typeof source === 'object') {
    const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : Symbol.iterator in source ? source[Symbol.iterator]() : undefined;
    if (iterator !== undefined) {
      if (readIterators.has(iterator)) {
        throw new InvalidParameterError(
          'source',
          'is an iterator an earlier subscription already read (a generator object can be read once): to retry or repeat, pass an iterable that starts over, e.g. { [Symbol.iterator]: () => writes() }',
        );
      }
      readIterators.add(iterator);
      return iterator;
    }
  }
  throw new InvalidParameterError('source', 'must be an Iterable or AsyncIterable of { put } / { delete } writes, e.g. a generator');
}

/**
 * Tells an iterator we stop reading it, as `for...of` does when a loop ends early. The stream has
 * ended by then, so a failure to close (a throw, a rejected Promise) has nowhere to go and is dropped.
 */
function stopReading(iterator: WriteIterator): void {
  try {
    const closing = iterator.return?.();
    if (isPromiseLike(closing)) closing.then(undefined, () => undefined);
  } catch {
    // See above: nothing is subscribed any more.
  }
}

/**
 * Writes everything an iterable yields, pulling the next write only while fewer than
 * `concurrency * 50` writes are unacknowledged: memory stays bounded whatever the source's size.
 * The iterator's `return()` is called whenever the stream ends before the source did. @internal
 */
export function bulkWriteFrom(context: BatchContext, table: string, source: WriteSource, options?: BulkWriteOptions): Observable<BatchWriteProgress> {
  return new Observable<BatchWriteProgress>((subscriber) => {
    const window = bulkWriteSettings(options).concurrency * WRITES_AHEAD_PER_REQUEST;
    const iterator = iteratorOf(source);
    let sourceEnded = false; // it said done, or failed: not ours to close
    let pulled = 0;
    let written = 0;
    let pull = (): void => undefined;

    const writes = new Observable<WriteRequest<object>>((writer) => {
      let pulling = false;
      const fail = (error: unknown): void => {
        sourceEnded = true;
        writer.error(error);
      };
      const take = (result: IteratorResult<WriteRequest<object>>): boolean => {
        if (typeof result !== 'object' || result === null) {
          fail(new InvalidParameterError('source', `next() gave ${String(result)}, not an iterator result ({ value, done })`));
          return false;
        }
        if (result.done) {
          sourceEnded = true;
          writer.complete();
          return false;
        }
        pulled++;
        writer.next(result.value);
        return true;
      };
      pull = () => {
        if (pulling) return;
        pulling = true;
        try {
          while (!sourceEnded && !writer.closed && pulled - written < window) {
            const next = iterator.next();
            if (isPromiseLike(next)) {
              next.then((result) => {
                pulling = false;
                try {
                  if (!writer.closed && take(result)) pull();
                } catch (error) {
                  fail(error);
                }
              }, fail);
              return;
            }
            if (!take(next)) break;
          }
        } catch (error) {
          fail(error);
        }
        pulling = false;
      };
      pull();
    });

    const subscription = writes
      .pipe(
        bulkWrite(context, table, options),
        tap((progress) => {
          written = progress.written;
          pull();
        }),
      )
      .subscribe(subscriber);
    return () => {
      subscription.unsubscribe();
      if (!sourceEnded) stopReading(iterator);
    };
  });
}
