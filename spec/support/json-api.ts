import { Buffer } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { crc32 } from '../../src/http/checksum.js';

// The wire of AWS's JSON APIs, for stand-ins that answer as DynamoDB (or DynamoDB Streams) would.

const ERROR_PREFIX = 'com.amazonaws.dynamodb.v20120810#';

/** Answers with a JSON body, its `x-amz-crc32` and a request id. */
export function answer(response: ServerResponse, status: number, body: object): void {
  const bytes = Buffer.from(JSON.stringify(body));
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amz-crc32': String(crc32(bytes)), 'x-amzn-requestid': 'STAND-IN' }).end(bytes);
}

/** Answers with a service error: `__type` naming `code`, and `message`. */
export function fail(response: ServerResponse, code: string, message: string, status = 400): void {
  answer(response, status, { __type: ERROR_PREFIX + code, message });
}

/** The request's JSON body. */
export async function bodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

/** The action of a request: its `X-Amz-Target` after the API's prefix (`GetRecords`). */
export function actionOf(request: IncomingMessage): string {
  const target = String(request.headers['x-amz-target']);
  return target.slice(target.indexOf('.') + 1);
}
