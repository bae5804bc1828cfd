import type { Measurement } from './measurement.js';
import type { DynamoDBError } from '../errors/dynamodb-error.js';
import type { AttemptRecord } from './attempt.js';
import type { Tags } from './tags.js';

/** What a {@link CallTracer} learns when a call starts. */
export interface CallStart {
  /** The DynamoDB action, e.g. `GetItem`. */
  action: string;
  /** The table, when the call names one. */
  table?: string;
  /** The call's tags (client tags, then scope tags). */
  tags: Readonly<Tags>;
  /** The endpoint's host name and port, e.g. `dynamodb.eu-west-1.amazonaws.com` and 443. */
  server: { address: string; port: number };
  /** The client's AWS region. */
  region: string;
}

/** How a call ended: it emitted its response, failed for good (`error`), or was unsubscribed first (`cancelled`). */
export interface CallEnd {
  /** The call's measurement, as `onMeasurement` gets it (also built for a cancelled call). */
  measurement: Measurement;
  /** The final error, when the call failed. */
  error?: DynamoDBError;
  /** True when the subscriber left before the call ended; no `onMeasurement` is made then. */
  cancelled?: boolean;
}

/** Follows one call from subscribe to its end. */
export interface CallTrace {
  /** Called after each attempt, once the retry decision is made. */
  attempt?(record: AttemptRecord): void;
  /** Called once when the call ends, however it ends. */
  end(end: CallEnd): void;
}

/**
 * Sees every call of a client as it happens: `start` runs synchronously when the call is
 * subscribed (inside the subscriber's async context), so a tracer can open a span there and
 * close it in `end`. Pass tracers in the `tracers` option; `rx-dynamodb/otel` provides one.
 *
 * @example
 * const logTracer: CallTracer = { start: (call) => ({ end: ({ measurement }) => console.log(call.action, measurement.durationMs) }) };
 */
export interface CallTracer {
  /** A call was subscribed; return what follows it, or `undefined` to ignore it. */
  start(call: CallStart): CallTrace | undefined;
}
