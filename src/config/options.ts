import type { Observable } from 'rxjs';
import type { Measurement } from '../instrumentation/measurement.js';
import type { DynamoDBError } from '../errors/dynamodb-error.js';
import { ConfigError, InvalidParameterError } from '../errors/client-errors.js';
import { SigningClock } from '../http/signing-clock.js';
import type { Endpoint, Transport } from '../http/types.js';
import { resolveRetryOptions, type ResolvedRetryOptions, type RetryOptions } from '../retry/backoff.js';
import type { RetryMode } from '../retry/adaptive-rate-limiter.js';
import type { CredentialProvider, Credentials } from './credentials/types.js';
import { cacheCredentials } from './credentials/cache.js';
import { toCredentialSource } from './credentials/normalize.js';
import { environment } from './credentials/options.js';
import { envVar, type Env } from './env.js';
import type { ProxySettings } from '../http/proxy.js';
import { resolveProxySettings, withProxyOption } from './proxy.js';
import { readRegionName, type RegionName } from './partition.js';
import { resolveServiceEndpoint, type DynamoDBService, type EndpointVariants } from './service-endpoint.js';
import { loadProfile, profileRegion, resolveProfileName } from './shared-files.js';
import { atLeast, callable, checkedWhereUsed, flag, integer, literal, text, timerMs, type Reader } from '../input/reader.js';
import { optional, shape } from '../input/shape.js';
import { anyObject } from '../input/validate.js';
import { kindOf } from '../util/kind-of.js';
// Instrumentation
import { readTags, readTracers, resolveTags } from './tags-and-tracers.js';
import type { Tags } from '../instrumentation/tags.js';
import type { CallTracer } from '../instrumentation/tracer.js';
// Auto-batching of getItem
import { resolveAutoBatchGets, type AutoBatchGetsOptions, type AutoBatchSettings } from './auto-batch-gets.js';

