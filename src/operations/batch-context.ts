import type { Send } from '../call/send.js';
import type { ResolvedRetryOptions } from '../retry/backoff.js';
import type { BatchSettings } from '../streams/batch-runner.js';

/** What the batch calls of one client share. @internal */
export type BatchContext = BatchSettings;

/** The batch context of a client: requests of one call in flight up to the client's `maxConcurrency`. @internal */
export function batchContext(send: Send, config: { maxConcurrency: number; maxRetries: number; retry: ResolvedRetryOptions }): BatchContext {
  return {
    send,
    concurrency: config.maxConcurrency,
    maxRetries: config.maxRetries,
    retry: config.retry,
  };
}
