import { asyncScheduler, catchError, defer, map, mergeMap, type Observable, retry, take, tap, throwError, timeout, timer } from 'rxjs';
import type { ResolvedConfig } from '../config/options.js';
import { TimeoutError } from '../errors/client-errors.js';
import { DynamoDBError } from '../errors/dynamodb-error.js';
import { toNetworkError } from '../http/network-error.js';
import { parseResponse } from '../http/parse-response.js';
import { signRequest } from '../http/sign.js';
import { backoffDelay } from '../retry/backoff.js';
import { ConcurrencyLimiter } from '../retry/concurrency-limiter.js';
import { RetryQuota } from '../retry/retry-quota.js';
import type { Measurement } from './measurement.js';
import { runCallback } from './report-callback-error.js';

/** A DynamoDB response body, as parsed JSON. */
export type WireResponse = Record<string, unknown>;

/**
 * Sends one DynamoDB call and emits its parsed response once: cold, retried per request,
 * limited per client, measured. @internal
 */
export type Send = (action: string, body: object, table?: string) => Observable<WireResponse>;

/**
 * Builds the client's `send`. Each subscription: resolves credentials (cached), waits for a slot
 * of the client's limiter, signs at that moment, sends, enforces `timeoutMs`, parses, and on a
 * retryable error (while the client's retry quota can pay for it) frees the slot, waits out the
 * backoff on an RxJS timer and tries again.
 */
export function createSend(config: ResolvedConfig, limiter = new ConcurrencyLimiter(config.maxConcurrency)): Send {
  const quota = new RetryQuota(config.retry.quota);
  const { endpoint, region, transport, timeoutMs } = config;

  return (action, body, table) =>
    defer(() => {
      const payload = JSON.stringify(body);
      const startedAt = asyncScheduler.now();
      let attempts = 0;
      let statusCode: number | undefined;
      let lastRetryCost: number | undefined;

      const attempt = (): Observable<WireResponse> =>
        config.credentials.pipe(
          take(1),
          mergeMap((credentials) =>
            limiter.run(
              defer(() => {
                attempts++;
                statusCode = undefined;
                const headers = signRequest(endpoint, region, action, payload, credentials, asyncScheduler.now());
                return transport({ action, table, url: endpoint.url, headers, body: payload });
              }).pipe(
                timeout({ first: timeoutMs, with: () => throwError(() => new TimeoutError(timeoutMs, { action })) }),
                catchError((error: unknown) =>
                  throwError(() => (DynamoDBError.isDynamoDBError(error) ? error : toNetworkError(error, action, endpoint.host))),
                ),
              ),
            ),
          ),
          map((response) => {
            statusCode = response.statusCode;
            return parseResponse(response, action);
          }),
        );

      const measure = (error: DynamoDBError | undefined, response?: WireResponse): void => {
        if (!config.onMeasurement) return;
        const measurement: Measurement = { action, durationMs: asyncScheduler.now() - startedAt, attempts };
        if (table !== undefined) measurement.table = table;
        if (statusCode !== undefined) measurement.statusCode = statusCode;
        if (error) measurement.error = error.code;
        if (response?.['ConsumedCapacity'] !== undefined) measurement.consumedCapacity = response['ConsumedCapacity'];
        if (response?.['ItemCollectionMetrics'] !== undefined) measurement.itemCollectionMetrics = response['ItemCollectionMetrics'];
        runCallback(config.onMeasurement, measurement);
      };

      return defer(attempt).pipe(
        retry({
          count: config.maxRetries,
          delay: (error: unknown, retryCount) => {
            if (!DynamoDBError.isDynamoDBError(error) || !config.retry.shouldRetry(error, retryCount)) return throwError(() => error);
            lastRetryCost = quota.tryAcquire(error.throttling);
            if (lastRetryCost === undefined) return throwError(() => error);
            return timer(backoffDelay(retryCount, error.throttling, config.retry));
          },
        }),
        tap({
          next: (response) => {
            quota.recordSuccess(lastRetryCost);
            measure(undefined, response);
          },
          error: (error: unknown) => {
            if (!DynamoDBError.isDynamoDBError(error)) return;
            error.action ??= action;
            measure(error);
            runCallback(config.onError, error);
          },
        }),
      );
    });
}
