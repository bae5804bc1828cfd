import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Observable, retry, throwError, timeout, timer } from 'rxjs';
import { ConfigError, DynamoDBTimeoutError, NetworkError } from '../../errors/client-errors.js';
import { DynamoDBError } from '../../errors/dynamodb-error.js';
import { isTransientSocketCode } from '../../http/network-error.js';

/** @internal One request to a metadata endpoint. */
export interface TextRequest {
  method?: 'GET' | 'PUT';
  headers?: Record<string, string>;
  /** Each attempt fails with a DynamoDBTimeoutError after this long. */
  timeoutMs: number;
  /** Further attempts after a 5xx, a transient socket error or a timeout. @default 0 */
  retries?: number;
}

/**
 * @internal Sends a request and emits the body of a 200 response, then completes. Fails with
 * `NetworkError`, `DynamoDBTimeoutError`, or a `DynamoDBError` with `statusCode` (code `HttpStatusError`) for any
 * other status. Unsubscribing destroys the request in flight.
 */
export function fetchText(url: URL, request: TextRequest): Observable<string> {
  const { timeoutMs, retries = 0 } = request;
  return attempt(url, request).pipe(
    timeout({ first: timeoutMs, with: () => throwError(() => new DynamoDBTimeoutError(timeoutMs)) }),
    retry({
      count: retries,
      delay: (error: unknown, count) =>
        error instanceof DynamoDBError && error.retryable ? timer(100 * 2 ** (count - 1)) : throwError(() => error),
    }),
  );
}

/** @internal A URL as errors show it: no user info, no query. */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * @internal Parses the URL an environment variable holds.
 *
 * @throws ConfigError naming the variable (not its value, which may carry user info).
 */
export function parseUrl(text: string, variable: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new ConfigError(`${variable} is not a valid URL`);
  }
}

function attempt(url: URL, { method = 'GET', headers = {} }: TextRequest): Observable<string> {
  return new Observable<string>((subscriber) => {
    let settled = false;
    const fail = (error: Error): void => {
      settled = true;
      subscriber.error(error);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, { method, headers }, (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => fail(networkError(url, error)));
      response.on('end', () => {
        settled = true;
        const status = response.statusCode ?? 0;
        if (status !== 200) {
          subscriber.error(statusError(url, status));
          return;
        }
        subscriber.next(Buffer.concat(chunks).toString('utf8'));
        subscriber.complete();
      });
    });
    request.on('error', (error) => fail(networkError(url, error)));
    request.end();
    return () => {
      if (!settled) request.destroy();
    };
  });
}

function networkError(url: URL, error: NodeJS.ErrnoException): NetworkError {
  const code = error.code ?? 'connection failed';
  return new NetworkError(`${describeUrl(url)}: ${code}`, isTransientSocketCode(code), { cause: error });
}

function statusError(url: URL, status: number): DynamoDBError {
  return new DynamoDBError({
    code: 'HttpStatusError',
    message: `${describeUrl(url)} answered HTTP ${status}`,
    statusCode: status,
    retryable: status >= 500,
  });
}
