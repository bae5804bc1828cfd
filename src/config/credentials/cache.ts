import { asyncScheduler, catchError, defer, of, share, take, tap, throwError, type Observable } from 'rxjs';
import type { Credentials } from './types.js';

/** How {@link cacheCredentials} keeps credentials. */
export interface CacheOptions {
  /** Credentials with an `expiration` are fetched again this long before it. @default 300_000 (5 minutes) */
  refreshBeforeMs?: number | undefined;
}

/**
 * Caches the first value of `source`. Nothing is fetched before the first subscription; later subscribers
 * get the cached credentials synchronously until `expiration - refreshBeforeMs`, when the next subscriber
 * fetches again. Concurrent subscribers share one fetch, which goes on while any of them is subscribed.
 * A failed fetch is not cached: the next subscriber tries again (and subscribers meanwhile get the old
 * credentials if they have not expired yet). Time is `asyncScheduler.now()`, so `TestScheduler.run` controls it.
 *
 * @param source must emit credentials (its first value is used) or fail.
 * @example const credentials$ = cacheCredentials(defaultCredentialChain());
 */
export function cacheCredentials(source: Observable<Credentials>, options: CacheOptions = {}): Observable<Credentials> {
  const { refreshBeforeMs = 300_000 } = options;
  let current: Credentials | undefined;
  const fetch = source.pipe(
    take(1),
    tap((credentials) => {
      current = credentials;
    }),
    share(),
  );
  return defer(() => {
    const previous = current;
    if (previous !== undefined && isFresh(previous, refreshBeforeMs)) return of(previous);
    return fetch.pipe(
      catchError((error: unknown) =>
        previous !== undefined && isFresh(previous, 0) ? of(previous) : throwError(() => error),
      ),
    );
  });
}

/** Whether credentials are good for at least `marginMs` more; credentials without an expiration always are. */
function isFresh(credentials: Credentials, marginMs: number): boolean {
  return credentials.expiration === undefined || asyncScheduler.now() < credentials.expiration.getTime() - marginMs;
}
