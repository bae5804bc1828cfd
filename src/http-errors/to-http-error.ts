import { STATUS_CODES } from 'node:http';
import { envVar, type Env } from '../config/env.js';
import { DynamoDBError } from '../errors/dynamodb-error.js';
import { checkOverrideKeys } from './override-keys.js';

/** The JSON body of an error response: `{ statusCode, error, message }`, as NestJS shapes its own. */
export interface HttpErrorBody {
  statusCode: number;
  /** The status's reason phrase, e.g. `Conflict`. */
  error: string;
  /** A fixed, generic sentence: never the DynamoDB message, names, keys, stack or credentials. */
  message: string;
}

/** What to answer for an error: status, headers and a body that is safe to show to any client. */
export interface HttpErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: HttpErrorBody;
}

/** A replacement for one error class's default: a status (with an optional message and headers), or a function of the error. */
export type HttpErrorRule =
  | { status: number; message?: string; headers?: Record<string, string> }
  | ((error: DynamoDBError, fallback: HttpErrorResponse) => HttpErrorResponse);

/** Options of {@link toHttpError}. */
export interface HttpErrorOptions {
  /**
   * Per error class, keyed by its name (which is also `error.code`): what to answer instead of the default.
   * A key that no error code can match (`TimeoutError`, now `DynamoDBTimeoutError`; `toString`) is an `InvalidParameterError`.
   * @example { ResourceNotFoundException: { status: 404 }, ValidationException: { status: 400, message: 'Bad request.' } }
   */
  overrides?: Readonly<Record<string, HttpErrorRule>> | undefined;
  /**
   * `Retry-After` of the 429 and 503 responses, in seconds (rounded up to a whole second).
   * @default 1
   */
  retryAfterSeconds?: number | undefined;
  /**
   * Answer `NoCredentialsError` with 429 (retry later) instead of 500. Env: `DYNAMODB_NO_CREDS_RATE_LIMIT`
   * (`true`, `1` or `yes`).
   * @default false
   */
  noCredentialsRateLimit?: boolean | undefined;
  /** The environment to read instead of `process.env`. */
  env?: Env | undefined;
}

const MESSAGES: Readonly<Record<number, string>> = {
  409: 'The request conflicts with the current state of the resource.',
  429: 'Too many requests; retry later.',
  500: 'The server could not complete the request.',
  503: 'The service is unavailable; retry later.',
};

/**
 * Maps any error to an HTTP answer, framework-neutral: `ConditionalCheckFailedException` 409;
 * throttling (ProvisionedThroughputExceeded, Throttling, ThrottlingException, RequestLimitExceeded,
 * TransactionInProgress) 429 with `Retry-After`; `NoCredentialsError` 429 when
 * `DYNAMODB_NO_CREDS_RATE_LIMIT` is true, else 500; anything else (including values that are not
 * rx-dynamodb errors) 500. Bodies are generic: nothing of the error is echoed. `overrides` replaces
 * the answer per error class; its keys are checked first (an `InvalidParameterError` names a key no
 * error code can match).
 *
 * @example
 * app.use((err, req, res, next) => { const { status, headers, body } = toHttpError(err); res.status(status).set(headers).json(body); });
 */
export function toHttpError(error: unknown, options: HttpErrorOptions = {}): HttpErrorResponse {
  checkOverrideKeys(options.overrides);
  const retryAfter = String(Math.max(0, Math.ceil(options.retryAfterSeconds ?? 1)));
  if (!DynamoDBError.isDynamoDBError(error)) return httpError(500, undefined, undefined, retryAfter);
  const fallback = httpError(defaultStatus(error, options), undefined, undefined, retryAfter);
  // An own key only: an error whose code is `toString` must not find Object.prototype's.
  const rule = Object.hasOwn(options.overrides ?? {}, error.code) ? options.overrides?.[error.code] : undefined;
  if (rule === undefined) return fallback;
  return typeof rule === 'function' ? rule(error, fallback) : httpError(rule.status, rule.message, rule.headers, retryAfter);
}

function defaultStatus(error: DynamoDBError, options: HttpErrorOptions): number {
  if (error.code === 'ConditionalCheckFailedException') return 409;
  if (error.throttling) return 429;
  if (error.code === 'NoCredentialsError' && noCredentialsRateLimit(options)) return 429;
  return 500;
}

function noCredentialsRateLimit(options: HttpErrorOptions): boolean {
  if (options.noCredentialsRateLimit !== undefined) return options.noCredentialsRateLimit;
  const value = envVar(options.env ?? process.env, 'DYNAMODB_NO_CREDS_RATE_LIMIT');
  return value !== undefined && ['true', '1', 'yes'].includes(value.toLowerCase());
}

/** A response for `status`; 429 and 503 get `Retry-After` unless `headers` are given. */
function httpError(status: number, message: string | undefined, headers: Record<string, string> | undefined, retryAfter: string): HttpErrorResponse {
  const error = STATUS_CODES[status] ?? 'Error';
  return {
    status,
    headers: headers ?? (status === 429 || status === 503 ? { 'Retry-After': retryAfter } : {}),
    body: { statusCode: status, error, message: message ?? MESSAGES[status] ?? `${error}.` },
  };
}
