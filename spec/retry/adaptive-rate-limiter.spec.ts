import { asyncScheduler, defer, map, merge, repeat, switchMap, takeUntil, timer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../src/config/options.js';
import type { Transport } from '../../src/http/types.js';
import { AdaptiveRateLimiter } from '../../src/retry/adaptive-rate-limiter.js';
import { RETRY_DEFAULTS } from '../../src/retry/backoff.js';
import { itemResponse, okResponse, throttledResponse } from '../../src/testing/fixtures.js';
import { DynamoDB } from '../../src/client.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { marbleConfig, sendFor } from '../support/send.js';

/** A marble config in the given retry mode: retries without end, no backoff (so only the rate limiter paces), no quota. */
function config(transport: Transport, retryMode: 'standard' | 'adaptive'): ResolvedConfig & { transport: Transport } {
  return marbleConfig(transport, { retryMode, maxConcurrency: 100, maxRetries: 1_000_000, retry: { ...RETRY_DEFAULTS, random: () => 0, quota: Infinity } });
}

/** What a fake server saw of one attempt: its virtual time and whether it was throttled. */
interface Attempt {
  at: number;
  throttled: boolean;
}

/**
 * A fake DynamoDB in virtual time answering after 10 ms. During `[from, to)` it serves `capacity` requests in
 * any trailing second and throttles the rest; otherwise it serves every request.
 */
function server(attempts: Attempt[], { capacity, from, to }: { capacity: number; from: number; to: number }): Transport {
  const served: number[] = [];
  return () => {
    const at = asyncScheduler.now();
    const limited = at >= from && at < to;
    const throttled = limited && served.filter((t) => t > at - 1000).length >= capacity;
    if (!throttled) served.push(at);
    attempts.push({ at, throttled });
    return timer(10).pipe(map(() => (throttled ? throttledResponse() : okResponse())));
  };
}

/** Attempts per whole second of virtual time, and how many of them were throttled. */
function perSecond(attempts: Attempt[], seconds: number): { sent: number; throttled: number }[] {
  return Array.from({ length: seconds }, (_, s) => {
    const inSecond = attempts.filter((a) => a.at >= s * 1000 && a.at < (s + 1) * 1000);
    return { sent: inSecond.length, throttled: inSecond.filter((a) => a.throttled).length };
  });
}

describe('AdaptiveRateLimiter', () => {
  it('lets every request go at once until the first throttle', () => {
    marbleScheduler().run(({ flush }) => {
      const limiter = new AdaptiveRateLimiter();
      const sent: number[] = [];
      for (let i = 0; i < 1000; i++) {
        limiter.acquire(() => sent.push(asyncScheduler.now()));
        limiter.recordResponse(false);
      }
      flush();
      expect(sent).toEqual(Array(1000).fill(0));
      expect(limiter.engaged).toBe(false);
    });
  });

  it('after a throttle, sends at 70% of the rate measured, in FIFO order', () => {
    marbleScheduler().run(({ flush }) => {
      const limiter = new AdaptiveRateLimiter();
      // 20 responses a second for 5 seconds, then a throttle.
      for (let t = 0; t < 5000; t += 50) asyncScheduler.schedule(() => limiter.recordResponse(false), t);
      asyncScheduler.schedule(() => limiter.recordResponse(true), 5000);
      flush();
      expect(limiter.engaged).toBe(true);
      expect(limiter.sendRate).toBeCloseTo(14, 0);
      const order: number[] = [];
      const times: number[] = [];
      asyncScheduler.schedule(() => {
        for (let i = 0; i < 42; i++) {
          limiter.acquire(() => {
            order.push(i);
            times.push(asyncScheduler.now());
          });
        }
      });
      flush();
      expect(order).toEqual(Array.from({ length: 42 }, (_, i) => i));
      // The bucket holds one second's worth (14 tokens) at the throttle; the other 28 go at 14 a second.
      expect(times.slice(0, 14).every((t) => t - 5000 < 0.001)).toBe(true);
      const gaps = times.slice(14).map((t, i) => t - times[13 + i]!);
      for (const gap of gaps) expect(gap).toBeCloseTo(1000 / 14, 1);
      expect(times.at(-1)! - 5000).toBeCloseTo(2000, 0);
    });
  });

  it('a clock set back an hour neither drains the bucket for an hour nor holds the rate at its floor', () => {
    marbleScheduler().run(({ flush }) => {
      // The scheduler's clock, set back an hour at 5 s.
      let setBack = 0;
      const clock = { now: () => asyncScheduler.now() - setBack, schedule: asyncScheduler.schedule.bind(asyncScheduler) } as typeof asyncScheduler;
      const limiter = new AdaptiveRateLimiter(clock);
      // 20 responses a second throughout, and a throttle at 5 s (14 a second after it).
      for (let t = 0; t < 15_000; t += 50) asyncScheduler.schedule(() => limiter.recordResponse(false), t);
      asyncScheduler.schedule(() => limiter.recordResponse(true), 5000);
      const times: number[] = [];
      asyncScheduler.schedule(() => {
        setBack = 3_600_000;
        for (let i = 0; i < 42; i++) limiter.acquire(() => times.push(asyncScheduler.now()));
      }, 5000);
      flush();
      expect(times).toHaveLength(42);
      // As without the jump: a second's worth at once, the rest at ~14 a second and climbing.
      expect(times.at(-1)! - 5000).toBeLessThan(2500);
      expect(limiter.sendRate).toBeGreaterThan(14);
    });
  });

  it('a request that leaves the queue takes no token, and the last one to leave clears the timer', () => {
    marbleScheduler().run(({ flush }) => {
      const limiter = new AdaptiveRateLimiter();
      limiter.recordResponse(true); // measured rate 0: the floor, 0.5 a second
      const sent: string[] = [];
      limiter.acquire(() => sent.push('first'));
      const leave = limiter.acquire(() => sent.push('gone'));
      limiter.acquire(() => sent.push('third'));
      expect(limiter.waiting).toBe(3);
      leave();
      expect(limiter.waiting).toBe(2);
      asyncScheduler.schedule(() => expect(sent).toEqual(['first']), 2000);
      flush();
      expect(sent).toEqual(['first', 'third']);
      expect(asyncScheduler.now()).toBe(4000);
      const never = limiter.acquire(() => sent.push('never'));
      never();
      expect(limiter.waiting).toBe(0);
      flush();
      expect(sent).toEqual(['first', 'third']);
      expect(asyncScheduler.now()).toBe(4000);
    });
  });
});

describe("retryMode: 'adaptive' in the call pipeline", () => {
  it('adds no delay before any throttle: the same timing as standard mode', () => {
    for (const mode of ['standard', 'adaptive'] as const) {
      marbleScheduler().run(({ cold, expectObservable }) => {
        const send = sendFor(config(() => cold('--(o|)', { o: okResponse() }), mode));
        const calls = merge(...Array.from({ length: 5 }, (_, i) => timer(i * 3).pipe(switchMap(() => send('GetItem', { n: i })))));
        expectObservable(calls).toBe('--a--b--c--d--(e|)', { a: {}, b: {}, c: {}, d: {}, e: {} });
      });
    }
  });

  /** Five workers sending back to back for `seconds` of virtual time against {@link server}, throttling at 50 a second from 2 s to 20 s. */
  function run(mode: 'standard' | 'adaptive', seconds: number): { sent: number; throttled: number }[] {
    const attempts: Attempt[] = [];
    marbleScheduler().run(() => {
      const send = sendFor(config(server(attempts, { capacity: 50, from: 2000, to: 20_000 }), mode));
      const worker = defer(() => send('GetItem', {})).pipe(repeat());
      merge(...Array.from({ length: 5 }, () => worker))
        .pipe(takeUntil(timer(seconds * 1000)))
        .subscribe();
    });
    return perSecond(attempts, seconds);
  }

  it('cuts the send rate when the server throttles, holds it near the capacity, and recovers it when the throttling stops', () => {
    const adaptive = run('adaptive', 40);
    const standard = run('standard', 10);
    const total = (seconds: { sent: number; throttled: number }[], key: 'sent' | 'throttled') => seconds.reduce((sum, s) => sum + s[key], 0);
    // Unthrottled, both send as fast as the workers go: 5 workers, 10 ms a round trip.
    for (const modeSeconds of [adaptive, standard]) expect(modeSeconds.slice(0, 2)).toEqual([{ sent: 500, throttled: 0 }, { sent: 500, throttled: 0 }]);
    // Throttled at 50 a second: standard mode keeps sending 500 a second, 9 in 10 of them throttled.
    for (const second of standard.slice(3)) expect(second.sent).toBe(500);
    expect(total(standard.slice(3), 'throttled') / total(standard.slice(3), 'sent')).toBeGreaterThan(0.85);
    // Adaptive mode drops below the capacity at once, then settles near it with hardly a throttle.
    for (const second of adaptive.slice(3, 9)) expect(second.sent).toBeLessThanOrEqual(50);
    for (const second of adaptive.slice(9, 20)) {
      expect(second.sent).toBeGreaterThanOrEqual(35);
      expect(second.sent).toBeLessThanOrEqual(60);
    }
    expect(total(adaptive.slice(9, 20), 'throttled') / total(adaptive.slice(9, 20), 'sent')).toBeLessThan(0.02);
    // After 20 s nothing is throttled: the rate climbs back, second by second, to the workers' full speed.
    const after = adaptive.slice(21);
    expect(total(after, 'throttled')).toBe(0);
    for (let s = 1; s < after.length; s++) expect(after[s]!.sent).toBeGreaterThanOrEqual(after[s - 1]!.sent);
    expect(after[0]!.sent).toBeLessThan(100);
    expect(adaptive.slice(-5).every((second) => second.sent === 500)).toBe(true);
  });
});

describe("new DynamoDB({ retryMode: 'adaptive' })", () => {
  /** When each of three GetItem calls made at once ends: the server throttles the first request only, and answers in 1 ms. */
  function calls(retryMode: 'standard' | 'adaptive'): string[] {
    const ended: string[] = [];
    marbleScheduler().run(({ cold }) => {
      let requests = 0;
      const db = new DynamoDB({
        credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
        env: {},
        retryMode,
        retry: { random: () => 0 },
        transport: () => cold('-(r|)', { r: ++requests === 1 ? throttledResponse() : itemResponse({ pk: { S: 'a' } }) }),
      });
      for (const call of ['a', 'b', 'c']) db.getItem('Table', { pk: 'a' }).subscribe(() => ended.push(`${call}@${asyncScheduler.now()}`));
    });
    return ended;
  }

  it('standard mode retries the throttled request at once (no jitter here)', () => {
    expect(calls('standard')).toEqual(['b@1', 'c@1', 'a@2']);
  });

  it('adaptive mode holds the retry until its rate limiter, engaged by the throttle, has a token: 2 s at the floor rate', () => {
    expect(calls('adaptive')).toEqual(['b@1', 'c@1', 'a@2002']);
  });
});
