/**
 * Callbacks waiting for something to free up, woken first come first served; a waiter may leave
 * the queue at any time. The FIFO under the client's concurrency limiter and the page credits of
 * paced consumption. @internal
 */
export class WaiterQueue {
  readonly #waiters = new Set<() => void>();

  /** Waiters in the queue. */
  get size(): number {
    return this.#waiters.size;
  }

  /** Queues `wake`; the returned function takes it out again if it has not been woken yet. */
  enqueue(wake: () => void): () => void {
    this.#waiters.add(wake);
    return () => {
      this.#waiters.delete(wake);
    };
  }

  /** Takes the longest-waiting callback out of the queue and calls it; false when nobody waits. */
  wakeNext(): boolean {
    const first = this.#waiters.values().next();
    if (first.done) return false;
    this.#waiters.delete(first.value);
    first.value();
    return true;
  }
}
