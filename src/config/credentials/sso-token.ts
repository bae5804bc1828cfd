import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncScheduler, catchError, defer, finalize, map, of, share, tap, throwError, type Observable } from 'rxjs';
import { ConfigError, NoCredentialsError } from '../../errors/client-errors.js';
import type { Env } from '../env.js';
import { homeDirectory } from '../shared-files.js';
import { readExpiration, stringFields } from './parse.js';
import { ssoOidcEndpoint } from './service-endpoints.js';
import { createToken } from './sso-service.js';

/** A token expiring within this window is refreshed first, as the AWS SDKs do. */
const REFRESH_WINDOW_MS = 5 * 60_000;

/** @internal Which token an SSO profile uses, and what to tell the user when it is gone. */
export interface SsoTokenSource {
  /** The sso-session name, or the start URL of a legacy profile: the cache file is named by its SHA-1. */
  cacheKey: string;
  /** Says in errors whose token it is, e.g. `sso-session 'corp'`. */
  label: string;
  /** How to sign in again, e.g. run `aws sso login --profile dev`. */
  hint: string;
}

/** A token cache file, read. */
interface CachedToken {
  document: Record<string, unknown>;
  accessToken: string;
  expiresAt: Date;
}

/** Refreshes under way, by cache file: every caller (every client) shares one, so a refresh token is used once. */
const refreshing = new Map<string, Observable<string>>();

/** Where the AWS CLI caches an SSO token: `~/.aws/sso/cache/<SHA-1 hex of the key>.json`, the home directory from `env` (`HOME`, ...). */
function ssoTokenCacheFile(cacheKey: string, env: Env): string {
  return join(homeDirectory(env), '.aws', 'sso', 'cache', `${createHash('sha1').update(cacheKey).digest('hex')}.json`);
}

/**
 * @internal The access token of an `sso-session`, read from the AWS CLI's cache on each subscription. When it
 * expires within 5 minutes and the cache holds a client id, secret and refresh token, SSO-OIDC `CreateToken`
 * (in `region`) refreshes it and the new token is written back to the cache; if that fails, the old token
 * serves while it lasts.
 *
 * @throws (as error notifications) NoCredentialsError saying to sign in again when there is no token or it
 *   has expired beyond refresh; ConfigError for an unreadable or malformed cache file.
 */
export function sessionAccessToken(source: SsoTokenSource, region: string, env: Env): Observable<string> {
  return defer(() => {
    const file = ssoTokenCacheFile(source.cacheKey, env);
    const cached = readCachedToken(file, source);
    if (cached.expiresAt.getTime() - asyncScheduler.now() > REFRESH_WINDOW_MS) return of(cached.accessToken);
    const client = refreshClient(cached.document);
    if (client === undefined) return stillValid(cached, source);
    let refresh = refreshing.get(file);
    if (refresh === undefined) {
      refresh = createToken(ssoOidcEndpoint(region, env), client).pipe(
        tap((token) => writeBack(file, cached, token)),
        map((token) => token.accessToken),
        finalize(() => refreshing.delete(file)),
        share(),
      );
      refreshing.set(file, refresh);
    }
    return refresh.pipe(catchError((error: unknown) => stillValid(cached, source, error)));
  });
}

/**
 * @internal The access token of a legacy SSO profile (`sso_start_url` without `sso_session`), read from the
 * cache on each subscription; such tokens cannot be refreshed.
 *
 * @throws as {@link sessionAccessToken}.
 */
export function legacyAccessToken(source: SsoTokenSource, env: Env): Observable<string> {
  return defer(() => stillValid(readCachedToken(ssoTokenCacheFile(source.cacheKey, env), source), source));
}

/** The cached token while it has not expired, else an error saying to sign in again (with why refreshing failed). */
function stillValid(cached: CachedToken, source: SsoTokenSource, refreshError?: unknown): Observable<string> {
  if (cached.expiresAt.getTime() > asyncScheduler.now()) return of(cached.accessToken);
  const why = refreshError === undefined ? 'it cannot be refreshed' : `refreshing it failed (${(refreshError as Error).message})`;
  return throwError(() => new NoCredentialsError(`the SSO token of ${source.label} has expired and ${why}: ${source.hint}`, { cause: refreshError }));
}

function readCachedToken(file: string, source: SsoTokenSource): CachedToken {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read failed';
    if (code === 'ENOENT') throw new NoCredentialsError(`no SSO token is cached for ${source.label} (${file}): ${source.hint}`);
    throw new ConfigError(`cannot read the SSO token cache ${file}: ${code}`);
  }
  const fail = (problem: string): ConfigError => new ConfigError(`the SSO token cache ${file} is unusable (${problem}): ${source.hint}`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw fail('not JSON');
  }
  const { required } = stringFields(document, fail);
  // The AWS CLI v1 wrote `2019-11-14T04:05:45UTC`.
  const expiresAt = readExpiration(required('expiresAt').replace(/UTC$/, 'Z'), () => fail('expiresAt is not a date'));
  return { document: document as Record<string, unknown>, accessToken: required('accessToken'), expiresAt: expiresAt as Date };
}

/** What `CreateToken` needs from the cache, if it holds all of it. */
function refreshClient(document: Record<string, unknown>): { clientId: string; clientSecret: string; refreshToken: string } | undefined {
  const { clientId, clientSecret, refreshToken } = document;
  return typeof clientId === 'string' && typeof clientSecret === 'string' && typeof refreshToken === 'string' && clientId && clientSecret && refreshToken
    ? { clientId, clientSecret, refreshToken }
    : undefined;
}

/** Writes the refreshed token back, as the AWS CLI would; a cache that cannot be written only costs a refresh later. */
function writeBack(file: string, cached: CachedToken, token: { accessToken: string; expiresInSeconds: number; refreshToken?: string | undefined }): void {
  const document = {
    ...cached.document,
    accessToken: token.accessToken,
    expiresAt: new Date(asyncScheduler.now() + token.expiresInSeconds * 1000).toISOString(),
    ...(token.refreshToken === undefined ? {} : { refreshToken: token.refreshToken }),
  };
  try {
    writeFileSync(file, JSON.stringify(document, null, 2), { mode: 0o600 });
  } catch {
    // The new token is used all the same; the next process refreshes again.
  }
}
