import { Observable, type Subscription } from 'rxjs';
import { DynamoDBError } from '../errors/dynamodb-error.js';
import { CycleDetector } from './cycle-detector.js';
import type { PageCredits } from './page-credits.js';

/** How to walk one paged DynamoDB call. @internal */
export interface PageWalker<P, C> {
  /** The DynamoDB action that pages (`Query`, `ListTables`, ...), for the error when its pages loop. */
  action: string;
  /** The response field that holds the cursor (`LastEvaluatedKey`, `NextToken`, ...), named by that error. */
  cursorName: string;
  /** Requests the page that starts at `cursor` (undefined for the first page); retried on its own. */
  fetch(cursor: C | undefined): Observable<P>;
  /** The cursor of the next page, or undefined when `page` is the last one. */
  next(page: P): C | undefined;
}

/**
 * Emits every page of a paged call, in order, each page requested only after the previous one
 * was delivered and only while the subscriber is still there (so `take(3)` sends exactly three
 * requests). A plain loop, not recursion or `expand`: synchronous pages cannot grow the stack,
 * and a stream of 100,000 pages completes. A cursor that repeats an earlier one (right away, or
 * after a loop of any length: A, B, A, B...) is an error, never an endless loop: a `RepeatedLastEvaluatedKey`
 * naming the action and the cursor's field, not its value (a key is user data). Unsubscribing unsubscribes
 * the page in flight (aborting its request).
 *
 * With `credits`, each page request first takes a credit from the pool and waits while there is
 * none: the consumer decides how far ahead the loop may run.
 */
export function paginate<P, C>(walker: PageWalker<P, C>, first?: C, credits?: PageCredits): Observable<P> {
  return new Observable<P>((subscriber) => {
    let cursor = first;
    const cycles = new CycleDetector(first);
    let inner: Subscription | undefined;
    let stopWaiting: (() => void) | undefined;
    let looping = false;
    let pending = true;

    const advance = (page: P): void => {
      const next = walker.next(page);
      if (next === undefined) {
        subscriber.complete();
        return;
      }
      if (cycles.repeats(next)) {
        subscriber.error(
          new DynamoDBError({
            code: 'RepeatedLastEvaluatedKey',
            action: walker.action,
            message: `${walker.action}: the server returned a ${walker.cursorName} it had returned before: its pages loop; stopping instead of looping forever`,
          }),
        );
        return;
      }
      cursor = next;
      pending = true;
      pump();
    };

    // Fetches pages until one completes asynchronously; a page that completes synchronously only
    // marks `pending`, and this loop picks it up, so the stack stays flat.
    const pump = (): void => {
      if (looping) return;
      looping = true;
      while (pending && !subscriber.closed) {
        if (credits && !credits.tryTake()) {
          stopWaiting = credits.whenAvailable(() => {
            stopWaiting = undefined;
            pump();
          });
          break;
        }
        pending = false;
        let delivered: { page: P } | undefined;
        inner = walker.fetch(cursor).subscribe({
          next: (page) => {
            delivered = { page };
            subscriber.next(page);
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => {
            if (!delivered) subscriber.error(new DynamoDBError({ code: 'EmptyPage', message: 'a page request completed without a response' }));
            else if (!subscriber.closed) advance(delivered.page);
          },
        });
      }
      looping = false;
    };

    pump();
    return () => {
      stopWaiting?.();
      inner?.unsubscribe();
    };
  });
}
