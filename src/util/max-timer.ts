/**
 * The longest delay a timer takes: 2^31-1 ms (about 24.8 days). Node (and browsers) fire a `setTimeout` or
 * `setInterval` with a longer delay after 1 ms, and RxJS's `asyncScheduler` (`timer`, `delay`, `timeout`) uses
 * them: an option that becomes a delay is refused above it, and a computed wait is clamped to it.
 * @internal
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
