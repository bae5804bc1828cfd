import { defer, of, type Observable } from 'rxjs';
import { ConfigError } from '../../errors/client-errors.js';
import { envVar, type Env } from '../env.js';
import { makeCredentials, readExpiration } from './parse.js';
import { readEnvOptions, withCheckedOptions } from './options.js';
import { orNoCredentials, unavailable, type SourceResult } from './source.js';
import type { Credentials, EnvOptions } from './types.js';

const ID = 'AWS_ACCESS_KEY_ID';
const SECRET = 'AWS_SECRET_ACCESS_KEY';
const EXPIRATION = 'AWS_CREDENTIAL_EXPIRATION';

/**
 * Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` and
 * `AWS_CREDENTIAL_EXPIRATION` (ISO 8601) of `options.env` (default `process.env`). Emits synchronously on subscribe.
 *
 * @throws (as error notifications) InvalidParameterError for bad options, naming them; NoCredentialsError
 *   when neither key is set; ConfigError when only one of the two is set, or the expiration is not a date.
 * @example fromEnv({ env: { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' } }).subscribe(sign);
 */
export function fromEnv(options: EnvOptions = {}): Observable<Credentials> {
  return withCheckedOptions(options, readEnvOptions, ({ env = process.env }: EnvOptions) => orNoCredentials(envSource(env)));
}

/** @internal {@link fromEnv} as a link of the chain. */
export function envSource(env: Env): Observable<SourceResult> {
  return defer(() => of(readEnv(env)));
}

function readEnv(env: Env): SourceResult {
  const accessKeyId = envVar(env, ID);
  const secretAccessKey = envVar(env, SECRET);
  if (accessKeyId === undefined && secretAccessKey === undefined) {
    return unavailable(`environment: ${ID} and ${SECRET} are not set`);
  }
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    const [set, missing] = accessKeyId === undefined ? [SECRET, ID] : [ID, SECRET];
    throw new ConfigError(`${set} is set but ${missing} is not: set both, or neither`);
  }
  const expiration = readExpiration(
    envVar(env, EXPIRATION),
    () => new ConfigError(`${EXPIRATION} is not a date (expected ISO 8601, e.g. 2030-01-01T00:00:00Z)`),
  );
  return makeCredentials(accessKeyId, secretAccessKey, envVar(env, 'AWS_SESSION_TOKEN'), expiration);
}
