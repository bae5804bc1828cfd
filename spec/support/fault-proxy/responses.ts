import type { OutgoingHttpHeaders } from 'node:http';
import { crc32 } from 'node:zlib';
import type { FaultKind } from './faults.js';
import type { CapacityKind } from './provisioned.js';

/** A complete response, ready to write. */
export interface CannedResponse {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

/** The faults answered by the proxy itself, without forwarding. */
export type ErrorFault = Extract<FaultKind, 'throttle' | 'throttling-exception' | 'http500' | 'http503' | 'unknown-error' | 'expired-iterator'>;

/** Whether a fault is answered without forwarding. */
export function isErrorFault(kind: FaultKind): kind is ErrorFault {
  return kind in ERRORS;
}

/** `x-amz-crc32` of a body: the unsigned CRC32 of its raw bytes, in decimal. */
export function crcHeader(body: Buffer): string {
  return String(crc32(body));
}

const JSON_TYPE = 'application/x-amz-json-1.0';
const DDB = 'com.amazonaws.dynamodb.v20120810#';

const ERRORS: Record<ErrorFault, { status: number; body: Record<string, string> | string }> = {
  throttle: {
    status: 400,
    body: {
      __type: `${DDB}ProvisionedThroughputExceededException`,
      message: 'The level of configured provisioned throughput for the table was exceeded.',
    },
  },
  'throttling-exception': {
    status: 400,
    body: { __type: 'com.amazon.coral.availability#ThrottlingException', Message: 'Rate of requests exceeds the allowed throughput.' },
  },
  http500: { status: 500, body: { __type: `${DDB}InternalServerError`, message: 'Internal server error' } },
  http503: { status: 503, body: '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>\n' },
  'unknown-error': { status: 400, body: { __type: `${DDB}SomethingNewException`, message: 'A fault the client has never heard of.' } },
  // DynamoDB Streams' answer to an iterator older than 15 minutes (GetRecords only).
  'expired-iterator': { status: 400, body: { __type: `${DDB}ExpiredIteratorException`, message: 'Iterator expired. The iterator was created at time 00:00:00 while right now it is 00:15:01.' } },
};

/**
 * The response for a fault answered by the proxy. DynamoDB-style errors carry a JSON body, a
 * correct `x-amz-crc32` and an `x-amzn-RequestId`; `http503` looks like a load balancer's page.
 */
export function errorResponse(kind: ErrorFault, requestId: string): CannedResponse {
  const { status, body } = ERRORS[kind];
  if (typeof body === 'string') {
    const bytes = Buffer.from(body);
    return { status, headers: { 'content-type': 'text/html', 'content-length': bytes.length }, body: bytes };
  }
  return jsonResponse(status, { 'x-amzn-RequestId': requestId }, Buffer.from(JSON.stringify(body)));
}

/** A DynamoDB JSON response: `headers` plus the content type, length and a correct CRC of `body`. */
export function jsonResponse(status: number, headers: OutgoingHttpHeaders, body: Buffer): CannedResponse {
  return {
    status,
    headers: { ...headers, 'content-type': JSON_TYPE, 'content-length': body.length, 'x-amz-crc32': crcHeader(body) },
    body,
  };
}

/**
 * The provisioned mode's throttle, as DynamoDB sends it: 400 `ProvisionedThroughputExceededException` with
 * DynamoDB's message and `ThrottlingReasons` naming the kind and the table's ARN (account 000000000000).
 */
export function throughputExceeded(kind: CapacityKind, table: string, region: string, requestId: string): CannedResponse {
  const body = {
    __type: `${DDB}ProvisionedThroughputExceededException`,
    message: 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
    ThrottlingReasons: [{ reason: `Table${kind === 'read' ? 'Read' : 'Write'}ProvisionedThroughputExceeded`, resource: `arn:aws:dynamodb:${region}:000000000000:table/${table}` }],
  };
  return jsonResponse(400, { 'x-amzn-RequestId': requestId }, Buffer.from(JSON.stringify(body)));
}
