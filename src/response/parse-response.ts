import { MalformedResponseError, ResponseTooLargeError } from '../errors/client-errors.js';
import { COUNT_CONTAINERS_ABOVE, MAX_RESPONSE_CONTAINERS } from '../http/limits.js';
import { exceedsContainers } from './count-containers.js';
import { errorFromResponse } from './from-response.js';
import type { DynamoDBResponse } from '../http/types.js';
import type { SentSecrets } from '../util/redact.js';
import type { ServiceErrorsByCode } from '../errors/service-error.js';

/**
 * The JSON body of a successful response, or the error a failed one (or a 2xx whose body names a
 * `__type`) stands for (thrown): of the class `errors` names for its code, built with the request's
 * `secrets` blanked from whatever the server wrote.
 * A large body holding more than `MAX_RESPONSE_CONTAINERS` objects and arrays is refused before
 * parsing with a `ResponseTooLargeError` (not retried).
 */
export function parseResponse(response: DynamoDBResponse, action: string, errors: ServiceErrorsByCode, secrets?: SentSecrets): Record<string, unknown> {
  if (response.statusCode < 200 || response.statusCode >= 300) throw errorFromResponse(response, action, secrets, errors);
  if (response.body === '') return {};
  if (response.body.length > COUNT_CONTAINERS_ABOVE && exceedsContainers(response.body, MAX_RESPONSE_CONTAINERS)) {
    throw new ResponseTooLargeError(
      `${action}: the response body holds more than ${MAX_RESPONSE_CONTAINERS} JSON objects and arrays, far more than DynamoDB sends: ` +
        `refused before parsing (${response.body.length} characters)`,
      COUNT_CONTAINERS_ABOVE,
      { action, statusCode: response.statusCode, requestId: response.headers['x-amzn-requestid'] },
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    throw new MalformedResponseError(`${action}: the response body is not valid JSON (${response.body.length} bytes)`, {
      action,
      statusCode: response.statusCode,
      requestId: response.headers['x-amzn-requestid'],
    });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new MalformedResponseError(`${action}: the response body is not a JSON object`, { action, statusCode: response.statusCode });
  }
  // No answer of DynamoDB names a `__type` but an error: read as an answer, a GetItem's would be "no
  // item", a batch's "every key missing" or "every write applied".
  if (typeof (body as Record<string, unknown>)['__type'] === 'string') throw errorFromResponse(response, action, secrets, errors);
  return body as Record<string, unknown>;
}
