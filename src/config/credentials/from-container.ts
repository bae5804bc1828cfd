import { readFileSync } from 'node:fs';
import { catchError, defer, map, of, throwError, type Observable } from 'rxjs';
import { ConfigError, NoCredentialsError } from '../../errors/client-errors.js';
import { envVar, type Env } from '../env.js';
import { describeUrl, fetchText, parseUrl } from './http.js';
import { parseCredentialsDocument } from './parse.js';
import { readEnvOptions, withCheckedOptions } from './options.js';
import { orNoCredentials, unavailable, type SourceResult } from './source.js';
import type { Credentials, EnvOptions } from './types.js';

const RELATIVE_URI = 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI';
const FULL_URI = 'AWS_CONTAINER_CREDENTIALS_FULL_URI';
const TOKEN = 'AWS_CONTAINER_AUTHORIZATION_TOKEN';
const TOKEN_FILE = 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE';

/** The ECS task metadata address that `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is relative to. */
const ECS_ORIGIN = 'http://169.254.170.2';

/** Hosts a plain-http full URI may name: the ECS and EKS Pod Identity agents. Loopback hosts are allowed too. */
const LINK_LOCAL_HOSTS = new Set(['169.254.170.2', '169.254.170.23', '[fd00:ec2::23]']);

/**
 * Credentials from the ECS / EKS Pod Identity container endpoint: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
 * or `AWS_CONTAINER_CREDENTIALS_FULL_URI` of `options.env` (default `process.env`), with the `Authorization` header from
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read anew on each call) or `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
 * Each attempt times out after 1 s; a 5xx, socket error or timeout is tried twice more.
 * Unsubscribing destroys the request in flight.
 *
 * @throws (as error notifications) InvalidParameterError for bad options, naming them; NoCredentialsError
 *   when neither URI is set or the endpoint fails; ConfigError for a URI that is not allowed (see
 *   {@link containerCredentialsUrl}) or an unreadable token file.
 * @example credentials: () => fromContainer()
 */
export function fromContainer(options: EnvOptions = {}): Observable<Credentials> {
  return withCheckedOptions(options, readEnvOptions, ({ env = process.env }: EnvOptions) => orNoCredentials(containerSource(env)));
}

/**
 * Where the container credentials are, or `undefined` when neither variable is set. The relative URI wins.
 * A full `http:` URI must name a loopback host (127.0.0.0/8, `[::1]`, `localhost`) or 169.254.170.2,
 * 169.254.170.23, `[fd00:ec2::23]`; a full `https:` URI may name any host.
 *
 * @throws ConfigError for a URI that is invalid or not allowed.
 * @example containerCredentialsUrl({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/creds' })?.href // 'http://169.254.170.2/v2/creds'
 */
export function containerCredentialsUrl(env: Env = process.env): URL | undefined {
  const relative = envVar(env, RELATIVE_URI);
  if (relative !== undefined) return parseUrl(ECS_ORIGIN + (relative.startsWith('/') ? '' : '/') + relative, RELATIVE_URI);
  const full = envVar(env, FULL_URI);
  if (full === undefined) return undefined;
  const url = parseUrl(full, FULL_URI);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isAllowedHttpHost(url.hostname))) return url;
  throw new ConfigError(
    `${FULL_URI} must be https, or http to a loopback host or to 169.254.170.2, 169.254.170.23 or [fd00:ec2::23]; ` +
      `not ${url.protocol}//${url.host}`,
  );
}

/** @internal {@link fromContainer} as a link of the chain. */
export function containerSource(env: Env): Observable<SourceResult> {
  return defer(() => {
    const url = containerCredentialsUrl(env);
    if (url === undefined) return of(unavailable(`container: neither ${RELATIVE_URI} nor ${FULL_URI} is set`));
    const token = authorizationToken(env);
    const what = `container credentials from ${describeUrl(url)}`;
    const fail = (problem: string): NoCredentialsError => new NoCredentialsError(`${what}: ${problem}`);
    return fetchText(url, { headers: token === undefined ? {} : { Authorization: token }, timeoutMs: 1000, retries: 2 }).pipe(
      catchError((error: Error) => throwError(() => new NoCredentialsError(`${what} failed: ${error.message}`, { cause: error }))),
      map((body) => parseCredentialsDocument(body, 'Token', fail)),
    );
  });
}

function authorizationToken(env: Env): string | undefined {
  const file = envVar(env, TOKEN_FILE);
  let token = envVar(env, TOKEN);
  if (file !== undefined) {
    try {
      token = readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new ConfigError(`cannot read ${TOKEN_FILE} ${file}: ${(error as NodeJS.ErrnoException).code ?? 'read failed'}`);
    }
  }
  if (token !== undefined && /[\r\n]/.test(token)) throw new ConfigError(`the container authorization token contains a line break`);
  return token;
}

function isAllowedHttpHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname) || LINK_LOCAL_HOSTS.has(hostname);
}
