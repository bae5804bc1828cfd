import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, resolveConfig } from '../../src/config/options.js';
import { ConfigError } from '../../src/errors/client-errors.js';
import { RETRY_DEFAULTS } from '../../src/retry/backoff.js';
import { isolatedEnv } from './support/files.js';

const STATIC = { accessKeyId: 'AKID', secretAccessKey: 'secret' };

describe('resolveConfig: explicit option > environment > profile > default', () => {
  it('uses the documented defaults with an empty environment', () => {
    const config = resolveConfig({ env: isolatedEnv(), credentials: STATIC });
    expect(config).toMatchObject({
      region: 'us-east-1',
      endpoint: { url: 'https://dynamodb.us-east-1.amazonaws.com/', host: 'dynamodb.us-east-1.amazonaws.com' },
      maxConcurrency: 100,
      maxRetries: 3,
      timeoutMs: 10_000,
      credentialsTimeoutMs: 10_000,
    });
    expect(config.retry).toMatchObject({ baseDelayMs: 25, throttlingBaseDelayMs: 1000, maxDelayMs: 20_000 });
    expect(DEFAULTS).toEqual({ region: 'us-east-1', maxConcurrency: 100, maxRetries: 3, retryMode: 'standard', timeoutMs: 10_000, credentialsTimeoutMs: 10_000 });
    expect(config.retryMode).toBe('standard');
  });

  it('region: option, then AWS_REGION, then AWS_DEFAULT_REGION, then the profile, then us-east-1', () => {
    const files = { config: '[default]\nregion = eu-north-1\n[profile dev]\nregion = ap-south-1\n' };
    expect(resolveConfig({ env: isolatedEnv(files), credentials: STATIC }).region).toBe('eu-north-1');
    expect(resolveConfig({ env: isolatedEnv(files, { AWS_PROFILE: 'dev' }), credentials: STATIC }).region).toBe('ap-south-1');
    expect(resolveConfig({ profile: 'dev', env: isolatedEnv(files), credentials: STATIC }).region).toBe('ap-south-1');
    expect(resolveConfig({ env: isolatedEnv(files, { AWS_DEFAULT_REGION: 'us-west-1' }), credentials: STATIC }).region).toBe('us-west-1');
    expect(resolveConfig({ env: isolatedEnv(files, { AWS_DEFAULT_REGION: 'us-west-1', AWS_REGION: 'us-west-2' }), credentials: STATIC }).region).toBe('us-west-2');
    expect(resolveConfig({ region: 'sa-east-1', env: isolatedEnv(files, { AWS_REGION: 'us-west-2' }), credentials: STATIC }).region).toBe('sa-east-1');
  });

  it('endpoint: option, then DYNAMODB_ENDPOINT, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL; a port stays in the signed host', () => {
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:3', AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:2', DYNAMODB_ENDPOINT: 'http://127.0.0.1:1' };
    const endpointOf = (options: object) => resolveConfig({ env: isolatedEnv(), credentials: STATIC, ...options }).endpoint;
    expect(endpointOf({ env: { ...isolatedEnv(), AWS_ENDPOINT_URL: env.AWS_ENDPOINT_URL } })).toEqual({ url: 'http://127.0.0.1:3/', host: '127.0.0.1:3' });
    expect(endpointOf({ env: { ...isolatedEnv(), AWS_ENDPOINT_URL: env.AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB: env.AWS_ENDPOINT_URL_DYNAMODB } }).host).toBe('127.0.0.1:2');
    expect(endpointOf({ env: { ...isolatedEnv(), ...env } }).host).toBe('127.0.0.1:1');
    expect(endpointOf({ env: { ...isolatedEnv(), ...env }, endpoint: 'http://localhost:8000' })).toEqual({ url: 'http://localhost:8000/', host: 'localhost:8000' });
    expect(endpointOf({ endpoint: 'https://dynamodb.eu-west-1.amazonaws.com:443' }).host).toBe('dynamodb.eu-west-1.amazonaws.com');
    expect(endpointOf({ region: 'cn-north-1' }).url).toBe('https://dynamodb.cn-north-1.amazonaws.com.cn/');
  });

  it('streamsEndpoint: option, then a custom endpoint option, then AWS_ENDPOINT_URL_DYNAMODB_STREAMS, then a custom endpoint from the environment, then AWS', () => {
    const streamsOf = (options: object, env: Record<string, string> = {}) => resolveConfig({ credentials: STATIC, ...options, env: isolatedEnv({}, env) }).streamsEndpoint;
    expect(streamsOf({})).toEqual({ url: 'https://streams.dynamodb.us-east-1.amazonaws.com/', host: 'streams.dynamodb.us-east-1.amazonaws.com' });
    expect(streamsOf({ region: 'cn-northwest-1' }).url).toBe('https://streams.dynamodb.cn-northwest-1.amazonaws.com.cn/');
    // A local server (DynamoDB Local) serves both: a custom endpoint, from the option or the environment, is the streams endpoint too.
    expect(streamsOf({ endpoint: 'http://127.0.0.1:8000' }).host).toBe('127.0.0.1:8000');
    for (const name of ['DYNAMODB_ENDPOINT', 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL']) expect(streamsOf({}, { [name]: 'http://127.0.0.1:1' }).host).toBe('127.0.0.1:1');
    // The streams variable wins over the custom endpoints of the environment, the explicit options over the environment.
    const env = { AWS_ENDPOINT_URL_DYNAMODB_STREAMS: 'http://127.0.0.1:4', DYNAMODB_ENDPOINT: 'http://127.0.0.1:1' };
    expect(streamsOf({}, env).host).toBe('127.0.0.1:4');
    expect(streamsOf({ endpoint: 'http://127.0.0.1:8000' }, env).host).toBe('127.0.0.1:8000');
    expect(streamsOf({ endpoint: 'http://127.0.0.1:8000', streamsEndpoint: 'http://127.0.0.1:9000' }, env)).toEqual({ url: 'http://127.0.0.1:9000/', host: '127.0.0.1:9000' });
    // DynamoDB's own endpoint ignores the streams settings.
    expect(resolveConfig({ credentials: STATIC, streamsEndpoint: 'http://127.0.0.1:9000', env: isolatedEnv({}, env) }).endpoint.host).toBe('127.0.0.1:1');
  });

  it('maxConcurrency and maxRetries read DYNAMODB_MAX_CLIENTS and DYNAMODB_MAX_RETRIES; the option wins', () => {
    const env = isolatedEnv({}, { DYNAMODB_MAX_CLIENTS: '7', DYNAMODB_MAX_RETRIES: '0' });
    expect(resolveConfig({ env, credentials: STATIC })).toMatchObject({ maxConcurrency: 7, maxRetries: 0 });
    expect(resolveConfig({ env, credentials: STATIC, maxConcurrency: 3, maxRetries: 9 })).toMatchObject({ maxConcurrency: 3, maxRetries: 9 });
  });

  it("retryMode: option, then AWS_RETRY_MODE, then the profile's retry_mode (any case; legacy is standard), then standard", () => {
    const files = { config: '[default]\nretry_mode = Adaptive\n[profile py]\nretry_mode = legacy\n' };
    const modeOf = (options: object, env: Record<string, string> = {}, withFiles: object = files) => resolveConfig({ credentials: STATIC, ...options, env: isolatedEnv(withFiles, env) }).retryMode;
    expect(modeOf({}, {}, {})).toBe('standard');
    expect(modeOf({})).toBe('adaptive');
    expect(modeOf({ profile: 'py' })).toBe('standard');
    expect(modeOf({}, { AWS_RETRY_MODE: 'STANDARD' })).toBe('standard');
    expect(modeOf({ profile: 'py' }, { AWS_RETRY_MODE: 'adaptive' })).toBe('adaptive');
    expect(modeOf({ retryMode: 'standard' }, { AWS_RETRY_MODE: 'adaptive' })).toBe('standard');
    expect(modeOf({ retryMode: 'adaptive' }, {}, {})).toBe('adaptive');
  });

  it('an empty environment variable counts as unset', () => {
    const env = isolatedEnv({}, { DYNAMODB_MAX_CLIENTS: '', AWS_REGION: '', DYNAMODB_ENDPOINT: '' });
    expect(resolveConfig({ env, credentials: STATIC })).toMatchObject({ maxConcurrency: 100, region: 'us-east-1' });
  });

  it('merges retry tuning over the defaults', () => {
    const random = () => 0.5;
    const { retry } = resolveConfig({ env: isolatedEnv(), credentials: STATIC, retry: { baseDelayMs: 5, random } });
    expect(retry).toEqual({ ...RETRY_DEFAULTS, baseDelayMs: 5, random });
  });

  it('builds no transport: without the option, the client builds the default one', () => {
    expect(resolveConfig({ env: isolatedEnv(), credentials: STATIC }).transport).toBeUndefined();
  });

  it('resolves credentials lazily: a constructor never looks for them', async () => {
    const config = resolveConfig({ env: isolatedEnv() });
    const error = await firstValueFrom(config.credentials).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'NoCredentialsError' });
  });
});

