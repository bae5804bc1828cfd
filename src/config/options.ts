import type { Observable } from 'rxjs';
import type { Measurement } from '../instrumentation/measurement.js';
import type { DynamoDBError } from '../errors/dynamodb-error.js';
import { ConfigError } from '../errors/client-errors.js';
import type { Endpoint, Transport } from '../http/types.js';
import { RETRY_DEFAULTS, type ResolvedRetryOptions, type RetryOptions } from '../retry/backoff.js';
import type { CredentialProvider, Credentials } from './credentials/types.js';
import { cacheCredentials } from './credentials/cache.js';
import { toCredentialSource } from './credentials/normalize.js';
import { envVar, type Env } from './env.js';
import { checkRegionName, dnsSuffix } from './partition.js';
import { profileRegion, resolveProfileName } from './shared-files.js';
import { kindOf } from '../util/kind-of.js';
// Instrumentation
import { checkTracers, resolveTags } from './tags-and-tracers.js';
import type { Tags } from '../instrumentation/tags.js';
import type { CallTracer } from '../instrumentation/tracer.js';

/** Options of `new DynamoDB(options)`; each falls back to its environment variable, then to its default. */
export interface DynamoDBOptions {
  /**
   * AWS region. Env: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`.
   * @default 'us-east-1'
   */
  region?: string;
  /**
   * Endpoint URL, e.g. `http://127.0.0.1:8000` for a local server.
   * Env: `DYNAMODB_ENDPOINT`, `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL`.
   * @default `https://dynamodb.<region>.amazonaws.com`
   */
  endpoint?: string;
  /** Static credentials or a provider (value, Promise or Observable). By default the provider chain. */
  credentials?: Credentials | CredentialProvider;
  /**
   * Profile of the shared config files. Env: `AWS_PROFILE`, `AWS_DEFAULT_PROFILE`.
   * @default 'default'
   */
  profile?: string;
  /**
   * Requests in flight per client, all calls together; the rest wait in FIFO order.
   * Env: `DYNAMODB_MAX_CLIENTS`.
   * @default 100
   */
  maxConcurrency?: number;
  /**
   * Retries after the first attempt (so at most `maxRetries + 1` attempts). Env: `DYNAMODB_MAX_RETRIES`.
   * @default 3
   */
  maxRetries?: number;
  /** Backoff tuning: capped exponential backoff with full jitter. */
  retry?: RetryOptions;
  /**
   * Milliseconds one attempt may take before it is aborted with a `DynamoDBTimeoutError` (and retried).
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * Milliseconds an attempt waits for credentials (provider, `credential_process`, container or
   * instance metadata endpoint) before the call fails with a `NoCredentialsError`, not retried: a
   * source that never answers would otherwise hang every call, as `timeoutMs` starts only once
   * credentials are there. Cached credentials arrive at once. The next call asks the source again.
   * @default 10000
   */
  credentialsTimeoutMs?: number;
  /** Called after each call, successful or not, with its {@link Measurement}. */
  onMeasurement?: (measurement: Measurement) => void;
  /** Called when a call fails for good (after its retries). */
  onError?: (error: DynamoDBError) => void;
  /** Sends requests. Default: axios with a keep-alive agent. Tests pass a fake (`rx-dynamodb/testing`). */
  transport?: Transport;
  /** The environment to read instead of `process.env`. */
  env?: Env;

  /**
   * Tags of every call of this client, on its measurements, attempt records and spans.
   * `service` defaults to env `SERVICE`, `environment` to env `ENVIRONMENT`.
   * Add per-request tags (a correlation id) with `withTags` or `tagged`.
   */
  tags?: Tags;
  /** Follow each call from subscribe to end, e.g. `openTelemetry()` from `rx-dynamodb/otel`. */
  tracers?: CallTracer[];
}

/** Everything a client needs, resolved once in the constructor. @internal */
export interface ResolvedConfig {
  region: string;
  endpoint: Endpoint;
  maxConcurrency: number;
  maxRetries: number;
  retry: ResolvedRetryOptions;
  timeoutMs: number;
  credentialsTimeoutMs: number;
  onMeasurement: ((measurement: Measurement) => void) | undefined;
  onError: ((error: DynamoDBError) => void) | undefined;
  /** The `transport` option; without it the client builds the default axios transport. */
  transport: Transport | undefined;
  /** Credentials, resolved lazily on first use, cached and refreshed before expiry. */
  credentials: Observable<Credentials>;

  /** Client tags, env included. */
  tags: Readonly<Tags>;
  tracers: readonly CallTracer[];
}

/** The defaults of {@link DynamoDBOptions}. */
export const DEFAULTS = {
  region: 'us-east-1',
  maxConcurrency: 100,
  maxRetries: 3,
  timeoutMs: 10_000,
  credentialsTimeoutMs: 10_000,
} as const;

const OPTION_NAMES: ReadonlySet<string> = new Set([
  'region', 'endpoint', 'credentials', 'profile', 'maxConcurrency', 'maxRetries', 'retry', 'timeoutMs', 'credentialsTimeoutMs',
  'onMeasurement', 'onError', 'transport', 'env',
  'tags', 'tracers',
]);
const RETRY_OPTION_NAMES: ReadonlySet<string> = new Set(Object.keys(RETRY_DEFAULTS));