/** Options of `new DynamoDB(options)`; each falls back to its environment variable, then to its default. */
export interface DynamoDBOptions {
  /**
   * AWS region. Env: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`. A legacy FIPS
   * pseudo-region (`fips-us-gov-west-1`, `us-east-1-fips`) is its region with `useFipsEndpoint`, as in the AWS SDK v3.
   * @default 'us-east-1'
   */
  region?: string | undefined;
  /**
   * Endpoint URL, e.g. `http://127.0.0.1:8000` for a local server.
   * Env: `DYNAMODB_ENDPOINT`, `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL`.
   * A custom endpoint serves DynamoDB Streams too (as DynamoDB Local does), unless `streamsEndpoint` is set.
   * @default `https://dynamodb.<region>.<partition's DNS suffix>`, in the variant `useFipsEndpoint` and `useDualstackEndpoint` ask for
   */
  endpoint?: string | undefined;
  /**
   * Endpoint URL of DynamoDB Streams (read by `changes`). Env: `AWS_ENDPOINT_URL_DYNAMODB_STREAMS`.
   * Without it (or its env), a custom `endpoint` from the option or the environment serves both.
   * @default `https://streams.dynamodb.<region>.<partition's DNS suffix>`, in the variant asked for
   */
  streamsEndpoint?: string | undefined;
  /**
   * Use the region's FIPS endpoints (`dynamodb-fips.<region>...`; in GovCloud the plain endpoints, which are
   * FIPS), for DynamoDB and Streams. Cannot be combined with a custom endpoint. Env: `AWS_USE_FIPS_ENDPOINT`,
   * then the profile's `use_fips_endpoint`; always on with a FIPS pseudo-region (see `region`).
   * @default false
   */
  useFipsEndpoint?: boolean | undefined;
  /**
   * Use the region's dual-stack (IPv4 and IPv6) endpoints (`dynamodb.<region>.api.aws`, ...), for DynamoDB and
   * Streams. Cannot be combined with a custom endpoint. Env: `AWS_USE_DUALSTACK_ENDPOINT`, then the profile's
   * `use_dualstack_endpoint`.
   * @default false
   */
  useDualstackEndpoint?: boolean | undefined;
  /** Static credentials or a provider (value, Promise or Observable). By default the provider chain. */
  credentials?: Credentials | CredentialProvider | undefined;
  /**
   * Profile of the shared config files. Env: `AWS_PROFILE`, `AWS_DEFAULT_PROFILE`.
   * @default 'default'
   */
  profile?: string | undefined;
  /**
   * Requests in flight per client, all calls together; the rest wait in FIFO order.
   * Env: `DYNAMODB_MAX_CLIENTS`.
   * @default 100
   */
  maxConcurrency?: number | undefined;
  /**
   * Retries after the first attempt (so at most `maxRetries + 1` attempts). Env: `DYNAMODB_MAX_RETRIES`.
   * @default 3
   */
  maxRetries?: number | undefined;
  /** Backoff tuning: capped exponential backoff with full jitter. */
  retry?: RetryOptions | undefined;
  /**
   * `'adaptive'` adds the AWS SDKs' adaptive retry mode to the retries: after the first throttling
   * error, a client-side token bucket paces the client's requests (each call together), its rate cut
   * when DynamoDB throttles and raised again, CUBIC-like, while it does not. `'standard'`: retries
   * only, nothing paced. Env: `AWS_RETRY_MODE`, then the profile's `retry_mode` (their `legacy`
   * means `standard` here).
   * @default 'standard'
   */
  retryMode?: RetryMode | undefined;
  /**
   * Milliseconds one attempt may take before it is aborted with a `DynamoDBTimeoutError` (and retried): an
   * integer from 1 to 2147483647 (2^31-1, the longest delay a timer takes).
   * @default 10000
   */
  timeoutMs?: number | undefined;
  /**
   * Milliseconds an attempt waits for credentials (provider, `credential_process`, container or
   * instance metadata endpoint) before the call fails with a `NoCredentialsError`, not retried: a
   * source that never answers would otherwise hang every call, as `timeoutMs` starts only once
   * credentials are there. Cached credentials arrive at once. The next call asks the source again. An
   * integer from 1 to 2147483647 (2^31-1, the longest delay a timer takes).
   * @default 10000
   */
  credentialsTimeoutMs?: number | undefined;
  /** Called after each call, successful or not, with its {@link Measurement}. */
  onMeasurement?: ((measurement: Measurement) => void) | undefined;
  /** Called when a call fails for good (after its retries). */
  onError?: ((error: DynamoDBError) => void) | undefined;
  /** Sends requests. Default: axios with a keep-alive agent. Tests pass a fake (`rx-dynamodb/testing`). */
  transport?: Transport | undefined;
  /**
   * The proxy for this client's requests, and for the STS and SSO requests of its default credential chain:
   * a URL (`http://user:password@proxy.corp:3128`; https targets go through a CONNECT tunnel), or `false` to
   * ignore the proxy variables. NO_PROXY applies either way. The metadata and container endpoints are never proxied.
   * With this option the client reads a copy of its environment taken at construction.
   * @default env `https_proxy`/`HTTPS_PROXY` (https endpoints), `http_proxy`/`HTTP_PROXY` (http), with `no_proxy`/`NO_PROXY`
   */
  proxy?: string | false | undefined;
  /**
   * PEM certificates (one or several, text or Buffer) to trust for https endpoints instead of Node's bundled
   * CAs, e.g. a private CA in front of DynamoDB. To add a CA to Node's for every request of the process (STS
   * and SSO included), set `NODE_EXTRA_CA_CERTS` instead.
   * @default Node's CAs (with `NODE_EXTRA_CA_CERTS`)
   */
  caBundle?: string | Buffer | ReadonlyArray<string | Buffer> | undefined;
  /** The environment to read instead of `process.env`. */
  env?: Env | undefined;

