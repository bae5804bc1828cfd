import { of, type Observable } from 'rxjs';
import { createSend, type Send } from '../../src/call/send.js';
import { dynamodbApi } from '../../src/call/service-api.js';
import type { ResolvedConfig } from '../../src/config/options.js';
import { SigningClock } from '../../src/http/signing-clock.js';
import { DIRECT } from '../../src/http/proxy.js';
import type { DynamoDBRequest, DynamoDBResponse, Transport } from '../../src/http/types.js';
import { Instruments } from '../../src/instrumentation/instruments.js';
import { AdaptiveRateLimiter } from '../../src/retry/adaptive-rate-limiter.js';
import { ConcurrencyLimiter } from '../../src/retry/concurrency-limiter.js';
import { RetryQuota } from '../../src/retry/retry-quota.js';
import { RETRY_DEFAULTS } from '../../src/retry/backoff.js';

/** The AWS documentation's example credentials, static. */
export const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

/**
 * The DynamoDB `send` a client builds for `config`, over the config's (fake) transport, with its own instruments, limiter
 * and retry quota, and in adaptive retry mode `rateLimiter` (a fresh one by default).
 */
export function sendFor(config: ResolvedConfig & { transport: Transport }, rateLimiter = config.retryMode === 'adaptive' ? new AdaptiveRateLimiter() : undefined): Send {
  const parts = { transport: config.transport, instruments: new Instruments(config), limiter: new ConcurrencyLimiter(config.maxConcurrency), quota: new RetryQuota(config.retry.quota), rateLimiter };
  return createSend(config, parts, dynamodbApi(config));
}

/** A config for marble specs: fake transport, static credentials, jitter pinned to its maximum, a clock of its own. */
export function marbleConfig(transport: Transport, overrides: Partial<Omit<ResolvedConfig, 'transport'>> = {}): ResolvedConfig & { transport: Transport } {
  return {
    region: 'us-east-1',
    endpoint: { url: 'http://127.0.0.1:8000/', host: '127.0.0.1:8000' },
    streamsEndpoint: { url: 'http://127.0.0.1:8000/', host: '127.0.0.1:8000' },
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    clock: new SigningClock(),
    maxConcurrency: 10,
    maxRetries: 3,
    retry: { ...RETRY_DEFAULTS, random: () => 1 },
    retryMode: 'standard',
    timeoutMs: 10_000,
    credentialsTimeoutMs: 10_000,
    onMeasurement: undefined,
    onError: undefined,
    transport,
    proxy: DIRECT,
    caBundle: undefined,
    credentials: of(CREDENTIALS),
    tags: {},
    tracers: [],
    autoBatchGets: undefined,
    ...overrides,
  };
}

/** A transport answering request n with `responses[n]`, and recording each request. */
export function scripted(responses: Observable<DynamoDBResponse>[], seen: DynamoDBRequest[] = []): Transport {
  return (request) => {
    seen.push(request);
    const response = responses[seen.length - 1];
    if (!response) throw new Error(`unexpected request #${seen.length}`);
    return response;
  };
}
