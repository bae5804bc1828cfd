import aws4 from 'aws4';
import type { Credentials } from '../config/credentials/types.js';
import { ConfigError } from '../errors/client-errors.js';
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
  checkSendable(credentials);
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

/** Credentials already found sendable: the check runs once per credentials object, not per request. */
const sendable = new WeakSet<Credentials>();

/** What an access key id and a session token are made of: visible ASCII (AWS's are letters, digits and base64). */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/**
 * Refuses credentials that cannot go in a request's headers: an access key id (in `Authorization`) or a
 * session token (in `X-Amz-Security-Token`) holding a line break, a space or a character outside ASCII, which
 * Node would refuse to send or the server could not verify (a copy-paste slip, a token file read with its CR).
 *
 * @throws ConfigError naming the field, never its value.
 */
function checkSendable(credentials: Credentials): void {
  if (sendable.has(credentials)) return;
  for (const field of ['accessKeyId', 'sessionToken'] as const) {
    const value = credentials[field];
    if (value !== undefined && !HEADER_SAFE.test(value)) {
      throw new ConfigError(
        `the credentials' ${field} holds a character that cannot be sent in a request header (a line break, a space or a ` +
          'character outside ASCII); check where the credentials come from',
      );
    }
  }
  sendable.add(credentials);
}