  /**
   * Tags of every call of this client, on its measurements, attempt records and spans.
   * `service` defaults to env `SERVICE`, `environment` to env `ENVIRONMENT`.
   * Add per-request tags (a correlation id) with `withTags` or `tagged`.
   */
  tags?: Tags | undefined;
  /** Follow each call from subscribe to end, e.g. `openTelemetry()` from `rx-dynamodb/otel`. */
  tracers?: CallTracer[] | undefined;

  /**
   * Coalesces `getItem` calls to one table with the same read options (`consistentRead`, projection) made
   * together (see `windowMs`) into BatchGetItem requests; each caller still gets its own item, `undefined`
   * or error. Calls with `returnConsumedCapacity` or `attributesToGet` still go alone as GetItem. Needs the
   * table's key schema (DescribeTable, once per table), to check each key before it joins a batch. No
   * environment variable: it changes what measurements and errors show, so the code decides.
   * @default false
   */
  autoBatchGets?: boolean | AutoBatchGetsOptions | undefined;
}

/** Everything a client needs, resolved once in the constructor. @internal */
export interface ResolvedConfig {
  region: string;
  endpoint: Endpoint;
  /** Where DynamoDB Streams requests go. */
  streamsEndpoint: Endpoint;
  /** Whether default endpoints (DynamoDB's and Streams') are FIPS endpoints. */
  useFipsEndpoint: boolean;
  /** Whether default endpoints are dual-stack endpoints. */
  useDualstackEndpoint: boolean;
  maxConcurrency: number;
  maxRetries: number;
  retry: ResolvedRetryOptions;
  retryMode: RetryMode;
  timeoutMs: number;
  credentialsTimeoutMs: number;
  onMeasurement: ((measurement: Measurement) => void) | undefined;
  onError: ((error: DynamoDBError) => void) | undefined;
  /** The `transport` option; without it the client builds the default axios transport. */
  transport: Transport | undefined;
  /** The proxies of the default transport (the `proxy` option over the environment's variables). */
  proxy: ProxySettings;
  /** The `caBundle` option (an array copied). */
  caBundle: string | Buffer | (string | Buffer)[] | undefined;
  /** Credentials, resolved lazily on first use, cached and refreshed before expiry. */
  credentials: Observable<Credentials>;
  /** The time requests are signed with, corrected by what servers that refused a request for its time said. */
  clock: SigningClock;

  /** Client tags, env included. */
  tags: Readonly<Tags>;
  tracers: readonly CallTracer[];

  /** How getItem calls are batched; undefined when they are not. */
  autoBatchGets: AutoBatchSettings | undefined;
}

/** The defaults of {@link DynamoDBOptions}. */
export const DEFAULTS = {
  region: 'us-east-1',
  maxConcurrency: 100,
  maxRetries: 3,
  retryMode: 'standard',
  timeoutMs: 10_000,
  credentialsTimeoutMs: 10_000,
} as const;

/** The refusal of a name the client's options (or their `retry`) do not have, in the words these options always used. */
function unknownClientOption(path: string, name: string, allowed: readonly string[]): Error {
  const within = path.slice('options.'.length, -name.length); // '' or 'retry.'
  return new ConfigError(`unknown ${within.replace('.', ' ')}option "${name}"; allowed: ${allowed.join(', ')}`);
}

/** Client options may be class instances (a DI config class): their getters and inherited fields are read too. */
const CLIENT_OPTIONS = { object: anyObject, unknown: unknownClientOption, inherited: true };

const readAutoBatchOptions = shape<AutoBatchGetsOptions>({ windowMs: optional(timerMs(atLeast(0))), maxKeys: optional(integer(1, 100)) }, CLIENT_OPTIONS);

/** `autoBatchGets`: a flag, or the options of batching. */
const readAutoBatchGets: Reader<boolean | AutoBatchGetsOptions> = (value, path) => {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'object' || value === null) throw new InvalidParameterError(path, `must be true, false or { windowMs?, maxKeys? }, got ${kindOf(value)}`);
  return readAutoBatchOptions(value, path);
};

