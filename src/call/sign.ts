import aws4 from 'aws4';
import type { Credentials } from '../config/credentials/types.js';
import { amzDate } from '../http/signing-clock.js';
import type { Endpoint } from '../http/types.js';

/**
 * Signs one request to DynamoDB (or DynamoDB Streams, whose signing service is `dynamodb` too) with
 * SigV4 (aws4) and returns its headers, `Authorization` included. `target` is the whole `X-Amz-Target`,
 * e.g. `DynamoDB_20120810.GetItem`. The signing time comes from the caller so that tests can fix it; the
 * region is the endpoint's signing region when it has one.
 */
export function signRequest(
  endpoint: Endpoint,
  region: string,
  target: string,
  body: string,
  credentials: Credentials,
  nowMs: number,
): Record<string, string> {
  const request = {
    host: endpoint.host,
    path: '/',
    method: 'POST',
    service: 'dynamodb',
    region: endpoint.signingRegion ?? region,
    body,
    headers: {
      Host: endpoint.host,
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': target,
      'X-Amz-Date': amzDate(nowMs),
      'Content-Length': String(Buffer.byteLength(body)),
    } as Record<string, string>,
  };
  aws4.sign(request, credentials);
  return request.headers;
}

/**
 * The secret values of a request signed by {@link signRequest}: its session token and its signature,
 * for blanking them in what the server answers. Never keep them.
 */
export function signedSecrets(headers: Readonly<Record<string, string>>): (string | undefined)[] {
  return [headers['X-Amz-Security-Token'], /Signature=([0-9a-f]+)/.exec(headers['Authorization'] ?? '')?.[1]];
}