describe('resolveConfig refuses bad settings with a ConfigError that names them', () => {
  const cases: [string, object, RegExp, Record<string, string>?][] = [
    ['DYNAMODB_MAX_CLIENTS not a number', {}, /env DYNAMODB_MAX_CLIENTS="many": must be an integer >= 1/, { DYNAMODB_MAX_CLIENTS: 'many' }],
    ['DYNAMODB_MAX_RETRIES negative', {}, /env DYNAMODB_MAX_RETRIES="-1": must be an integer >= 0/, { DYNAMODB_MAX_RETRIES: '-1' }],
    ['maxConcurrency zero', { maxConcurrency: 0 }, /option maxConcurrency=0: must be an integer >= 1/],
    ['timeoutMs fractional', { timeoutMs: 1.5 }, /option timeoutMs=1.5/],
    ['credentialsTimeoutMs of zero', { credentialsTimeoutMs: 0 }, /option credentialsTimeoutMs=0: must be an integer >= 1/],
    ['endpoint not a URL', { endpoint: 'localhost 8000' }, /option endpoint: "localhost 8000" is not a URL/],
    ['endpoint not http', { endpoint: 'ftp://127.0.0.1' }, /must be http or https/],
    ['DYNAMODB_ENDPOINT not a URL', {}, /DYNAMODB_ENDPOINT: "nope" is not a URL/, { DYNAMODB_ENDPOINT: 'nope' }],
    ['streamsEndpoint not a URL', { streamsEndpoint: 'streams' }, /option streamsEndpoint: "streams" is not a URL/],
    ['streamsEndpoint not a string', { streamsEndpoint: 8000 }, /option streamsEndpoint must be a string, got a number/],
    ['AWS_ENDPOINT_URL_DYNAMODB_STREAMS with credentials', {}, /AWS_ENDPOINT_URL_DYNAMODB_STREAMS: credentials in the URL are not supported/, { AWS_ENDPOINT_URL_DYNAMODB_STREAMS: 'http://u:p@127.0.0.1:1' }],
    ['region with bad characters', { region: 'US East' }, /region "US East" is not a valid AWS region name/],
    ['unknown option', { maxConcurency: 3 }, /unknown option "maxConcurency"; allowed: region, endpoint/],
    ['unknown retry option', { retry: { base: 3 } }, /unknown retry option "base"/],
    ['retry delay negative', { retry: { maxDelayMs: -1 } }, /retry.maxDelayMs must be a number >= 0/],
    ['retryMode unknown', { retryMode: 'Adaptive' }, /option retryMode must be one of standard, adaptive, got "Adaptive"/],
    ['AWS_RETRY_MODE unknown', {}, /env AWS_RETRY_MODE="fast": must be standard, adaptive or legacy/, { AWS_RETRY_MODE: 'fast' }],
    ['onError not a function', { onError: 'log' }, /option onError must be a function/],
    ['env value not a string', { env: { AWS_REGION: 5 } }, /option env\.AWS_REGION must be a string, got a number/],
  ];
  for (const [name, options, message, env = {}] of cases) {
    it(name, () => {
      const call = () => resolveConfig({ env: isolatedEnv({}, env), credentials: STATIC, ...options });
      expect(call).toThrow(ConfigError);
      expect(call).toThrow(message);
    });
  }
});

