import { NetworkError } from '../errors/client-errors.js';

/** Socket and DNS error codes worth another attempt, as the AWS SDKs retry them. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND',
  'EAI_AGAIN', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** Whether a socket or DNS error code is worth another attempt: for DynamoDB calls and credential fetches alike. */
export function isTransientSocketCode(code: string): boolean {
  return TRANSIENT_CODES.has(code);
}

/**
 * Turns a failure of the HTTP layer into a {@link NetworkError}. The original error is not kept as
 * `cause`: axios errors carry the request config, signed headers included. Only its code and
 * message survive.
 */
export function toNetworkError(error: unknown, action: string, host: string): NetworkError {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const codeText = typeof code === 'string' ? code : 'UNKNOWN';
  const reason = typeof message === 'string' ? message : String(error);
  const retryable = isTransientSocketCode(codeText) || codeText.startsWith('HPE_') || /socket hang up|aborted/i.test(reason);
  const cause = Object.assign(new Error(reason), { code: codeText });
  return new NetworkError(`${action} to ${host} failed: ${codeText} (${reason})`, retryable, { cause, action });
}
