import { Observable, type OperatorFunction } from 'rxjs';

/**
 * An operator that emits the elements of the list each value holds (`listOf(value)`), in order,
 * stopping mid-list as soon as the subscriber is gone. `items()` and `records()` are made of it. @internal
 */
export function flatten<S, T>(listOf: (value: S) => readonly T[]): OperatorFunction<S, T> {
  return (source) =>
    new Observable<T>((subscriber) =>
      source.subscribe({
        next: (value) => {
          for (const element of listOf(value)) {
            if (subscriber.closed) return;
            subscriber.next(element);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}
