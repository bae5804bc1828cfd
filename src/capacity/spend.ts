import { Observable } from 'rxjs';
import type { SendHooks } from '../call/send.js';
import type { CapacityLedger } from './capacity-ledger.js';

/**
 * `request`, subscribed when its turn on `ledger` comes (taking turns with other callers than `caller`)
 * with `estimate` units reserved; its response is settled by what `consumed` reads from it (never below 0:
 * the response readers refuse a negative figure as malformed): a response that does not say (a server
 * other than DynamoDB, which always says when asked) is charged nothing.
 * `request` receives the hooks its `send` calls: when throttled (which lowers the ledger's rate), and when an
 * attempt goes on the wire. Unsubscribing before the turn leaves the queue; after it, the reservation stands
 * once an attempt went on the wire (the request may have been served), and is given back before.
 * @internal
 */
export function spend<T>(
  ledger: CapacityLedger,
  estimate: number,
  request: (hooks: SendHooks) => Observable<T>,
  consumed: (response: T) => number | undefined,
  caller?: object,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    let reserved = false;
    let sent = false;
    const leave = ledger.whenTurn(estimate, () => {
      reserved = true;
      const hooks: SendHooks = { onThrottled: () => ledger.throttled(), onAttempt: () => (sent = true) };
      subscriber.add(
        request(hooks).subscribe({
          next: (response) => {
            reserved = false;
            ledger.settle(estimate, consumed(response) ?? 0);
            subscriber.next(response);
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        }),
      );
    }, caller);
    return () => {
      leave();
      // Withdrawn before anything went on the wire: nothing was consumed.
      if (reserved && !sent) ledger.settle(estimate, 0);
    };
  });
}
