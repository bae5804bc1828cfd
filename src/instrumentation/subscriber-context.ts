import { AsyncResource } from 'node:async_hooks';
import { Observable, type MonoTypeOperatorFunction } from 'rxjs';

/**
 * Delivers the source's notifications in the async context its subscriber had when it
 * subscribed, whatever context the source emits from. A call may be answered from another
 * call's context (a concurrency slot handed over, a shared credentials refresh, a test
 * scheduler's flush); without this, whatever the subscriber does next (such as requesting the
 * next page) would run with the other call's tags and trace context. @internal
 */
export function inSubscriberContext<T>(): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      const context = new AsyncResource('rx-dynamodb.call');
      return source.subscribe({
        next: (value) => context.runInAsyncScope(() => subscriber.next(value)),
        error: (error: unknown) => context.runInAsyncScope(() => subscriber.error(error)),
        complete: () => context.runInAsyncScope(() => subscriber.complete()),
      });
    });
}
