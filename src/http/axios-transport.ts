import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import axios, { type AxiosResponse } from 'axios';
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

const identity = <T>(value: T): T => value;

/**
 * The default {@link Transport}: posts the exact signed text with axios over a keep-alive agent,
 * follows no redirects, hands back every status, aborts the request when unsubscribed (and only
 * while it has not settled), and verifies `x-amz-crc32` on the raw bytes before decompressing.
 */
export function createAxiosTransport(options: AxiosTransportOptions): Transport {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets };
  const instance = axios.create({
    httpAgent: new http.Agent(agentOptions),
    httpsAgent: new https.Agent(agentOptions),
    transformRequest: [identity],
    transformResponse: [identity],
    responseType: 'arraybuffer',
    decompress: false,
    maxRedirects: 0,
    proxy: false,
    validateStatus: () => true,
  });

  return (request) =>
    new Observable<DynamoDBResponse>((subscriber) => {
      const controller = new AbortController();
      let settled = false;
      instance
        .post<Buffer>(request.url, request.body, { headers: request.headers, signal: controller.signal })
        .then(
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
  const encoding = headers['content-encoding'];
  try {
    if (encoding === 'gzip') bytes = zlib.gunzipSync(bytes);
    else if (encoding === 'deflate') bytes = zlib.inflateSync(bytes);
  } catch {
    throw new MalformedResponseError(`${request.action}: the ${encoding} response body could not be decompressed`, {
      action: request.action,
      statusCode: response.status,
      requestId,
    });
  }
  return { statusCode: response.status, headers, body: bytes.toString('utf8') };
}
