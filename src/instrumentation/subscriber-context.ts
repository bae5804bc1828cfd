import { AsyncResource } from 'node:async_hooks';
import { Observable, type MonoTypeOperatorFunction } from 'rxjs';
import { captureTagScope } from './tags.js';

/**
 * Delivers the source's notifications in the async context its subscriber had when it
 * subscribed, whatever context the source emits from. A call may be answered from another
 * call's context (a concurrency slot handed over, a shared credentials refresh, a test
 * scheduler's flush); without this, whatever the subscriber does next (such as requesting the
 * next page) would run with the other call's tags and trace context.
 *
 * With `allStores` every AsyncLocalStorage is restored (what tracers need for their parent
 * spans), at the price of an AsyncResource per call; without it only the tag scope is, and only
 * when it differs. @internal
 */
export function inSubscriberContext<T>(allStores: boolean): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      const deliver = allStores ? captureAsyncContext() : captureTagScope();
      return source.subscribe({
        next: (value) => deliver(() => subscriber.next(value)),
        error: (error: unknown) => deliver(() => subscriber.error(error)),
        complete: () => deliver(() => subscriber.complete()),
      });
    });
}

function captureAsyncContext(): (fn: () => void) => void {
  const context = new AsyncResource('rx-dynamodb.call');
  return (fn) => context.runInAsyncScope(fn);
}