const readRetryOptions = shape<RetryOptions>(
  {
    baseDelayMs: optional(timerMs(atLeast(0))),
    throttlingBaseDelayMs: optional(timerMs(atLeast(0))),
    maxDelayMs: optional(timerMs(atLeast(0))),
    random: optional(callable()),
    shouldRetry: optional(callable()),
    quota: optional(atLeast(0, 'no quota')),
  },
  CLIENT_OPTIONS,
);

/** The integer options that fall back to the environment; {@link integerSetting} checks them with their source. */
const integerOption = checkedWhereUsed<number>();

const readClientOptions = shape<DynamoDBOptions>(
  {
    region: optional(text),
    endpoint: optional(text),
    streamsEndpoint: optional(text),
    useFipsEndpoint: optional(flag),
    useDualstackEndpoint: optional(flag),
    credentials: optional(checkedWhereUsed<Credentials | CredentialProvider>()),
    profile: optional(text),
    maxConcurrency: optional(integerOption),
    maxRetries: optional(integerOption),
    retry: optional(readRetryOptions),
    retryMode: optional(literal<RetryMode>({ standard: true, adaptive: true })),
    timeoutMs: optional(integerOption),
    credentialsTimeoutMs: optional(integerOption),
    onMeasurement: optional(callable()),
    onError: optional(callable()),
    transport: optional(callable()),
    proxy: optional(checkedWhereUsed<string | false>()),
    caBundle: optional(checkedWhereUsed<string | Buffer | ReadonlyArray<string | Buffer>>()),
    env: optional(environment),
    tags: optional(readTags),
    tracers: optional(readTracers),
    autoBatchGets: optional(readAutoBatchGets),
  },
  CLIENT_OPTIONS,
);

/**
 * Runs `read`, turning its InvalidParameterError into a ConfigError worded by `word`, which gets the
 * refused parameter and the problem (InvalidParameterError's message is `<parameter>: <problem>`).
 */
function configured<T>(read: () => T, word: (parameter: string, problem: string) => string): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof InvalidParameterError)) throw error;
    throw new ConfigError(word(error.parameter, error.message.slice(error.parameter.length + 2)));
  }
}

/** The first of these variables that is set (empty counts as unset), as `[name, value]`. */
function firstVar(env: Env, names: string[]): [string, string] | undefined {
  for (const name of names) {
    const value = envVar(env, name);
    if (value !== undefined) return [name, value];
  }
  return undefined;
}

/** An integer option from the option itself, else from its env var, else its default, checked by `read`; a refusal names its source and value. */
function integerSetting(option: number | undefined, env: Env, variable: string | undefined, fallback: number, read: Reader<number>, name: string): number {
  const fromEnv = option === undefined && variable !== undefined ? firstVar(env, [variable]) : undefined;
  if (option === undefined && fromEnv === undefined) return fallback;
  const [value, source] = fromEnv === undefined ? [option, `option ${name}=${String(option)}`] : [Number(fromEnv[1]), `env ${fromEnv[0]}="${fromEnv[1]}"`];
  return configured(() => read(value, source), (parameter, problem) => `${parameter}: ${problem}`);
}

/** The region, and whether its name was a legacy FIPS pseudo-region (see `readRegionName`). */
function resolveRegion(options: DynamoDBOptions, env: Env): RegionName {
  const region =
    options.region ??
    firstVar(env, ['AWS_REGION', 'AWS_DEFAULT_REGION'])?.[1] ??
    profileRegion(resolveProfileName(options.profile, env), env) ??
    DEFAULTS.region;
  return readRegionName(region);
}

