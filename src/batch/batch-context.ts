import type { Send } from '../call/send.js';
import type { ResolvedRetryOptions } from '../retry/backoff.js';
import type { BatchSettings } from './batch-plan.js';
import { KeySchemas } from './key-schema.js';
import { describeTable } from '../tables/tables.js';

/** What the batch calls of one client share: its settings and its cache of key schemas. @internal */
export interface BatchContext extends BatchSettings {
  readonly schemas: KeySchemas;
}

/** The batch context of a client: requests of one call in flight up to the client's `maxConcurrency`. @internal */
export function batchContext(send: Send, config: { maxConcurrency: number; maxRetries: number; retry: ResolvedRetryOptions }): BatchContext {
  return {
    send,
    concurrency: config.maxConcurrency,
    maxRetries: config.maxRetries,
    retry: config.retry,
    schemas: new KeySchemas((table) => describeTable(send, table)),
  };
}
