import { Observable } from 'rxjs';

/**
 * A FIFO semaphore shared by every call of one client: at most `limit` wrapped Observables are
 * subscribed at once; the others wait in order. A slot is freed when its Observable completes,
 * errors or is unsubscribed, and a waiter that unsubscribes leaves the queue.
 */
export class ConcurrencyLimiter {
  #active = 0;
  #draining = false;
  readonly #waiting = new Set<() => void>();

  constructor(readonly limit: number) {}

  /** Calls running now. */
  get active(): number {
    return this.#active;
  }

  /** Calls waiting for a slot. */
  get waiting(): number {
    return this.#waiting.size;
  }

  /** Wraps `source` so that it is subscribed only while it holds a slot. */
  run<T>(source: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      let holdsSlot = false;
      const start = (): void => {
        holdsSlot = true;
        subscriber.add(source.subscribe(subscriber));
      };
      subscriber.add(() => {
        if (holdsSlot) this.#release();
        else this.#waiting.delete(start);
      });
      this.#waiting.add(start);
      this.#drain();
    });
  }

  #release(): void {
    this.#active--;
    this.#drain();
  }

  /** Starts waiters while slots are free; a loop, not recursion, so synchronous sources cannot grow the stack. */
  #drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (this.#active < this.limit && this.#waiting.size > 0) {
        const next = this.#waiting.values().next().value as () => void;
        this.#waiting.delete(next);
        this.#active++;
        next();
      }
    } finally {
      this.#draining = false;
    }
  }
}
