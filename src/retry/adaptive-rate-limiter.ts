import { asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';
import { MonotonicClock } from '../util/monotonic-clock.js';
import { WaiterQueue } from './waiter-queue.js';

/**
 * How a client retries: `'standard'`, retries with backoff only; `'adaptive'`, also a client-side rate
 * limiter that paces requests once DynamoDB throttled one (the AWS SDKs' `retryMode` values).
 */
export type RetryMode = 'standard' | 'adaptive';

/**
 * The constants of the AWS SDKs' adaptive retry mode (the same in every SDK): CUBIC's multiplicative
 * decrease `beta` and scale, the floor of the sending rate and of the bucket, and the smoothing of the
 * measured rate, taken over half-second buckets.
 */
const ADAPTIVE = {
  beta: 0.7,
  scale: 0.4,
  minRatePerSecond: 0.5,
  minCapacity: 1,
  smoothing: 0.8,
  measureBucketSeconds: 0.5,
} as const;

/** A token short of a whole by no more than this counts as whole (floating point after many refills). */
const EPSILON = 1e-9;

/**
 * The client-side rate limiter of `retryMode: 'adaptive'`, as in the AWS SDKs: a token bucket every
 * request takes one token from, which engages at the first throttling response. From then on the
 * bucket's fill rate follows CUBIC: a throttle cuts it to 70% of the rate measured when it came, and
 * responses without throttling raise it along a cubic curve back to that rate and beyond (never above
 * twice the measured rate). Requests that find the bucket empty wait in FIFO order on one RxJS timer,
 * so time is virtual under `TestScheduler.run`. One per client and API. @internal
 */
export class AdaptiveRateLimiter {
  readonly #scheduler: SchedulerLike;
  /** The scheduler's clock, never going back: a clock set back would drain the bucket and hold the rate at its floor until it caught up. */
  readonly #clock: MonotonicClock;
  #engaged = false;
  #tokens = 0;
  #capacity: number = ADAPTIVE.minCapacity;
  #fillRate: number = ADAPTIVE.minRatePerSecond;
  #lastRefill: number | undefined;
  /** Responses per second, smoothed over half-second buckets. */
  #measuredRate = 0;
  #bucketStart: number | undefined;
  #bucketCount = 0;
  /** The rate in force at the last throttle, the top of the cubic curve. */
  #lastMaxRate = 0;
  #lastThrottle: number;
  readonly #waiting = new WaiterQueue();
  #timer: Subscription | undefined;

  constructor(scheduler: SchedulerLike = asyncScheduler) {
    this.#scheduler = scheduler;
    this.#clock = new MonotonicClock(() => scheduler.now());
    this.#lastThrottle = this.#seconds();
  }

  /** Whether a throttle has engaged the bucket (before that, requests never wait). */
  get engaged(): boolean {
    return this.#engaged;
  }

  /** The bucket's fill rate: requests per second allowed once engaged. */
  get sendRate(): number {
    return this.#fillRate;
  }

  /** Requests waiting for a token. */
  get waiting(): number {
    return this.#waiting.size;
  }

  /**
   * Calls `send` when a token is granted: at once until the first throttle, and while the bucket holds
   * one and nobody waits; else in turn, when the bucket has refilled. The returned function leaves the
   * queue if `send` was not called yet (a cancelled request takes no token).
   */
  acquire(send: () => void): () => void {
    if (!this.#engaged || (this.#waiting.size === 0 && this.#take())) {
      send();
      return noop;
    }
    const leave = this.#waiting.enqueue(send);
    this.#schedule();
    return () => {
      leave();
      if (this.#waiting.size === 0) this.#cancelTimer();
    };
  }

  /** Learns from one response: a throttling error lowers the sending rate (and engages the bucket), any other raises it. */
  recordResponse(throttled: boolean): void {
    const now = this.#seconds();
    this.#measure(now);
    let rate: number;
    if (throttled) {
      this.#lastMaxRate = this.#engaged ? Math.min(this.#measuredRate, this.#fillRate) : this.#measuredRate;
      this.#lastThrottle = now;
      this.#engaged = true;
      rate = this.#lastMaxRate * ADAPTIVE.beta;
    } else {
      rate = ADAPTIVE.scale * (now - this.#lastThrottle - this.#window()) ** 3 + this.#lastMaxRate;
    }
    this.#setRate(Math.min(rate, 2 * this.#measuredRate));
  }

  /** Seconds from the throttle until the cubic curve is back at the rate of that throttle. */
  #window(): number {
    return Math.cbrt((this.#lastMaxRate * (1 - ADAPTIVE.beta)) / ADAPTIVE.scale);
  }

  /** Counts a response into its half-second bucket; each new bucket updates the smoothed rate. */
  #measure(now: number): void {
    const bucket = Math.floor(now / ADAPTIVE.measureBucketSeconds) * ADAPTIVE.measureBucketSeconds;
    this.#bucketStart ??= bucket;
    this.#bucketCount++;
    if (bucket > this.#bucketStart) {
      const rate = this.#bucketCount / (bucket - this.#bucketStart);
      this.#measuredRate = rate * ADAPTIVE.smoothing + this.#measuredRate * (1 - ADAPTIVE.smoothing);
      this.#bucketCount = 0;
      this.#bucketStart = bucket;
    }
  }

  #setRate(rate: number): void {
    this.#refill();
    this.#fillRate = Math.max(rate, ADAPTIVE.minRatePerSecond);
    this.#capacity = Math.max(rate, ADAPTIVE.minCapacity);
    this.#tokens = Math.min(this.#tokens, this.#capacity);
    // Waiters were timed at the old rate: time the next one at the new.
    if (this.#timer) {
      this.#cancelTimer();
      this.#schedule();
    }
  }

  #refill(): void {
    const now = this.#seconds();
    if (this.#lastRefill !== undefined) this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#lastRefill) * this.#fillRate);
    this.#lastRefill = now;
  }

  /** Takes a token if the bucket, refilled to now, holds one. */
  #take(): boolean {
    this.#refill();
    if (this.#tokens < 1 - EPSILON) return false;
    this.#tokens = Math.max(0, this.#tokens - 1);
    return true;
  }

  /** Sets the timer for the first waiter: when the bucket will hold a whole token. */
  #schedule(): void {
    if (this.#timer || this.#waiting.size === 0) return;
    const delayMs = ((1 - this.#tokens) / this.#fillRate) * 1000;
    this.#timer = this.#scheduler.schedule(() => {
      this.#timer = undefined;
      this.#release();
    }, Math.max(0, delayMs));
  }

  /** Lets waiters go, one token each, while there are tokens; then times the next. */
  #release(): void {
    while (this.#waiting.size > 0 && this.#take()) this.#waiting.wakeNext();
    this.#schedule();
  }

  #cancelTimer(): void {
    this.#timer?.unsubscribe();
    this.#timer = undefined;
  }

  #seconds(): number {
    return this.#clock.now() / 1000;
  }
}

function noop(): void {}
