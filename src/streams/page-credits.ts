import { WaiterQueue } from '../retry/waiter-queue.js';

/**
 * A pool of page credits shared by one or more paging loops: a loop takes a credit before each
 * page request and waits (in FIFO order with the other loops) when none is left; a consumer gives
 * one back for every page it has finished with. This is the request(n) that RxJS lacks. @internal
 */
export class PageCredits {
  #available: number;
  readonly #waiting = new WaiterQueue();

  constructor(initial: number) {
    this.#available = initial;
  }

  /** Takes a credit if one is free. */
  tryTake(): boolean {
    if (this.#available === 0) return false;
    this.#available--;
    return true;
  }

  /** Calls `wake` once when a credit is returned; the returned function cancels the wait. */
  whenAvailable(wake: () => void): () => void {
    return this.#waiting.enqueue(wake);
  }

  /** Gives a credit back and wakes the longest-waiting loop. */
  release(): void {
    this.#available++;
    this.#waiting.wakeNext();
  }
}
