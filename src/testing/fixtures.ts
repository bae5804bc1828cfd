import { marshall, type DynamoDBResponse } from 'rx-dynamodb';

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

/** A GetItem response holding this item (native values), or no item. */
export function itemResponse(item?: object): DynamoDBResponse {
  return okResponse(item === undefined ? {} : { Item: marshall(item) });
}

/** A Query/Scan page of these items (native values), pointing to a next page when `lastEvaluatedKey` is given. */
export function pageResponse(items: object[], lastEvaluatedKey?: object): DynamoDBResponse {
  return okResponse({
    Items: items.map((item) => marshall(item)),
    Count: items.length,
    ScannedCount: items.length,
    ...(lastEvaluatedKey === undefined ? {} : { LastEvaluatedKey: marshall(lastEvaluatedKey, 'lastEvaluatedKey') }),
  });
}

/** An ExecuteStatement (PartiQL) page of these items (native values), pointing to a next page when `nextToken` is given. */
export function statementResponse(items: object[], nextToken?: string): DynamoDBResponse {
  return okResponse({ Items: items.map((item) => marshall(item)), ...(nextToken === undefined ? {} : { NextToken: nextToken }) });
}
