import { Queue } from '../streams/queue.js';

/** Amounts added over time, summed over a trailing window: the consumed rate a budget reports. @internal */
export class TrailingSum {
  readonly #entries = new Queue<{ at: number; amount: number }>();
  #sum = 0;

  constructor(readonly windowMs: number) {}

  /** Adds `amount` at `now` (ms, not before the last `add`). */
  add(now: number, amount: number): void {
    this.#entries.push({ at: now, amount });
    this.#sum += amount;
    this.#drop(now);
  }

  /** The sum of what was added in `(now - windowMs, now]`. */
  at(now: number): number {
    this.#drop(now);
    // Never a float residue below zero once everything dropped out.
    return this.#entries.length === 0 ? 0 : this.#sum;
  }

  #drop(now: number): void {
    for (let first = this.#entries.peek(); first && first.at <= now - this.windowMs; first = this.#entries.peek()) {
      this.#entries.shift();
      this.#sum -= first.amount;
    }
  }
}
