import type { DynamoDBResponse } from '../http/types.js';

const ERROR_PREFIX = 'com.amazonaws.dynamodb.v20120810#';

/** A 200 response with this JSON body (a wire-format DynamoDB response). */
export function okResponse(body: object = {}): DynamoDBResponse {
  return { statusCode: 200, headers: { 'x-amzn-requestid': 'TEST' }, body: JSON.stringify(body) };
}

/** An error response as DynamoDB sends it: `__type` with the code, and `message`. */
export function errorResponse(code: string, message = code, statusCode = code.startsWith('Internal') ? 500 : 400, extra: object = {}): DynamoDBResponse {
  return {
    statusCode,
    headers: { 'x-amzn-requestid': 'TEST' },
    body: JSON.stringify({ __type: ERROR_PREFIX + code, message, ...extra }),
  };
}

/** A throttling response (`ProvisionedThroughputExceededException`, HTTP 400). */
export function throttledResponse(): DynamoDBResponse {
  return errorResponse('ProvisionedThroughputExceededException', 'The level of configured provisioned throughput for the table was exceeded.');
}
