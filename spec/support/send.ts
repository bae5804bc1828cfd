import { createSend, type Send } from '../../src/call/send.js';
import type { ResolvedConfig } from '../../src/config/options.js';
import type { Transport } from '../../src/http/types.js';
import { Instruments } from '../../src/instrumentation/instruments.js';
import { ConcurrencyLimiter } from '../../src/retry/concurrency-limiter.js';

/** The `send` a client builds for `config`, over the config's (fake) transport, with its own instruments and limiter. */
export function sendFor(config: ResolvedConfig & { transport: Transport }): Send {
  return createSend(config, { transport: config.transport, instruments: new Instruments(config), limiter: new ConcurrencyLimiter(config.maxConcurrency) });
}
