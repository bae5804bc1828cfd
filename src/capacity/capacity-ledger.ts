import { asyncScheduler, Subject, type Subscription } from 'rxjs';
import { MAX_TIMER_MS } from '../util/max-timer.js';
import { MonotonicClock } from '../util/monotonic-clock.js';
import { EffectiveRate, QUIET_MS } from './effective-rate.js';
import { TrailingSum } from './trailing-sum.js';

/** The share of a second's budget one request should cost, so that the rate is smooth rather than bursts. */
export const REQUEST_SLICE_SECONDS = 0.1;
/** The trailing window of the consumed rate a budget reports. */
export const CONSUMED_WINDOW_MS = 1000;
/** A balance this close below zero is not a debt (floating-point residue of paying one off). */
const EPSILON_UNITS = 1e-9;

/**
 * The accounting behind a `CapacityBudget`, in the RxJS scheduler's time (`asyncScheduler`, so virtual
 * in `TestScheduler.run`). A balance of units refills at the effective rate up to `burst`; a request
 * takes its turn once the balance is not negative, reserves its estimated cost, and settles the
 * difference when its response says what it consumed. Turns go round robin between callers (the calls
 * sharing a budget), first come, first served within a caller, so a call with many requests waiting
 * does not crowd out one with few. While the balance is
 * negative (a debt), requests wait on one RxJS timer for when the debt is paid off. A throttle forfeits
 * any credit, and none accrues until {@link QUIET_MS} passed without one: the retries of throttled
 * requests do not come back as a burst. @internal
 */
export class CapacityLedger {
  readonly rate: EffectiveRate;
  /** Units the balance holds at most: what may go at once after an idle spell. */
  readonly burst: number;
  /** Consumption per response, for the trailing rate. */
  readonly consumption = new TrailingSum(CONSUMED_WINDOW_MS);
  /** Emits after every settlement and throttle, while observed. */
  readonly changes = new Subject<void>();
  /**
   * The RxJS scheduler's clock, never going back: set back, it would stall the balance, hold a lowered rate
   * and keep stale consumption until it caught up.
   */
  readonly clock = new MonotonicClock(() => asyncScheduler.now());
  /** Units consumed since the ledger was made. */
  consumedUnits = 0;
  /** Requests throttled since the ledger was made. */
  throttledRequests = 0;
  #balance: number;
  #updatedAt = this.clock.now();
  #throttledAt = -Infinity;
  /** Waiting requests per caller; callers in the order of their next turn. */
  readonly #callers = new Map<object, Set<() => void>>();
  #waiting = 0;
  #timer: Subscription | undefined;
  #draining = false;

  constructor(unitsPerSecond: number, burstSeconds: number) {
    this.rate = new EffectiveRate(unitsPerSecond);
    this.burst = unitsPerSecond * burstSeconds;
    this.#balance = this.burst;
  }

  /** Units available now; negative while in debt. */
  get balance(): number {
    this.#advance(this.clock.now());
    return this.#balance;
  }

  /** Requests waiting for their turn. */
  get waiting(): number {
    return this.#waiting;
  }

  /** What one request should cost now: {@link REQUEST_SLICE_SECONDS} of the effective rate. */
  sliceUnits(): number {
    return this.rate.at(this.clock.now()) * REQUEST_SLICE_SECONDS;
  }

  /**
   * Calls `start` when it is this request's turn, once the balance is not negative: after the requests
   * of `caller` that asked before, taking turns with other callers' requests. `estimate` units are taken
   * from the balance as it starts (at once when nobody waits and there is no debt). The returned
   * function leaves the queue if the turn has not come yet.
   */
  whenTurn(estimate: number, start: () => void, caller: object = start): () => void {
    const waiter = (): void => {
      this.#balance -= estimate;
      start();
    };
    let queue = this.#callers.get(caller);
    if (!queue) this.#callers.set(caller, (queue = new Set()));
    queue.add(waiter);
    this.#waiting++;
    this.#drain();
    return () => {
      // A caller's queue leaves the rotation only once empty, so the waiter is in `queue` if anywhere.
      if (!queue.delete(waiter)) return;
      this.#waiting--;
      if (queue.size === 0 && this.#callers.get(caller) === queue) this.#callers.delete(caller);
      if (this.#waiting === 0) this.#stopTimer();
    };
  }

  /** A request that reserved `estimate` units consumed `consumed`: the balance takes the difference. */
  settle(estimate: number, consumed: number): void {
    const now = this.clock.now();
    this.#advance(now);
    this.#balance += estimate - consumed;
    this.consumption.add(now, consumed);
    this.consumedUnits += consumed;
    this.#changed();
    if (this.#waiting > 0) this.#drain();
  }

  /** A request was throttled: the effective rate goes down (see `EffectiveRate`). */
  throttled(): void {
    const now = this.clock.now();
    // The balance so far accrued at the rate before the throttle.
    this.#advance(now);
    this.rate.throttled(now);
    this.#balance = Math.min(this.#balance, 0);
    this.#throttledAt = now;
    this.throttledRequests++;
    this.#changed();
  }

  /** Brings the balance to `now`: no credit beyond 0 within {@link QUIET_MS} of a throttle, up to `burst` after. */
  #advance(now: number): void {
    const quietUntil = this.#throttledAt + QUIET_MS;
    if (this.#updatedAt < quietUntil) this.#accrue(Math.min(now, quietUntil), 0);
    if (now > this.#updatedAt) this.#accrue(now, this.burst);
  }

  #accrue(to: number, cap: number): void {
    this.#balance = Math.min(cap, this.#balance + this.rate.unitsBetween(this.#updatedAt, to));
    this.#updatedAt = to;
  }

  /**
   * Starts waiting requests while there is no debt; then, if some still wait, sets the timer for when the
   * debt is paid off at the current rate (a rate that changes meanwhile is checked again then). A loop
   * guarded against reentry, so requests answered synchronously cannot grow the stack.
   */
  #drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    try {
      this.#stopTimer();
      while (this.#waiting > 0) {
        const now = this.clock.now();
        this.#advance(now);
        if (this.#balance < -EPSILON_UNITS) {
          // A longer wait (a tiny rate, a large debt) is waited in steps of the longest timer: each wakes to judge the debt again.
          const waitMs = Math.min(MAX_TIMER_MS, Math.ceil((-this.#balance / this.rate.at(now)) * 1000));
          this.#timer = asyncScheduler.schedule(() => {
            this.#timer = undefined;
            this.#drain();
          }, waitMs);
          return;
        }
        this.#wakeNext();
      }
    } finally {
      this.#draining = false;
    }
  }

  /** Starts the first request of the caller whose turn it is, and puts that caller last in the rotation. */
  #wakeNext(): void {
    const [caller, queue] = this.#callers.entries().next().value!;
    const waiter = queue.values().next().value!;
    queue.delete(waiter);
    this.#waiting--;
    this.#callers.delete(caller);
    // Requeued before the waiter runs, so a request it makes at once joins this queue.
    if (queue.size > 0) this.#callers.set(caller, queue);
    waiter();
  }

  #stopTimer(): void {
    this.#timer?.unsubscribe();
    this.#timer = undefined;
  }

  #changed(): void {
    if (this.changes.observed) this.changes.next();
  }
}
