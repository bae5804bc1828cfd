import { asyncScheduler, defer, isObservable, Observable, retry, tap, throwError, timer, type MonoTypeOperatorFunction, type Subscription } from 'rxjs';
import type { Credentials } from '../config/credentials/types.js';
import type { ResolvedConfig } from '../config/options.js';
import { ConfigError, DynamoDBTimeoutError, MalformedResponseError, NoCredentialsError } from '../errors/client-errors.js';
import { DynamoDBError } from '../errors/dynamodb-error.js';
import { toNetworkError } from '../http/network-error.js';
import type { DynamoDBRequest, DynamoDBResponse, Transport, WireResponse } from '../http/types.js';
import type { Instruments } from '../instrumentation/instruments.js';
import { runCallback } from '../instrumentation/report-callback-error.js';
import { inSubscriberContext } from '../instrumentation/subscriber-context.js';
import { parseResponse } from '../response/parse-response.js';
import type { ResponseOrigin } from '../response/read.js';
import { redactError, redactor } from '../util/redact.js';
import { readResponseMetadata, type ResponseMetadata } from '../response/response-metadata.js';
import { backoffDelay } from '../retry/backoff.js';
import type { AdaptiveRateLimiter } from '../retry/adaptive-rate-limiter.js';
import type { ConcurrencyLimiter } from '../retry/concurrency-limiter.js';
import type { RetryQuota } from '../retry/retry-quota.js';
import { bodyText } from './json-text.js';
import type { ServiceApi } from './service-api.js';
import { signedSecrets, signRequest } from './sign.js';

/**
 * Reads a successful response body into what a call emits; throws a `MalformedResponseError` (see
 * `response/read.ts`) when the body is not what DynamoDB sends. @internal
 */
export type ResponseReader<R> = (body: WireResponse, origin: ResponseOrigin) => R;

/** What a call hears of its attempts besides its result. @internal */
export interface SendHooks {
  /** An attempt failed with a throttling error (retried or not): a capacity budget lowers its rate. */
  onThrottled?: (() => void) | undefined;
  /** An attempt, signed and holding a slot, is about to go on the wire: until then the call has sent nothing. */
  onAttempt?: (() => void) | undefined;
}

/**
 * Sends one call to the API it was built for (DynamoDB, or DynamoDB Streams) and emits its response once, read by `read` (the parsed body without
 * one); `body` is serialized with `JSON.stringify` unless it is a `JsonText` already: cold, retried per request (a response that cannot be read included), limited per client,
 * measured. @internal
 */
export type Send = <R = WireResponse>(action: string, body: object, table?: string, read?: ResponseReader<R>, hooks?: SendHooks) => Observable<R>;

const asIs: ResponseReader<WireResponse> = (body) => body;

/** What a client's calls share besides its settings; the client builds each of them once. @internal */
export interface SendParts {
  /** Sends the signed requests. */
  transport: Transport;
  /** Hears of every attempt and of each call's end. */
  instruments: Instruments;
  /** Bounds the client's requests in flight. */
  limiter: ConcurrencyLimiter;
  /** The client's retry budget. */
  quota: RetryQuota;
  /** With `retryMode: 'adaptive'`, this API's rate limiter: it paces attempts once a request was throttled. */
  rateLimiter?: AdaptiveRateLimiter | undefined;
}

/**
 * Builds the client's `send` to one API (DynamoDB, or DynamoDB Streams). Each subscription: resolves credentials (cached; a source that has not
 * answered within `credentialsTimeoutMs` fails the call with a `NoCredentialsError`), in adaptive retry mode
 * waits for a token of the API's rate limiter (once it has seen a throttle), waits for a slot
 * of the client's limiter, signs at that moment (by the client's clock, corrected when a server refused a
 * request for its time: that attempt is retried at once), sends, enforces `timeoutMs`, parses, and on a
 * retryable error (while the client's retry quota can pay for it) frees the slot, waits out the
 * backoff on an RxJS timer and tries again. `instruments` hears of every attempt and of the call's end.
 */
