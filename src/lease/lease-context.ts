import { from, Observable, type ObservableInput } from 'rxjs';
import type { Send } from '../call/send.js';
import { ConcurrencyLimiter } from '../retry/concurrency-limiter.js';
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
 * The handler slots of one paced leased call: `pacing.concurrency` handlers at once, each started only
 * while its item's lease is held and the call is subscribed. @internal
 */
export class HandlerSlots {
  readonly #limiter: ConcurrencyLimiter;
  #open = true;

  constructor(concurrency: number) {
    this.#limiter = new ConcurrencyLimiter(concurrency);
  }

  /**
   * Mirrors `call`, closing the slots first when it is unsubscribed: `call`'s own teardown then ends the
   * running handlers, and a slot freed so must not start the handler of an item that waits for it (it is
   * being dropped, its lease handed back).
   */
  closingOnUnsubscribe<R>(call: Observable<R>): Observable<R> {
    return new Observable<R>((subscriber) => {
      subscriber.add(() => (this.#open = false));
      subscriber.add(call.subscribe(subscriber));
    });
  }

  /**
   * Runs a handler on an item of `grant`'s unit once a slot is free, holding the slot until it ends or is
   * unsubscribed; the lease is checked again then, as the wait for a slot may be long: lost meanwhile,
   * the handler does not run.
   */
  run<R>(grant: LeaseGrant, handle: () => ObservableInput<R>): Observable<R> {
    return new Observable<R>((subscriber) => {
      const release = this.#limiter.acquire(() => {
        if (!this.#open) return;
        if (grant.holds()) subscriber.add(from(handle()).subscribe(subscriber));
        else {
          grant.lose();
          subscriber.complete();
        }
      });
      subscriber.add(release);
    });
  }
}
