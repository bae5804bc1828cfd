/**
 * Milliseconds read from `read` (a scheduler's `now`) that never go back: once the clock is set back, time
 * carries on from where it was, at the clock's pace. What paces on time (a rate, a bucket) then neither
 * stalls nor drains until the clock catches up. @internal
 */
export class MonotonicClock {
  #last = -Infinity;
  #setBack = 0;

  constructor(readonly read: () => number) {}

  /** The time now, in ms: never before the last one returned. */
  now(): number {
    const read = this.read();
    if (read + this.#setBack < this.#last) this.#setBack = this.#last - read;
    this.#last = read + this.#setBack;
    return this.#last;
  }
}
