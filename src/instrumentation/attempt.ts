import type { Tags } from './tags.js';

/**
 * One record per HTTP attempt of a call (a call retried twice has three), emitted on
 * `db.attempts$` as soon as the attempt ends and the client has decided whether to retry.
 */
export interface AttemptRecord {
  /** The DynamoDB action, e.g. `GetItem`. */
  action: string;
  /** The table, when the call names one. */
  table?: string;
  /** 1 for the first attempt of the call, 2 for the first retry, ... */
  attempt: number;
  /** Milliseconds from sending (after the concurrency slot was granted) to the response or failure. */
  durationMs: number;
  /** HTTP status of the response, when there was one. */
  statusCode?: number;
  /** The error's code, when the attempt failed. */
  error?: string;
  /** Whether another attempt follows this one. */
  willRetry: boolean;
  /** The backoff chosen before the next attempt, when `willRetry`. */
  backoffMs?: number;
  /** The call's tags (client tags, then scope tags), when there are any. */
  tags?: Tags;
}