/** The first of these variables that is set (empty counts as unset), as `[name, value]`. */
function firstVar(env: Env, names: string[]): [string, string] | undefined {
  for (const name of names) {
    const value = envVar(env, name);
    if (value !== undefined) return [name, value];
  }
  return undefined;
}

function checkNames(given: object, allowed: ReadonlySet<string>, what: string): void {
  for (const name of Object.keys(given)) {
    if (!allowed.has(name)) throw new ConfigError(`unknown ${what} "${name}"; allowed: ${[...allowed].join(', ')}`);
  }
}

/** Refuses string and object options of another type, before anything reads them. */
function checkTypes(options: DynamoDBOptions): void {
  for (const name of ['region', 'endpoint', 'profile'] as const) {
    const value: unknown = options[name];
    if (value !== undefined && typeof value !== 'string') throw new ConfigError(`option ${name} must be a string, got ${kindOf(value)}`);
  }
  for (const name of ['retry', 'env'] as const) {
    const value: unknown = options[name];
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new ConfigError(`option ${name} must be an object, got ${kindOf(value)}`);
    }
  }
}

/** An integer option from the option itself, else from its env var, else its default. */
function integerSetting(option: number | undefined, env: Env, variable: string | undefined, fallback: number, min: number, name: string): number {
  const fromEnv = variable === undefined ? undefined : firstVar(env, [variable]);
  const value = option ?? (fromEnv ? Number(fromEnv[1]) : fallback);
  if (!Number.isInteger(value) || value < min) {
    const source = option === undefined && fromEnv ? `env ${fromEnv[0]}="${fromEnv[1]}"` : `option ${name}=${String(value)}`;
    throw new ConfigError(`${source}: must be an integer >= ${min}`);
  }
  return value;
}

function resolveRegion(options: DynamoDBOptions, env: Env): string {
  const region =
    options.region ??
    firstVar(env, ['AWS_REGION', 'AWS_DEFAULT_REGION'])?.[1] ??
    profileRegion(resolveProfileName(options.profile, env), env) ??
    DEFAULTS.region;
  return checkRegionName(region);
}

/** Parses the endpoint URL; the Host header keeps a non-default port, as SigV4 requires. */
function resolveEndpoint(options: DynamoDBOptions, env: Env, region: string): Endpoint {
  const [source, text] = options.endpoint !== undefined
    ? ['option endpoint', options.endpoint]
    : firstVar(env, ['DYNAMODB_ENDPOINT', 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL']) ?? ['default', `https://dynamodb.${region}.${dnsSuffix(region)}`];
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${source}: "${text}" is not a URL (expected e.g. http://127.0.0.1:8000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${source}: "${text}" must be http or https`);
  if (url.username || url.password) throw new ConfigError(`${source}: credentials in the URL are not supported`);
  return { url: `${url.protocol}//${url.host}${url.pathname}`, host: url.host };
}

/** Resolves every option: explicit option, then environment, then profile, then default. */
export function resolveConfig(options: DynamoDBOptions = {}): ResolvedConfig {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new ConfigError('options must be an object');
  checkNames(options, OPTION_NAMES, 'option');
  checkTypes(options);
  checkNames(options.retry ?? {}, RETRY_OPTION_NAMES, 'retry option');
  const env = options.env ?? process.env;
  const region = resolveRegion(options, env);
  const maxConcurrency = integerSetting(options.maxConcurrency, env, 'DYNAMODB_MAX_CLIENTS', DEFAULTS.maxConcurrency, 1, 'maxConcurrency');
  const retry = { ...RETRY_DEFAULTS, ...options.retry };
  for (const name of ['baseDelayMs', 'throttlingBaseDelayMs', 'maxDelayMs'] as const) {
    if (!Number.isFinite(retry[name]) || retry[name] < 0) throw new ConfigError(`retry.${name} must be a number >= 0`);
  }
  // Infinity is allowed: it disables the retry quota, as documented.
  if (typeof retry.quota !== 'number' || !(retry.quota >= 0)) throw new ConfigError('retry.quota must be a number >= 0, or Infinity for no quota');
  for (const name of ['random', 'shouldRetry'] as const) {
    if (typeof retry[name] !== 'function') throw new ConfigError(`retry.${name} must be a function`);
  }
  for (const name of ['onMeasurement', 'onError', 'transport'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw new ConfigError(`option ${name} must be a function`);
  }
  return {
    region,
    endpoint: resolveEndpoint(options, env, region),
    maxConcurrency,
    maxRetries: integerSetting(options.maxRetries, env, 'DYNAMODB_MAX_RETRIES', DEFAULTS.maxRetries, 0, 'maxRetries'),
    retry,
    timeoutMs: integerSetting(options.timeoutMs, env, undefined, DEFAULTS.timeoutMs, 1, 'timeoutMs'),
    credentialsTimeoutMs: integerSetting(options.credentialsTimeoutMs, env, undefined, DEFAULTS.credentialsTimeoutMs, 1, 'credentialsTimeoutMs'),
    onMeasurement: options.onMeasurement,
    onError: options.onError,
    transport: options.transport,
    credentials: cacheCredentials(toCredentialSource(options.credentials, { profile: options.profile, env, region })),

    tags: resolveTags(options.tags, env),
    tracers: checkTracers(options.tracers),
  };
}
