import { request as httpRequest, type Agent, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { catchError, Observable, retry, throwError, timeout, timer } from 'rxjs';
import { ConfigError, DynamoDBTimeoutError, NetworkError, NoCredentialsError, ResponseTooLargeError } from '../../errors/client-errors.js';
import { CredentialServiceError } from '../../errors/credential-service-error.js';
import { DynamoDBError } from '../../errors/dynamodb-error.js';
import { certificateProblem, isTransientSocketCode } from '../../http/network-error.js';
import { describeProxy, isProxyOwnAnswer, proxyFailure, proxyRefused } from '../../http/proxy.js';
import { proxyAgent } from '../../http/proxy-agent.js';

/** @internal Where a request to STS or SSO goes: the URL, and the proxy to go through (HTTPS_PROXY, NO_PROXY, ...), if any. */
export interface ServiceRoute {
  url: URL;
  proxy: URL | undefined;
}

/** @internal One request to a credentials endpoint (metadata service, STS, SSO). */
export interface TextRequest {
  method?: 'GET' | 'PUT' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Each attempt fails with a DynamoDBTimeoutError after this long. */
  timeoutMs: number;
  /** Further attempts after a retryable error: a 5xx, a transient socket error, a timeout, or what `errorOf` marks so. @default 0 */
  retries?: number;
  /** The error for a response other than 200, from its status, body and headers. @default a `DynamoDBError` with code `HttpStatusError` (retryable for 5xx) */
  errorOf?: (status: number, body: string, headers: IncomingHttpHeaders) => Error;
  /** The proxy to go through (STS and SSO only: the metadata and container endpoints are never proxied, as in the AWS SDKs). */
  proxy?: URL | undefined;
}

/**
 * @internal Asks STS, the SSO portal or SSO-OIDC: each attempt may take 3 s, and a timeout, a socket error,
 * a 5xx or a retryable code is tried twice more (within the client's 10 s `credentialsTimeoutMs`). `errorOf`
 * reads the service's refusals; any other failure becomes a NoCredentialsError naming the service and URL.
 */
export function askService(service: string, action: string, { url, proxy }: ServiceRoute, request: Omit<TextRequest, 'timeoutMs' | 'retries' | 'proxy'>): Observable<string> {
  return fetchText(url, { ...request, proxy, timeoutMs: 3000, retries: 2 }).pipe(
    catchError((error: Error) =>
      throwError(() =>
        error instanceof CredentialServiceError
          ? error
          : new NoCredentialsError(`${service} ${action} at ${describeUrl(url)} failed: ${error.message}`, { cause: error, action }),
      ),
    ),
  );
}

/**
 * @internal Sends a request and emits the body of a 200 response, then completes. Fails with
 * `NetworkError`, `DynamoDBTimeoutError`, `ResponseTooLargeError` past 1 MiB (reading stops), or what `errorOf`
 * makes of any other status. Retryable failures are
 * tried again after 100 ms, 200 ms, ... Unsubscribing destroys the request in flight.
 */
export function fetchText(url: URL, request: TextRequest): Observable<string> {
  const { timeoutMs, retries = 0 } = request;
  return attempt(url, request).pipe(
    // The source's own budget, not the client's `timeoutMs` option: the message must not name that option.
    timeout({ first: timeoutMs, with: () => throwError(() => new DynamoDBTimeoutError(timeoutMs, { message: `no response within ${timeoutMs} ms; the attempt was aborted` })) }),
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

/** Credentials documents and STS or SSO answers are a few KB: a larger body is broken or hostile, and is not buffered. */
const MAX_BODY_BYTES = 1024 * 1024;

function attempt(url: URL, { method = 'GET', headers = {}, body, proxy, errorOf = (status) => statusError(url, status) }: TextRequest): Observable<string> {
  const where = proxy === undefined ? describeUrl(url) : `${describeUrl(url)} through proxy ${describeProxy(proxy)}`;
  return new Observable<string>((subscriber) => {
    let settled = false;
    let request: ClientRequest | undefined;
    const fail = (error: Error): void => {
      settled = true;
      subscriber.error(error);
    };
    const send = (agent?: Agent): void => {
      if (subscriber.closed) return;
      try {
        open(agent);
      } catch (error) {
        // Node refuses at once a header it cannot send; through a proxy this runs in a Promise callback, where a throw is lost.
        fail(unsendable(where, error));
      }
    };
    const open = (agent: Agent | undefined): void => {
      const sendRequest = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const sent = (request = sendRequest(url, agent === undefined ? { method, headers } : { method, headers, agent }, (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        // Through a tunnel (https) the answer is the service's; an http proxy may answer for itself.
        if (proxy !== undefined && url.protocol === 'http:' && isProxyOwnAnswer(status, response.headers)) {
          sent.destroy();
          fail(proxyRefused(undefined, proxy, status, response.statusMessage));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          chunks.push(chunk);
          if (size <= MAX_BODY_BYTES) return;
          sent.destroy();
          fail(new ResponseTooLargeError(`${describeUrl(url)} answered with more than ${MAX_BODY_BYTES} bytes`, MAX_BODY_BYTES));
        });
        response.on('error', (error) => fail(networkError(where, error)));
        response.on('end', () => {
          if (settled) return;
          settled = true;
          const text = Buffer.concat(chunks).toString('utf8');
          if (status !== 200) {
            subscriber.error(readRefusal(() => errorOf(status, text, response.headers), url, status));
            return;
          }
          subscriber.next(text);
          subscriber.complete();
        });
      }));
      sent.on('error', (error) => fail((proxy && proxyFailure(error, undefined, proxy)) ?? networkError(where, error)));
      sent.end(body);
    };
    if (proxy === undefined) send();
    else proxyAgent(proxy, url.protocol, {}).then(send, (error: NodeJS.ErrnoException) => fail(networkError(where, error)));
    return () => {
      if (!settled) request?.destroy();
    };
  });
}

/** `errorOf`'s error; should it throw (a listener must not: the throw would crash the process), the status error, as what it threw may quote the body. */
function readRefusal(errorOf: () => Error, url: URL, status: number): Error {
  try {
    return errorOf();
  } catch {
    return statusError(url, status);
  }
}

/**
 * The error for a request Node refused to send: a header value holding a character HTTP cannot carry (a line break,
 * a character past U+00FF) in the source credentials' session token or a cached SSO token. Names the header, never
 * its value; not retried (the next attempt would carry the same value).
 */
function unsendable(where: string, error: unknown): NetworkError {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const header = typeof message === 'string' ? /\["([\w-]+)"\]/.exec(message)?.[1] : undefined;
  const what = header === undefined ? 'the request' : `its ${header} header`;
  return new NetworkError(
    `${where}: not sent: Node refused ${what} (${typeof code === 'string' ? code : 'invalid request'}); a token or key holds a line break or a character ` +
      'a request header cannot carry: check the credentials, or the token cache, it came from',
    false,
  );
}

/** How the CA of STS, SSO or a credentials endpoint is trusted: the `caBundle` option is not used for them. */
const CREDENTIAL_ENDPOINT_TRUST = 'NODE_EXTRA_CA_CERTS (the caBundle option covers DynamoDB and Streams requests only)';

function networkError(where: string, error: NodeJS.ErrnoException): NetworkError {
  const code = error.code ?? 'connection failed';
  const certificate = certificateProblem(code, CREDENTIAL_ENDPOINT_TRUST);
  return new NetworkError(certificate === undefined ? `${where}: ${code}` : `${where}: ${certificate} (${code})`, isTransientSocketCode(code), { cause: error });
}

/** @internal The error for an unexpected HTTP status: code `HttpStatusError`, retryable for 5xx. */
export function statusError(url: URL, status: number): DynamoDBError {
  return new DynamoDBError({
    code: 'HttpStatusError',
    message: `${describeUrl(url)} answered HTTP ${status}`,
    statusCode: status,
    retryable: status >= 500,
  });
}
