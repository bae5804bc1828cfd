import { catchError, defer, from, isObservable, map, of, take, throwError, throwIfEmpty, type Observable } from 'rxjs';
import { ConfigError, NoCredentialsError } from '../../errors/client-errors.js';
import { DynamoDBError } from '../../errors/dynamodb-error.js';
import { isPromiseLike } from '../../util/promise-like.js';
import { SigningClock } from '../../http/signing-clock.js';
import { credentialChain } from './chain.js';
import { kindOf } from '../../util/kind-of.js';
import { makeCredentials, stringFields } from './parse.js';
import type { CredentialProvider, CredentialSourceOptions, Credentials } from './types.js';

/**
 * Turns the `credentials` option into one Observable of credentials: a static object (checked now, emitted
 * synchronously), a provider function (called on each subscription; its value, Promise or Observable's first
 * value is checked), or `undefined` for the default chain with `options`, assuming roles with requests signed
 * by `clock`. Only the four {@link Credentials} fields are kept.
 *
 * @throws ConfigError, at once for a static object and as an error notification for a provider's value,
 *   naming the field at fault (never its value). A provider that fails, or completes without a value,
 *   gives a NoCredentialsError with the provider's error as `cause` (rx-dynamodb errors pass unchanged).
 * @example toCredentialSource(fromNodeProviderChain()) // from '@aws-sdk/credential-providers'
 */
export function toCredentialSource(
  credentials: Credentials | CredentialProvider | undefined,
  options: CredentialSourceOptions = {},
  clock: SigningClock = new SigningClock(),
): Observable<Credentials> {
  if (credentials === undefined) return credentialChain(options, clock);
  if (typeof credentials !== 'function') return of(checkCredentials(credentials, 'credentials'));
  return defer(() => {
    const result = credentials();
    return isObservable(result) ? result.pipe(take(1)) : isPromiseLike(result) ? from(result) : of(result);
  }).pipe(
    catchError((error: unknown) =>
      throwError(() =>
        DynamoDBError.isDynamoDBError(error)
          ? error
          : new NoCredentialsError('the credentials provider failed; see cause', { cause: error }),
      ),
    ),
    map((value) => checkCredentials(value, "the credentials provider's value")),
    throwIfEmpty(() => new NoCredentialsError('the credentials provider completed without a value')),
  );
}

/**
 * Checks the shape of user-given credentials and copies their fields; errors name fields, never values.
 * A field that throws when read (a getter) is a ConfigError too, its error the cause.
 */
function checkCredentials(value: unknown, label: string): Credentials {
  try {
    return copyCredentials(value, label);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${label}: reading its fields failed; see cause`, { cause: error });
  }
}

function copyCredentials(value: unknown, label: string): Credentials {
  const fail = (problem: string): ConfigError => new ConfigError(`${label}: ${problem}`);
  const { optional, required } = stringFields(value, fail);
  const expiration = (value as Record<string, unknown>)['expiration'] ?? undefined;
  if (expiration !== undefined && !(expiration instanceof Date && !Number.isNaN(expiration.getTime()))) {
    throw fail(`expiration must be a valid Date, not ${expiration instanceof Date ? 'an invalid Date' : kindOf(expiration)}`);
  }
  return makeCredentials(required('accessKeyId'), required('secretAccessKey'), optional('sessionToken'), expiration);
}
