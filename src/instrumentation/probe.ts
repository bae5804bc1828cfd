import { asyncScheduler, type Subject } from 'rxjs';
import type { Measurement } from './measurement.js';
import { runCallback } from './report-callback-error.js';
import type { ResponseMetadata } from '../response/response-metadata.js';
import { DynamoDBError } from '../errors/dynamodb-error.js';
import type { AttemptRecord } from './attempt.js';
import type { Tags } from './tags.js';
import type { CallEnd, CallTrace } from './tracer.js';

/** Where a call's records go: the client's callback, hot streams and tracers. @internal */
export interface ProbeSinks {
  onMeasurement: ((measurement: Measurement) => void) | undefined;
  measurements: Subject<Measurement>;
  attempts: Subject<AttemptRecord>;
}

/**
 * Measures one call for `send`: counts and times its attempts, and reports each attempt and the
 * call's end to whoever listens. Builds nothing that nobody listens to. @internal
 */
export class CallProbe {
  /** Attempts started so far. */
  attempts = 0;
  readonly #startedAt = asyncScheduler.now();
  #attemptStartedAt: number | undefined;
  #statusCode: number | undefined;

  constructor(
    readonly action: string,
    readonly table: string | undefined,
    readonly tags: Tags | undefined,
    readonly sinks: ProbeSinks,
    readonly traces: readonly CallTrace[],
  ) {}

  /** An attempt is being sent. */
  attemptStarted(): void {
    this.attempts++;
    this.#attemptStartedAt = asyncScheduler.now();
    this.#statusCode = undefined;
  }

  /** The attempt in progress got an HTTP response with this status. */
  received(statusCode: number): void {
    this.#statusCode = statusCode;
  }

  /** The attempt in progress ended; `backoffMs` is set when it will be retried after that delay. No-op when none is in progress. */
  attemptEnded(error?: unknown, backoffMs?: number): void {
    if (this.#attemptStartedAt === undefined) return;
    const durationMs = asyncScheduler.now() - this.#attemptStartedAt;
    this.#attemptStartedAt = undefined;
    const statusCode = this.#statusCode;
    if (!this.sinks.attempts.observed && !this.traces.some((trace) => trace.attempt)) return;
    const record: AttemptRecord = { action: this.action, attempt: this.attempts, durationMs, willRetry: backoffMs !== undefined };
    if (this.table !== undefined) record.table = this.table;
    if (statusCode !== undefined) record.statusCode = statusCode;
    if (error !== undefined) record.error = codeOf(error);
    if (backoffMs !== undefined) record.backoffMs = backoffMs;
    if (this.tags) record.tags = this.tags;
    this.sinks.attempts.next(record);
    for (const trace of this.traces) runCallback(trace.attempt?.bind(trace), record);
  }

  /** The call emitted its response, which said `metadata` about itself. */
  succeeded(metadata: ResponseMetadata | undefined): void {
    this.attemptEnded();
    if (!this.#listened()) return;
    this.#report({ measurement: this.#measure(undefined, metadata) });
  }

  /** The call failed for good. */
  failed(error: unknown): void {
    this.attemptEnded(error);
    if (!this.#listened()) return;
    const end: CallEnd = { measurement: this.#measure(error) };
    if (DynamoDBError.isDynamoDBError(error)) end.error = error;
    this.#report(end);
  }

  /** The subscriber left before the call ended: only tracers hear of it. */
  cancelled(): void {
    if (this.traces.length === 0) return;
    const end: CallEnd = { measurement: this.#measure(), cancelled: true };
    for (const trace of this.traces) runCallback(trace.end.bind(trace), end);
  }

  #listened(): boolean {
    return this.sinks.onMeasurement !== undefined || this.sinks.measurements.observed || this.traces.length > 0;
  }

  #report(end: CallEnd): void {
    this.sinks.measurements.next(end.measurement);
    runCallback(this.sinks.onMeasurement, end.measurement);
    for (const trace of this.traces) runCallback(trace.end.bind(trace), end);
  }

  #measure(error?: unknown, metadata?: ResponseMetadata): Measurement {
    const measurement: Measurement = { action: this.action, durationMs: asyncScheduler.now() - this.#startedAt, attempts: this.attempts };
    if (this.table !== undefined) measurement.table = this.table;
    if (this.#statusCode !== undefined) measurement.statusCode = this.#statusCode;
    if (error !== undefined) measurement.error = codeOf(error);
    if (metadata?.consumedCapacity !== undefined) measurement.consumedCapacity = metadata.consumedCapacity;
    if (metadata?.itemCollectionMetrics !== undefined) measurement.itemCollectionMetrics = metadata.itemCollectionMetrics;
    if (this.tags) measurement.tags = this.tags;
    return measurement;
  }
}

function codeOf(error: unknown): string {
  return DynamoDBError.isDynamoDBError(error) ? error.code : error instanceof Error ? error.name : 'UnknownError';
}