export function createSend(config: ResolvedConfig, { transport, instruments, limiter, quota, rateLimiter }: SendParts, api: ServiceApi): Send {
  const inCallerContext = inSubscriberContext<unknown>(config.tracers.length > 0);
  const { region, timeoutMs, credentialsTimeoutMs, credentials: credentialSource, clock } = config;
  const { endpoint, targetPrefix, errors } = api;

  return <R>(action: string, body: object, table?: string, read: ResponseReader<R> = asIs as ResponseReader<R>, hooks?: SendHooks) =>
    defer(() => {
      const payload = bodyText(body);
      const probe = instruments.start(action, table);
      let lastRetryCost: number | undefined;
      let ended = false;
      let metadata: ResponseMetadata | undefined;
      /** The last error refused for the time it was signed with, the clock since corrected: signed again at once. */
      let skewed: unknown;
      /**
       * The credential source's failure: not retried by the call, as in the AWS SDK v3 (which resolves credentials
       * outside its retry loop). The source has tried its own service already (STS and SSO 3 times each).
       */
      let credentialFailure: unknown;

      // One attempt as one Observable (rather than a chain of operators, which the profile showed
      // costing ~30 us a call): credentials, a slot, signature, request, timeout, parse, read.
      const attempt = new Observable<R>((subscriber) => {
        const send = (credentials: Credentials): void => {
          const takeSlot = (): void => {
            subscriber.add(
              limiter.acquire(() => {
                probe.attemptStarted();
                const signedAt = clock.now();
                let headers: Record<string, string>;
                try {
                  headers = signRequest(endpoint, region, targetPrefix + action, payload, credentials, signedAt);
                } catch (error) {
                  subscriber.error(signingFailed(error, action, credentials));
                  return;
                }
                const secrets = (): (string | undefined)[] => signedSecrets(headers);
                // Every error of this attempt leaves it through here, blanked of this request's secrets
                // (a hostile server may echo them in a request id, a field name, any text it sends).
                const fail = (error: unknown): void => {
                  if (hooks?.onThrottled && DynamoDBError.isDynamoDBError(error) && error.throttling) hooks.onThrottled();
                  subscriber.error(redactError(error, secrets));
                };
                const deadline = asyncScheduler.schedule(() => subscriber.error(new DynamoDBTimeoutError(timeoutMs, { action })), timeoutMs);
                subscriber.add(deadline);
                hooks?.onAttempt?.();
                const response$ = callTransport(transport, { action, table, url: endpoint.url, headers, body: payload });
                let answered = false;
                subscriber.add(
                  response$.subscribe({
                    // One response per attempt: a transport that emits again is not heard a second time.
                    next: (response) => {
                      if (answered) return;
                      answered = true;
                      deadline.unsubscribe();
                      probe.received(response.statusCode);
                      let result: R;
                      let heard = false;
                      try {
                        const parsed = parseResponse(response, action, errors, secrets);
                        heard = true;
                        rateLimiter?.recordResponse(false);
                        const origin: ResponseOrigin = { action, statusCode: response.statusCode, requestId: response.headers['x-amzn-requestid'] };
                        metadata = readResponseMetadata(parsed, origin, table);
                        result = read(parsed, origin);
                      } catch (error) {
                        // The rate limiter hears of each response once: of a throttle, or of anything else.
                        if (!heard) rateLimiter?.recordResponse(DynamoDBError.isDynamoDBError(error) && error.throttling);
                        if (DynamoDBError.isDynamoDBError(error) && clock.correct(error.code, signedAt, response.headers)) skewed = error;
                        fail(error);
                        return;
                      }
                      subscriber.next(result);
                    },
                    error: (error: unknown) => fail(DynamoDBError.isDynamoDBError(error) ? error : toNetworkError(error, action, endpoint.host)),
                    complete: () => (answered ? subscriber.complete() : fail(noResponse(action))),
                  }),
                );
              }),
            );
          };
          if (rateLimiter) subscriber.add(rateLimiter.acquire(takeSlot));
          else takeSlot();
        };
        let resolved = false;
        let waiting: Subscription | undefined;
        subscriber.add(
          credentialSource.subscribe({
            next: (credentials) => {
              if (resolved) return;
              resolved = true;
              waiting?.unsubscribe();
              send(credentials);
            },
            error: (error: unknown) => {
              credentialFailure = error;
              subscriber.error(error);
            },
          }),
        );
        // Cached credentials came synchronously; a source still working gets credentialsTimeoutMs.
        if (!resolved && !subscriber.closed) {
          waiting = asyncScheduler.schedule(() => subscriber.error(credentialsTimeout(credentialsTimeoutMs)), credentialsTimeoutMs);
          subscriber.add(waiting);
        }
      });

      /**
       * The backoff before retry number `retryCount`, or undefined when `error` is not retried. A refusal for a
       * skewed clock is signed again at once with the corrected time, whatever `shouldRetry` and the quota say.
       */
      const retryDelay = (error: unknown, retryCount: number): number | undefined => {
        if (error === skewed) return 0;
        if (error === credentialFailure) return undefined;
        if (!DynamoDBError.isDynamoDBError(error) || !config.retry.shouldRetry(error, retryCount)) return undefined;
        lastRetryCost = quota.tryAcquire(error.throttling);
        return lastRetryCost === undefined ? undefined : backoffDelay(retryCount, error.throttling, config.retry);
      };

      return attempt.pipe(
        retry({
          count: config.maxRetries,
          delay: (error: unknown, retryCount) => {
            const backoffMs = retryDelay(error, retryCount);
            probe.attemptEnded(error, backoffMs);
            return backoffMs === undefined ? throwError(() => error) : timer(backoffMs);
          },
        }),
        inCallerContext as MonoTypeOperatorFunction<R>,
        tap({
          next: () => {
            ended = true;
            quota.recordSuccess(lastRetryCost);
            probe.succeeded(metadata);
          },
          error: (error: unknown) => {
            ended = true;
            const known = DynamoDBError.isDynamoDBError(error);
            if (known) error.action ??= action;
            probe.failed(error);
            if (known) runCallback(config.onError, error);
          },
          finalize: () => {
            if (!ended) probe.cancelled();
          },
        }),
      );
    });
}

