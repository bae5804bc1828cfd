import { from, Observable, type ObservableInput } from 'rxjs';
import type { Send } from '../call/send.js';
import type { ConcurrencyLimiter } from '../retry/concurrency-limiter.js';
import type { LeaseGrant } from './lease-grant.js';
import type { LeaseEvent } from './types.js';

/** What leased calls need of the client: its send, and where lease events go (`db.leases$`). @internal */
export interface LeaseContext {
  readonly send: Send;
  readonly onEvent: (event: LeaseEvent) => void;
}

/**
 * Whether `options` declare a `lease` (a value other than undefined, or a getter), looked up without
 * reading it: options without one are left for the plain call to read, once. @internal
 */
export function declaresLease(options: unknown): boolean {
  const descriptor = typeof options === 'object' && options !== null ? Object.getOwnPropertyDescriptor(options, 'lease') : undefined;
  return descriptor !== undefined && (descriptor.get !== undefined || descriptor.value !== undefined);
}

/**
 * Runs a paced form's handler on an item of `grant`'s unit once `handlers` grants a slot, holding the slot
 * until it ends or is unsubscribed; the lease is checked again then, as the wait for a slot may be long:
 * lost meanwhile, the handler does not run. @internal
 */
export function handleWhileHeld<R>(handlers: ConcurrencyLimiter, grant: LeaseGrant, handle: () => ObservableInput<R>): Observable<R> {
  return new Observable<R>((subscriber) => {
    const release = handlers.acquire(() => {
      if (grant.holds()) subscriber.add(from(handle()).subscribe(subscriber));
      else {
        grant.lose();
        subscriber.complete();
      }
    });
    subscriber.add(release);
  });
}
