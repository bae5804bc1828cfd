import { Observable } from 'rxjs';
import type { CapacityLedger } from './capacity-ledger.js';

/**
 * `request`, subscribed when its turn on `ledger` comes (taking turns with other callers than `caller`)
 * with `estimate` units reserved; its response is settled by what `consumed` reads from it: a response
 * that does not say (a server other than DynamoDB, which always says when asked), or claims less than 0
 * units, is charged nothing (no response adds credit).
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
            ledger.settle(estimate, Math.max(0, consumed(response) ?? 0));
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
