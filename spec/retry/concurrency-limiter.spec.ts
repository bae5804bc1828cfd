import { Observable, of, merge } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter } from '../../src/retry/concurrency-limiter.js';
import { marbleScheduler } from '../support/marble-scheduler.js';


/** `source`, subscribed only while it holds a slot of `limiter`, which it frees when it ends or is unsubscribed (as `send` uses it). */
function holding<T>(limiter: ConcurrencyLimiter, source: Observable<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    subscriber.add(limiter.acquire(() => subscriber.add(source.subscribe(subscriber))));
  });
}

describe('ConcurrencyLimiter', () => {
  it('runs at most `limit` sources at once and starts waiters in FIFO order', () => {
    marbleScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const limiter = new ConcurrencyLimiter(2);
      const a = cold('---a|');
      const b = cold('------b|');
      const c = cold('-c|');
      const d = cold('-d|');
      expectObservable(merge(holding(limiter, a), holding(limiter, b), holding(limiter, c), holding(limiter, d))).toBe('---a-cbd|');
      expectSubscriptions(a.subscriptions).toBe('^---!');
      expectSubscriptions(b.subscriptions).toBe('^------!');
      expectSubscriptions(c.subscriptions).toBe('----^-!');
      expectSubscriptions(d.subscriptions).toBe('------^-!');
    });
  });

  it('frees the slot when a source errors', () => {
    marbleScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const limiter = new ConcurrencyLimiter(1);
      const failing = cold('--#');
      const next = cold('-n|');
      expectObservable(holding(limiter, failing)).toBe('--#');
      expectObservable(holding(limiter, next)).toBe('---n|');
      expectSubscriptions(next.subscriptions).toBe('--^-!');
    });
  });

  it('frees the slot on unsubscribe, and a waiter that unsubscribes leaves the queue', () => {
    marbleScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const limiter = new ConcurrencyLimiter(1);
      const slow = cold('------s|');
      const abandoned = cold('-x|');
      const last = cold('-l|');
      expectObservable(holding(limiter, slow), '^--!').toBe('---');
      expectObservable(holding(limiter, abandoned), '^-!').toBe('--');
      expectObservable(holding(limiter, last)).toBe('----l|');
      expectSubscriptions(slow.subscriptions).toBe('^--!');
      expectSubscriptions(abandoned.subscriptions).toBe([]);
      expectSubscriptions(last.subscriptions).toBe('---^-!');
    });
  });

  it('drains 100,000 synchronous sources without growing the stack', () => {
    const limiter = new ConcurrencyLimiter(1);
    let completed = 0;
    const blocker = new Observable<number>(() => undefined);
    const subscription = holding(limiter, blocker).subscribe();
    for (let i = 0; i < 100_000; i++) holding(limiter, of(i)).subscribe({ complete: () => completed++ });
    expect(limiter.waiting).toBe(100_000);
    subscription.unsubscribe();
    expect(completed).toBe(100_000);
    expect(limiter.active).toBe(0);
  });

  it('a start that acquires again does not nest: a chain of 100,000 runs in order with a flat stack', () => {
    const limiter = new ConcurrencyLimiter(200_000);
    const started: number[] = [];
    const link = (n: number) => (): void => {
      started.push(n);
      if (n < 100_000) limiter.acquire(link(n + 1));
      // The next link starts once this start has returned, never inside it.
      expect(started.at(-1)).toBe(n);
    };
    limiter.acquire(link(1));
    expect(started).toHaveLength(100_000);
    expect(started[99_999]).toBe(100_000);
    expect(limiter.active).toBe(100_000);
    expect(limiter.waiting).toBe(0);
  });
});

describe('ConcurrencyLimiter: a start that throws', () => {
  it('frees the slot before the throw goes on', () => {
    const limiter = new ConcurrencyLimiter(1);
    expect(() => limiter.acquire(() => { throw new Error('bug'); })).toThrow('bug');
    expect(limiter.active).toBe(0);
    let started = false;
    limiter.acquire(() => { started = true; });
    expect(started).toBe(true);
  });
});
