import { AsyncLocalStorage, createHook } from 'node:async_hooks';
import { expect } from 'vitest';
import { eventually } from '../support/eventually.js';
import { FAULT_KINDS, type FaultKind, type FaultProxy } from '../support/fault-proxy.js';
import { mulberry32 } from '../support/fault-proxy/faults.js';

/**
 * The fault mix of the reliability scenarios: 30% throttling (both codes), connection resets before,
 * after and in the middle of the response, 5xx, truncated bodies, wrong `x-amz-crc32`, malformed JSON
 * and responses slower than the client's timeout. 49% of requests in scope meet a fault.
 */
export const FAULT_MIX: Partial<Record<FaultKind, number>> = {
  throttle: 0.15,
  'throttling-exception': 0.15,
  http500: 0.02,
  http503: 0.02,
  'reset-before': 0.03,
  'reset-after': 0.03,
  'reset-mid-body': 0.02,
  truncate: 0.02,
  'bad-crc': 0.02,
  'malformed-json': 0.02,
  delay: 0.01,
};

/** The client's per-attempt timeout in these scenarios, and the `delay` fault that exceeds it. */
export const TIMEOUT_MS = 400;
export const SLOW_MS = 600;

/**
 * Settings of a client that rides out {@link FAULT_MIX}, and why each differs from the defaults:
 * - backoff of 1 ms (5 ms when throttled), capped at 50 ms instead of 20 s, so that thousands of retries
 *   take seconds; the backoff schedule itself is proven in the marble specs. Without the cap, a call that
 *   meets ten faults in a row (one in 1,300 at this fault rate) would wait up to 20 s;
 * - 30 retries: with half the requests failing, a give-up is then a 1e-9 event per call;
 * - no retry quota (`Infinity`): the budget exists to stop a storm from multiplying load on a real
 *   service; here the storm is the point, and the budget is tested on its own (retry-budget.spec.ts).
 */
export const PATIENT = {
  timeoutMs: TIMEOUT_MS,
  maxRetries: 30,
  retry: { baseDelayMs: 1, throttlingBaseDelayMs: 5, maxDelayMs: 50, quota: Infinity },
} as const;

/** Faults injected by the proxy, by kind, leaving out kinds that did not occur. */
export function injected(proxy: FaultProxy): Partial<Record<FaultKind, number>> {
  return Object.fromEntries(FAULT_KINDS.filter((kind) => proxy.stats.faults[kind] > 0).map((kind) => [kind, proxy.stats.faults[kind]]));
}

/** Total faults injected by the proxy. */
export function totalInjected(proxy: FaultProxy): number {
  return FAULT_KINDS.reduce((sum, kind) => sum + proxy.stats.faults[kind], 0);
}

/** A seeded PRNG in [0, 1), for reproducible choices in the scenarios themselves. */
export const seeded = mulberry32;

const clientContext = new AsyncLocalStorage<true>();

/**
 * Runs `body` as the client under test: every timer created by it, or by anything it starts (sockets,
 * promises, RxJS schedulers, callbacks of its requests), belongs to the client for {@link trackTimers}.
 * The in-process servers answer in contexts of their own, so their timers (keep-alive, `delay`) do not.
 */
export function asClient<T>(body: () => T): T {
  return clientContext.run(true, body);
}

/** The client's timers created while a {@link trackTimers} tracker is on. */
export interface TimerTracker {
  /** Where each client timer created since the start and still pending was created. */
  pending(): string[];
  /** Stops tracking. */
  stop(): void;
}

/**
 * Tracks every timer (`setTimeout`, `setInterval`, RxJS schedulers, Node internals) that code run by
 * {@link asClient} creates from now on, until it fires or is cleared: a timer of a cancelled call that
 * is never cleared stays in `pending()`. Timers of the in-process servers and of the test runner are
 * not the client's and are left out (Node 24's HTTP server, for one, arms a new keep-alive timer on
 * every idle server socket).
 */
export function trackTimers(): TimerTracker {
  const live = new Map<number, string>();
  const hook = createHook({
    init(id, type) {
      if (type === 'Timeout' && clientContext.getStore()) live.set(id, new Error().stack?.split('\n').slice(5, 12).join('\n') ?? '');
    },
    destroy(id) {
      live.delete(id);
    },
  });
  hook.enable();
  return {
    pending: () => [...live.values()],
    stop: () => hook.disable(),
  };
}

/** Two turns of the event loop, so that callbacks already due (socket teardown, timers clearing) have run. */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Checks that cancelled calls left nothing behind: the client's limiter back to zero at once (unsubscribing
 * frees a slot or leaves the queue synchronously); no backoff, timeout, poll, batching or socket timer of any
 * cancelled call once the teardown callbacks already due have run (checked at once, before a leaked timer of
 * the last calls could expire; the servers' own timers, keep-alive or the proxy's `delay`, are theirs, not the
 * client's); every aborted request closed at the proxy a moment later (well before a held one would end); and
 * the sockets still open idle keep-alive ones, no more than the client's pool keeps (maxFreeSockets =
 * maxConcurrency: a leaked socket would carry an open request, or add to that count with every aborted call).
 * Stops `timers`.
 */
export async function expectNothingLeft(db: { readonly load: unknown }, proxy: FaultProxy, timers: TimerTracker, maxConcurrency: number): Promise<void> {
  expect(db.load).toEqual({ inFlight: 0, queued: 0 });
  await settle();
  timers.stop();
  expect(timers.pending()).toEqual([]);
  await eventually(() => proxy.openRequests() === 0, 'every aborted request to close at the proxy', 5000);
  expect(proxy.openSockets()).toBeLessThanOrEqual(maxConcurrency);
}
