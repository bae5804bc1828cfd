import { createSend, type Send } from '../../src/call/send.js';
import { dynamodbApi } from '../../src/call/service-api.js';
import type { ResolvedConfig } from '../../src/config/options.js';
import type { Transport } from '../../src/http/types.js';
import { Instruments } from '../../src/instrumentation/instruments.js';
import { ConcurrencyLimiter } from '../../src/retry/concurrency-limiter.js';
import { RetryQuota } from '../../src/retry/retry-quota.js';

/** The DynamoDB `send` a client builds for `config`, over the config's (fake) transport, with its own instruments, limiter and retry quota. */
export function sendFor(config: ResolvedConfig & { transport: Transport }): Send {
  const parts = { transport: config.transport, instruments: new Instruments(config), limiter: new ConcurrencyLimiter(config.maxConcurrency), quota: new RetryQuota(config.retry.quota) };
  return createSend(config, parts, dynamodbApi(config));
}
