import http, { type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import https from 'node:https';
import type { SecureContextOptions } from 'node:tls';
import zlib from 'node:zlib';
import axios, { AxiosHeaders, type AxiosAdapter, type AxiosRequestConfig, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { Observable } from 'rxjs';
import { ChecksumError, MalformedResponseError, ResponseTooLargeError } from '../errors/client-errors.js';
import { TransportAgents, type Route } from './agents.js';
import { crc32 } from './checksum.js';
import { MAX_RESPONSE_BYTES } from './limits.js';
import { toNetworkError } from './network-error.js';
import { describeProxy, DIRECT, isProxyOwnAnswer, proxyFailure, proxyRefused, type ProxySettings } from './proxy.js';
import type { DynamoDBRequest, DynamoDBResponse, Transport } from './types.js';

/** Settings of the default transport. */
export interface AxiosTransportOptions {
  /** Sockets kept per host; sized to the client's `maxConcurrency`. */
  maxSockets: number;
  /** The proxies to go through (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, the `proxy` option). @default none */
  proxy?: ProxySettings | undefined;
  /** PEM certificates trusted for https endpoints instead of Node's CAs (the `caBundle` option). @default Node's */
  ca?: SecureContextOptions['ca'] | undefined;
}

/**
 * The default {@link Transport}: posts the exact signed text with axios over a keep-alive agent (through
 * the proxy for the endpoint, if any: a CONNECT tunnel for https), follows no redirects, hands back every
 * status, aborts the request when unsubscribed (and only while it has not settled), and verifies
 * `x-amz-crc32` on the raw bytes before decompressing.
 */
export function createAxiosTransport(options: AxiosTransportOptions): Transport {
  // Node's agent re-arms TCP keep-alive when a socket returns to the pool, and axios on every
  // request (60 s): the same interval on both sides saves a setsockopt per request.
  const agents = new TransportAgents(
    { keepAlive: true, keepAliveMsecs: 60_000, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets, ...(options.ca === undefined ? {} : { ca: options.ca }) },
    options.proxy ?? DIRECT,
  );
  // The config is merged once, here: requests go straight to axios's http adapter, past the
  // per-request config merge, interceptors and transforms that this client never uses. The body
  // is read here as a stream (see `read` below).
  // Each request's config inherits it rather than copying it: axios honours options inherited from a
  // template object (not from Object.prototype), and `mergeConfig` returns a null-prototype object,
  // which axios would treat as the end of the chain: the template is a plain copy of it.
  const template: InternalAxiosRequestConfig = Object.assign(
    {},
    axios.mergeConfig(axios.defaults as AxiosRequestConfig, {
      method: 'post',
      responseType: 'stream',
      decompress: false,
      maxRedirects: 0,
      proxy: false,
      validateStatus: () => true,
    }),
  ) as InternalAxiosRequestConfig;
  const adapter = axios.getAdapter('http') as AxiosAdapter;

  return (request) =>
    new Observable<DynamoDBResponse>((subscriber) => {
      let settled = false;
      let sent: ClientRequest | undefined;
      let body: IncomingMessage | undefined;
      let proxy: URL | undefined;
      /** The whole raw body, once it has ended, and its checksum. */
      let raw: { bytes: Buffer; checksum: number } | undefined;
      /** The response as axios settled it (its body stream is the one `read` is reading). */
      let answered: AxiosResponse<IncomingMessage> | undefined;
      const fail = (error: unknown): void => {
        // A body stream's error after the response was emitted or refused changes nothing.
        if (settled) return;
        settled = true;
        const host = new URL(request.url).host;
        const atProxy = proxy === undefined ? undefined : proxyFailure(error, `${request.action} to ${host}`, proxy, request.action);
        subscriber.error(atProxy ?? toNetworkError(error, request.action, proxy === undefined ? host : `${host} through proxy ${describeProxy(proxy)}`));
      };
      const refuse = (error: Error): void => {
        settled = true;
        body?.destroy();
        subscriber.error(error);
      };
      // The body is read from the moment its headers are in (once axios's response callback has seen
      // them), not when axios settles the response a few microtasks later: by then the first socket read
      // has filled the unread stream past its high-water mark, which pauses the socket until another
      // turn of the event loop (measured on 100-item pages: one turn a page, 1.36-1.50x the raw floor's
      // CPU a page instead of 1.25x; bench/PROFILE.md). Its checksum is computed as the bytes arrive and
      // no chunk outlives the page.
      const read = (stream: IncomingMessage): void => {
        body = stream;
        // Through a tunnel (https) the answer is the endpoint's; an http proxy may answer for itself.
        if (proxy !== undefined && request.url.startsWith('http:') && isProxyOwnAnswer(stream.statusCode ?? 0, stream.headers)) {
          return refuse(proxyRefused(`${request.action} to ${new URL(request.url).host}`, proxy, stream.statusCode ?? 0, stream.statusMessage, request.action));
        }
        const tooLarge = (): void => refuse(responseTooLarge(stream.statusCode, stream.headers, request, 'raw'));
        if (Number(stream.headers['content-length']) > MAX_RESPONSE_BYTES) return tooLarge();
        const chunks: Buffer[] = [];
        let length = 0;
        let checksum = 0;
        stream.on('data', (chunk: Buffer) => {
          if (settled) return;
          length += chunk.length;
          if (length > MAX_RESPONSE_BYTES) {
            chunks.length = 0;
            return tooLarge();
          }
          chunks.push(chunk);
          checksum = crc32(chunk, checksum);
        });
        stream.on('error', fail);
        stream.on('end', () => {
          raw = { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length), checksum };
          // The pooled socket keeps this response, and so this closure, alive until its next
          // request: let go of the chunks now rather than then.
          chunks.length = 0;
          finish();
        });
      };
      /** Emits the response once the body has ended and axios has settled it, whichever comes last. */
      const finish = (): void => {
        if (settled || raw === undefined || answered === undefined) return;
        settled = true;
        let result: DynamoDBResponse;
        try {
          result = readResponse(answered, raw.bytes, raw.checksum, request);
        } catch (error) {
          subscriber.error(error);
          return;
        } finally {
          raw = undefined;
        }
        subscriber.next(result);
        subscriber.complete();
      };
      const send = (route: Route): void => {
        if (subscriber.closed) return;
        proxy = route.proxy;
        const headers = new AxiosHeaders(request.headers);
        // Only gzip is decoded below: never let axios advertise encodings that would not be read.
        headers.set('Accept-Encoding', 'gzip');
        // axios's documented `transport` hook, given what axios itself calls with maxRedirects 0 (node:http or
        // node:https), hands over the request so that unsubscribing can destroy it (no AbortController and
        // AbortSignal listener per request, ~5-10 us and their garbage), and the response as soon as its headers are in.
        const transport = {
          request: (options: RequestOptions, callback: (response: IncomingMessage) => void) =>
            (sent = (options.protocol === 'https:' ? https : http).request(options, (response) => {
              callback(response);
              read(response);
            })),
        };
        const config = Object.create(template) as InternalAxiosRequestConfig;
        config.url = request.url;
        config.data = request.body;
        config.headers = headers;
        config.transport = transport;
        config.httpAgent = route.agent;
        config.httpsAgent = route.agent;
        (adapter(config) as Promise<AxiosResponse<IncomingMessage>>).then((response) => {
          answered = response;
          finish();
        }, fail);
      };
      const route = agents.routeFor(request.url);
      if (route instanceof Promise) route.then(send, fail);
      else send(route);
      return () => {
        if (settled) return;
        // Once the headers are in, the body stream is ours: destroying it frees the socket at once.
        if (body) body.destroy();
        else sent?.destroy();
      };
    });
}

/** Checks the body's checksum (computed on the raw bytes), then decompresses and decodes it. */
function readResponse(response: AxiosResponse, raw: Buffer, checksum: number, request: DynamoDBRequest): DynamoDBResponse {
  const headers = response.headers as Record<string, string | undefined>;
  const expected = headers['x-amz-crc32'];
  const requestId = headers['x-amzn-requestid'];
  if (expected !== undefined && String(checksum) !== expected) {
    throw new ChecksumError(expected, checksum, { action: request.action, statusCode: response.status, requestId });
  }
  let bytes = raw;
  if (headers['content-encoding'] === 'gzip') {
    try {
      bytes = zlib.gunzipSync(raw, { maxOutputLength: MAX_RESPONSE_BYTES });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw responseTooLarge(response.status, headers, request, 'decompressed');
      throw new MalformedResponseError(`${request.action}: the gzip response body could not be decompressed`, {
        action: request.action,
        statusCode: response.status,
        requestId,
      });
    }
  }
  return { statusCode: response.status, headers, body: bytes.toString('utf8') };
}

/** The error for a body past {@link MAX_RESPONSE_BYTES}, `raw` as received or once `decompressed`. */
function responseTooLarge(
  statusCode: number | undefined,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  request: DynamoDBRequest,
  form: 'raw' | 'decompressed',
): ResponseTooLargeError {
  const requestId = headers['x-amzn-requestid'];
  return new ResponseTooLargeError(
    `${request.action}: the ${form} response body passed ${MAX_RESPONSE_BYTES} bytes, far above anything DynamoDB sends; stopped reading it`,
    MAX_RESPONSE_BYTES,
    { action: request.action, statusCode, requestId: typeof requestId === 'string' ? requestId : undefined },
  );
}
