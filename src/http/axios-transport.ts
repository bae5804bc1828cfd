import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import axios, { AxiosHeaders, type AxiosAdapter, type AxiosRequestConfig, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { Observable } from 'rxjs';
import { ChecksumError, MalformedResponseError } from '../errors/client-errors.js';
import { crc32 } from './checksum.js';
import { toNetworkError } from './network-error.js';
import type { DynamoDBRequest, DynamoDBResponse, Transport } from './types.js';

/** Settings of the default transport. */
export interface AxiosTransportOptions {
  /** Sockets kept per host; sized to the client's `maxConcurrency`. */
  maxSockets: number;
}

/**
 * The default {@link Transport}: posts the exact signed text with axios over a keep-alive agent,
 * follows no redirects, hands back every status, aborts the request when unsubscribed (and only
 * while it has not settled), and verifies `x-amz-crc32` on the raw bytes before decompressing.
 */
export function createAxiosTransport(options: AxiosTransportOptions): Transport {
  // Node's agent re-arms TCP keep-alive when a socket returns to the pool, and axios on every
  // request (60 s): the same interval on both sides saves a setsockopt per request.
  const agentOptions = { keepAlive: true, keepAliveMsecs: 60_000, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets };
  // The config is merged once, here: requests go straight to axios's http adapter, past the
  // per-request config merge, interceptors and transforms that this client never uses.
  const base = axios.mergeConfig(axios.defaults as AxiosRequestConfig, {
    httpAgent: new http.Agent(agentOptions),
    httpsAgent: new https.Agent(agentOptions),
    method: 'post',
    responseType: 'arraybuffer',
    decompress: false,
    maxRedirects: 0,
    proxy: false,
    validateStatus: () => true,
  }) as InternalAxiosRequestConfig;
  const adapter = axios.getAdapter('http') as AxiosAdapter;

  return (request) =>
    new Observable<DynamoDBResponse>((subscriber) => {
      const controller = new AbortController();
      let settled = false;
      const headers = new AxiosHeaders(request.headers);
      // Only gzip is decoded below: never let axios advertise encodings that would not be read.
      headers.set('Accept-Encoding', 'gzip');
      (adapter({ ...base, url: request.url, data: request.body, headers, signal: controller.signal }) as Promise<AxiosResponse<Buffer>>).then(
        (response) => {
          settled = true;
          let result: DynamoDBResponse;
          try {
            result = readResponse(response, request);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          subscriber.next(result);
          subscriber.complete();
        },
        (error: unknown) => {
          settled = true;
          subscriber.error(toNetworkError(error, request.action, new URL(request.url).host));
        },
      );
      return () => {
        if (!settled) controller.abort();
      };
    });
}

/** Verifies the checksum on the raw bytes, then decompresses and decodes the body. */
function readResponse(response: AxiosResponse<Buffer>, request: DynamoDBRequest): DynamoDBResponse {
  const headers = response.headers as Record<string, string | undefined>;
  let bytes = response.data;
  const expected = headers['x-amz-crc32'];
  const requestId = headers['x-amzn-requestid'];
  if (expected !== undefined) {
    const actual = crc32(bytes);
    if (String(actual) !== expected) {
      throw new ChecksumError(expected, actual, { action: request.action, statusCode: response.status, requestId });
    }
  }
  if (headers['content-encoding'] === 'gzip') {
    try {
      bytes = zlib.gunzipSync(bytes);
    } catch {
      throw new MalformedResponseError(`${request.action}: the gzip response body could not be decompressed`, {
        action: request.action,
        statusCode: response.status,
        requestId,
      });
    }
  }
  return { statusCode: response.status, headers, body: bytes.toString('utf8') };
}
