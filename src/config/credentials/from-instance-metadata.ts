import { catchError, defer, map, of, switchMap, throwError, type Observable } from 'rxjs';
import { ConfigError, DynamoDBTimeoutError, NetworkError, NoCredentialsError } from '../../errors/client-errors.js';
import { DynamoDBError } from '../../errors/dynamodb-error.js';
import { envVar, type Env } from '../env.js';
import { fetchText, parseUrl } from './http.js';
import { parseCredentialsDocument } from './parse.js';
import { readEnvOptions, withCheckedOptions } from './options.js';
import { orNoCredentials, unavailable, type SourceResult } from './source.js';
import type { Credentials, EnvOptions } from './types.js';

const ENDPOINT = 'AWS_EC2_METADATA_SERVICE_ENDPOINT';
const ENDPOINT_MODE = 'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE';
const DISABLED = 'AWS_EC2_METADATA_DISABLED';
const ROLES_PATH = '/latest/meta-data/iam/security-credentials/';
const TIMEOUT_MS = 1000;

/**
 * Credentials of the EC2 instance's IAM role from the instance metadata service, IMDSv2 only:
 * `PUT /latest/api/token`, then the role name and its credentials with that token.
 *
 * There is deliberately no IMDSv1 fallback: IMDSv1 answers any plain GET, so a server-side request
 * forgery or an open proxy on the instance can read the role's credentials; the IMDSv2 session token
 * needs a PUT with a custom header, which such attacks rarely manage. Instances should require IMDSv2.
 *
 * Sends nothing at all when `AWS_EC2_METADATA_DISABLED` is set (to anything but `false`); the variables
 * are read from `options.env` (default `process.env`). Each request times out after 1 s. Unsubscribing
 * destroys the request in flight.
 *
 * @throws (as error notifications) InvalidParameterError for bad options, naming them; NoCredentialsError
 *   when disabled, unreachable, without an IAM role, or answering badly; ConfigError for an invalid
 *   endpoint or endpoint mode (see {@link instanceMetadataEndpoint}).
 * @example credentials: () => fromInstanceMetadata()
 */
export function fromInstanceMetadata(options: EnvOptions = {}): Observable<Credentials> {
  return withCheckedOptions(options, readEnvOptions, ({ env = process.env }: EnvOptions) => orNoCredentials(instanceMetadataSource(env)));
}

/**
 * The metadata service origin: `AWS_EC2_METADATA_SERVICE_ENDPOINT`, else by
 * `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`: `http://169.254.169.254` (IPv4, the default) or `http://[fd00:ec2::254]` (IPv6).
 *
 * @throws ConfigError for an endpoint that is not an http(s) URL or a mode other than IPv4 / IPv6.
 */
export function instanceMetadataEndpoint(env: Env = process.env): URL {
  const endpoint = envVar(env, ENDPOINT);
  if (endpoint !== undefined) {
    const url = parseUrl(endpoint, ENDPOINT);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${ENDPOINT} is not an http(s) URL`);
    return url;
  }
  const mode = (envVar(env, ENDPOINT_MODE) ?? 'IPv4').toLowerCase();
  if (mode === 'ipv4') return new URL('http://169.254.169.254');
  if (mode === 'ipv6') return new URL('http://[fd00:ec2::254]');
  throw new ConfigError(`${ENDPOINT_MODE} must be IPv4 or IPv6`);
}

/** @internal {@link fromInstanceMetadata} as a link of the chain. */
export function instanceMetadataSource(env: Env): Observable<SourceResult> {
  return defer(() => {
    const disabled = envVar(env, DISABLED);
    if (disabled !== undefined && disabled.toLowerCase() !== 'false') {
      return of(unavailable(`instance metadata: disabled by ${DISABLED}`));
    }
    const origin = instanceMetadataEndpoint(env);
    const headers = { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' };
    return fetchText(new URL('/latest/api/token', origin), { method: 'PUT', headers, timeoutMs: TIMEOUT_MS }).pipe(
      catchError((error: Error) =>
        isNotThere(error) ? of(unavailable(`instance metadata: no IMDSv2 token (${error.message})`)) : throwError(() => error),
      ),
      switchMap((token) => (typeof token === 'string' ? roleCredentials(origin, token) : of(token))),
      catchError((error: Error) =>
        throwError(() =>
          error instanceof NoCredentialsError ? error : new NoCredentialsError(`instance metadata failed: ${error.message}`, { cause: error }),
        ),
      ),
    );
  });
}

/** Not on EC2, or IMDSv2 refused: the instance offers nothing, which is not a fault. */
function isNotThere(error: Error): boolean {
  if (error instanceof NetworkError || error instanceof DynamoDBTimeoutError) return true;
  return error instanceof DynamoDBError && [403, 404, 405].includes(error.statusCode ?? 0);
}

function roleCredentials(origin: URL, token: string): Observable<SourceResult> {
  const get = (path: string): Observable<string> =>
    fetchText(new URL(path, origin), { headers: { 'x-aws-ec2-metadata-token': token }, timeoutMs: TIMEOUT_MS });
  const fail = (problem: string): NoCredentialsError => new NoCredentialsError(`instance metadata credentials: ${problem}`);
  return get(ROLES_PATH).pipe(
    catchError((error: Error) =>
      error instanceof DynamoDBError && error.statusCode === 404 ? of('') : throwError(() => error),
    ),
    switchMap((roles) => {
      const role = roles.split('\n')[0]?.trim();
      if (!role) return of(unavailable('instance metadata: the instance has no IAM role'));
      return get(ROLES_PATH + encodeURIComponent(role)).pipe(
        map((body) => parseCredentialsDocument(body, 'Token', fail, { Code: 'Success' })),
      );
    }),
  );
}
