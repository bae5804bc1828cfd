import { unmarshallOrRefuse } from '../marshall/unmarshall.js';
import { isRecord } from '../util/is-record.js';
import type { DynamoDBResponse } from '../http/types.js';
import { DynamoDBError } from '../errors/dynamodb-error.js';
import type { ServiceErrorsByCode } from '../errors/service-error.js';
import {
  ConditionalCheckFailedException,
  SERVICE_ERRORS_BY_CODE,
  TransactionCanceledException,
  type CancellationReason,
} from '../errors/service-errors.js';
import { NO_SECRETS, redactStrings, redactor, type SentSecrets } from '../util/redact.js';

/** Reads `code` out of `__type` (`com.amazonaws.dynamodb.v20120810#Code` or `...#Code:detail`). */
export function errorCodeOf(type: string): string {
  const code = type.slice(type.lastIndexOf('#') + 1);
  const colon = code.indexOf(':');
  return colon === -1 ? code : code.slice(0, colon);
}

function parseBody(text: string): Record<string, unknown> | undefined {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An item a service error carries (native), or undefined when it has none or one that is not an attribute
 * map: a bad extra field is dropped, so the error keeps its class and code.
 */
function extraItem(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  try {
    return unmarshallOrRefuse(value);
  } catch {
    return undefined;
  }
}

/** `CancellationReasons`, one per item of the transaction; none unless it is a list of objects. */
function reasonsOf(raw: unknown): CancellationReason[] {
  if (!Array.isArray(raw) || !raw.every(isRecord)) return [];
  return raw.map((entry) => {
    const reason: CancellationReason = { code: typeof entry['Code'] === 'string' ? entry['Code'] : 'None' };
    if (typeof entry['Message'] === 'string') reason.message = entry['Message'];
    const item = extraItem(entry['Item']);
    if (item !== undefined) reason.item = item;
    return reason;
  });
}

/**
 * Builds the error for a non-2xx DynamoDB response: the class named by `__type` when there is
 * one, otherwise a plain {@link DynamoDBError} whose retryability follows the HTTP status
 * (429 and 5xx retried). Every string of the body, and the request id, is read with the request's
 * `secrets` blanked (as sent, URL-encoded, escaped, in any case) and with credentials quoted after
 * their header names blanked: a server that quotes the signed headers back cannot put them in the error.
 * `errors` are the classes of the API that answered (DynamoDB's by default).
 */
export function errorFromResponse(response: DynamoDBResponse, action: string, secrets: SentSecrets = NO_SECRETS, errors: ServiceErrorsByCode = SERVICE_ERRORS_BY_CODE): DynamoDBError {
  const { statusCode } = response;
  const redact = redactor(secrets());
  const rawRequestId = response.headers['x-amzn-requestid'];
  const requestId = rawRequestId === undefined ? undefined : redact(rawRequestId);
  const body = redactStrings(parseBody(response.body), redact);
  const type = body?.['__type'];
  const rawMessage = body?.['message'] ?? body?.['Message'];
  const message = typeof rawMessage === 'string' && rawMessage !== '' ? rawMessage : `HTTP ${statusCode} from DynamoDB`;
  const common = { message: `${action}: ${message}`, statusCode, requestId, action };

  const code = typeof type === 'string' ? errorCodeOf(type) : statusCode === 429 ? 'TooManyRequests' : `HTTP${statusCode}`;
  const ErrorClass = errors.get(code);
  if (!ErrorClass || !body) {
    return new DynamoDBError({
      ...common,
      code,
      retryable: statusCode >= 500 || statusCode === 429,
      throttling: statusCode === 429,
    });
  }
  const error = new ErrorClass({ ...common, body });
  if (error instanceof TransactionCanceledException) error.cancellationReasons = reasonsOf(body['CancellationReasons']);
  if (error instanceof ConditionalCheckFailedException) {
    const item = extraItem(body['Item']);
    if (item !== undefined) error.item = item;
  }
  return error;
}