const ENDPOINT_VARIABLES = ['DYNAMODB_ENDPOINT', 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL'];

/** A setting's text from its env var, else from the profile's setting, as `[source, text]`; undefined when neither is set. */
function envOrProfileSetting(env: Env, variable: string, profile: string, setting: string): [string, string] | undefined {
  const fromEnv = firstVar(env, [variable]);
  if (fromEnv) return [`env ${variable}`, fromEnv[1]];
  const settings = loadProfile(profile, env);
  const text = settings && envVar(settings, setting);
  return text === undefined ? undefined : [`${setting} of profile '${profile}'`, text];
}

/**
 * A boolean setting from the option itself, else its env var, else the profile's setting, else false. The
 * variable and the setting take `true` or `false` (any case), as in the AWS SDKs.
 */
function booleanSetting(option: boolean | undefined, env: Env, variable: string, profile: string, setting: string): boolean {
  if (option !== undefined) return option;
  const found = envOrProfileSetting(env, variable, profile, setting);
  if (found === undefined) return false;
  const [source, text] = found;
  const value = text.toLowerCase();
  if (value !== 'true' && value !== 'false') throw new ConfigError(`${source}="${text}": must be true or false`);
  return value === 'true';
}

/**
 * The retry mode: the option, else `AWS_RETRY_MODE`, else the profile's `retry_mode`, else `standard`. The
 * variable and the setting take the AWS SDKs' values in any case; their `legacy` is `standard` here.
 */
function resolveRetryMode(option: RetryMode | undefined, env: Env, profile: string): RetryMode {
  if (option !== undefined) return option;
  const found = envOrProfileSetting(env, 'AWS_RETRY_MODE', profile, 'retry_mode');
  if (found === undefined) return DEFAULTS.retryMode;
  const [source, text] = found;
  const value = text.toLowerCase();
  if (value === 'adaptive') return 'adaptive';
  if (value === 'standard' || value === 'legacy') return 'standard';
  throw new ConfigError(`${source}="${text}": must be standard, adaptive or legacy`);
}

/** The endpoint variants; a FIPS pseudo-region turns FIPS on whatever the settings say, as in the AWS SDK v3. */
function resolveVariants(options: DynamoDBOptions, env: Env, fipsRegion: boolean): EndpointVariants {
  const profile = resolveProfileName(options.profile, env);
  return {
    useFipsEndpoint: fipsRegion || booleanSetting(options.useFipsEndpoint, env, 'AWS_USE_FIPS_ENDPOINT', profile, 'use_fips_endpoint'),
    useDualstackEndpoint: booleanSetting(options.useDualstackEndpoint, env, 'AWS_USE_DUALSTACK_ENDPOINT', profile, 'use_dualstack_endpoint'),
  };
}

/** The first of these options that is set, as `[source, value]`. */
function firstOption(options: DynamoDBOptions, names: ('endpoint' | 'streamsEndpoint')[]): [string, string] | undefined {
  const name = names.find((candidate) => options[candidate] !== undefined);
  return name === undefined ? undefined : [`option ${name}`, options[name]!];
}

/** A custom endpoint (`[source, url]`, from an option or a variable) wins; else the service's default endpoint in the variant asked for. */
function endpointOf(service: DynamoDBService, custom: [string, string] | undefined, region: string, variants: EndpointVariants): Endpoint {
  return resolveServiceEndpoint(service, region, variants, custom === undefined ? undefined : { source: custom[0], url: custom[1] });
}

/** DynamoDB's endpoint: the option, else its environment variables, else AWS's regional endpoint. */
function resolveEndpoint(options: DynamoDBOptions, env: Env, region: string, variants: EndpointVariants): Endpoint {
  return endpointOf('dynamodb', firstOption(options, ['endpoint']) ?? envEndpoint(env, ENDPOINT_VARIABLES), region, variants);
}

/**
 * DynamoDB Streams' endpoint: the `streamsEndpoint` option, else a custom `endpoint` option (a local
 * server serves both), else `AWS_ENDPOINT_URL_DYNAMODB_STREAMS`, else a custom endpoint from the
 * environment, else AWS's regional streams endpoint in the partition and variant of the client.
 * Explicit options win over the environment.
 */
function resolveStreamsEndpoint(options: DynamoDBOptions, env: Env, region: string, variants: EndpointVariants): Endpoint {
  const custom = firstOption(options, ['streamsEndpoint', 'endpoint']) ?? envEndpoint(env, ['AWS_ENDPOINT_URL_DYNAMODB_STREAMS', ...ENDPOINT_VARIABLES]);
  return endpointOf('streams.dynamodb', custom, region, variants);
}

/** The first endpoint variable set, as `['env NAME', url]`. */
function envEndpoint(env: Env, names: string[]): [string, string] | undefined {
  const found = firstVar(env, names);
  return found === undefined ? undefined : [`env ${found[0]}`, found[1]];
}

/** The `caBundle` option: PEM text or Buffers holding at least one certificate each. */
function checkCaBundle(caBundle: unknown): ResolvedConfig['caBundle'] {
  if (caBundle === undefined) return undefined;
  const bundles: unknown[] = Array.isArray(caBundle) ? caBundle : [caBundle];
  bundles.forEach((bundle, index) => {
    const name = Array.isArray(caBundle) ? `option caBundle[${index}]` : 'option caBundle';
    if (typeof bundle !== 'string' && !Buffer.isBuffer(bundle)) throw new ConfigError(`${name} must be PEM text or a Buffer of it, got ${kindOf(bundle)}`);
    if (!String(bundle).includes('-----BEGIN CERTIFICATE-----')) {
      throw new ConfigError(`${name} holds no PEM certificate (-----BEGIN CERTIFICATE-----); pass the file's contents, e.g. readFileSync(path), not its path`);
    }
  });
  return (Array.isArray(caBundle) ? [...bundles] : caBundle) as ResolvedConfig['caBundle'];
}

/** Resolves every option: explicit option, then environment, then profile, then default. */
export function resolveConfig(given: DynamoDBOptions = {}): ResolvedConfig {
  const options = configured(
    () => readClientOptions(given, 'options'),
    (parameter, problem) => (parameter === 'options' ? `options ${problem}` : `option ${parameter.slice('options.'.length)} ${problem}`),
  );
  // The proxy option stands for the proxy variables: one environment for DynamoDB and the credential chain.
  const env = withProxyOption(options.env ?? process.env, options.proxy);
  const { region, fips } = resolveRegion(options, env);
  const maxConcurrency = integerSetting(options.maxConcurrency, env, 'DYNAMODB_MAX_CLIENTS', DEFAULTS.maxConcurrency, integer(1), 'maxConcurrency');
  const variants = resolveVariants(options, env, fips);
  const clock = new SigningClock();
  return {
    region,
    endpoint: resolveEndpoint(options, env, region, variants),
    streamsEndpoint: resolveStreamsEndpoint(options, env, region, variants),
    ...variants,
    maxConcurrency,
    maxRetries: integerSetting(options.maxRetries, env, 'DYNAMODB_MAX_RETRIES', DEFAULTS.maxRetries, integer(0), 'maxRetries'),
    retry: resolveRetryOptions(options.retry),
    retryMode: resolveRetryMode(options.retryMode, env, resolveProfileName(options.profile, env)),
    timeoutMs: integerSetting(options.timeoutMs, env, undefined, DEFAULTS.timeoutMs, timerMs(integer(1)), 'timeoutMs'),
    credentialsTimeoutMs: integerSetting(options.credentialsTimeoutMs, env, undefined, DEFAULTS.credentialsTimeoutMs, timerMs(integer(1)), 'credentialsTimeoutMs'),
    onMeasurement: options.onMeasurement,
    onError: options.onError,
    transport: options.transport,
    proxy: resolveProxySettings(env),
    caBundle: checkCaBundle(options.caBundle),
    // Expiry is judged by the time requests are signed with: a clock found off by a server does not keep expired credentials.
    credentials: cacheCredentials(toCredentialSource(options.credentials, { profile: options.profile, env, region }, clock), { now: () => clock.now() }),
    clock,

    tags: resolveTags(options.tags, env),
    tracers: options.tracers ?? [],

    autoBatchGets: resolveAutoBatchGets(options.autoBatchGets),
  };
}
