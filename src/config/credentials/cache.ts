import { asyncScheduler, catchError, defer, map, of, share, take, throwError, type Observable } from 'rxjs';
import { NoCredentialsError } from '../../errors/client-errors.js';
import type { Credentials } from './types.js';

/** How {@link cacheCredentials} keeps credentials. */
export interface CacheOptions {
  /**
   * Credentials with an `expiration` are fetched again this long before it (or, when they came with less life
   * left than twice this, half-way through what they had left). @default 300_000 (5 minutes)
   */
  refreshBeforeMs?: number | undefined;
  /**
   * The time credentials are judged by, in epoch milliseconds: a client passes its signing clock, corrected for skew.
   * Credentials this time calls expired on arrival while the local clock (`asyncScheduler.now()`) does not are judged
   * by the local clock instead: their source contradicts the offset, which one server's `Date` may have set wrong.
   * @default asyncScheduler.now()
   */
  now?: (() => number) | undefined;
}

/** How long a source that handed out credentials already expired is left alone; its failure is the answer meanwhile. */
export const EXPIRED_RETRY_MS = 60_000;

/**
 * Caches the first value of `source`. Nothing is fetched before the first subscription; later subscribers
 * get the cached credentials synchronously until `expiration - refreshBeforeMs` (or half-way through the life
 * they came with, when that is shorter: never a fetch per subscriber), when the next subscriber fetches again.
 * Concurrent subscribers share one fetch, which goes on while any of them is subscribed. A failed fetch is not
 * cached: the next subscriber tries again (and subscribers meanwhile get the old credentials if they have not
 * expired yet). Credentials that arrive already expired by `now` and by the local clock fail the fetch with a NoCredentialsError, which
 * is also the answer for the next {@link EXPIRED_RETRY_MS} without asking the source (unless older credentials
 * are still good). Time is `now`, by default `asyncScheduler.now()`, so `TestScheduler.run` controls it; credentials
 * that only `now` calls expired on arrival are judged by `asyncScheduler.now()` and fetched again after
 * {@link EXPIRED_RETRY_MS} (so a skew offset learned from a wrong `Date` cannot lock the client out, and credentials
 * that are really stale, on a machine whose clock is behind, are used for that long at most).
 *
 * @param source must emit credentials (its first value is used) or fail.
 * @example const credentials$ = cacheCredentials(defaultCredentialChain());
 */
export function cacheCredentials(source: Observable<Credentials>, options: CacheOptions = {}): Observable<Credentials> {
  const localNow = (): number => asyncScheduler.now();
  const { refreshBeforeMs = 300_000, now = localNow } = options;
  let current: Credentials | undefined;
  /** The clock `current` is judged by: `now`, or the local clock when only `now` called them expired on arrival. */
  let judgedBy = now;
  /** When `current` is to be fetched again. */
  let refreshAt = 0;
  /** Until when an expired answer stands for the source's, and what it was. */
  let expired: { until: number; expiration: Date; at: number } | undefined;
  const fetch = source.pipe(
    take(1),
    map((credentials) => {
      const expiresAt = credentials.expiration?.getTime() ?? Infinity;
      const corrected = now();
      const local = localNow();
      const byLocal = expiresAt <= corrected && expiresAt > local;
      const clock = byLocal ? localNow : now;
      const at = byLocal ? local : corrected;
      if (expiresAt <= at) {
        expired = { until: at + EXPIRED_RETRY_MS, expiration: credentials.expiration!, at };
        throw expiredCredentials(expired.expiration, at);
      }
      expired = undefined;
      current = credentials;
      judgedBy = clock;
      const due = expiresAt - Math.min(refreshBeforeMs, (expiresAt - at) / 2);
      // Judged by the local clock, they may really be stale (a machine clock behind, the offset right): asked again soon.
      refreshAt = byLocal ? Math.min(due, at + EXPIRED_RETRY_MS) : due;
      return credentials;
    }),
    share(),
  );
  return defer(() => {
    const at = judgedBy();
    const previous = current;
    if (previous !== undefined && at < refreshAt) return of(previous);
    const stillGood = previous !== undefined && isUnexpired(previous, at);
    if (expired !== undefined && now() < expired.until) return stillGood ? of(previous) : throwError(() => expiredCredentials(expired!.expiration, expired!.at));
    return fetch.pipe(catchError((error: unknown) => (previous !== undefined && isUnexpired(previous, judgedBy()) ? of(previous) : throwError(() => error))));
  });
}

/** Whether credentials still work at `at`; credentials without an expiration always do. */
function isUnexpired(credentials: Credentials, at: number): boolean {
  return credentials.expiration === undefined || at < credentials.expiration.getTime();
}

/** The error for credentials that arrived already expired (a new one each time: calls add their action to it). */
function expiredCredentials(expiration: Date, at: number): NoCredentialsError {
  return new NoCredentialsError(
    `the credentials the source handed out had expired at ${expiration.toISOString()}, before their first use at ` +
      `${new Date(at).toISOString()} by this client's clock (corrected for skew once a server showed it): the source ` +
      `gave stale credentials, or this machine's clock is ahead (check NTP); the source is asked again ${EXPIRED_RETRY_MS / 1000} s later at the earliest`,
  );
}
