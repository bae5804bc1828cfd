import { Observable } from 'rxjs';
import type { CapacityLedger } from './capacity-ledger.js';

/**
 * `request`, subscribed when its turn on `ledger` comes (taking turns with other callers than `caller`)
 * with `estimate` units reserved; its response is settled by what `consumed` reads from it (never below 0:
 * the response readers refuse a negative figure as malformed): a response that does not say (a server
 * other than DynamoDB, which always says when asked) is charged nothing.
 * `request` receives the callback its attempts call when throttled, which lowers the ledger's rate.
 * Unsubscribing before the turn leaves the queue; after it, the reservation stands (the request may
 * have been served). @internal
 */
export function spend<T>(
  ledger: CapacityLedger,
  estimate: number,
  request: (throttled: () => void) => Observable<T>,
  consumed: (response: T) => number | undefined,
  caller?: object,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    const leave = ledger.whenTurn(estimate, () => {
      subscriber.add(
        request(() => ledger.throttled()).subscribe({
          next: (response) => {
            ledger.settle(estimate, consumed(response) ?? 0);
            subscriber.next(response);
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        }),
      );
    }, caller);
    return leave;
  });
}
