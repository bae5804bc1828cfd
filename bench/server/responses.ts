import zlib from 'node:zlib';

/** A response body with the headers DynamoDB sends with it, `x-amz-crc32` included. */
export interface CannedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

const BASE_HEADERS = { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': 'BENCHMARK0000000000000000000000000000000000000000' };

/** Headers for a body of `length` bytes whose CRC32 is `crc`. */
export function headersFor(length: number, crc: number): Record<string, string> {
  return { ...BASE_HEADERS, 'Content-Length': String(length), 'x-amz-crc32': String(crc) };
}

/** A precomputed response for a JSON body. */
export function canned(body: object, status = 200): CannedResponse {
  const bytes = Buffer.from(JSON.stringify(body));
  return { status, headers: headersFor(bytes.length, zlib.crc32(bytes)), body: bytes };
}

/** A DynamoDB error response. */
export function errorResponse(code: string, message: string): CannedResponse {
  return canned({ __type: `com.amazonaws.dynamodb.v20120810#${code}`, message }, 400);
}
