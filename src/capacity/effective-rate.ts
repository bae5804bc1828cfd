/** A throttle lowers the effective rate to this fraction of what it was (multiplicative decrease). */
export const THROTTLE_DECREASE = 0.7;
/** Once nothing was throttled for {@link QUIET_MS}, the effective rate climbs back by this fraction of the target per second (additive increase). */
export const RECOVERY_PER_SECOND = 0.05;
/** The effective rate never goes below this fraction of the target. */
export const FLOOR_FRACTION = 0.01;
/**
 * After a decrease, throttles within this many milliseconds count as the same one (requests in flight
 * together are throttled together), and the rate holds that long before it climbs back.
 */
export const QUIET_MS = 1000;

/**
 * The rate a budget paces to, in units per second: its target, lowered on throttling (AIMD: times
 * {@link THROTTLE_DECREASE}, at most once per {@link QUIET_MS}, not below {@link FLOOR_FRACTION} of the
 * target), held for {@link QUIET_MS}, then climbing back linearly ({@link RECOVERY_PER_SECOND} of the
 * target per second) to the target. A function of time, in the RxJS scheduler's milliseconds: no timer
 * runs for it. @internal
 */
export class EffectiveRate {
  /** The rate right after the last decrease; the target before any. */
  #lowered: number;
  #loweredAt = -Infinity;

  constructor(readonly target: number) {
    this.#lowered = target;
  }

  /** Units per second at `now`. */
  at(now: number): number {
    // At the target, nothing climbs (and a target so small that its climb per ms rounds to 0 stays a number).
    if (this.#lowered >= this.target) return this.target;
    return Math.min(this.target, this.#lowered + this.#climbPerMs() * Math.max(0, now - this.#climbsFrom()));
  }

  /** Units the rate adds from `from` to `to` (ms): the integral of {@link at}, exact as it is linear between its bends. */
  unitsBetween(from: number, to: number): number {
    if (to <= from) return 0;
    if (this.#lowered >= this.target) return (this.target * (to - from)) / 1000;
    const within = (time: number): number => Math.min(to, Math.max(from, time));
    const climbsFrom = this.#climbsFrom();
    const points = [from, within(climbsFrom), within(climbsFrom + (this.target - this.#lowered) / this.#climbPerMs()), to];
    let units = 0;
    for (let index = 1; index < points.length; index++) {
      const [start, end] = [points[index - 1]!, points[index]!];
      units += (this.at(start) / 2 + this.at(end) / 2) * (end - start);
    }
    return units / 1000;
  }

  /** A request was throttled at `now`: lowers the rate, unless it was lowered within {@link QUIET_MS}. */
  throttled(now: number): void {
    if (now - this.#loweredAt < QUIET_MS) return;
    this.#lowered = Math.max(this.target * FLOOR_FRACTION, this.at(now) * THROTTLE_DECREASE);
    this.#loweredAt = now;
  }

  #climbsFrom(): number {
    return this.#loweredAt + QUIET_MS;
  }

  /** Units per second gained per millisecond while climbing back. */
  #climbPerMs(): number {
    return (this.target * RECOVERY_PER_SECOND) / 1000;
  }
}
