import { WaiterQueue } from './waiter-queue.js';

/**
 * A FIFO semaphore shared by every call of one client: at most `limit` holders at once; the
 * others wait in order. A slot is freed when its holder releases it, and a waiter that gives up
 * leaves the queue.
 */
export class ConcurrencyLimiter {
  #active = 0;
  #draining = false;
  readonly #waiting = new WaiterQueue();

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
   * A `start` that throws has its slot freed before the throw goes on.
   */
  acquire(start: () => void): () => void {
    let state: 'waiting' | 'holding' | 'done' = 'waiting';
    let leave: (() => void) | undefined;
    const release = (): void => {
      if (state === 'holding') {
        state = 'done';
        this.#active--;
        this.#drain();
      } else if (state === 'waiting') {
        state = 'done';
        leave?.();
      }
    };
    const grant = (): void => {
      state = 'holding';
      try {
        start();
      } catch (error) {
        // The caller never gets `release` back when `start` throws synchronously: free the slot here.
        release();
        throw error;
      }
    };
    // A free slot and nobody waiting: granted at once, without a turn through the queue (the common case).
    // Holders that `start` adds wait in the queue until it returns, as they would during a drain.
    if (!this.#draining && this.#waiting.size === 0 && this.#active < this.limit) {
      this.#active++;
      this.#draining = true;
      try {
        grant();
      } finally {
        this.#draining = false;
      }
      this.#drain();
      return release;
    }
    leave = this.#waiting.enqueue(grant);
    this.#drain();
    return release;
  }

  /** Starts waiters while slots are free; a loop, not recursion, so synchronous holders cannot grow the stack. */
  #drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (this.#active < this.limit && this.#waiting.size > 0) {
        this.#active++;
        this.#waiting.wakeNext();
      }
    } finally {
      this.#draining = false;
    }
  }
}
