import { defer, map, mergeMap, of, take, throwError, timer, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { cacheCredentials, EXPIRED_RETRY_MS } from '../../src/config/credentials/cache.js';
import { NoCredentialsError } from '../../src/errors/client-errors.js';
import type { Credentials } from '../../src/config/credentials/types.js';
import { marbleScheduler } from '../support/marble-scheduler.js';

const MINUTE = 60_000;
const A: Credentials = { accessKeyId: 'A', secretAccessKey: 's' };

/** A source that records the virtual time of each fetch and returns credentials valid for `lifetimeMs` from then. */
function expiringSource(lifetimeMs: number, now: () => number): { source: Observable<Credentials>; fetches: number[] } {
  const fetches: number[] = [];
  const source = defer(() => {
    fetches.push(now());
    return of({ accessKeyId: `key-${fetches.length}`, secretAccessKey: 's', expiration: new Date(now() + lifetimeMs) });
  });
  return { source, fetches };
}

describe('cacheCredentials', () => {
  it('fetches lazily, then serves the cached value synchronously', () => {
    const testScheduler = marbleScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--a|', { a: A });
      const cached = cacheCredentials(source);
      expect(source.subscriptions).toHaveLength(0);
      expectObservable(cached).toBe('--(a|)', { a: A });
      expectObservable(cached, '----^').toBe('----(a|)', { a: A });
      expectObservable(cached, '50m ^').toBe('50m (a|)', { a: A });
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('fetches credentials expiring at 10 min again from 5 min on with the default window, not before', () => {
    const testScheduler = marbleScheduler();
    const { source, fetches } = expiringSource(10 * MINUTE, () => testScheduler.now());
    testScheduler.run(({ expectObservable }) => {
      const cached = cacheCredentials(source);
      const at = [0, 4 * MINUTE, 5 * MINUTE - 1, 5 * MINUTE, 9 * MINUTE, 10 * MINUTE];
      const keys = at.map((t) => timer(t).pipe(mergeMap(() => cached), map((credentials) => credentials.accessKeyId)));
      keys.forEach((key$, index) => {
        expectObservable(key$).toBe(`${at[index]}ms (k|)`, { k: index < 3 ? 'key-1' : index < 5 ? 'key-2' : 'key-3' });
      });
    });
    expect(fetches).toEqual([0, 5 * MINUTE, 10 * MINUTE]);
  });

  it('honours refreshBeforeMs, and never refetches credentials without an expiration', () => {
    const testScheduler = marbleScheduler();
    const expiring = expiringSource(10 * MINUTE, () => testScheduler.now());
    let calls = 0;
    const permanent = defer(() => of({ accessKeyId: `p-${++calls}`, secretAccessKey: 's' }));
    testScheduler.run(({ flush }) => {
      const cached = cacheCredentials(expiring.source, { refreshBeforeMs: MINUTE });
      const forever = cacheCredentials(permanent);
      for (const t of [0, 5 * MINUTE, 9 * MINUTE - 1, 9 * MINUTE, 1000 * MINUTE]) {
        timer(t).pipe(mergeMap(() => cached)).subscribe();
        timer(t).pipe(mergeMap(() => forever)).subscribe();
      }
      flush();
    });
    expect(expiring.fetches).toEqual([0, 9 * MINUTE, 1000 * MINUTE]);
    expect(calls).toBe(1);
  });

  it('shares one fetch between concurrent subscribers, even when one of them leaves', () => {
    marbleScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('----a|', { a: A });
      const cached = cacheCredentials(source);
      expectObservable(cached, '^-!').toBe('---');
      expectObservable(cached, '-^').toBe('----(a|)', { a: A });
      expectObservable(cached, '--^').toBe('----(a|)', { a: A });
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });

  it('cancels the fetch when every subscriber leaves, and starts anew on the next subscribe', () => {
    marbleScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('----a|', { a: A });
      const cached = cacheCredentials(source);
      expectObservable(cached, '^-!').toBe('---');
      expectObservable(cached, '------^').toBe('------ ----(a|)', { a: A });
      expectSubscriptions(source.subscriptions).toBe(['^-!', '------^---!']);
    });
  });

  it('does not cache a failure: the next subscriber fetches again', () => {
    marbleScheduler().run(({ expectObservable }) => {
      let calls = 0;
      const failure = new Error('endpoint down');
      const source = defer(() => (++calls === 1 ? throwError(() => failure) : of(A)));
      const cached = cacheCredentials(source);
      expectObservable(cached).toBe('#', undefined, failure);
      expectObservable(cached, '-^').toBe('-(a|)', { a: A });
    });
  });

  it('serves credentials that have not expired yet when their refresh fails', () => {
    const testScheduler = marbleScheduler();
    testScheduler.run(({ expectObservable }) => {
      let calls = 0;
      const first = { accessKeyId: 'A', secretAccessKey: 's', expiration: new Date(10 * MINUTE) };
      const failure = new Error('endpoint down');
      const cached = cacheCredentials(defer(() => (++calls === 1 ? of(first) : throwError(() => failure))));
      expectObservable(cached).toBe('(a|)', { a: first });
      expectObservable(cached, '6m ^').toBe('6m (a|)', { a: first });
      expectObservable(cached, '10m ^').toBe('10m #', undefined, failure);
    });
  });

  it('credentials with less life than refreshBeforeMs are fetched again half-way through it, not for every subscriber', () => {
    const testScheduler = marbleScheduler();
    const { source, fetches } = expiringSource(4 * MINUTE, () => testScheduler.now());
    testScheduler.run(({ flush }) => {
      const cached = cacheCredentials(source);
      for (let second = 0; second < 5 * 60; second++) timer(second * 1000).pipe(mergeMap(() => cached)).subscribe();
      flush();
    });
    expect(fetches).toEqual([0, 2 * MINUTE, 4 * MINUTE]);
  });

  it('credentials that arrive already expired fail with a NoCredentialsError, which answers for a minute without asking the source again', () => {
    const testScheduler = marbleScheduler();
    const { source, fetches } = expiringSource(-10 * MINUTE, () => testScheduler.now());
    const errors: unknown[] = [];
    testScheduler.run(({ flush }) => {
      const cached = cacheCredentials(source);
      for (const t of [0, 1, 1000, EXPIRED_RETRY_MS - 1, EXPIRED_RETRY_MS]) timer(t).pipe(mergeMap(() => cached)).subscribe({ error: (error) => errors.push(error) });
      flush();
    });
    expect(fetches).toEqual([0, EXPIRED_RETRY_MS]);
    expect(errors).toHaveLength(5);
    for (const error of errors) {
      expect(error).toBeInstanceOf(NoCredentialsError);
      expect((error as Error).message).toMatch(/^the credentials the source handed out had expired at 1969-12-31T23:5\d:00\.000Z, before their first use at 1970-01-01T00:0\d:00\.\d{3}Z by this client's clock .*: the source gave stale credentials, or this machine's clock is ahead \(check NTP\); the source is asked again 60 s later at the earliest$/);
    }
    // A new error each time: a call adds its action to the one it receives.
    expect(new Set(errors).size).toBe(5);
  });

  it('while a refresh answers with expired credentials, older ones still good are served', () => {
    const testScheduler = marbleScheduler();
    testScheduler.run(({ expectObservable }) => {
      let calls = 0;
      const first = { accessKeyId: 'A', secretAccessKey: 's', expiration: new Date(10 * MINUTE) };
      const stale = { accessKeyId: 'B', secretAccessKey: 's', expiration: new Date(MINUTE) };
      const cached = cacheCredentials(defer(() => of(++calls === 1 ? first : stale)));
      expectObservable(cached).toBe('(a|)', { a: first });
      expectObservable(cached, '6m ^').toBe('6m (a|)', { a: first });
      expectObservable(cached, '7m ^').toBe('7m (a|)', { a: first });
      expectObservable(cached, '10m ^').toBe('10m #', undefined, expect.any(NoCredentialsError));
    });
  });

  it('judges expiry by `now` (a client passes its clock, corrected for skew) when the credentials agree with it', () => {
    const testScheduler = marbleScheduler();
    const HOUR = 60 * MINUTE;
    const halfHour = expiringSource(30 * MINUTE, () => testScheduler.now());
    testScheduler.run(({ expectObservable }) => {
      const at = (offset: number) => () => testScheduler.now() + offset;
      // Good for 30 minutes by the local clock, but the server's time is an hour ahead: served (the offset may be
      // wrong), but asked for again after EXPIRED_RETRY_MS, not after 25 minutes (the credentials may be stale).
      const cached = cacheCredentials(halfHour.source, { now: at(HOUR) });
      expectObservable(timer(0, MINUTE / 2).pipe(take(4), mergeMap(() => cached), map((credentials) => credentials.accessKeyId))).toBe('a 29999ms a 29999ms b 29999ms (b|)', { a: 'key-1', b: 'key-2' });
      // Expired 10 minutes ago by the local clock, an hour ahead of the server's: good for 50 minutes.
      const good = { ...A, expiration: new Date(-10 * MINUTE) };
      expectObservable(cacheCredentials(of(good), { now: at(-HOUR) })).toBe('(a|)', { a: good });
      // Expired by both clocks: stale.
      const stale = { ...A, expiration: new Date(-10 * MINUTE) };
      expectObservable(cacheCredentials(of(stale), { now: at(HOUR) })).toBe('#', undefined, expect.any(NoCredentialsError));
    });
    expect(halfHour.fetches).toEqual([0, EXPIRED_RETRY_MS]);
  });

  it('credentials that only `now` calls expired on arrival (an offset from a wrong Date) are judged by the local clock: no lockout', () => {
    const YEARS = 5 * 365 * 24 * 60 * MINUTE;
    for (const offset of [60 * MINUTE, YEARS]) {
      const testScheduler = marbleScheduler();
      const { source, fetches } = expiringSource(60 * MINUTE, () => testScheduler.now());
      const served: string[] = [];
      testScheduler.run(({ flush }) => {
        const cached = cacheCredentials(source, { now: () => testScheduler.now() + offset });
        for (const t of [0, MINUTE, 54 * MINUTE, 55 * MINUTE, 56 * MINUTE]) timer(t).pipe(mergeMap(() => cached)).subscribe((credentials) => served.push(credentials.accessKeyId));
        flush();
      });
      // Good for an hour by the local clock: served, and fetched again once a minute at most while the offset
      // contradicts them (EXPIRED_RETRY_MS), not for every subscriber.
      expect(fetches).toEqual([0, MINUTE, 54 * MINUTE, 55 * MINUTE, 56 * MINUTE]);
      expect(served).toEqual(['key-1', 'key-2', 'key-3', 'key-4', 'key-5']);
    }
  });
});