describe('resolveConfig reads options given as a class instance or with a prototype', () => {
  it('reads getters of a config class (a DI pattern), its methods and constructor never taken for options', () => {
    class AppConfig {
      env = isolatedEnv();
      credentials = STATIC;
      get region(): string {
        return 'eu-west-1';
      }
      get maxRetries(): number {
        return 7;
      }
      describe(): string {
        return 'app config';
      }
    }
    expect(resolveConfig(new AppConfig())).toMatchObject({ region: 'eu-west-1', maxRetries: 7 });
  });

  it('reads the fields an Object.create object inherits, down a chain of prototypes, retry included', () => {
    const base = { region: 'ap-south-1', retry: Object.create({ baseDelayMs: 5 }) as object };
    const middle = Object.assign(Object.create(base) as object, { maxConcurrency: 9 });
    const config = resolveConfig(Object.assign(Object.create(middle) as object, { env: isolatedEnv(), credentials: STATIC }));
    expect(config).toMatchObject({ region: 'ap-south-1', maxConcurrency: 9, retry: { baseDelayMs: 5 } });
  });

  it('checks an inherited value as an own one', () => {
    class BadConfig {
      env = isolatedEnv();
      get maxRetries(): number {
        return -1;
      }
    }
    expect(() => resolveConfig(new BadConfig())).toThrow(/option maxRetries=-1: must be an integer >= 0/);
  });

  it('still refuses an own field that is no option', () => {
    class TypoConfig {
      env = isolatedEnv();
      maxRetry = 2;
    }
    expect(() => resolveConfig(new TypoConfig() as object)).toThrow(/unknown option "maxRetry"/);
  });

});