/**
 * The error of an attempt that could not be signed: the credentials' own refusal (a `ConfigError` naming the field
 * at fault), or, for anything else the signer threw, code `SigningError` with its reason blanked of the credentials'
 * secrets and no cause kept (it could quote them). Not retried: the next attempt would sign the same way.
 */
function signingFailed(error: unknown, action: string, credentials: Credentials): DynamoDBError {
  if (error instanceof ConfigError) return new ConfigError(`${action}: ${error.message}; nothing was sent`, { action });
  const reason = redactor([credentials.secretAccessKey, credentials.sessionToken])(error instanceof Error ? error.message : String(error));
  return new DynamoDBError({ code: 'SigningError', message: `${action}: the request could not be signed (${reason}); nothing was sent`, action });
}

/** The error of an attempt whose credential source did not answer in time; not retried (the source would be waited for again). */
function credentialsTimeout(credentialsTimeoutMs: number): NoCredentialsError {
  return new NoCredentialsError(
    `no credentials within credentialsTimeoutMs (${credentialsTimeoutMs} ms): the credential source (provider, credential_process, ` +
      'container or instance metadata endpoint) did not answer; nothing was sent',
  );
}

/**
 * The transport's response to `request`, or, when a custom transport throws or returns something
 * other than an Observable, an Observable of that failure: the attempt then fails like one whose
 * connection failed (a `NetworkError`, retried only for a transient socket code) and frees its slot,
 * instead of the throw escaping into the slot's grant and leaking it.
 */
function callTransport(transport: Transport, request: DynamoDBRequest): Observable<DynamoDBResponse> {
  let response: unknown;
  try {
    response = transport(request);
  } catch (error) {
    return throwError(() => error);
  }
  if (isObservable(response)) return response as Observable<DynamoDBResponse>;
  const got = response === null ? 'null' : typeof response;
  return throwError(() => new TypeError(`the transport returned ${got} instead of an Observable of the response`));
}

/** The error of an attempt whose transport completed without a response: retried, as a response that cannot be read is. */
function noResponse(action: string): MalformedResponseError {
  return new MalformedResponseError(`${action}: the transport completed without a response`, { action });
}
