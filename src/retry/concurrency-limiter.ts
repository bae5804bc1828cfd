import { Observable } from 'rxjs';

/**
 * A FIFO semaphore shared by every call of one client: at most `limit` holders at once; the
 * others wait in order. A slot is freed when its holder releases it, and a waiter that gives up
 * leaves the queue.
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

  /**
   * Calls `start` when a slot is granted (at once when one is free). The returned function
   * frees the slot, or leaves the queue if it was not granted yet; calling it again does nothing.
   */
  acquire(start: () => void): () => void {
    let state: 'waiting' | 'holding' | 'done' = 'waiting';
    const grant = (): void => {
      state = 'holding';
      start();
    };
    this.#waiting.add(grant);
    this.#drain();
    return () => {
      if (state === 'holding') {
        state = 'done';
        this.#active--;
        this.#drain();
      } else if (state === 'waiting') {
        state = 'done';
        this.#waiting.delete(grant);
      }
    };
  }

  /** Wraps `source` so that it is subscribed only while it holds a slot, freed when it ends or is unsubscribed. */
  run<T>(source: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      subscriber.add(this.acquire(() => subscriber.add(source.subscribe(subscriber))));
    });
  }

  /** Starts waiters while slots are free; a loop, not recursion, so synchronous holders cannot grow the stack. */
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
