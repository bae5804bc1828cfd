import { defer, map, mergeMap, of, throwError, timer, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { cacheCredentials } from '../../src/config/credentials/cache.js';
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
});
